"""The Due view's contents on fixed dates, and each item's one action and snooze."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import selectinload

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import cadence, due, records, targets
from secondchance.core.services import field_names as F
from secondchance.core.services.due import Bucket

TODAY = dt.date(2026, 3, 10)  # a Tuesday
D = dt.date


def _world(db: Database) -> dict[str, int]:
    ids: dict[str, int] = {}
    a = targets.create_target(
        db, {"company": "Northwind", "role": "Analyst", "eligible_date": D(2026, 3, 14)}
    ).id
    b = targets.create_target(
        db, {"company": "Old Co", "role": "Analyst", "archived_on": D(2026, 1, 1)}
    ).id
    ids["a"], ids["b"] = a, b

    def activity(title: str, due_date: dt.date, target: int, **more: object) -> int:
        values = {"title": title, "due_date": due_date, **more}
        return records.create_record(db, "activity", values, target).id

    ids["plan_late"] = activity("SQL course", D(2026, 3, 8), a)
    ids["plan_week"] = activity("Tableau cert", D(2026, 3, 15), a)
    activity("Done already", D(2026, 3, 1), a, status=m.ActivityStatus.done)
    activity("Later", D(2026, 4, 1), a)
    activity("Archived target's", D(2026, 3, 9), b)
    ids["question"] = records.create_record(
        db, "question", {"question": "Why us, again?", "practice_due": TODAY}, a
    ).id
    records.create_record(db, "question", {"question": "Old", "practice_due": TODAY}, b)

    def contact(name: str, relationship: m.Relationship) -> int:
        return records.create_record(db, "contact", {"name": name, "relationship": relationship}).id

    ids["mentor"] = contact("Maya Mentor", m.Relationship.mentor)
    ids["recruiter"] = contact("Rob Recruiter", m.Relationship.recruiter)
    ids["peer"] = contact("Pat Peer", m.Relationship.peer)
    ids["quiet"] = contact("Quinn Quiet", m.Relationship.mentor)

    def talk(who: str, day: dt.date, **more: object) -> int:
        values = {"contact_id": ids[who], "date": day, **more}
        return records.create_record(db, "interaction", values).id

    talk("mentor", D(2026, 1, 1))
    ids["follow_up"] = talk(
        "recruiter", D(2026, 3, 1), summary="Asked about the team", follow_up_date=D(2026, 3, 12)
    )
    talk("peer", D(2026, 3, 5))
    talk("quiet", D(2025, 12, 1))
    records.update_record(db, "contact", ids["quiet"], {"quiet_until": D(2026, 4, 1)})
    ids["event"] = records.create_record(
        db,
        "event",
        {"name": "Data meetup", "date": D(2026, 3, 7), "contacts": [ids["peer"], ids["quiet"]]},
    ).id
    records.create_record(
        db, "event", {"name": "Long ago", "date": D(2026, 1, 2), "contacts": [ids["mentor"]]}
    )
    return ids


def test_the_due_view_on_a_fixed_day(db: Database) -> None:
    ids = _world(db)
    items = due.due_items(db, TODAY)
    shown = [(i.bucket(TODAY), i.due, i.title, i.target) for i in items]
    assert shown == [
        (Bucket.overdue, D(2026, 1, 31), "Get in touch with Maya Mentor", ""),
        (Bucket.overdue, D(2026, 3, 8), "Finish “SQL course”", "Northwind — Analyst"),
        (Bucket.overdue, D(2026, 3, 8), "Follow up with Pat Peer", ""),
        (Bucket.today, TODAY, "Practise “Why us, again?”", "Northwind — Analyst"),
        (Bucket.week, D(2026, 3, 12), "Follow up with Rob Recruiter", ""),
        (Bucket.week, D(2026, 3, 14), "You can apply again in 4 days", "Northwind — Analyst"),
        (Bucket.week, D(2026, 3, 15), "Finish “Tableau cert”", "Northwind — Analyst"),
    ]
    by_key = {i.key: i for i in items}
    assert by_key[f"event:{ids['event']}:{ids['peer']}"].detail.startswith("You met at Data")
    assert by_key[f"follow_up:{ids['follow_up']}"].detail.startswith("Asked about the team")
    summary = due.summarise(items, TODAY)
    assert (summary.overdue, summary.today, summary.week, summary.pressing) == (3, 1, 3, 4)
    # A week later the picture has moved on: the meetup prompt has not expired yet, the
    # eligible date has passed, the quiet contact is still quiet.
    later = D(2026, 3, 17)
    keys = {i.key for i in due.due_items(db, later)}
    assert f"eligible:{ids['a']}" not in keys
    assert f"event:{ids['event']}:{ids['peer']}" in keys
    assert not any(k.endswith(f":{ids['quiet']}") for k in keys)
    # And after two weeks the event no longer prompts; the cadence does the reminding.
    keys = {i.key for i in due.due_items(db, D(2026, 3, 22))}
    assert f"event:{ids['event']}:{ids['peer']}" not in keys


def test_nothing_due_in_an_empty_workspace(db: Database) -> None:
    assert due.due_items(db, TODAY) == []
    assert due.due_summary(db, TODAY).pressing == 0


def test_each_action_settles_its_item_in_one_unit_of_work(db: Database) -> None:
    _world(db)
    for item in due.due_items(db, TODAY):
        applied = records.apply_changes(db, due.settle(item, TODAY), TODAY)
        assert applied.changed
        left = {i.key for i in due.due_items(db, TODAY)}
        if item.source != "practice":
            assert item.key not in left, item.title
        else:
            # The practice is logged; moving the question's next date is the practice
            # kind's own rule (Interview Prep's scheduler), not the Due view's.
            sessions = records.list_records(db, "practice", parent_id=item.record_id)
            assert [s.values[F.practice.practiced_on] for s in sessions] == [TODAY]
            records.update_record(db, "question", item.record_id, {"practice_due": None})
    target = records.get_record(db, "target", _world_target(db))
    assert target.values[F.target.reapplied_on] == TODAY
    assert target.values[F.target.status] is m.TargetStatus.reapplied


def _world_target(db: Database) -> int:
    return next(t.id for t in targets.list_targets(db) if t.values["company"] == "Northwind")


@pytest.mark.parametrize("days", [1, 7])
def test_snooze_moves_each_item_out_of_the_way(db: Database, days: int) -> None:
    _world(db)
    for item in due.due_items(db, TODAY):
        if not item.snoozable:
            with pytest.raises(ValueError, match="can't be snoozed"):
                due.snooze(item, days, TODAY)
            continue
        records.apply_changes(db, due.snooze(item, days, TODAY), TODAY)
        again = {i.key: i for i in due.due_items(db, TODAY)}
        if item.key in again:
            assert again[item.key].due == TODAY + dt.timedelta(days=days), item.title
        else:
            assert item.source == "event"  # a quiet contact is not prompted


def test_quick_log_closes_the_follow_ups_it_answers(db: Database) -> None:
    ids = _world(db)
    open_ones = due.open_follow_ups(db, ids["recruiter"])
    assert [(i, d) for i, d, _s in open_ones] == [(ids["follow_up"], D(2026, 3, 12))]
    changes = due.log_conversation(
        ids["recruiter"],
        TODAY,
        m.Channel.call,
        "  Talked about the new team  ",
        follow_up_in_days=14,
        close_follow_ups=(ids["follow_up"],),
    )
    applied = records.apply_changes(db, changes, TODAY)
    row = applied.rows[0]
    assert row is not None
    assert row.values[F.interaction.summary] == "Talked about the new team"
    assert row.values[F.interaction.follow_up_date] == D(2026, 3, 24)
    assert due.open_follow_ups(db, ids["recruiter"])[0][1] == D(2026, 3, 24)
    assert len(applied.inverse) == 2  # one undo step puts both back


def test_snooze_refuses_a_silly_number_of_days(db: Database) -> None:
    _world(db)
    item = next(i for i in due.due_items(db, TODAY) if i.snoozable)
    with pytest.raises(ValueError, match="1 to 365"):
        due.snooze(item, 0, TODAY)


@pytest.mark.parametrize(
    "day", [D(2026, 3, 31), D(2026, 8, 31), D(2027, 1, 31), D(2028, 2, 29), dt.date.today()]
)
def test_the_sample_shows_each_kind_of_due_item(db: Database, day: dt.date) -> None:
    from secondchance.core.interop.sample import add_sample_target
    from secondchance.core.services import attempts, patterns

    add_sample_target(db, day)
    items = due.due_items(db, day)
    found = {(i.source, i.bucket(day)) for i in items}
    assert ("contact", Bucket.overdue) in found  # Łukasz, on a 40-day rhythm
    assert ("follow_up", Bucket.week) in found  # Søren's follow-up
    assert ("event", Bucket.overdue) in found  # Priya, met at the breakfast
    meetups = [e for e in records.list_records(db, "event") if e.values[F.event.contacts]]
    assert len(meetups) >= 2
    [archived] = [t for t in attempts.all_targets(db) if t.archived]
    assert archived.title == "Fabrikam Clinics — Junior Data Analyst"
    assert not any(i.target == archived.title for i in items)
    found_patterns = patterns.find_patterns(db)
    assert {p.label for p in found_patterns.themes} == {"Technical", "Experience"}
    assert [p.label for p in found_patterns.skills] == ["SQL (window functions)"]


# --- the reading in SQL against the cadence rules on the model objects --------------------

TALKS = st.lists(
    st.tuples(
        st.none() | st.integers(-200, 20),  # the conversation's day (ahead: a plan)
        st.none() | st.integers(0, 30),  # its follow-up, days after it (or from today)
        st.booleans(),  # the follow-up done
    ),
    max_size=4,
)
PEOPLE = st.lists(
    st.tuples(
        st.sampled_from(list(m.Relationship)),
        st.none() | st.integers(1, 60),  # keep in touch every N days
        st.none() | st.integers(-5, 30),  # quiet until
        TALKS,
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(people=PEOPLE)
def test_contacts_and_follow_ups_due_as_the_cadence_rules_say(
    db: Database, people: list[tuple[m.Relationship, int | None, int | None, list[Any]]]
) -> None:
    """What is due of contacts (SQL works out each one's last conversation and earliest
    open follow-up) is what ``cadence`` says of the model objects, and every open follow-up
    by the week's end is there once."""
    with db.transaction() as session:  # each example on its own contacts
        session.query(m.Interaction).delete()
        session.query(m.Contact).delete()
    for n, (relationship, every, quiet, talks) in enumerate(people):
        values: dict[str, Any] = {"name": f"P{n}", "relationship": relationship}
        if every is not None:
            values["keep_in_touch_days"] = every
        if quiet is not None:
            values["quiet_until"] = TODAY + dt.timedelta(days=quiet)
        contact = records.create_record(db, "contact", values).id
        for day, follow_up, done in talks:
            talk: dict[str, Any] = {"contact_id": contact, "follow_up_done": done}
            if day is not None:
                talk["date"] = TODAY + dt.timedelta(days=day)
            if follow_up is not None:
                after = day if day is not None else -20
                talk["follow_up_date"] = TODAY + dt.timedelta(days=after + follow_up)
            records.create_record(db, "interaction", talk)
    horizon = TODAY + dt.timedelta(days=7)
    expected: dict[str, dt.date] = {}
    with db.transaction() as session:
        contacts = session.scalars(
            sa.select(m.Contact).options(selectinload(m.Contact.interactions))
        ).all()
        for c in contacts:
            rhythm = cadence.contact_cadence(c, TODAY)
            if rhythm.reason == "cadence" and rhythm.next_due and rhythm.next_due <= horizon:
                expected[f"contact:{c.id}"] = rhythm.next_due
            for i in c.interactions:
                if not i.follow_up_done and i.follow_up_date and i.follow_up_date <= horizon:
                    expected[f"follow_up:{i.id}"] = i.follow_up_date
    found = [item for item in due.due_items(db, TODAY) if item.source in ("contact", "follow_up")]
    assert {item.key: item.due for item in found} == expected
    assert len(found) == len(expected)
