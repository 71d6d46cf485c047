"""Suite-wide set-up: headless Qt, private settings, and no network, ever."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

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
