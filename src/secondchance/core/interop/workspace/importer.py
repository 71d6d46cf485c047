"""Import, second half: write a checked document into the workspace, all or nothing.

Every record becomes a new row with a new id and every reference is rewritten to the new
ids; settings, keyed by name, are the one exception (imported values win).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from secondchance.core import models
from secondchance.core.db import Database
from secondchance.core.interop.workspace.format import (
    ATTACHMENT_COLUMNS,
    ImportSummary,
    TableSpec,
    WorkspaceImportError,
    table_specs,
)
from secondchance.core.interop.workspace.validate import (
    ImportPlan,
    load_document,
    validate_document,
)
from secondchance.paths import ensure_private_dir

# Records of a document that the workspace already holds: table name → {id in the document:
# id in the workspace}.  They are not inserted again, and references to them point at the
# rows already there.  Only a caller's own document may say so (see import_workspace).
Existing = Mapping[str, Mapping[int, int]]
Prepare = Callable[[Session, Any], Existing]


def _names_in_use(session: Session, folder: Path) -> set[str]:
    """Case-folded names already taken, by a file or by a record whose file is missing."""
    used: set[str] = set()
    if folder.is_dir():
        used.update(entry.name.casefold() for entry in folder.iterdir())
    for table_name, columns in ATTACHMENT_COLUMNS.items():
        table = models.Base.metadata.tables[table_name]
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


def _write_attachment(path: Path, data: bytes) -> None:
    # "xb": never replace a file that appeared since the names were chosen.
    with path.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _insert_rows(
    session: Session,
    plan: ImportPlan,
    renamed: Mapping[str, str],
    existing: Existing,
) -> tuple[dict[str, int], dict[str, dict[int, int]]]:
    """Rows added per table, and each record's id in the workspace by its id in the file."""
    counts: dict[str, int] = {}
    id_maps: dict[str, dict[int, int]] = {}
    for spec in table_specs():
        id_map: dict[int, int] = {}
        id_maps[spec.name] = id_map
        already_there = existing.get(spec.name, {})
        rows = plan.rows[spec.name]
        attachment_columns = ATTACHMENT_COLUMNS.get(spec.name, ())
        added = 0
        for row in rows:
            values = {k: v for k, v in row.items() if k != "__row__"}
            for column in spec.columns.values():
                if column.refers_to and values.get(column.name) is not None:
                    values[column.name] = id_maps[column.refers_to][values[column.name]]
            for column_name in attachment_columns:
                if values.get(column_name) is not None:
                    values[column_name] = renamed[values[column_name]]
            if spec.surrogate_key is not None:
                old_id = values.pop(spec.surrogate_key)
                if old_id in already_there:
                    id_map[old_id] = already_there[old_id]
                    continue
                result = session.connection().execute(insert(spec.table).values(values))
                new_key = result.inserted_primary_key
                assert new_key is not None
                id_map[old_id] = int(new_key[0])
            elif spec.is_keyed:
                _upsert(session, spec, values)
            else:
                session.execute(insert(spec.table).values(values))
            added += 1
        counts[spec.name] = added
    return counts, id_maps


def _upsert(session: Session, spec: TableSpec, values: dict[str, Any]) -> None:
    # ON CONFLICT DO UPDATE doesn't run the column's onupdate, so stamp it here.
    if "updated_at" in spec.columns:
        values.setdefault("updated_at", models.utcnow())
    replace = {k: v for k, v in values.items() if k not in spec.primary_key and k != "created_at"}
    statement = sqlite_insert(spec.table).values(values)
    if replace:
        statement = statement.on_conflict_do_update(
            index_elements=list(spec.primary_key), set_=replace
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(spec.primary_key))
    session.execute(statement)


def import_workspace(
    db: Database,
    document_or_path: Mapping[str, Any] | str | os.PathLike[str],
    *,
    prepare: Prepare | None = None,
) -> ImportSummary:
    """Merge an export into ``db``; everything is checked first, then written at once.

    ``document_or_path`` is a parsed document or the path of an export file (a ``str``
    is a path, never JSON text).  Raises :class:`WorkspaceImportError` with a message a
    person understands; on any failure neither the database nor the attachments folder
    changes.

    ``prepare`` is for a caller that made the document itself (the sample story): it runs
    inside the import's transaction, before the checks, may change the document, and names
    the records the workspace already has (see :data:`Existing`).
    """
    document = load_document(document_or_path)
    plan = validate_document(document) if prepare is None else None
    folder = db.attachments_dir
    written: list[Path] = []
    try:
        with db.transaction() as session:
            existing: Existing = {}
            if prepare is not None:
                existing = prepare(session, document)
                plan = validate_document(document)
            assert plan is not None
            used = _names_in_use(session, folder)
            renamed: dict[str, str] = {}
            for name in sorted(plan.attachments):
                renamed[name] = _fresh_name(name, used)
                used.add(renamed[name].casefold())
            counts, ids = _insert_rows(session, plan, renamed, existing)
            if plan.attachments:
                ensure_private_dir(folder)
            for name, data in plan.attachments.items():
                path = folder / renamed[name]
                written.append(path)
                _write_attachment(path, data)
    except BaseException as exc:
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(exc, SQLAlchemyError):
            detail = getattr(exc, "orig", None) or exc
            raise WorkspaceImportError(
                "The file passed every check but the database refused it, so nothing was "
                f"imported. Details for support: {detail}"
            ) from exc
        if isinstance(exc, OSError):
            raise WorkspaceImportError(
                "The attached files could not be saved in the data folder "
                f"({exc.strerror or exc}), so nothing was imported."
            ) from exc
        raise
    warnings = list(plan.warnings)
    warnings.extend(
        f"The attached file '{old}' was saved as '{new}' because that name was already taken."
        for old, new in sorted(renamed.items())
        if old != new
    )
    return ImportSummary(counts=counts, attachments=len(written), warnings=tuple(warnings), ids=ids)
