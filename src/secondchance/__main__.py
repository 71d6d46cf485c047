"""Entry point: parse the command line, then open the window or run a command.

Commands that need no window (sample, export, import, packet, brief) never import Qt.
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
from secondchance.cli_safety import EXIT
from secondchance.cli_safety import say as _say
from secondchance.paths import DataPaths, resolve_data_dir

if TYPE_CHECKING:
    from PySide6.QtCore import QLockFile

    from secondchance.core.db import Database
    from secondchance.core.interop.workspace import ExportSummary, ImportSummary

# What ``export --format`` writes: the workspace (the default; "json" is its old name),
# one list as CSV, a target's JSON Resume, its questions for Anki (a deck, or a TSV file),
# the contacts as vCards, a calendar file.
EXPORT_FORMATS = ("workspace", "json", "csv", "json-resume", "anki", "anki-tsv", "vcard", "ics")

log = logging.getLogger("secondchance")


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
        help="write the whole workspace to a JSON file, one list to a CSV file, a target's "
        "JSON Resume or its questions for Anki, your contacts as vCards, or a calendar",
    )
    export.add_argument("--out", required=True, metavar="FILE", type=Path)
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="workspace",
        help="workspace (everything, the default), csv (one list: see --kind), json-resume "
        "(a target's experience, skills and your profile, for any JSON Resume theme), anki (a "
        "target's interview questions as an Anki deck, .apkg), anki-tsv (the same as a file "
        "Anki imports), vcard (all contacts, .vcf) or ics (follow-ups, events, due dates and "
        "the eligible date as a calendar file)",
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
    export.add_argument(
        "--kind",
        metavar="KIND",
        help="for --format csv: which list (e.g. feedback, skill, contact)",
    )
    export.add_argument(
        "--target",
        metavar="NAME_OR_ID",
        help="the target (csv: one target's records only; json-resume, anki, anki-tsv: "
        "default the only or newest)",
    )
    _resume_arguments(commands, after)
    importer = commands.add_parser(
        "import",
        parents=[after],
        help="merge a workspace JSON file or contacts from a vCard file (.vcf) into your data, "
        "or add a JSON Resume to a target (told by content)",
    )
    importer.add_argument("file", metavar="FILE", type=Path)
    importer.add_argument(
        "--target", metavar="NAME_OR_ID", help="for a JSON Resume: the target it goes to"
    )
    importer.add_argument(
        "--dry-run", action="store_true", help="say what would be imported; write nothing"
    )
    importer.add_argument(
        "--replace-settings",
        action="store_true",
        help="use the file's settings (your name, e-mail…) where they differ from yours",
    )
    commands.add_parser(
        "backup", parents=[after], help="make a verified backup now and print its path"
    )
    listing = commands.add_parser(
        "backups", parents=[after], help="list the backups: date, reason, size, records"
    )
    listing.add_argument("--json", action="store_true", help="as JSON, for scripts")
    restore = commands.add_parser(
        "restore", parents=[after], help="back up the present data, then restore a backup"
    )
    restore.add_argument(
        "backup", metavar="BACKUP", help="a backup's path or file name, or 'latest'"
    )
    commands.add_parser(
        "salvage",
        parents=[after],
        help="rescue what can still be read from a damaged data file into a new one",
    )
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
    brief = commands.add_parser(
        "brief",
        parents=[after],
        help="write the one-page brief “Since we last spoke” (PDF, or .txt for an e-mail body)",
    )
    brief.add_argument("--out", required=True, metavar="FILE.pdf|FILE.txt", type=Path)
    brief.add_argument(
        "--target", metavar="NAME_OR_ID", help="target id or company (default: the only or last)"
    )
    brief.add_argument("--tone", choices=("warm", "concise", "formal"), default="warm")
    brief.add_argument(
        "--paper", choices=("a4", "letter"), help="paper size (default: from your locale)"
    )
    return parser


# --- resume commands (JSON Resume export, keyword coverage) -------------------------------


def _resume_arguments(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    after: argparse.ArgumentParser,
) -> None:
    coverage = commands.add_parser(
        "coverage",
        parents=[after],
        help="how well a resume version covers the job description, counting your proof",
    )
    coverage.add_argument("--target", metavar="NAME_OR_ID", help="target id or company")
    coverage.add_argument("--version", metavar="LABEL", help="resume version (default: newest)")
    coverage.add_argument("--json", action="store_true", help="print one JSON object")


def _coverage(db: Database, args: argparse.Namespace) -> int:
    import json

    from secondchance.core.services.coverage import CoverageUnavailable, coverage_for

    try:
        target_id = _find_target(db, args.target)
        result = coverage_for(db, target_id, label=args.version)
    except (LookupError, CoverageUnavailable) as exc:
        _say(str(exc.args[0] if exc.args else exc), error=True)
        return 1
    if args.json:
        document = {
            "target": target_id,
            "version": result.version.label,
            "coverage": result.percent,
            "compared_with": (
                {"version": result.compared_with.label, "coverage": result.compared_with.percent}
                if result.compared_with
                else None
            ),
            "skills": [
                {"name": s.name, "state": s.state.name, "must_have": s.must_have}
                for s in result.skills
            ],
        }
        _say(json.dumps(document, ensure_ascii=False))
        return 0
    _say(f"{result.version.label}: {result.change_line}")
    width = max(len(s.name) for s in result.skills)
    for s in result.skills:
        need = "must-have" if s.must_have else "nice"
        _say(f"  {s.name:<{width}}  {need:<9}  {s.state.label} — {s.state.advice}")
        if s.suggestion:
            _say(f"  {'':<{width}}  {'':<9}  add: {s.suggestion}")
    return 0


def _export_json_resume(db: Database, args: argparse.Namespace) -> int:
    from secondchance.core.interop import json_resume

    try:
        target_id = _find_target(db, args.target)
        summary = json_resume.write_json_resume(db, target_id, args.out)
    except LookupError as exc:
        _say(str(exc.args[0] if exc.args else exc), error=True)
        return 1
    except (OSError, ValueError) as exc:
        _say(f"Could not export to {args.out}: {exc}", error=True)
        return 1
    _say(summary.sentence())
    return 0


def _import_json_resume(db: Database, args: argparse.Namespace, data: object) -> int:
    from secondchance.core.interop import json_resume

    try:
        target_id = _find_target(db, args.target)
        result = json_resume.import_json_resume(db, target_id, data, args.file.name)
    except LookupError as exc:
        _say(str(exc.args[0] if exc.args else exc), error=True)
        return 1
    except (OSError, ValueError) as exc:
        _say(f"Could not import {args.file}: {exc}\nYour data was not changed.", error=True)
        return 1
    _report(f"{result.sentence()} (from {args.file})", result.notes)
    return 0


def _json_resume_in(path: Path) -> object | None:
    """The parsed file when it is a JSON Resume (told by its content), else None."""
    from secondchance.core.interop import json_resume

    try:
        data = json_resume.read_file(path)
    except ValueError:
        return None  # not JSON at all: the workspace importer says why
    return data if json_resume.looks_like_json_resume(data) else None


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
        return EXIT.FAILED
    except PacketError as exc:
        _say(f"The packet was not written: {exc}", error=True)
        return EXIT.FAILED
    _say(f"Wrote {result.path} ({result.pages} page{'s' if result.pages != 1 else ''})")
    for note in (*result.notes, *result.left_out):
        _say(f"Note: {note}")
    return EXIT.DONE


def _export(db: Database, args: argparse.Namespace) -> int:
    if args.format == "csv":
        return _export_csv(db, args)
    from secondchance.core.interop import workspace

    try:
        summary = workspace.write_export(db, args.out)
    except (OSError, ValueError) as exc:
        _say(f"Could not export to {args.out}: {exc}", error=True)
        return EXIT.FAILED
    _report(f"Exported {_counts(summary)} to {args.out.resolve()}", summary.warnings)
    return EXIT.DONE


def _export_csv(db: Database, args: argparse.Namespace) -> int:
    from secondchance.core.interop import csv_export

    names = csv_export.kind_names()
    if args.kind not in names:
        _say(f"Say which list to export with --kind, one of: {', '.join(names)}.", error=True)
        return EXIT.USAGE
    try:
        target_id = _find_target(db, args.target) if args.target else None
        headers, rows = csv_export.kind_table(db, args.kind, target_id)
        written = csv_export.write_csv(args.out, headers, rows)
    except LookupError as exc:
        _say(str(exc.args[0] if exc.args else exc), error=True)
        return EXIT.FAILED
    except OSError as exc:
        _say(f"Could not export to {args.out}: {exc.strerror or exc}", error=True)
        return EXIT.FAILED
    _say(f"Exported {written} {args.kind} row{'s' if written != 1 else ''} to {args.out.resolve()}")
    return EXIT.DONE


def _import(db: Database, args: argparse.Namespace, data_dir: Path) -> int:
    from secondchance.core import safety
    from secondchance.core.backup import BackupError
    from secondchance.core.db import StorageError
    from secondchance.core.interop import workspace

    if not args.dry_run:
        if db.read_only:
            raise _read_only()
        try:
            safety.make_backup(data_dir, "before-import")
        except BackupError as exc:
            _say(f"{exc}\nSo nothing was imported.", error=True)
            return EXIT.FAILED
    policy = workspace.SettingsPolicy.replace if args.replace_settings else None
    try:
        result = workspace.import_workspace(
            db,
            args.file,
            dry_run=args.dry_run,
            settings=policy or workspace.SettingsPolicy.keep,
        )
    except StorageError:
        raise  # the data file itself (busy, full, read-only): its own sentence and code
    except (OSError, ValueError) as exc:
        _say(f"Could not import {args.file}: {exc}\nYour data was not changed.", error=True)
        return EXIT.FAILED
    if args.dry_run:
        line = f"Importing {args.file} would give: {result.line} (nothing was written)."
    else:
        line = f"Imported {args.file}: {result.line}."
    extra = []
    if result.links:
        extra.append(f"{result.links} link{'s' if result.links != 1 else ''} between records")
    if result.attachments:
        extra.append(f"{result.attachments} attached file{'s' if result.attachments != 1 else ''}")
    if extra:
        line += f" Also {' and '.join(extra)}{' would be' if args.dry_run else ''} added."
    notes = list(result.warnings)
    if result.settings_kept:
        notes.append(
            f"The file has other values for {', '.join(result.settings_kept)}; yours were "
            "kept. Run again with --replace-settings to use the file's."
        )
    _report(line, notes)
    return EXIT.DONE


def _read_only() -> Exception:
    from secondchance.core.db import READ_ONLY_MESSAGE, ReadOnlyError

    return ReadOnlyError(READ_ONLY_MESSAGE)


_WRITING = ("sample", "import", "restore", "salvage")


def _brief(db: Database, args: argparse.Namespace) -> int:
    from secondchance.core.packet import PacketError, build_brief, default_paper

    try:
        target_id = _find_target(db, args.target)
        result = build_brief(
            db, target_id, args.out, tone=args.tone, paper=args.paper or default_paper()
        )
    except LookupError as exc:
        _say(str(exc.args[0] if exc.args else exc), error=True)
        return 1
    except PacketError as exc:
        _say(f"The brief was not written: {exc}", error=True)
        return 1
    if result.pages:
        _say(f"Wrote {result.path} (1 page)")
    else:
        _say(f"Wrote {result.path}")
    return 0


def _export_anki(db: Database, args: argparse.Namespace) -> int:
    from secondchance.core.interop import anki

    try:
        target_id = _find_target(db, args.target)
        write = anki.write_apkg if args.format == "anki" else anki.write_tsv
        count = write(db, target_id, args.out)
    except LookupError as exc:
        _say(str(exc.args[0] if exc.args else exc), error=True)
        return 1
    except OSError as exc:
        reason = exc.strerror or str(exc)
        _say(f"Could not write {args.out}: {reason}. Nothing was written.", error=True)
        return 1
    noun = "question" if count == 1 else "questions"
    _say(f"Exported {count} {noun} to {args.out.resolve()}")
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
    """Run one command; every condition a person can cause becomes a sentence and a code."""
    from secondchance.cli_safety import Busy
    from secondchance.core.backup import DatabaseError
    from secondchance.core.damage import DamagedDatabaseError
    from secondchance.core.db import StorageError
    from secondchance.core.fileio import RefusedDestinationError, check_destination

    out: Path | None = getattr(args, "out", None)
    if out is not None:
        try:
            check_destination(out)
        except RefusedDestinationError as exc:
            _say(str(exc), error=True)
            return EXIT.REFUSED_PATH
    lock: QLockFile | None = None
    try:
        if args.command in _WRITING and not getattr(args, "dry_run", False):
            lock = _lock(data_dir, args.command)
        elif args.command == "backup":
            try:
                lock = _lock(data_dir, args.command)
            except Busy:
                lock = None  # an online backup is safe beside an open window
        return _dispatch(args, data_dir, locked=lock is not None)
    except Busy as exc:
        _say(str(exc), error=True)
        return EXIT.BUSY
    except DamagedDatabaseError as exc:
        _say(str(exc), error=True)
        return EXIT.DAMAGED
    except RefusedDestinationError as exc:
        _say(str(exc), error=True)
        return EXIT.REFUSED_PATH
    except StorageError as exc:
        _say(str(exc), error=True)
        return EXIT.BUSY if "busy" in str(exc) else EXIT.FAILED
    except DatabaseError as exc:
        _say(str(exc), error=True)
        return EXIT.USAGE
    except OSError as exc:
        _say(f"The data folder {data_dir} could not be used: {exc.strerror or exc}", error=True)
        return EXIT.FAILED
    finally:
        if lock is not None:
            lock.unlock()


def _lock(data_dir: Path, command: str) -> QLockFile | None:
    from secondchance.cli_safety import lock_for_writing

    return lock_for_writing(data_dir, command)


def _dispatch(args: argparse.Namespace, data_dir: Path, *, locked: bool) -> int:
    from secondchance import cli_safety
    from secondchance.core import safety

    if args.command == "backups":
        return cli_safety.backups_command(data_dir, args)
    if args.command == "restore":
        return cli_safety.restore_command(data_dir, args.backup)
    if args.command == "salvage":
        return cli_safety.salvage_command(data_dir)
    if args.command == "backup":
        return cli_safety.backup_command(data_dir, locked)
    db = _open(data_dir)
    try:
        if locked and not db.read_only:
            safety.tidy_up(data_dir)
        if args.command == "sample":
            from secondchance.core.interop.sample import add_sample_target

            if db.read_only:
                raise _read_only()
            target_id = add_sample_target(db)
            _say(f"Added the sample target (id {target_id}) to {data_dir}")
            return EXIT.DONE
        if args.command == "packet":
            return _packet(db, args)
        if args.command == "coverage":
            return _coverage(db, args)
        if args.command == "brief":
            return _brief(db, args)
        if args.command == "export" and args.format == "json-resume":
            return _export_json_resume(db, args)
        if args.command == "export" and args.format in ("anki", "anki-tsv"):
            return _export_anki(db, args)
        if args.command == "due":
            return _due(db, args)
        if args.command == "export" and args.format in ("vcard", "ics"):
            return _export_network(db, args)
        if args.command == "import" and args.file.suffix.lower() in VCARD_SUFFIXES:
            if db.read_only:
                raise _read_only()
            return _import_vcards(db, args.file)
        if args.command == "import":
            resume = _json_resume_in(args.file)
            if resume is not None:
                if db.read_only:
                    raise _read_only()
                return _import_json_resume(db, args, resume)
        if args.command == "export":
            return _export(db, args)
        if args.command == "import":
            return _import(db, args, data_dir)
    finally:
        db.close()
    return EXIT.FAILED  # pragma: no cover - argparse only lets known commands through


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
        return EXIT.USAGE
    if os.name == "posix":
        os.umask(0o077)  # whatever this process creates is the person's alone
    from secondchance.core import fileio
    from secondchance.logging_setup import configure

    configure(paths.logs)
    if paths.writable():
        # Temporary files of writes that were cut off (kill -9, power cut), wherever they were.
        fileio.keep_journal(paths.pending_writes)
        fileio.sweep_journal(paths.pending_writes)
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
        return EXIT.NO_DISPLAY
    from secondchance.ui.app import run_gui, run_smoke_test

    if args.smoke_test:
        return run_smoke_test(data_dir)
    return run_gui(data_dir)


if __name__ == "__main__":
    sys.exit(main())
