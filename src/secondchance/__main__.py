"""Entry point: parse the command line, then open the window or run a command.

Commands that need no window (sample, export, import, packet) never import Qt.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from secondchance import APP_NAME, __version__
from secondchance.paths import DataPaths, resolve_data_dir

if TYPE_CHECKING:
    from PySide6.QtCore import QLockFile

    from secondchance.core.db import Database
    from secondchance.core.interop.workspace import ExportSummary, ImportSummary

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
        "export", parents=[after], help="write the whole workspace to a JSON file"
    )
    export.add_argument("--out", required=True, metavar="FILE.json", type=Path)
    importer = commands.add_parser(
        "import", parents=[after], help="merge a workspace JSON file into your data"
    )
    importer.add_argument("file", metavar="FILE.json", type=Path)
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
        if len(rows) == 1:
            return rows[0].id
        return max(row.id for row in rows)  # the newest
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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
    paths = DataPaths(data_dir)
    try:
        paths.ensure()
    except OSError as exc:
        _say(f"The data folder {data_dir} can't be created or used: {exc.strerror}", error=True)
        return 2

    def start_logging() -> None:
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
        start_logging()
        return run_command(args, data_dir)
    from secondchance.ui.app import run_gui, run_smoke_test

    if args.smoke_test:
        start_logging()
        return run_smoke_test(data_dir)
    # The window logs from its first paint on: the log file's set-up (logging.handlers
    # brings socket, pickle and threading queues) is not worth a later first paint.
    return run_gui(data_dir, start_logging)


if __name__ == "__main__":
    sys.exit(main())
