"""Suite-wide set-up: headless Qt, private settings, no network ever, and databases.

Every test that needs a database gets a freshly migrated one, copied from one migrated once
per session (per worker under xdist): copying takes milliseconds, migrating does not.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from secondchance.core.db import Database

# Before Qt is imported anywhere: no display needed, and settings go to a private folder
# so tests never read or write the developer's real preferences.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SETTINGS_HOME = tempfile.mkdtemp(prefix="secondchance-test-config-")
os.environ["XDG_CONFIG_HOME"] = _SETTINGS_HOME
os.environ.pop("SECONDCHANCE_HOME", None)
# Dates read "12 Mar 2026" whatever the machine's region (tests/unit/test_dates.py covers
# the other orders).
os.environ["SECONDCHANCE_DATE_ORDER"] = "dmy"

SRC = Path(__file__).resolve().parent.parent / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))


class NetworkAccessError(RuntimeError):
    pass


_real_socket = socket.socket
_ALLOWED_FAMILIES = {getattr(socket, "AF_UNIX", -1)}  # local IPC only (Qt, multiprocessing)


class _GuardedSocket(_real_socket):
    def __init__(self, family: int = -1, *args: object, **kwargs: object) -> None:
        if family not in _ALLOWED_FAMILIES:
            raise NetworkAccessError(
                f"Second Chance must never open a network socket (family {family})"
            )
        super().__init__(family, *args, **kwargs)  # type: ignore[arg-type]


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise NetworkAccessError("Second Chance must never open a network connection")


@pytest.fixture(autouse=True, scope="session")
def no_network() -> Iterator[None]:
    """Any attempt to create an internet socket fails the test that made it."""
    patches = {
        (socket, "socket"): _GuardedSocket,
        (socket, "create_connection"): _refuse,
        (socket, "getaddrinfo"): _refuse,
        (socket, "socketpair"): socket.socketpair,
    }
    saved = {key: getattr(*key) for key in patches}
    for (module, name), replacement in patches.items():
        setattr(module, name, replacement)
    try:
        yield
    finally:
        for (module, name), original in saved.items():
            setattr(module, name, original)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding a database migrated to the newest schema; never changed."""
    from secondchance.core.db import open_database

    folder = tmp_path_factory.mktemp("template")
    open_database(folder).close()
    return folder


def copy_template(template_dir: Path, data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    for source in template_dir.glob("secondchance.sqlite3*"):
        shutil.copy2(source, data_dir / source.name)


def open_copy(template_dir: Path, data_dir: Path) -> Database:
    """The template copied into ``data_dir``, opened (the caller closes it)."""
    from secondchance.core.db import open_database

    copy_template(template_dir, data_dir)
    return open_database(data_dir)


@pytest.fixture
def db(template_dir: Path, data_dir: Path) -> Iterator[Database]:
    """A migrated, empty workspace database in ``data_dir``."""
    from secondchance.core.db import open_database

    copy_template(template_dir, data_dir)
    database = open_database(data_dir)
    yield database
    database.close()
