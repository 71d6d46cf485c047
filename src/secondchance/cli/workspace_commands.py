"""export and import of the whole workspace (JSON), and one list as CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from secondchance.cli.common import counts, find_target, read_only_error, report
from secondchance.cli.safety_commands import EXIT
from secondchance.cli.safety_commands import say as _say

if TYPE_CHECKING:
    from secondchance.core.db import Database


def export(db: Database, args: argparse.Namespace) -> int:
    if args.format == "csv":
        return export_csv(db, args)
    from secondchance.core.interop import workspace

    try:
        summary = workspace.write_export(db, args.out)
    except (OSError, ValueError) as exc:
        _say(f"Could not export to {args.out}: {exc}", error=True)
        return EXIT.FAILED
    report(f"Exported {counts(summary)} to {args.out.resolve()}", summary.warnings)
    return EXIT.DONE


def export_csv(db: Database, args: argparse.Namespace) -> int:
    from secondchance.core.interop import csv_export

    names = csv_export.kind_names()
    if args.kind not in names:
        _say(f"Say which list to export with --kind, one of: {', '.join(names)}.", error=True)
        return EXIT.USAGE
    try:
        target_id = find_target(db, args.target) if args.target else None
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


def import_workspace_file(db: Database, args: argparse.Namespace, data_dir: Path) -> int:
    from secondchance.core import safety
    from secondchance.core.backup import BackupError
    from secondchance.core.db import StorageError
    from secondchance.core.interop import workspace

    if not args.dry_run:
        if db.read_only:
            raise read_only_error()
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
    report(line, notes)
    return EXIT.DONE
