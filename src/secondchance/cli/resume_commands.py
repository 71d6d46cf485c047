"""The resume commands: keyword coverage, and JSON Resume in and out."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from secondchance.cli.common import find_target, report
from secondchance.cli.safety_commands import say as _say

if TYPE_CHECKING:
    from secondchance.core.db import Database


def coverage(db: Database, args: argparse.Namespace) -> int:

    from secondchance.core.services.coverage import CoverageUnavailable, coverage_for

    try:
        target_id = find_target(db, args.target)
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


def export_json_resume(db: Database, args: argparse.Namespace) -> int:
    from secondchance.core.interop import json_resume

    try:
        target_id = find_target(db, args.target)
        summary = json_resume.write_json_resume(db, target_id, args.out)
    except LookupError as exc:
        _say(str(exc.args[0] if exc.args else exc), error=True)
        return 1
    except (OSError, ValueError) as exc:
        _say(f"Could not export to {args.out}: {exc}", error=True)
        return 1
    _say(summary.sentence())
    return 0


def import_json_resume(db: Database, args: argparse.Namespace, data: object) -> int:
    from secondchance.core.interop import json_resume

    try:
        target_id = find_target(db, args.target)
        result = json_resume.import_json_resume(db, target_id, data, args.file.name)
    except LookupError as exc:
        _say(str(exc.args[0] if exc.args else exc), error=True)
        return 1
    except (OSError, ValueError) as exc:
        _say(f"Could not import {args.file}: {exc}\nYour data was not changed.", error=True)
        return 1
    report(f"{result.sentence()} (from {args.file})", result.notes)
    return 0


def json_resume_in(path: Path) -> object | None:
    """The parsed file when it is a JSON Resume (told by its content), else None."""
    from secondchance.core.interop import json_resume

    try:
        data = json_resume.read_file(path)
    except ValueError:
        return None  # not JSON at all: the workspace importer says why
    return data if json_resume.looks_like_json_resume(data) else None
