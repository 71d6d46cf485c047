"""Export: the whole workspace as one JSON document, and that document written to a file."""

from __future__ import annotations

import base64
import datetime as dt
import enum
import json
import math
from collections.abc import Iterable, Mapping
from datetime import UTC
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from secondchance import __version__
from secondchance.core import fileio
from secondchance.core.db import Database
from secondchance.core.interop.workspace.format import (
    ATTACHMENT_COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    ColumnKind,
    ColumnSpec,
    ExportSummary,
    WorkspaceExportError,
    is_safe_file_name,
    table_specs,
)


def _iso_utc(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _encode(spec: ColumnSpec, value: Any, where: str) -> Any:
    if value is None:
        return None
    if spec.kind is ColumnKind.ENUM:
        return value.name if isinstance(value, enum.Enum) else str(value)
    if spec.kind is ColumnKind.DATETIME:
        return _iso_utc(value)
    if spec.kind is ColumnKind.DATE:
        return value.isoformat()
    if spec.kind is ColumnKind.FLOAT:
        number = float(value)
        if not math.isfinite(number):
            raise WorkspaceExportError(
                f"{where}: '{spec.name}' holds {number}, which can't be written to an export. "
                "Correct the number, then export again."
            )
        return number
    return value


def _attachment_names(rows: Mapping[str, Iterable[Mapping[str, Any]]]) -> list[str]:
    names: set[str] = set()
    for table_name, columns in ATTACHMENT_COLUMNS.items():
        for row in rows.get(table_name, ()):
            for column in columns:
                value = row.get(column)
                if isinstance(value, str) and value:
                    names.add(value)
    return sorted(names)


def _begin_snapshot(session: Session) -> None:
    """Make every following SELECT see the same committed state.

    Python's sqlite3 only opens a transaction before a write, so each SELECT would
    otherwise see the latest data: a record saved mid-export could leave a link in the
    document to a row that isn't in it, and that export would then be refused on import.
    """
    connection = session.connection()
    driver = connection.connection.dbapi_connection
    if not getattr(driver, "in_transaction", True):
        connection.exec_driver_sql("BEGIN")


def export_workspace(db: Database) -> dict[str, Any]:
    """The whole workspace as a JSON-ready document (see docs/export-format.md)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    attachments: dict[str, str] = {}
    warnings: list[str] = []
    with db.transaction() as session:
        _begin_snapshot(session)
        for spec in table_specs():
            order = [spec.table.c[name] for name in spec.primary_key]
            result = session.execute(select(spec.table).order_by(*order))
            rows: list[dict[str, Any]] = []
            for index, row in enumerate(result.mappings(), start=1):
                where = f"Row {index} of '{spec.name}'"
                rows.append(
                    {
                        name: _encode(column, row[name], where)
                        for name, column in spec.columns.items()
                    }
                )
            tables[spec.name] = rows
        folder = db.attachments_dir
        for name in _attachment_names(tables):
            path = folder / name
            if not is_safe_file_name(name) or not path.is_file():
                warnings.append(f"The attached file '{name}' is missing and was not exported.")
                continue
            try:
                data = path.read_bytes()
            except OSError as exc:
                warnings.append(f"The attached file '{name}' could not be read ({exc.strerror}).")
                continue
            attachments[name] = base64.b64encode(data).decode("ascii")
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": _iso_utc(dt.datetime.now(UTC)),
        "tables": tables,
        "attachments": attachments,
    }
    if warnings:
        document["warnings"] = warnings
    return document


def write_export(db: Database, out_path: Path) -> ExportSummary:
    """Export the workspace to ``out_path``; the file appears complete or not at all."""
    document = export_workspace(db)
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    out_path = Path(out_path)
    fileio.write_text(out_path, text)
    return ExportSummary(
        path=out_path,
        counts={name: len(rows) for name, rows in document["tables"].items()},
        attachments=len(document["attachments"]),
        warnings=tuple(document.get("warnings", ())),
    )
