"""The attached files a backup needs, kept beside the backups in ``backups/files/``.

A stored attachment never changes (a new file gets a new name), so one copy serves every
backup that names it: it is hard-linked (no extra space) or, where the file system can't
link, copied.  The importer never hands out a name that is in this store, so a name here
always means the same bytes.  Files no remaining backup names are pruned after thinning.

Standard library only (the backup before an upgrade runs before anything heavy loads).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from secondchance.core import fileio

FILES_DIR = "files"

# Columns holding the stored name of a file inside the data folder's attachments/.
ATTACHMENT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "resume_version": ("file",),
    "learning_activity": ("evidence_file",),
    "portfolio_item": ("file",),
}

_UNSAFE = re.compile(r'[/\\:*?"<>|\x00-\x1f]')


def is_plain_name(name: str) -> bool:
    """A bare file name that can't point outside its folder (no separators, not hidden)."""
    return (
        bool(name)
        and name not in {".", ".."}
        and not name.startswith(".")
        and name == name.strip()
        and not _UNSAFE.search(name)
        and len(name.encode("utf-8", "surrogatepass")) <= 255
    )


def store_dir(backups_dir: Path) -> Path:
    return Path(backups_dir) / FILES_DIR


def referenced(db_path: Path) -> list[str]:
    """The attachment names the records of ``db_path`` use (read-only, sorted)."""
    uri = Path(db_path).resolve().as_uri() + "?mode=ro"
    names: set[str] = set()
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
        tables = {
            str(r[0])
            for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        for table, columns in ATTACHMENT_COLUMNS.items():
            if table not in tables:
                continue
            present = {str(r[1]) for r in connection.execute(f'PRAGMA table_info("{table}")')}
            for column in columns:
                if column not in present:
                    continue
                for (value,) in connection.execute(
                    f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'
                ):
                    if isinstance(value, str) and is_plain_name(value):
                        names.add(value)
    return sorted(names)


def stored_names(backups_dir: Path) -> set[str]:
    folder = store_dir(backups_dir)
    if not folder.is_dir():
        return set()
    return {p.name for p in folder.iterdir() if is_plain_name(p.name)}


def keep(names: Iterable[str], attachments_dir: Path, backups_dir: Path) -> list[str]:
    """Put each named file of ``attachments_dir`` in the store; return the names kept."""
    folder = store_dir(backups_dir)
    kept: list[str] = []
    for name in names:
        if not is_plain_name(name):
            continue
        source = Path(attachments_dir) / name
        destination = folder / name
        if destination.is_file():
            kept.append(name)
            continue
        if not source.is_file() or source.is_symlink():
            continue  # a record whose file is missing: nothing to keep
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        _link_or_copy(source, destination)
        kept.append(name)
    return kept


def put_back(names: Iterable[str], backups_dir: Path, attachments_dir: Path) -> list[str]:
    """Bring back into ``attachments_dir`` the named files it lacks; return those restored."""
    folder = store_dir(backups_dir)
    restored: list[str] = []
    for name in names:
        if not is_plain_name(name):
            continue
        destination = Path(attachments_dir) / name
        source = folder / name
        if destination.exists() or not source.is_file():
            continue
        Path(attachments_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
        _link_or_copy(source, destination)
        restored.append(name)
    return restored


def prune(backups_dir: Path, needed: set[str]) -> list[str]:
    """Remove stored files that no backup names any more; return their names."""
    removed: list[str] = []
    for name in sorted(stored_names(backups_dir) - needed):
        with contextlib.suppress(OSError):
            (store_dir(backups_dir) / name).unlink()
            removed.append(name)
    return removed


def _link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
        return
    except FileExistsError:
        return
    except OSError:
        pass  # another file system, FAT, a share that can't link: copy instead
    with fileio.open_binary(destination) as out, source.open("rb") as handle:
        shutil.copyfileobj(handle, out)
