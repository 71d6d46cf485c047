"""Entry point: parse the command line, then open the window or run a command.

Commands that need no window (sample, export, import, packet, brief) never import Qt.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from secondchance import APP_NAME, __version__
from secondchance.cli.parser import parse_arguments
from secondchance.cli.safety_commands import EXIT
from secondchance.cli.safety_commands import say as _say
from secondchance.paths import DataPaths, resolve_data_dir

if TYPE_CHECKING:
    from PySide6.QtCore import QLockFile


log = logging.getLogger("secondchance")


# --- resume commands (JSON Resume export, keyword coverage) -------------------------------


_WRITING = ("sample", "import", "restore", "salvage")


def run_command(args: argparse.Namespace, data_dir: Path) -> int:
    """Run one command; every condition a person can cause becomes a sentence and a code."""
    from secondchance.cli.safety_commands import Busy
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
    from secondchance.cli.safety_commands import lock_for_writing

    return lock_for_writing(data_dir, command)


def _dispatch(args: argparse.Namespace, data_dir: Path, *, locked: bool) -> int:
    from secondchance.cli import (
        network_commands,
        packet_commands,
        resume_commands,
        workspace_commands,
    )
    from secondchance.cli import safety_commands as cli_safety
    from secondchance.cli.common import open_db, read_only_error
    from secondchance.core import safety

    if args.command == "backups":
        return cli_safety.backups_command(data_dir, args)
    if args.command == "restore":
        return cli_safety.restore_command(data_dir, args.backup)
    if args.command == "salvage":
        return cli_safety.salvage_command(data_dir)
    if args.command == "backup":
        return cli_safety.backup_command(data_dir, locked)
    db = open_db(data_dir)
    try:
        if locked and not db.read_only:
            safety.tidy_up(data_dir)
        if args.command == "sample":
            from secondchance.core.interop.sample import add_sample_target

            if db.read_only:
                raise read_only_error()
            target_id = add_sample_target(db)
            _say(f"Added the sample target (id {target_id}) to {data_dir}")
            return EXIT.DONE
        if args.command == "packet":
            return packet_commands.packet(db, args)
        if args.command == "coverage":
            return resume_commands.coverage(db, args)
        if args.command == "brief":
            return packet_commands.brief(db, args)
        if args.command == "export" and args.format == "json-resume":
            return resume_commands.export_json_resume(db, args)
        if args.command == "export" and args.format in ("anki", "anki-tsv"):
            return packet_commands.export_anki(db, args)
        if args.command == "due":
            return network_commands.due(db, args)
        if args.command == "export" and args.format in ("vcard", "ics"):
            return network_commands.export_network(db, args)
        if args.command == "import" and args.file.suffix.lower() in network_commands.VCARD_SUFFIXES:
            if db.read_only:
                raise read_only_error()
            return network_commands.import_vcards(db, args.file)
        if args.command == "import":
            resume = resume_commands.json_resume_in(args.file)
            if resume is not None:
                if db.read_only:
                    raise read_only_error()
                return resume_commands.import_json_resume(db, args, resume)
        if args.command == "export":
            return workspace_commands.export(db, args)
        if args.command == "import":
            return workspace_commands.import_workspace_file(db, args, data_dir)
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
    args = parse_arguments(argv)
    data_dir = resolve_data_dir(args.data_dir)
    paths = DataPaths(data_dir)
    try:
        paths.ensure()
    except OSError as exc:
        _say(f"The data folder {data_dir} can't be created or used: {exc.strerror}", error=True)
        return EXIT.USAGE
    if os.name == "posix":
        os.umask(0o077)  # whatever this process creates is the person's alone

    def tidy_writes() -> None:
        from secondchance.core import fileio

        if paths.writable():
            # Temporary files of writes that were cut off (kill -9, power cut), wherever
            # they were; before this process writes anything.
            fileio.keep_journal(paths.pending_writes)
            fileio.sweep_journal(paths.pending_writes)

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
        tidy_writes()
        start_logging()
        return run_command(args, data_dir)
    missing = no_display_message()
    if missing:
        tidy_writes()
        start_logging()
        log.error("no display: %s", missing)
        _say(missing, error=True)
        return EXIT.NO_DISPLAY
    from secondchance.ui.app import run_gui, run_smoke_test

    if args.smoke_test:
        tidy_writes()
        start_logging()
        return run_smoke_test(data_dir)

    # The window tidies and logs from its first paint on (nothing is written before the
    # data opens): the journal's sweep and the log file's set-up (logging.handlers brings
    # socket, pickle and threading queues) are not worth a later first paint.
    def after_first_paint() -> None:
        tidy_writes()
        start_logging()

    return run_gui(data_dir, after_first_paint)


if __name__ == "__main__":
    sys.exit(main())
