"""A calendar file (iCalendar, RFC 5545, written with ``icalendar``), not a calendar server.

What goes in: open follow-ups, events, development-plan due dates, the eligible date,
practice due dates and interview rounds — of targets that are not archived nor kept for
comparison (contacts and events are everyone's).  Every entry is an all-day event (the app
keeps dates, not times), with a **stable UID** made of what it is, the record's id and this
workspace's name: importing the file again into a calendar updates the entries instead of
adding copies, and a date that moved (a snoozed follow-up) moves in the calendar too.  An
optional VALARM reminds the person at 9:00, ``reminder_days`` before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import icalendar
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from secondchance.core import fileio
from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.interop.identity import workspace_namespace
from secondchance.core.services.kinds import TARGET

PRODID = "-//Second Chance//Reapplication plan//EN"
CALENDAR_NAME = "Second Chance"
REMINDER_HOUR = 9


@dataclass(frozen=True)
class Entry:
    uid_key: str  # what it is and which record: "followup-12", "eligible-3", …
    day: dt.date
    summary: str
    description: str = ""
    location: str = ""


def _title(t: m.Target) -> str:
    return TARGET.title({"company": t.company, "role": t.role, "attempt": t.attempt})


def _one_line(text: str | None, limit: int = 120) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def calendar_entries(db: Database) -> list[Entry]:
    entries: list[Entry] = []
    with db.transaction() as session:
        targets = list(session.scalars(select(m.Target)))
        kept = {t.previous_attempt_id for t in targets if t.previous_attempt_id is not None}
        active = {t.id: t for t in targets if t.archived_on is None and t.id not in kept}
        ids = list(active)

        follow_ups = session.execute(
            select(m.Interaction, m.Contact.name)
            .join(m.Contact, m.Contact.id == m.Interaction.contact_id)
            .where(
                m.Interaction.follow_up_done.is_(False), m.Interaction.follow_up_date.is_not(None)
            )
        )
        for interaction, name in follow_ups:
            assert interaction.follow_up_date is not None
            entries.append(
                Entry(
                    f"followup-{interaction.id}",
                    interaction.follow_up_date,
                    f"Follow up with {name}",
                    _one_line(interaction.summary, 500),
                )
            )
        for event in session.scalars(
            select(m.Event).options(selectinload(m.Event.contacts)).where(m.Event.date.is_not(None))
        ):
            assert event.date is not None
            people = ", ".join(c.name for c in event.contacts)
            described = [f"{event.kind.label} · {event.status.label}"]
            if event.organiser:
                described.append(f"Organised by {event.organiser}")
            if people:
                described.append(f"People met there: {people}")
            entries.append(
                Entry(
                    f"event-{event.id}",
                    event.date,
                    event.name,
                    "\n".join(described),
                    _one_line(event.location, 500),
                )
            )
        open_plan = (m.ActivityStatus.planned, m.ActivityStatus.in_progress)
        for a in session.scalars(
            select(m.LearningActivity).where(
                m.LearningActivity.target_id.in_(ids),
                m.LearningActivity.status.in_(open_plan),
                m.LearningActivity.due_date.is_not(None),
            )
        ):
            assert a.due_date is not None
            entries.append(
                Entry(
                    f"plan-{a.id}",
                    a.due_date,
                    f"Due: {_one_line(a.title)}",
                    f"{a.kind.label} for {_title(active[a.target_id])}",
                )
            )
        for q in session.scalars(
            select(m.Question).where(
                m.Question.target_id.in_(ids), m.Question.practice_due.is_not(None)
            )
        ):
            assert q.practice_due is not None
            entries.append(
                Entry(
                    f"practice-{q.id}",
                    q.practice_due,
                    f"Practise: {_one_line(q.question, 80)}",
                    f"Interview Prep for {_title(active[q.target_id])}",
                )
            )
        for r in session.scalars(
            select(m.InterviewRound).where(
                m.InterviewRound.target_id.in_(ids), m.InterviewRound.date.is_not(None)
            )
        ):
            assert r.date is not None
            entries.append(
                Entry(
                    f"round-{r.id}",
                    r.date,
                    f"Interview ({r.stage.label.lower()}): {_title(active[r.target_id])}",
                    _one_line(r.interviewers, 500),
                )
            )
        for t in active.values():
            if t.eligible_date is not None and t.reapplied_on is None:
                entries.append(
                    Entry(
                        f"eligible-{t.id}",
                        t.eligible_date,
                        f"Eligible to reapply: {_title(t)}",
                        "From today you may apply again.",
                    )
                )
    return sorted(entries, key=lambda e: (e.day, e.uid_key))


def to_ics(
    entries: Iterable[Entry],
    namespace: str,
    reminder_days: int | None = None,
    stamp: dt.datetime | None = None,
) -> bytes:
    if reminder_days is not None and not 0 <= reminder_days <= 60:
        raise ValueError("A reminder can be 0 to 60 days before")
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", f"{entry.uid_key}@{namespace}.secondchance")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + dt.timedelta(days=1))
        event.add("summary", entry.summary)
        if entry.description:
            event.add("description", entry.description)
        if entry.location:
            event.add("location", entry.location)
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
        if reminder_days is not None:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", entry.summary)
            alarm.add("trigger", dt.timedelta(days=-reminder_days, hours=REMINDER_HOUR))
            event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def export_calendar(db: Database, out: Path, reminder_days: int | None = None) -> int:
    """Write the calendar file (atomically); the number of entries."""
    entries = calendar_entries(db)
    data = to_ics(entries, workspace_namespace(db), reminder_days)
    fileio.write_bytes(Path(out), data)
    return len(entries)
