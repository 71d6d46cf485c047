"""Patterns across rejections: feedback themes, and skills named in feedback, that came up
for more than one target (each target is one rejection, an earlier attempt included)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

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


def _pattern(label: str, rows: list[tuple[m.Feedback, str]]) -> Pattern:
    titles = sorted({title for _f, title in rows}, key=text_sort_key)
    newest = sorted(rows, key=lambda r: (r[0].received_on is not None, r[0].received_on, r[0].id))
    examples = tuple(_quote(f.text) for f, _t in reversed(newest) if f.text.strip())[:EXAMPLES]
    unaddressed = sum(1 for f, _t in rows if f.status is not m.FeedbackStatus.addressed)
    return Pattern(label, tuple(titles), len(rows), unaddressed, examples)


def find_patterns(db: Database, recurs_from: int = RECURS_FROM) -> Patterns:
    with db.transaction() as session:
        targets = {
            t.id: TARGET.title({"company": t.company, "role": t.role, "attempt": t.attempt})
            for t in session.scalars(select(m.Target))
        }
        feedback = list(session.scalars(select(m.Feedback).order_by(m.Feedback.id)))
        links = session.execute(
            select(m.feedback_skill.c.feedback_id, m.Skill.name).join(
                m.Skill, m.Skill.id == m.feedback_skill.c.skill_id
            )
        ).all()
    by_theme: dict[m.FeedbackTheme, list[tuple[m.Feedback, str]]] = defaultdict(list)
    by_id = {f.id: f for f in feedback}
    for item in feedback:
        by_theme[item.theme].append((item, targets[item.target_id]))
    # Skills are per target: the same name (any case) in two targets is one skill twice.
    by_skill: dict[str, list[tuple[m.Feedback, str]]] = defaultdict(list)
    shown_name: dict[str, str] = {}
    for feedback_id, name in links:
        linked = by_id.get(feedback_id)
        if linked is None:
            continue
        key = " ".join(name.split()).casefold()
        shown_name.setdefault(key, name.strip())
        by_skill[key].append((linked, targets[linked.target_id]))

    def recurring(groups: dict[str, list[tuple[m.Feedback, str]]]) -> list[Pattern]:
        found = [_pattern(label, rows) for label, rows in groups.items()]
        found = [p for p in found if p.rejections >= recurs_from]
        return sorted(found, key=lambda p: (-p.rejections, -p.items, text_sort_key(p.label)))

    themes = recurring({theme.label: rows for theme, rows in by_theme.items()})
    skills = recurring({shown_name[key]: rows for key, rows in by_skill.items()})
    rejections = len({item.target_id for item in feedback})
    return Patterns(themes=themes, skills=skills, rejections=rejections)
