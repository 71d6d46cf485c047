"""Entry point: parse the command line, then open the window or run a command.

Commands that need no window (sample, export, import, packet) never import Qt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from secondchance import APP_NAME, __version__
from secondchance.paths import DataPaths, resolve_data_dir

if TYPE_CHECKING:
    from PySide6.QtCore import QLockFile

    from secondchance.core.db import Database
    from secondchance.core.interop.workspace import ExportSummary, ImportSummary

# Exit codes: 0 done, 1 something failed, 2 usage, 3 data folder busy, 6 no display to
# open a window on (4 and 5 are kept for a damaged database and a refused output path).
EXIT_NO_DISPLAY = 6

log = logging.getLogger("secondchance")


def _say(text: str, error: bool = False) -> None:
    stream = sys.stderr if error else sys.stdout
    if stream is not None:  # a windowed frozen app has neither
        print(text, file=stream)


def build_parser() -> argparse.ArgumentParser:
    # The packet's one list of sections; loads without the database layer.
    from secondchance.core.packet.sections import SECTION_KEYS

    data_dir_help = (
        "folder holding your data (default: your user data folder, or $SECONDCHANCE_HOME)"
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", help=data_dir_help)
    # The commands accept --data-dir too, but must not reset one given before the command.
    after = argparse.ArgumentParser(add_help=False)
    after.add_argument("--data-dir", metavar="DIR", help=data_dir_help, default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="secondchance",
        description=f"{APP_NAME}: a private, offline companion for applying again.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the data and build the window, print a JSON status line, exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("sample", parents=[after], help="add a realistic sample target to explore")
    export = commands.add_parser(
        "export",
        parents=[after],
        help="write the whole workspace to a JSON file, your contacts as vCards, or a calendar",
    )
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="workspace",
        help="workspace: everything, as JSON (the default); vcard: all contacts (.vcf); "
        "ics: follow-ups, events, due dates and the eligible date as a calendar file",
    )
    export.add_argument(
        "--vcard-version", choices=("4.0", "3.0"), default="4.0", help="for --format vcard"
    )
    export.add_argument(
        "--reminder-days",
        type=int,
        metavar="N",
        help="for --format ics: a reminder at 9:00, N days before each entry (0: that day)",
    )
    export.add_argument("--out", required=True, metavar="FILE", type=Path)
    importer = commands.add_parser(
        "import",
        parents=[after],
        help="merge a workspace JSON file, or contacts from a vCard file (.vcf), into your data",
    )
    importer.add_argument("file", metavar="FILE", type=Path)
    due = commands.add_parser(
        "due", parents=[after], help="what is due, across targets: overdue, today, this week"
    )
    due.add_argument("--json", action="store_true", help="print JSON instead of text")
    due.add_argument(
        "--today", metavar="YYYY-MM-DD", type=_iso_day, help="the day to look from (default: today)"
    )
    packet = commands.add_parser(
        "packet", parents=[after], help="write a target's reapplication packet (PDF)"
    )
    packet.add_argument(
        "--target", metavar="NAME_OR_ID", help="target id or company (default: the only or last)"
    )
    packet.add_argument("--preset", choices=("personal", "shareable"), default="personal")
    packet.add_argument(
        "--sections",
        metavar="a,b,…",
        help=f"sections to include: {', '.join(SECTION_KEYS)} (default: all the preset allows)",
    )
    packet.add_argument(
        "--paper", choices=("a4", "letter"), help="paper size (default: from your locale)"
    )
    packet.add_argument("--out", required=True, metavar="FILE.pdf", type=Path)
    return parser


# Formats of `export --format` beyond the workspace JSON (the network and calendar files).
EXPORT_FORMATS = ("workspace", "vcard", "ics")
VCARD_SUFFIXES = (".vcf", ".vcard")


def _iso_day(text: str) -> dt.date:
    from secondchance.core.services.fields import parse_iso_date

    try:
        return parse_iso_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _open(data_dir: Path) -> Database:
    from secondchance.core.db import open_database

    return open_database(data_dir)


def _counts(summary: ExportSummary | ImportSummary) -> str:
    return f"{summary.total_rows} records and {summary.attachments} attached files"


def _report(line: str, warnings: Sequence[str]) -> None:
    _say(line)
    for warning in warnings:
        _say(f"Note: {warning}")


def _lock_for_writing(data_dir: Path) -> QLockFile | None:
    """Commands that change the data take the window's lock, so they never write
    underneath an open window (which would then show stale data or hit a busy file)."""
    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(DataPaths(data_dir).lock_file))
    lock.setStaleLockTime(0)  # a crashed instance's lock is detected by its dead PID
    return lock if lock.tryLock(200) else None


def _find_target(db: Database, wanted: str | None) -> int:
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


def _packet(db: Database, args: argparse.Namespace) -> int:
    from secondchance.core.packet import (
        PacketError,
        PacketOptions,
        Preset,
        build_packet,
        default_paper,
        parse_sections,
    )

    preset = Preset[args.preset]
    try:
        target_id = _find_target(db, args.target)
        sections = parse_sections(args.sections, preset) if args.sections else None
        options = PacketOptions(
            preset=preset, sections=sections, paper=args.paper or default_paper()
        )
        result = build_packet(db, target_id, options, args.out)
    except LookupError as exc:
        _say(str(exc.args[0] if exc.args else exc), error=True)
        return 1
    except PacketError as exc:
        _say(f"The packet was not written: {exc}", error=True)
        return 1
    _say(f"Wrote {result.path} ({result.pages} page{'s' if result.pages != 1 else ''})")
    for note in result.notes:
        _say(f"Note: {note}")
    return 0


def _export_network(db: Database, args: argparse.Namespace) -> int:
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


def _import_vcards(db: Database, path: Path) -> int:
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


def _due(db: Database, args: argparse.Namespace) -> int:
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


def run_command(args: argparse.Namespace, data_dir: Path) -> int:
    from secondchance.core.backup import DatabaseError

    lock: QLockFile | None = None
    if args.command in ("sample", "import"):
        lock = _lock_for_writing(data_dir)
        if lock is None:
            _say(
                f"{APP_NAME} is open on {data_dir}. Close it first, then run this command "
                "again (nothing was changed).",
                error=True,
            )
            return 3

    try:
        db = _open(data_dir)
    except DatabaseError as exc:
        _say(str(exc), error=True)
        return 2
    try:
        if args.command == "sample":
            from secondchance.core.interop.sample import add_sample_target

            target_id = add_sample_target(db)
            _say(f"Added the sample target (id {target_id}) to {data_dir}")
            return 0
        if args.command == "packet":
            return _packet(db, args)
        if args.command == "due":
            return _due(db, args)
        if args.command == "export" and args.format != "workspace":
            return _export_network(db, args)
        if args.command == "import" and args.file.suffix.lower() in VCARD_SUFFIXES:
            return _import_vcards(db, args.file)
        from secondchance.core.interop import workspace

        if args.command == "export":
            try:
                summary = workspace.write_export(db, args.out)
            except (OSError, ValueError) as exc:
                _say(f"Could not export to {args.out}: {exc}", error=True)
                return 1
            _report(f"Exported {_counts(summary)} to {args.out.resolve()}", summary.warnings)
            return 0
        if args.command == "import":
            try:
                result = workspace.import_workspace(db, args.file)
            except (OSError, ValueError) as exc:
                _say(f"Could not import {args.file}: {exc}\nYour data was not changed.", error=True)
                return 1
            _report(f"Imported {_counts(result)} from {args.file}", result.warnings)
            return 0
    finally:
        db.close()
        if lock is not None:
            lock.unlock()
    return 1  # pragma: no cover - argparse only lets known commands through


def no_display_message(environ: Mapping[str, str] | None = None) -> str | None:
    """Why the window can't open on this Linux/BSD system, or None when it can try.

    Without this Qt aborts with a hint about the libxcb-cursor0 package, which sends people
    installing libraries when what is missing is a desktop session.
    """
    env = os.environ if environ is None else environ
    if os.name != "posix" or sys.platform == "darwin":
        return None
    if any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return (
        f"{APP_NAME} needs a graphical desktop, but no display was found (neither DISPLAY "
        "nor WAYLAND_DISPLAY is set): start it from your desktop session."
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
    paths = DataPaths(data_dir)
    try:
        paths.ensure()
    except OSError as exc:
        _say(f"The data folder {data_dir} can't be created or used: {exc.strerror}", error=True)
        return 2
    from secondchance.logging_setup import configure

    configure(paths.logs)
    log.info(
        "%s %s starting (data: %s, command: %s)",
        APP_NAME,
        __version__,
        data_dir,
        "smoke-test" if args.smoke_test else args.command or "gui",
    )
    if args.command:
        return run_command(args, data_dir)
    missing = no_display_message()
    if missing:
        log.error("no display: %s", missing)
        _say(missing, error=True)
        return EXIT_NO_DISPLAY
    from secondchance.ui.app import run_gui, run_smoke_test

    if args.smoke_test:
        return run_smoke_test(data_dir)
    return run_gui(data_dir)


if __name__ == "__main__":
    sys.exit(main())
