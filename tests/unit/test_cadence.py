"""Keep-in-touch cadence: counted from the last logged conversation, over a sequence of them."""

from __future__ import annotations

import datetime as dt

import pytest

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import cadence, records
from secondchance.core.services import field_names as F
from secondchance.core.services.cadence import Interaction, cadence_of

D = dt.date


def test_defaults_by_relationship_are_documented_and_complete() -> None:
    assert set(cadence.DEFAULT_DAYS) == set(m.Relationship)
    assert cadence.DEFAULT_DAYS[m.Relationship.mentor] == 30
    assert cadence.DEFAULT_DAYS[m.Relationship.recruiter] == 45
    assert cadence.DEFAULT_DAYS[m.Relationship.other] == 90
    doc = cadence.__doc__ or ""
    for words in ("mentor", "referrer", "recruiter", "hiring manager", "interviewer"):
        assert words in doc
    assert cadence.interval_for(m.Relationship.mentor, None) == 30
    assert cadence.interval_for(m.Relationship.mentor, 10) == 10


def test_each_conversation_restarts_the_interval() -> None:
    """A mentor (30 days), talked to on a sequence of days; checked after each one."""
    logged: list[Interaction] = []
    steps = [
        # (conversation on, checked on, next due, words)
        (D(2026, 1, 5), D(2026, 1, 5), D(2026, 2, 4), "Get in touch in 30 days"),
        (D(2026, 1, 20), D(2026, 2, 10), D(2026, 2, 19), "Get in touch in 9 days"),
        (D(2026, 3, 30), D(2026, 4, 29), D(2026, 4, 29), "Get in touch today"),
        (D(2026, 4, 2), D(2026, 5, 5), D(2026, 5, 2), "Overdue by 3 days"),
    ]
    for talked, today, due, words in steps:
        logged.append(Interaction(talked))
        c = cadence_of(m.Relationship.mentor, None, logged, D(2025, 12, 1), None, today)
        assert c.last_contact == talked
        assert c.next_due == due
        assert c.text(today) == words
        assert c.overdue(today) == (due < today)


def test_the_last_conversation_counts_not_the_last_entered() -> None:
    logged = [Interaction(D(2026, 3, 1)), Interaction(D(2026, 1, 1))]
    c = cadence_of(m.Relationship.recruiter, None, logged, None, None, D(2026, 3, 2))
    assert c.next_due == D(2026, 3, 1) + dt.timedelta(days=45)


def test_a_planned_conversation_is_not_contact_yet() -> None:
    logged = [Interaction(D(2026, 1, 1)), Interaction(D(2026, 6, 1))]
    c = cadence_of(m.Relationship.peer, None, logged, None, None, D(2026, 2, 1))
    assert c.last_contact == D(2026, 1, 1)
    assert c.next_due == D(2026, 3, 2)


def test_nobody_is_due_before_a_first_conversation_unless_asked() -> None:
    c = cadence_of(m.Relationship.other, None, [], D(2026, 1, 1), None, D(2026, 9, 1))
    assert c.next_due is None
    assert c.text(D(2026, 9, 1)) == "No conversation logged yet"
    asked = cadence_of(m.Relationship.other, 20, [], D(2026, 1, 1), None, D(2026, 9, 1))
    assert asked.next_due == D(2026, 1, 21)


def test_an_open_follow_up_is_the_plan_until_done() -> None:
    today = D(2026, 5, 1)
    talk = Interaction(D(2026, 1, 1), follow_up_date=D(2026, 5, 10))
    c = cadence_of(m.Relationship.mentor, None, [talk], None, None, today)
    assert (c.next_due, c.reason) == (D(2026, 5, 10), "follow-up")
    assert c.text(today) == "Follow-up in 9 days"
    done = Interaction(D(2026, 1, 1), follow_up_date=D(2026, 5, 10), follow_up_done=True)
    c = cadence_of(m.Relationship.mentor, None, [done], None, None, today)
    assert (c.next_due, c.reason) == (D(2026, 1, 31), "cadence")
    assert c.text(today) == "Overdue by 90 days"


def test_quiet_until_pushes_the_next_due_date() -> None:
    logged = [Interaction(D(2026, 1, 1))]
    c = cadence_of(m.Relationship.mentor, None, logged, None, D(2026, 3, 1), D(2026, 2, 15))
    assert c.next_due == D(2026, 3, 1)
    c = cadence_of(m.Relationship.mentor, None, logged, None, D(2026, 1, 10), D(2026, 2, 15))
    assert c.next_due == D(2026, 1, 31)


@pytest.mark.parametrize(("days", "words"), [(1, "tomorrow"), (-1, "Overdue by 1 day")])
def test_words_for_one_day(days: int, words: str) -> None:
    today = D(2026, 1, 31)
    c = cadence_of(
        m.Relationship.mentor,
        None,
        [Interaction(D(2026, 1, 1) + dt.timedelta(days))],
        None,
        None,
        today,
    )
    assert words in c.text(today)


def test_the_contacts_list_reads_the_cadence_from_logged_interactions(db: Database) -> None:
    today = dt.date.today()
    contact = records.create_record(
        db, "contact", {"name": "Dana", "relationship": m.Relationship.mentor}
    )
    assert contact.values[F.contact.keep_in_touch] == "No conversation logged yet"
    assert contact.values[F.contact.next_due] == ""
    for days_ago in (100, 40):
        records.create_record(
            db,
            "interaction",
            {"contact_id": contact.id, "date": today - dt.timedelta(days=days_ago)},
        )
    row = records.get_record(db, "contact", contact.id)
    assert row.values[F.contact.last_contact] == today - dt.timedelta(days=40)
    assert row.values[F.contact.next_due] == today - dt.timedelta(days=10)
    assert row.display[F.contact.keep_in_touch] == "Overdue by 10 days"
    assert "overdue" in row.search_text
    from secondchance.core.services.kinds import CONTACT

    assert CONTACT.row_tone is not None
    assert CONTACT.row_tone(row.values, today) == "warning"
    records.create_record(db, "interaction", {"contact_id": contact.id, "date": today})
    row = records.get_record(db, "contact", contact.id)
    assert row.values[F.contact.next_due] == today + dt.timedelta(days=30)
    assert CONTACT.row_tone(row.values, today) is None
