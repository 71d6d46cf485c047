"""A migrated database per test, copied from one made per session (migrating is the slow part)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from secondchance.core.db import Database, open_database


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    open_database(folder).close()
    return folder


def copy_template(template_dir: Path, data_dir: Path) -> None:
    for source in template_dir.glob("secondchance.sqlite3*"):
        shutil.copy2(source, data_dir / source.name)


@pytest.fixture
def db(template_dir: Path, data_dir: Path) -> Iterator[Database]:
    copy_template(template_dir, data_dir)
    database = open_database(data_dir)
    yield database
    database.close()
