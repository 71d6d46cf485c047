"""The command line's words: every command, its options and their help."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from secondchance import APP_NAME, __version__

if TYPE_CHECKING:
    import datetime as dt

# What ``export --format`` writes: the workspace (the default; "json" is its old name),
# one list as CSV, a target's JSON Resume, its questions for Anki (a deck, or a TSV file),
# the contacts as vCards, a calendar file.
EXPORT_FORMATS = ("workspace", "json", "csv", "json-resume", "anki", "anki-tsv", "vcard", "ics")


# The packet's sections (``core/packet/sections.SECTION_KEYS``; tests/unit/test_packet.py
# keeps them equal), named here so that parsing the command line before the window's first
# paint does not load the packet package (6–8 ms of every start).
SECTION_KEYS = (
    "brief",
    "cover",
    "summary",
    "notes",
    "ledger",
    "skills",
    "plan",
    "experience",
    "network",
    "resume",
    "cover_letter",
    "interview",
    "self_assessment",
    "appendix",
)


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line read as ``build_parser`` reads it.

    A plain start (no words, or only ``--data-dir DIR``: what a double-click or a shortcut
    gives) is read without building every command's parser, 5 ms before the window's first
    paint; ``tests/unit/test_cli_parser.py`` holds both readings equal.
    """
    words = list(sys.argv[1:] if argv is None else argv)
    data_dir: str | None = None
    if len(words) == 2 and words[0] == "--data-dir" and not words[1].startswith("-"):
        data_dir = words[1]
    elif len(words) == 1 and words[0].startswith("--data-dir="):
        data_dir = words[0].removeprefix("--data-dir=")
    elif words:
        return build_parser().parse_args(words)
    return argparse.Namespace(data_dir=data_dir, smoke_test=False, command=None)


def build_parser() -> argparse.ArgumentParser:
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
        "--today", metavar="YYYY-MM-DD", type=iso_day, help="the day to look from (default: today)"
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


def iso_day(text: str) -> dt.date:
    from secondchance.core.services.fields import parse_iso_date

    try:
        return parse_iso_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
