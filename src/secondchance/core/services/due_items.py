"""What is due, read with the standard library alone: the items, their buckets and actions.

The window's first look shows the Due view before SQLAlchemy is imported (``first_look.py``),
so what it needs lives here; ``due.py`` adds what reads or changes through the models
(settling and snoozing an item, people met at an event) and re-exports these names.
"""

from __future__ import annotations

import datetime as dt
import enum
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from secondchance.core.dates import medium_date
from secondchance.core.enums import ActivityStatus
from secondchance.core.services import cadence
from secondchance.core.services.driver_rows import rows, to_date
from secondchance.core.services.target_title import target_title

WEEK_DAYS = 7
_DUE = attrgetter("due")
EVENT_PROMPT_DAYS = 14
SNOOZE_CHOICES = (1, 3, 7, 14)


class Bucket(enum.Enum):
    overdue = "Overdue"
    today = "Today"
    week = "This week"

    @property
    def label(self) -> str:
        return str(self.value)


class Action(enum.Enum):
    """The one action that settles an item."""

    done = "Done"
    logged = "Logged"
    practised = "Practised"
    applied = "Applied again"

    @property
    def label(self) -> str:
        return str(self.value)


class DueItem(NamedTuple):
    # A named tuple, not a frozen dataclass: a busy week holds 12 000 items, and a frozen
    # dataclass sets each field through object.__setattr__ (twice the cost of the tuple).
    key: str  # stable across days: "follow_up:12", "contact:5", "event:3:5", …
    source: str  # follow_up | contact | event | practice | plan | eligible
    kind: str  # the record kind to open
    record_id: int
    title: str
    detail: str
    due: dt.date
    target_id: int | None  # None for shared records (contacts, events)
    target: str
    action: Action
    contact_id: int | None = None
    snoozable: bool = True

    def bucket(self, today: dt.date) -> Bucket:
        if self.due < today:
            return Bucket.overdue
        return Bucket.today if self.due == today else Bucket.week

    def as_json(self, today: dt.date) -> dict[str, object]:
        return {
            "key": self.key,
            "bucket": self.bucket(today).name,
            "due": self.due.isoformat(),
            "source": self.source,
            "title": self.title,
            "detail": self.detail,
            "target": self.target or None,
            "kind": self.kind,
            "id": self.record_id,
            "action": self.action.name,
        }


@dataclass(frozen=True)
class DueSummary:
    overdue: int
    today: int
    week: int

    @property
    def pressing(self) -> int:
        """What the app mentions on opening: overdue or due today."""
        return self.overdue + self.today


def _shorten(text: str | None, limit: int = 70) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _active_targets(conn: sqlite3.Connection) -> dict[int, str]:
    """Targets that can have something due: not archived, not kept for comparison."""
    found = conn.execute(
        "SELECT id, company, role, attempt, archived_on, previous_attempt_id FROM target"
    ).fetchall()
    kept = {row[5] for row in found if row[5] is not None}
    return {
        target_id: target_title({"company": company, "role": role, "attempt": attempt})
        for target_id, company, role, attempt, archived_on, _previous in found
        if archived_on is None and target_id not in kept
    }


def _in(ids: Iterable[int]) -> str:
    return ", ".join(str(int(i)) for i in ids)


def read_due_items(conn: sqlite3.Connection, today: dt.date) -> list[DueItem]:
    """``due_items`` read on ``conn``: plain rows, a fraction of the cost of model objects
    (every contact and conversation is read: 1.4 s as objects at 100 000 records)."""
    horizon = today + dt.timedelta(days=WEEK_DAYS)
    items: list[DueItem] = []
    active = _active_targets(conn)
    # What the cadence takes of each contact's conversations is worked out by SQL (the last
    # logged by today, the earliest follow-up not done): every contact is read, but of the
    # conversations only the follow-ups due by the horizon.
    contacts = rows(
        conn,
        "contact",
        "SELECT c.id, c.name, c.relationship, c.keep_in_touch_days, c.created_at,"
        " c.quiet_until,"
        " (SELECT max(i.date) FROM interaction AS i"
        "  WHERE i.contact_id = c.id AND i.date <= :today) AS last_logged,"
        " (SELECT min(i.follow_up_date) FROM interaction AS i"
        "  WHERE i.contact_id = c.id AND NOT coalesce(i.follow_up_done, 0)) AS follow_up"
        " FROM contact AS c ORDER BY c.id",
        {"today": today.isoformat()},
    )
    names = {c.id: c.name for c in contacts}
    for i in rows(
        conn,
        "interaction",
        "SELECT id, contact_id, date, follow_up_date, summary FROM interaction"
        " WHERE NOT coalesce(follow_up_done, 0) AND follow_up_date <= ? ORDER BY id",
        (horizon.isoformat(),),
    ):
        name = names.get(i.contact_id)
        if name is None:
            continue  # a conversation of no contact (only in a damaged file)
        when = f" (from {medium_date(i.date)})" if i.date else ""
        items.append(
            DueItem(
                key=f"follow_up:{i.id}",
                source="follow_up",
                kind="interaction",
                record_id=i.id,
                title=f"Follow up with {name}",
                detail=_shorten(i.summary) + when if i.summary else when.strip(),
                due=i.follow_up_date,
                target_id=None,
                target="",
                action=Action.done,
                contact_id=i.contact_id,
            )
        )

    for c in contacts:
        rhythm = cadence.cadence_from(
            c.relationship,
            c.keep_in_touch_days,
            to_date(c.last_logged),
            to_date(c.follow_up),
            # The day it was added, in UTC as stored (ISO text: the date comes first).
            to_date(c.created_at[:10]) if c.created_at else None,
            c.quiet_until,
        )
        if rhythm.reason == "cadence" and rhythm.next_due and rhythm.next_due <= horizon:
            last = rhythm.last_contact
            items.append(
                DueItem(
                    key=f"contact:{c.id}",
                    source="contact",
                    kind="contact",
                    record_id=c.id,
                    title=f"Get in touch with {c.name}",
                    detail=(
                        f"Last conversation {medium_date(last)}; every {rhythm.interval} days"
                        if last
                        else f"Added, with a reminder every {rhythm.interval} days"
                    ),
                    due=rhythm.next_due,
                    target_id=None,
                    target="",
                    action=Action.logged,
                    contact_id=c.id,
                )
            )

    quiet = {c.id: c.quiet_until for c in contacts}
    events = rows(
        conn,
        "event",
        "SELECT id, name, date FROM event WHERE date < ? AND date >= ? ORDER BY id",
        (today.isoformat(), (today - dt.timedelta(days=EVENT_PROMPT_DAYS)).isoformat()),
    )
    met: dict[int, list[int]] = defaultdict(list)
    last_talk: dict[int, dt.date | None] = {}
    if events:
        for event_id, contact_id in conn.execute(
            "SELECT event_id, contact_id FROM event_contact"
            f" WHERE event_id IN ({_in(e.id for e in events)})"
        ):
            met[event_id].append(contact_id)
        people = {person for persons in met.values() for person in persons}
        last_talk = {
            person: to_date(day)
            for person, day in conn.execute(
                "SELECT contact_id, max(date) FROM interaction"
                f" WHERE contact_id IN ({_in(people)}) GROUP BY contact_id"
            )
        }
    for event in events:
        assert event.date is not None
        for person_id in met[event.id]:
            talked = last_talk.get(person_id)
            if talked is not None and talked >= event.date:
                continue  # talked to since (or a conversation is planned)
            until = quiet.get(person_id)
            if until is not None and until > today:
                continue
            items.append(
                DueItem(
                    key=f"event:{event.id}:{person_id}",
                    source="event",
                    kind="event",
                    record_id=event.id,
                    title=f"Follow up with {names[person_id]}",
                    detail=(f"You met at {_shorten(event.name, 50)} on {medium_date(event.date)}"),
                    due=event.date + dt.timedelta(days=1),
                    target_id=None,
                    target="",
                    action=Action.logged,
                    contact_id=person_id,
                )
            )

    if active:
        targets = _in(active)
        questions = rows(
            conn,
            "question",
            "SELECT id, target_id, question, practice_due FROM question"
            f" WHERE target_id IN ({targets}) AND practice_due <= ?",
            (horizon.isoformat(),),
        )
        for q in questions:
            assert q.practice_due is not None
            items.append(
                DueItem(
                    key=f"practice:{q.id}",
                    source="practice",
                    kind="question",
                    record_id=q.id,
                    title=f"Practise “{_shorten(q.question, 60)}”",
                    detail="Answer it out loud, then say how it went",
                    due=q.practice_due,
                    target_id=q.target_id,
                    target=active[q.target_id],
                    action=Action.practised,
                )
            )
        activities = rows(
            conn,
            "learning_activity",
            "SELECT id, target_id, title, kind, status, due_date FROM learning_activity"
            f" WHERE target_id IN ({targets})"
            " AND status IN (?, ?) AND due_date <= ?",
            (
                ActivityStatus.planned.name,
                ActivityStatus.in_progress.name,
                horizon.isoformat(),
            ),
        )
        for a in activities:
            assert a.due_date is not None
            items.append(
                DueItem(
                    key=f"plan:{a.id}",
                    source="plan",
                    kind="activity",
                    record_id=a.id,
                    title=f"Finish “{_shorten(a.title, 60)}”",
                    detail=f"{a.kind.label}, {a.status.label.lower()}",
                    due=a.due_date,
                    target_id=a.target_id,
                    target=active[a.target_id],
                    action=Action.done,
                )
            )
        for t in rows(
            conn,
            "target",
            f"SELECT * FROM target WHERE id IN ({targets}) AND reapplied_on IS NULL"
            " AND eligible_date >= ? AND eligible_date <= ?",
            (today.isoformat(), horizon.isoformat()),
        ):
            assert t.eligible_date is not None
            days = (t.eligible_date - today).days
            items.append(
                DueItem(
                    key=f"eligible:{t.id}",
                    source="eligible",
                    kind="target",
                    record_id=t.id,
                    title="You can apply again"
                    + (" from today" if days == 0 else f" in {days} day{'s' * (days != 1)}"),
                    detail=f"Eligible from {medium_date(t.eligible_date)}",
                    due=t.eligible_date,
                    target_id=t.id,
                    target=active[t.id],
                    action=Action.applied,
                    snoozable=False,
                )
            )
    # Someone met at an event is asked after once, with the event's words, not twice.
    prompted = {item.contact_id for item in items if item.source == "event"}
    items = [i for i in items if not (i.source == "contact" and i.contact_id in prompted)]
    # Overdue, today, this week: the buckets follow the dates.
    return sorted(items, key=lambda d: (d.due, d.title.casefold(), d.key))


def summarise(items: list[DueItem], today: dt.date) -> DueSummary:
    # Counted by day (a week of 12 000 items falls on a handful of days), then by bucket.
    by_day = Counter(map(_DUE, items))
    return DueSummary(
        overdue=sum(n for day, n in by_day.items() if day < today),
        today=by_day.get(today, 0),
        week=sum(n for day, n in by_day.items() if day > today),
    )
