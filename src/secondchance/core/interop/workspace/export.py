"""Export: the whole workspace as one JSON document, and that document written to a file."""

from __future__ import annotations

import base64
import datetime as dt
import enum
import io
import json
import math
from datetime import UTC
from pathlib import Path
from typing import Any, TextIO

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


def _indented(text: str, spaces: int) -> str:
    # Split on "\n" only: JSON escapes every newline inside a string, but not U+2028 and
    # the other separators that str.splitlines() would also cut at.
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)


def _stream(db: Database, out: TextIO) -> ExportSummary:
    """Write the workspace document to ``out`` a row at a time; its counts and warnings.

    The text is exactly ``json.dumps(document, indent=2)`` of the whole document, but only
    one row (or one attached file) is in memory at a time: at 100 000 records the document
    built first and dumped after took half a gigabyte.
    """
    counts: dict[str, int] = {}
    attachments = 0
    warnings: list[str] = []
    header = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": _iso_utc(dt.datetime.now(UTC)),
    }
    out.write("{\n")
    for key, value in header.items():
        out.write(f"  {_dump(key)}: {_dump(value)},\n")
    out.write('  "tables": {')
    names: set[str] = set()
    with db.transaction() as session:
        _begin_snapshot(session)
        for position, spec in enumerate(table_specs()):
            out.write(("\n" if position == 0 else ",\n") + f"    {_dump(spec.name)}: [")
            order = [spec.table.c[name] for name in spec.primary_key]
            result = session.execute(select(spec.table).order_by(*order))
            files = ATTACHMENT_COLUMNS.get(spec.name, ())
            index = 0
            for index, row in enumerate(result.mappings(), start=1):
                where = f"Row {index} of '{spec.name}'"
                encoded = {
                    name: _encode(column, row[name], where) for name, column in spec.columns.items()
                }
                names.update(v for c in files if isinstance(v := encoded.get(c), str) and v)
                out.write(("\n" if index == 1 else ",\n") + _indented(_dump(encoded), 6))
            counts[spec.name] = index
            out.write("\n    ]" if index else "]")
        out.write("\n  },\n" if counts else "},\n")
        out.write('  "attachments": {')
        folder = db.attachments_dir
        for name in sorted(names):
            path = folder / name
            if not is_safe_file_name(name) or not path.is_file():
                warnings.append(f"The attached file '{name}' is missing and was not exported.")
                continue
            try:
                data = path.read_bytes()
            except OSError as exc:
                warnings.append(f"The attached file '{name}' could not be read ({exc.strerror}).")
                continue
            encoded_file = base64.b64encode(data).decode("ascii")
            out.write(
                ("\n" if not attachments else ",\n") + f"    {_dump(name)}: {_dump(encoded_file)}"
            )
            attachments += 1
    out.write("\n  }" if attachments else "}")
    if warnings:
        out.write(',\n  "warnings": ' + _indented(_dump(warnings), 2).lstrip())
    out.write("\n}")
    return ExportSummary(
        path=Path(), counts=counts, attachments=attachments, warnings=tuple(warnings)
    )


def export_workspace(db: Database) -> dict[str, Any]:
    """The whole workspace as a JSON-ready document (see docs/export-format.md)."""
    buffer = io.StringIO()
    _stream(db, buffer)
    document: dict[str, Any] = json.loads(buffer.getvalue())
    return document


def write_export(db: Database, out_path: Path) -> ExportSummary:
    """Export the workspace to ``out_path``; the file appears complete or not at all.

    Written as it is read (see ``_stream``), so memory stays flat however large the
    workspace; the file only takes the destination's place once it is complete.
    """
    out_path = Path(out_path)
    with fileio.open_text(out_path) as handle:
        summary = _stream(db, handle)
        handle.write("\n")
    return ExportSummary(
        path=out_path,
        counts=summary.counts,
        attachments=summary.attachments,
        warnings=summary.warnings,
    )
