"""The documents a person hands over or studies: the packet, the brief, the Anki deck."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from secondchance.cli.common import find_target
from secondchance.cli.safety_commands import EXIT
from secondchance.cli.safety_commands import say as _say

if TYPE_CHECKING:
    from secondchance.core.db import Database


def packet(db: Database, args: argparse.Namespace) -> int:
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
        target_id = find_target(db, args.target)
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


def brief(db: Database, args: argparse.Namespace) -> int:
    from secondchance.core.packet import PacketError, build_brief, default_paper

    try:
        target_id = find_target(db, args.target)
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


def export_anki(db: Database, args: argparse.Namespace) -> int:
    from secondchance.core.interop import anki

    try:
        target_id = find_target(db, args.target)
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
