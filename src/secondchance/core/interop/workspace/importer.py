"""Import, second half: merge a checked document into the workspace, all or nothing.

Matching: a record of the file is *the same record* as one in the workspace when

1. they have the same ``uuid`` (files of format version 3 on carry one per record), or
2. it has no match by uuid but the same unique key as a record here (a skill's name
   within a target that is already here), or
3. it is a contact with no match so far whose e-mail address (ignoring case and spaces)
   is that of a contact here — contacts are shared by every target, so a person who
   keeps two workspaces meets the same people in both.

A matched record is **updated** when the file's copy was edited later (its ``updated_at``
is later than ours), and otherwise left exactly as it is ("already here"); anything else is
**new**, with a new id, and references to it are rewritten.  Links are added when missing,
never removed; nothing here is ever deleted.  So importing the same file twice adds
nothing the second time.

Settings (keyed by name) are added when the workspace lacks them; a setting the person
already has with another value is kept unless ``settings=SettingsPolicy.replace``
(the summary names it, so the window can ask).  Settings about one window (``ui.…``) are
never taken from a file.

The import writes in one transaction with ``executemany`` per table.  Attached files are
written into ``attachments/.incoming-<pid>-…/`` first and moved into place once the
transaction has committed; a start after an interruption finishes or discards them
(``core/safety.tidy_up``), so no file is ever left that no record names.
"""

from __future__ import annotations

import contextlib
import gc
import os
import secrets
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, cast

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from secondchance.core import backup_files, change_mark
from secondchance.core.db import Database, StorageError
from secondchance.core.interop.workspace.bulk import insert_many
from secondchance.core.interop.workspace.format import (
    ATTACHMENT_COLUMNS,
    ImportSummary,
    SettingsPolicy,
    WorkspaceImportError,
    table_specs,
)
from secondchance.core.interop.workspace.merge import Existing as Existing
from secondchance.core.interop.workspace.merge import Merge, decide, table_named
from secondchance.core.interop.workspace.validate import (
    ImportPlan,
    load_document,
    validate_document,
)
from secondchance.core.models import utcnow
from secondchance.core.safety import INCOMING_PREFIX

Prepare = Callable[[Session, Any], Existing]


def _names_in_use(session: Session, folder: Path, backups_dir: Path) -> set[str]:
    """Case-folded names already taken: by a file, a record, or a backup's kept file."""
    used: set[str] = set()
    if folder.is_dir():
        used.update(entry.name.casefold() for entry in folder.iterdir())
    used.update(name.casefold() for name in backup_files.stored_names(backups_dir))
    for table_name, columns in ATTACHMENT_COLUMNS.items():
        table = table_named(table_name)
        for column in columns:
            for value in session.execute(select(table.c[column])).scalars():
                if value:
                    used.add(str(value).casefold())
    return used


def _fresh_name(name: str, used: set[str]) -> str:
    # Case-folded because Windows and macOS treat "CV.pdf" and "cv.pdf" as one file.
    if name.casefold() not in used:
        return name
    stem, dot, suffix = name.partition(".")
    counter = 2
    while True:
        candidate = f"{stem}-{counter}{dot}{suffix}"
        if candidate.casefold() not in used:
            return candidate
        counter += 1


def _grouped(rows: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    """Rows with the same columns together: one executemany each."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        # Rows of one file list their fields in the same order, so this is one group.
        groups.setdefault(tuple(row), []).append(row)
    return groups.values()


# Rows written beyond which the change mark's triggers are suspended for the write
# (core/change_mark.suspended): dropping and making them again costs a few milliseconds.
SUSPEND_MARK_FROM = 2000


def _write(session: Session, merge: Merge, renamed: Mapping[str, str]) -> None:
    rows = sum(map(len, merge.inserts.values())) + sum(map(len, merge.updates.values()))
    driver = cast(sqlite3.Connection, session.connection().connection.driver_connection)
    with change_mark.suspended(driver) if rows >= SUSPEND_MARK_FROM else contextlib.nullcontext():
        _write_rows(session, merge, renamed)


def _write_rows(session: Session, merge: Merge, renamed: Mapping[str, str]) -> None:
    connection = session.connection()
    now = utcnow()  # one moment for every record this import adds
    for spec in table_specs():
        table = spec.table
        attachment_columns = ATTACHMENT_COLUMNS.get(spec.name, ())
        for batch in (merge.inserts.get(spec.name, []), merge.updates.get(spec.name, [])):
            for values in batch:
                for column in attachment_columns:
                    if values.get(column):
                        values[column] = renamed[values[column]]
        for group in _grouped(merge.inserts.get(spec.name, [])):
            insert_many(connection, table, group, now)
        key_param = "_key" if spec.is_keyed else "_id"
        key_column = table.c[spec.primary_key[0]]
        for group in _grouped(merge.updates.get(spec.name, [])):
            # Parameters may not share a column's name in an UPDATE's SET clause.
            columns = [c for c in group[0] if c != key_param]
            statement = (
                update(table)
                .where(key_column == bindparam(key_param))
                .values({c: bindparam(f"v_{c}", type_=table.c[c].type) for c in columns})
            )
            params = [
                {key_param: row[key_param], **{f"v_{c}": row[c] for c in columns}} for row in group
            ]
            connection.execute(statement, params)


def _choose_names(
    session: Session, plan: ImportPlan, merge: Merge, folder: Path, backups_dir: Path
) -> dict[str, str]:
    needed = sorted(n for n in merge.files_needed if n in plan.attachments)
    if not needed:
        return {}
    used = _names_in_use(session, folder, backups_dir)
    renamed: dict[str, str] = {}
    for name in needed:
        renamed[name] = _fresh_name(name, used)
        used.add(renamed[name].casefold())
    return renamed


def _write_files(staging: Path, plan: ImportPlan, renamed: Mapping[str, str]) -> None:
    staging.mkdir(mode=0o700, parents=True)
    for name, stored in renamed.items():
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(staging / stored, flags, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(plan.attachments[name])
            handle.flush()
            os.fsync(handle.fileno())


def _move_in(staging: Path, folder: Path, renamed: Mapping[str, str]) -> int:
    # "Never replace": a name that appeared meanwhile stays, and the file stays staged
    # for the next start to sort out.
    moved = 0
    for stored in renamed.values():
        destination = folder / stored
        if not destination.exists():
            os.replace(staging / stored, destination)
            moved += 1
    if not any(staging.iterdir()):
        staging.rmdir()
    return moved


def import_workspace(
    db: Database,
    document_or_path: Mapping[str, Any] | str | os.PathLike[str],
    *,
    prepare: Prepare | None = None,
    dry_run: bool = False,
    settings: SettingsPolicy = SettingsPolicy.keep,
) -> ImportSummary:
    """Merge an export into ``db`` (see the module docstring); checked first, then written.

    ``document_or_path`` is a parsed document or the path of an export file (a ``str``
    is a path, never JSON text).  Raises :class:`WorkspaceImportError` with a message a
    person understands; on any failure neither the database nor the attachments folder
    changes.  ``dry_run`` decides everything and writes nothing.

    ``prepare`` is for a caller that made the document itself (the sample story): it runs
    inside the import's transaction, before the checks, may change the document, and names
    the records the workspace already has (see :data:`Existing`).
    """
    with _cycle_collector_paused():
        return _import(db, document_or_path, prepare, dry_run, settings)


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the import, back as it was afterwards.

    An import makes a few dicts and tuples per value and keeps them to the end, and each
    collection the allocations trigger walks all of them again: a fifth of a 100k-record
    import (bench/import_speed.py).  It makes no reference cycles worth waiting for;
    reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import(
    db: Database,
    document_or_path: Mapping[str, Any] | str | os.PathLike[str],
    prepare: Prepare | None,
    dry_run: bool,
    settings: SettingsPolicy,
) -> ImportSummary:
    document = load_document(document_or_path)
    plan = validate_document(document) if prepare is None else None
    folder = db.attachments_dir
    staging = folder / f"{INCOMING_PREFIX}{os.getpid()}-{secrets.token_hex(6)}"
    renamed: dict[str, str] = {}
    try:
        with db.transaction() as session:
            existing: Existing = {}
            if prepare is not None:
                existing = prepare(session, document)
                plan = validate_document(document)
            assert plan is not None
            merge = decide(session, plan, existing, settings)
            if not dry_run:
                renamed = _choose_names(session, plan, merge, folder, db.data_dir / "backups")
                _write(session, merge, renamed)
                if renamed:
                    _write_files(staging, plan, renamed)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        explained = _explain(exc)
        if explained is exc:
            raise
        raise explained from exc
    # Committed: the records now name these files, so they must not be lost.  A failure
    # here leaves them staged, and the next start moves them in (safety.tidy_up).
    written = 0
    if renamed:
        try:
            written = _move_in(staging, folder, renamed)
        except OSError:
            written = 0
    warnings = list(plan.warnings)
    warnings.extend(
        f"The attached file '{old}' was saved as '{new}' because that name was already taken."
        for old, new in sorted(renamed.items())
        if old != new
    )
    return ImportSummary(
        counts=merge.counts,
        attachments=written if not dry_run else len(merge.files_needed & set(plan.attachments)),
        warnings=tuple(warnings),
        ids=merge.ids,
        new=merge.new,
        already=merge.already,
        updated=merge.updated,
        links=merge.links,
        settings_kept=tuple(merge.settings_kept),
        dry_run=dry_run,
    )


def _explain(exc: BaseException) -> BaseException:
    """The exception to show for ``exc``: ``exc`` itself, or one in plain words."""
    if isinstance(exc, WorkspaceImportError) or not isinstance(exc, Exception):
        return exc
    if isinstance(exc, StorageError):
        # The data file itself (full, busy, read-only): say that, not "attachments"; still a
        # StorageError, so a caller can tell "busy" (try again) from a bad file.
        return type(exc)(f"Nothing was imported. {exc}")
    if isinstance(exc, SQLAlchemyError):
        detail = getattr(exc, "orig", None) or exc
        return WorkspaceImportError(
            "The file passed every check but the database refused it, so nothing was "
            f"imported. Details for support: {detail}"
        )
    if isinstance(exc, OSError):
        return WorkspaceImportError(
            "The attached files could not be saved in the data folder "
            f"({exc.strerror or exc}), so nothing was imported."
        )
    return exc
