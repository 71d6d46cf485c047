"""Lists as CSV files a spreadsheet opens right.

UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the local code page and
turns "Zoë" into "ZoÃ«"), ``\\r\\n`` line ends, every cell quoted where needed by the
``csv`` module.  A cell that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, so a pasted
job description can't become a live formula; negative numbers are left alone.  Written
through ``core/fileio`` (atomic, owner-only, refusing devices, FIFOs and links).

The window exports the rows and columns a list shows, in the person's order; the command
line exports one kind of record (:func:`kind_table`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from secondchance.core import fileio
from secondchance.core.db import Database
from secondchance.core.services import records, targets
from secondchance.core.services.kinds import KINDS, kind

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a table to ``path``; returns the number of rows written (headers excluded)."""
    written = 0
    with fileio.open_text(Path(path), encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([safe_cell(h) for h in headers])
        for row in rows:
            writer.writerow([safe_cell(cell) for cell in row])
            written += 1
    return written


def kind_names() -> list[str]:
    return sorted(KINDS)


def kind_table(
    db: Database, kind_name: str, target_id: int | None = None
) -> tuple[list[str], list[list[str]]]:
    """Every record of a kind as its list shows it (for a target's kinds: of ``target_id``,
    or of every target, with a first column naming it)."""
    k = kind(kind_name)
    headers = [k.field(name).label for name in k.columns]
    rows: list[list[str]] = []
    if k.scope == "target":
        chosen = [t for t in targets.list_targets(db) if target_id is None or t.id == target_id]
        if target_id is None:
            headers = ["Target", *headers]
        for target in chosen:
            for row in records.list_records(db, k.name, target.id):
                cells = [row.display.get(name, "") for name in k.columns]
                rows.append([target.title, *cells] if target_id is None else cells)
        return headers, rows
    for row in records.list_records(db, k.name, target_id if k.scope == "parent" else None):
        rows.append([row.display.get(name, "") for name in k.columns])
    return headers, rows
