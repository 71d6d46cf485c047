"""The calendar file: parsed back with icalendar, structurally valid, UIDs stable across
two exports, all-day dates, optional reminders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.interop import ics
from secondchance.core.services import attempts, records, targets

D = dt.date


def _world(db: Database) -> dict[str, int]:
    t = targets.create_target(
        db, {"company": "Northwind", "role": "Analyst", "eligible_date": D(2026, 6, 1)}
    ).id
    old = targets.create_target(
        db, {"company": "Old", "role": "Analyst", "eligible_date": D(2026, 5, 1)}
    ).id
    records.create_record(db, "activity", {"title": "Old plan", "due_date": D(2026, 4, 1)}, old)
    records.apply_changes(db, [attempts.archive(old, D(2026, 3, 1))])
    dana = records.create_record(db, "contact", {"name": "Dana Ełżbieta"}).id
    ids = {
        "target": t,
        "follow_up": records.create_record(
            db,
            "interaction",
            {
                "contact_id": dana,
                "date": D(2026, 3, 1),
                "follow_up_date": D(2026, 3, 8),
                "summary": "Send the dashboard; ask about Q2",
            },
        ).id,
        "done": records.create_record(
            db,
            "interaction",
            {
                "contact_id": dana,
                "date": D(2026, 2, 1),
                "follow_up_date": D(2026, 2, 8),
                "follow_up_done": True,
            },
        ).id,
        "event": records.create_record(
            db,
            "event",
            {
                "name": "Data meetup",
                "date": D(2026, 3, 20),
                "location": "Boston, MA",
                "contacts": [dana],
            },
        ).id,
        "plan": records.create_record(
            db, "activity", {"title": "Tableau cert", "due_date": D(2026, 4, 15)}, t
        ).id,
        "practice": records.create_record(
            db, "question", {"question": "Why us?", "practice_due": D(2026, 3, 11)}, t
        ).id,
        "round": records.create_record(
            db, "round", {"date": D(2026, 6, 20), "stage": m.RoundStage.technical}, t
        ).id,
    }
    return ids


def _events(data: bytes) -> dict[str, icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"] == ics.PRODID
    events = {}
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in event, required
        events[str(event["UID"]).split("@")[0]] = event
    return events


def test_the_calendar_holds_what_is_coming_as_all_day_events(db: Database, tmp_path: Path) -> None:
    ids = _world(db)
    out = tmp_path / "plan.ics"
    assert ics.export_calendar(db, out) == 6
    events = _events(out.read_bytes())
    assert set(events) == {
        f"followup-{ids['follow_up']}",
        f"event-{ids['event']}",
        f"plan-{ids['plan']}",
        f"practice-{ids['practice']}",
        f"round-{ids['round']}",
        f"eligible-{ids['target']}",
    }
    follow_up = events[f"followup-{ids['follow_up']}"]
    assert follow_up.decoded("DTSTART") == D(2026, 3, 8)  # a date: all-day
    assert follow_up.decoded("DTEND") == D(2026, 3, 9)
    assert str(follow_up["SUMMARY"]) == "Follow up with Dana Ełżbieta"
    assert str(follow_up["DESCRIPTION"]) == "Send the dashboard; ask about Q2"
    meetup = events[f"event-{ids['event']}"]
    assert str(meetup["LOCATION"]) == "Boston, MA"
    assert "People met there: Dana Ełżbieta" in str(meetup["DESCRIPTION"])
    assert str(events[f"round-{ids['round']}"]["SUMMARY"]) == (
        "Interview (technical): Northwind — Analyst"
    )
    assert not any(e.walk("VALARM") for e in events.values())


def test_uids_are_stable_across_two_exports_and_follow_a_moved_date(
    db: Database, tmp_path: Path
) -> None:
    ids = _world(db)
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    ics.export_calendar(db, first)
    records.update_record(db, "interaction", ids["follow_up"], {"follow_up_date": D(2026, 3, 15)})
    ics.export_calendar(db, second)
    before, after = _events(first.read_bytes()), _events(second.read_bytes())
    uids = lambda events: sorted(str(e["UID"]) for e in events.values())  # noqa: E731
    assert uids(before) == uids(after)
    assert len(set(uids(before))) == len(before)
    key = f"followup-{ids['follow_up']}"
    assert after[key].decoded("DTSTART") == D(2026, 3, 15)


def test_reminders_when_wanted(db: Database, tmp_path: Path) -> None:
    _world(db)
    out = tmp_path / "plan.ics"
    ics.export_calendar(db, out, reminder_days=1)
    for event in _events(out.read_bytes()).values():
        [alarm] = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == dt.timedelta(hours=-15)  # 9:00 the day before
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])
    with pytest.raises(ValueError, match="0 to 60"):
        ics.to_ics([], "ns", reminder_days=100)


def test_an_empty_workspace_gives_a_valid_empty_calendar(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "empty.ics"
    assert ics.export_calendar(db, out) == 0
    assert _events(out.read_bytes()) == {}


def test_an_unwritable_destination_says_so(db: Database, tmp_path: Path) -> None:
    _world(db)
    with pytest.raises(OSError):
        ics.export_calendar(db, tmp_path / "no such folder" / "plan.ics")
    assert not (tmp_path / "no such folder").exists()
