"""A new resume version from the last one, with the experience bullets it doesn't have yet.

"New version from…" starts from a version's text and offers each experience's resume bullet
(with the skills it shows) that the text doesn't already carry; the person adds them with one
click each.  The result is always a new version: a sent version stays as it was sent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import field_names as F
from secondchance.core.services.changes import Create
from secondchance.core.text import fold

# A bullet counts as already there when this share of its words appears in order in the text
# (a reworded "for a food bank" or a changed figure still counts).
_PRESENT = 0.75
_HEADING = re.compile(
    r"^\s*#*\s*(?:work\s+)?(?:experience|employment|projects?|volunteer(?:ing)?|"
    r"relevant\s+experience|professional\s+experience)\s*:?\s*$",
    re.IGNORECASE,
)
_ANY_HEADING = re.compile(r"^\s*#*\s*[A-Z][\w &/'’-]{1,40}:?\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣–]|\d{1,2}[.)])\s+")
_VERSION = re.compile(r"\bv(\d{1,4})\b", re.IGNORECASE)


@dataclass(frozen=True)
class BulletOffer:
    experience_id: int
    title: str
    bullet: str
    skills: tuple[str, ...]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def contains_bullet(text: str, bullet: str) -> bool:
    """Whether ``text`` already says what ``bullet`` says (mostly the same words, in order)."""
    wanted = _words(bullet)
    if not wanted:
        return True
    have = _words(text)
    matcher = SequenceMatcher(None, wanted, have, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(wanted) >= _PRESENT


def offers(db: Database, target_id: int, text: str) -> list[BulletOffer]:
    """The target's experience bullets that ``text`` doesn't carry yet, newest first."""
    with db.transaction() as session:
        experiences = session.scalars(
            select(m.Experience)
            .where(m.Experience.target_id == target_id)
            .options(selectinload(m.Experience.skills))
        ).all()
        found = [
            BulletOffer(
                x.id,
                x.title,
                " ".join((x.resume_bullet or "").split()),
                tuple(s.name for s in x.skills),
            )
            for x in sorted(
                experiences,
                key=lambda x: (x.end_date or x.start_date or dt.date.max, x.id),
                reverse=True,
            )
            if (x.resume_bullet or "").strip()
        ]
    return [offer for offer in found if not contains_bullet(text, offer.bullet)]


def insertion_point(text: str) -> int:
    """Where a new bullet goes: after the last line of the first experience or projects
    section, else at the end."""
    lines = text.splitlines(keepends=True)
    position = 0
    in_section = False
    end_of_section: int | None = None
    for line in lines:
        start, position = position, position + len(line)
        stripped = line.strip()
        if _HEADING.match(line):
            in_section = True
            end_of_section = position
            continue
        if in_section:
            if (
                stripped
                and not _BULLET.match(line)
                and _ANY_HEADING.match(line)
                and (end_of_section is not None and end_of_section < start)
            ):
                break  # the next section's heading
            if stripped:
                end_of_section = position
    return len(text) if end_of_section is None else end_of_section


def add_bullet(text: str, bullet: str, at: int | None = None) -> tuple[str, int]:
    """``text`` with ``bullet`` added as a line of its own (at ``at``, else where
    ``insertion_point`` says); returns the new text and where the line ends."""
    at = insertion_point(text) if at is None else max(0, min(at, len(text)))
    before, after = text[:at], text[at:]
    line = f"- {' '.join(bullet.split())}"
    if before and not before.endswith("\n"):
        line = "\n" + line
    line += "\n"
    return before + line + after, len(before) + len(line)


def next_label(label: str, taken: Iterable[str]) -> str:
    """ "Reworked after feedback (v2)" → "Reworked after feedback (v3)" (past the highest
    number any version has); otherwise a " (new)" that no other version has."""
    names = {t.casefold() for t in taken}
    match = _VERSION.search(label)
    if match:
        numbers = [int(m.group(1)) for t in names for m in [_VERSION.search(t)] if m]
        number = max([int(match.group(1)), *numbers])
        while True:
            number += 1
            candidate = label[: match.start(1)] + str(number) + label[match.end(1) :]
            if candidate.casefold() not in names:
                return candidate
    candidate, n = f"{label} (new)", 2
    while candidate.casefold() in names:
        candidate, n = f"{label} (new {n})", n + 1
    return candidate


def new_version(
    target_id: int,
    label: str,
    text: str,
    based_on: str | None,
    added: Iterable[object] = (),
    today: dt.date | None = None,
) -> Create:
    """The change that adds the new version (never an edit of the one it started from)."""
    count = len(list(added))
    notes = f"Started from “{based_on}”." if based_on else "Started from scratch."
    if count:
        notes += f" Added {count} bullet{'s' if count != 1 else ''} from my experience."
    return Create(
        "resume",
        {
            F.resume.label: label,
            F.resume.created_on: today or dt.date.today(),
            F.resume.plain_text: text,
            F.resume.change_notes: notes,
        },
        target_id,
    )
