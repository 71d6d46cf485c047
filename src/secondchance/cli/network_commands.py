"""The network and timing commands: vCards, the calendar file, what is due."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from secondchance.cli.safety_commands import say as _say

if TYPE_CHECKING:
    from secondchance.core.db import Database

VCARD_SUFFIXES = (".vcf", ".vcard")


def export_network(db: Database, args: argparse.Namespace) -> int:
    """export --format vcard|ics"""
    try:
        if args.format == "vcard":
            from secondchance.core.interop.vcard_import import export_contacts

            count = export_contacts(db, args.out, None, args.vcard_version)
            noun = "contact" if count == 1 else "contacts"
            _say(f"Exported {count} {noun} as vCard {args.vcard_version} to {args.out.resolve()}")
            return 0
        from secondchance.core.interop.ics import export_calendar

        count = export_calendar(db, args.out, args.reminder_days)
    except ValueError as exc:
        _say(f"Nothing was written: {exc}.", error=True)
        return 2
    except OSError as exc:
        reason = exc.strerror or str(exc)
        _say(f"Could not write {args.out}: {reason}. Nothing was written.", error=True)
        return 1
    noun = "entry" if count == 1 else "entries"
    _say(f"Exported a calendar of {count} {noun} to {args.out.resolve()}")
    return 0


def import_vcards(db: Database, path: Path) -> int:
    """import FILE.vcf: merged by e-mail only (a name match can't be asked about here)."""
    from secondchance.core.backup import BackupError
    from secondchance.core.interop.vcard import VCardError
    from secondchance.core.interop.vcard_import import import_file

    try:
        outcome = import_file(db, path, by_name=False)
    except (VCardError, BackupError, OSError, ValueError) as exc:
        _say(f"Could not import {path}: {exc}\nYour data was not changed.", error=True)
        return 1
    _say(
        f"Imported contacts from {path}: {outcome.new} new, {outcome.merged} merged, "
        f"{outcome.skipped} skipped (nothing new)."
    )
    if outcome.problems:
        _say(f"{len(outcome.problems)} problem(s) in the file; these were not imported:")
        for problem in outcome.problems:
            _say(f"  {problem}")
    return 0


def due(db: Database, args: argparse.Namespace) -> int:
    from secondchance.core.services import due

    today = args.today or dt.date.today()
    items = due.due_items(db, today)
    if args.json:
        summary = due.summarise(items, today)
        document = {
            "today": today.isoformat(),
            "summary": {"overdue": summary.overdue, "today": summary.today, "week": summary.week},
            "items": [item.as_json(today) for item in items],
        }
        _say(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    if not items:
        until = today + dt.timedelta(days=due.WEEK_DAYS)
        _say(f"Nothing is due up to {until.isoformat()}.")
        return 0
    shown = None
    for item in items:
        bucket = item.bucket(today)
        if bucket is not shown:
            _say(("" if shown is None else "\n") + bucket.label)
            shown = bucket
        where = f" ({item.target})" if item.target else ""
        detail = f" — {item.detail}" if item.detail else ""
        _say(f"  {item.due.isoformat()}  {item.title}{where}{detail}")
    return 0
