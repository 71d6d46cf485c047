"""Patterns count how far a theme or skill spreads before reading feedback whole: the same
answers as reading everything, for one target, for skills only, and for names written
differently."""

from __future__ import annotations

import datetime as dt

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import patterns, records, targets


def _feedback(db: Database, target: int, text: str, theme: m.FeedbackTheme, **more: object) -> int:
    values = {"text": text, "theme": theme, **more}
    return records.create_record(db, "feedback", values, target).id


def test_one_targets_feedback_is_no_pattern_however_much_there_is(db: Database) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    skill = records.create_record(db, "skill", {"name": "SQL"}, target).id
    for i in range(30):
        _feedback(db, target, f"Item {i}", m.FeedbackTheme.technical, skills=[skill])
    found = patterns.find_patterns(db)
    assert found.themes == [] and found.skills == []
    assert found.rejections == 1
    assert patterns.find_patterns(db, recurs_from=1).themes[0].items == 30
    other = targets.create_target(db, {"company": "Fabrikam", "role": "Analyst"}).id
    _feedback(db, other, "Elsewhere", m.FeedbackTheme.communication)
    assert patterns.feedback_count(db) == 31  # every target's: what may be read


def test_a_skill_named_differently_recurs_when_the_themes_do_not(db: Database) -> None:
    first = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    second = targets.create_target(db, {"company": "Fabrikam", "role": "Analyst"}).id
    sql_a = records.create_record(db, "skill", {"name": "SQL"}, first).id
    sql_b = records.create_record(db, "skill", {"name": "  sql "}, second).id
    _feedback(db, first, "Joins were shaky", m.FeedbackTheme.technical, skills=[sql_a])
    _feedback(db, second, "Explain it simply", m.FeedbackTheme.communication, skills=[sql_b])
    found = patterns.find_patterns(db)
    assert found.themes == []
    [sql] = found.skills
    assert sql.label == "SQL" and sql.rejections == 2 and sql.items == 2


def test_examples_are_the_three_newest_words_said(db: Database) -> None:
    first = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    second = targets.create_target(db, {"company": "Fabrikam", "role": "Analyst"}).id
    day = dt.date(2026, 3, 1)
    for i, target in enumerate([first, second, first, second, first]):
        _feedback(
            db,
            target,
            f"Said {i}",
            m.FeedbackTheme.technical,
            received_on=day + dt.timedelta(days=i),
            status=m.FeedbackStatus.addressed if i == 0 else m.FeedbackStatus.open,
        )
    [technical] = patterns.find_patterns(db).themes
    assert technical.examples == ("Said 4", "Said 3", "Said 2")
    assert technical.items == 5 and technical.open == 4
