"""The questions due today, read in SQL, agree with ``is_due`` (the rule the list, the mock
draw and the Overview share) and come longest-waiting first."""

from __future__ import annotations

import datetime as dt
import random

from secondchance.core.db import Database
from secondchance.core.services import field_names as F
from secondchance.core.services import records
from secondchance.core.services.due_rules import is_due
from secondchance.core.services.practice import due_questions, practised_questions

TODAY = dt.date(2026, 6, 15)


def test_due_questions_agree_with_is_due_in_the_longest_waiting_order(db: Database) -> None:
    rng = random.Random(7)
    target = records.create_record(db, "target", {"company": "Contoso", "role": "Analyst"}).id
    other = records.create_record(db, "target", {"company": "Fabrikam", "role": "Analyst"}).id
    for i in range(60):
        owner = target if i % 5 else other
        due = None if rng.random() < 0.2 else TODAY + dt.timedelta(days=rng.randint(-20, 20))
        question = records.create_record(db, "question", {"question": f"Q{i}"}, owner).id
        records.update_record(db, "question", question, {F.question.practice_due: due})
        if rng.random() < 0.5:
            records.create_record(db, "practice", {F.practice.question_id: question}, owner)
            # Practice moves the due date: put back the one drawn, to cover every case.
            records.update_record(db, "question", question, {F.question.practice_due: due})

    rows = records.list_records(db, "question", target)
    practised = practised_questions(db, target)
    expected = sorted(
        (r for r in rows if is_due(r.values[F.question.practice_due], r.id in practised, TODAY)),
        key=lambda r: (r.values[F.question.practice_due] or TODAY, r.id),
    )
    dates = {r.id: r.values[F.question.practice_due] for r in rows}
    # Every case is there: practised and not, due before, on and after today, and no date.
    assert any(dates[i] is None for i in practised)
    assert any(dates[i] is not None and dates[i] > TODAY for i in practised)
    assert any(dates[i] is not None and dates[i] <= TODAY for i in practised)
    assert any(i not in practised for i in dates)
    found = due_questions(db, target, TODAY)
    assert found == [r.id for r in expected]
    assert 0 < len(found) < len(rows)
