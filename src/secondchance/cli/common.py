"""What the commands share: opening the data, finding a target, saying what happened."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from secondchance.cli.safety_commands import say as _say

if TYPE_CHECKING:
    from secondchance.core.db import Database
    from secondchance.core.interop.workspace import ExportSummary, ImportSummary


def open_db(data_dir: Path) -> Database:
    from secondchance.core.db import open_database

    return open_database(data_dir)


def counts(summary: ExportSummary | ImportSummary) -> str:
    return f"{summary.total_rows} records and {summary.attachments} attached files"


def report(line: str, warnings: Sequence[str]) -> None:
    _say(line)
    for warning in warnings:
        _say(f"Note: {warning}")


def find_target(db: Database, wanted: str | None) -> int:
    """A target id from ``--target`` (id or company, case-insensitive); raises LookupError
    with a message that lists the choices."""
    from secondchance.core.services import targets

    rows = targets.list_targets(db)
    if not rows:
        raise LookupError("There are no targets yet. Add one in the app (or run `sample`).")
    if wanted is None:
        # Archived targets are over: the default is among the others, if any.
        current = [row for row in rows if row.values.get("archived_on") is None] or rows
        if len(current) == 1:
            return current[0].id
        return max(row.id for row in current)  # the newest
    text = wanted.strip()
    if text.isdigit():
        for row in rows:
            if row.id == int(text):
                return row.id
    matches = [
        row for row in rows if str(row.values.get("company", "")).casefold() == text.casefold()
    ]
    if not matches:
        matches = [row for row in rows if text.casefold() in row.title.casefold()]
    if len(matches) == 1:
        return matches[0].id
    listing = "\n".join(f"  {row.id}: {row.title}" for row in (matches or rows))
    if matches:
        raise LookupError(f"“{wanted}” matches more than one target; give its id:\n{listing}")
    raise LookupError(f"No target matches “{wanted}”. The targets are:\n{listing}")


def read_only_error() -> Exception:
    from secondchance.core.db import READ_ONLY_MESSAGE, ReadOnlyError

    return ReadOnlyError(READ_ONLY_MESSAGE)
