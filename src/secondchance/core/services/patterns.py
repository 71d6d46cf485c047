"""Patterns across rejections: feedback themes, and skills named in feedback, that came up
for more than one target (each target is one rejection, an earlier attempt included)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from secondchance.core import models as m
from secondchance.core.collation import text_sort_key
from secondchance.core.db import Database
from secondchance.core.services.kinds import TARGET

# A theme "recurs" when feedback for at least this many targets names it.
RECURS_FROM = 2
EXAMPLES = 3


@dataclass(frozen=True)
class Pattern:
    label: str  # the theme's label, or the skill's name
    targets: tuple[str, ...]  # the rejections it came up in, by target title
    items: int  # feedback items
    open: int  # of which not addressed yet
    examples: tuple[str, ...]  # a few of the words said, newest first

    @property
    def rejections(self) -> int:
        return len(self.targets)


@dataclass(frozen=True)
class Patterns:
    themes: list[Pattern]
    skills: list[Pattern]
    rejections: int  # targets with any feedback


def _quote(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 90 else line[:89] + "…"


class _Said(NamedTuple):
    """The few columns of a feedback item a pattern reads (plain rows: no ORM objects)."""

    id: int
    target_id: int
    theme: m.FeedbackTheme
    status: m.FeedbackStatus
    received_on: dt.date | None
    text: str


def _pattern(label: str, rows: list[tuple[_Said, str]]) -> Pattern:
    titles = sorted({title for _f, title in rows}, key=text_sort_key)
    newest = sorted(rows, key=lambda r: (r[0].received_on is not None, r[0].received_on, r[0].id))
    said = (f.text for f, _t in reversed(newest) if f.text.strip())
    examples = tuple(_quote(text) for text in islice(said, EXAMPLES))
    unaddressed = sum(1 for f, _t in rows if f.status is not m.FeedbackStatus.addressed)
    return Pattern(label, tuple(titles), len(rows), unaddressed, examples)


def _skill_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _anything_may_recur(session: Session, recurs_from: int) -> bool:
    """Whether a theme or a skill name comes up for ``recurs_from`` targets or more, counted
    in SQL (a row per theme, and per skill name and target) before feedback is read whole:
    with one target's 50,000 items, nothing recurs and nothing more need be read.  Targets
    are counted by id, so two with one title still pass here and are merged afterwards."""
    f, link = m.Feedback, m.feedback_skill
    spread = session.scalars(select(func.count(distinct(f.target_id))).group_by(f.theme))
    if any(count >= recurs_from for count in spread):
        return True
    named = session.execute(
        select(m.Skill.name, f.target_id)
        .distinct()
        .join(link, link.c.skill_id == m.Skill.id)
        .join(f, f.id == link.c.feedback_id)
    )
    by_key: dict[str, set[int]] = defaultdict(set)
    for name, target_id in named:
        by_key[_skill_key(name)].add(target_id)
    return any(len(targets) >= recurs_from for targets in by_key.values())


def feedback_count(db: Database) -> int:
    """How many feedback items ``find_patterns`` may read (every target's): a window decides
    by it whether the patterns are looked for where it is or off the GUI thread."""
    with db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(m.Feedback)) or 0)


def find_patterns(db: Database, recurs_from: int = RECURS_FROM) -> Patterns:
    f = m.Feedback
    with db.transaction() as session:
        if not _anything_may_recur(session, recurs_from):
            rejections = session.scalar(select(func.count(distinct(f.target_id))))
            return Patterns(themes=[], skills=[], rejections=rejections or 0)
        t = m.Target
        targets = {
            row.id: TARGET.title({"company": row.company, "role": row.role, "attempt": row.attempt})
            for row in session.execute(select(t.id, t.company, t.role, t.attempt))
        }
        feedback = [
            _Said(*row)
            for row in session.execute(
                select(f.id, f.target_id, f.theme, f.status, f.received_on, f.text).order_by(f.id)
            )
        ]
        links = session.execute(
            select(m.feedback_skill.c.feedback_id, m.Skill.name).join(
                m.Skill, m.Skill.id == m.feedback_skill.c.skill_id
            )
        ).all()
    by_theme: dict[m.FeedbackTheme, list[tuple[_Said, str]]] = defaultdict(list)
    by_id = {item.id: item for item in feedback}
    for item in feedback:
        by_theme[item.theme].append((item, targets[item.target_id]))
    # Skills are per target: the same name (any case) in two targets is one skill twice.
    by_skill: dict[str, list[tuple[_Said, str]]] = defaultdict(list)
    shown_name: dict[str, str] = {}
    for feedback_id, name in links:
        linked = by_id.get(feedback_id)
        if linked is None:
            continue
        key = _skill_key(name)
        shown_name.setdefault(key, name.strip())
        by_skill[key].append((linked, targets[linked.target_id]))

    def recurring(groups: dict[str, list[tuple[_Said, str]]]) -> list[Pattern]:
        # Counted before anything is built: most groups come from one target and are dropped.
        found = [
            _pattern(label, rows)
            for label, rows in groups.items()
            if len({f.target_id for f, _t in rows}) >= recurs_from
        ]
        found = [p for p in found if p.rejections >= recurs_from]  # two targets, one title
        return sorted(found, key=lambda p: (-p.rejections, -p.items, text_sort_key(p.label)))

    themes = recurring({theme.label: rows for theme, rows in by_theme.items()})
    skills = recurring({shown_name[key]: rows for key, rows in by_skill.items()})
    rejections = len({item.target_id for item in feedback})
    return Patterns(themes=themes, skills=skills, rejections=rejections)
