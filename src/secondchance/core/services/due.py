"""What is due, across all targets: overdue, today, and in the coming week.

Six sources, each with its own rule:

- **follow-ups**: an interaction's follow-up date, until it is marked done;
- **contacts due**: the keep-in-touch cadence (``cadence.py``), for contacts without an open
  follow-up (the follow-up is the plan for them);
- **people met at an event**: each person linked to an event is prompted for a follow-up
  from the day after the event, for ``EVENT_PROMPT_DAYS`` days, until a conversation with
  them is logged on or after the event's day;
- **practice due**: a question's ``practice_due`` date (the Interview Prep schedule);
- **plan items due**: development activities not done or dropped, by their due date;
- **the eligible date approaching**: in the coming week, until you have applied again.

Archived targets, and earlier attempts kept for comparison, have nothing due.  Each item
offers one action that settles it (done, logged, practised, applied) and, but for the
eligible date, a snooze; each is one list of changes, committed as one unit of work.

The reading itself is in ``due_items.py`` (no SQLAlchemy: the window's first look uses it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services.changes import Change, Create, Update
from secondchance.core.services.driver_rows import read_in
from secondchance.core.services.due_items import (
    EVENT_PROMPT_DAYS,
    SNOOZE_CHOICES,
    WEEK_DAYS,
    Action,
    Bucket,
    DueItem,
    DueSummary,
    read_due_items,
    summarise,
)

__all__ = [
    "EVENT_PROMPT_DAYS",
    "SNOOZE_CHOICES",
    "WEEK_DAYS",
    "Action",
    "Bucket",
    "DueItem",
    "DueSummary",
    "MetPerson",
    "due_items",
    "due_summary",
    "log_conversation",
    "open_follow_ups",
    "people_met",
    "read_due_items",
    "settle",
    "snooze",
    "summarise",
]


def due_items(db: Database, today: dt.date | None = None) -> list[DueItem]:
    """Everything due up to a week from ``today``, most pressing first."""
    day = today or dt.date.today()
    return read_in(db, lambda conn: read_due_items(conn, day))


def due_summary(db: Database, today: dt.date | None = None) -> DueSummary:
    today = today or dt.date.today()
    return summarise(due_items(db, today), today)


# --- settling an item: each is one list of changes, one unit of work ------------------


def log_conversation(
    contact_id: int,
    today: dt.date,
    channel: m.Channel = m.Channel.message,
    summary: str = "",
    follow_up_in_days: int | None = None,
    close_follow_ups: tuple[int, ...] = (),
) -> list[Change]:
    """The quick log: a conversation dated today, an optional follow-up in N days, and the
    open follow-ups it answers marked done — one unit of work."""
    values: dict[str, object] = {
        "contact_id": contact_id,
        "date": today,
        "channel": channel,
        "summary": summary.strip() or None,
    }
    if follow_up_in_days is not None:
        values["follow_up_date"] = today + dt.timedelta(days=follow_up_in_days)
    changes: list[Change] = [Create("interaction", values)]
    changes += [Update("interaction", i, {"follow_up_done": True}) for i in close_follow_ups]
    return changes


def open_follow_ups(db: Database, contact_id: int) -> list[tuple[int, dt.date, str]]:
    """A contact's follow-ups not done yet: (interaction id, follow-up date, summary)."""
    with db.transaction() as session:
        rows = session.scalars(
            select(m.Interaction)
            .where(
                m.Interaction.contact_id == contact_id,
                m.Interaction.follow_up_done.is_(False),
                m.Interaction.follow_up_date.is_not(None),
            )
            .order_by(m.Interaction.follow_up_date, m.Interaction.id)
        )
        return [(i.id, i.follow_up_date, i.summary or "") for i in rows if i.follow_up_date]


def settle(item: DueItem, today: dt.date) -> list[Change]:
    """The changes of the item's one action (done, logged, practised, applied)."""
    if item.source == "follow_up":
        return [Update("interaction", item.record_id, {"follow_up_done": True})]
    if item.source in ("contact", "event"):
        assert item.contact_id is not None
        return log_conversation(item.contact_id, today, m.Channel.message, "Got in touch")
    if item.source == "practice":
        # The practice kind's own rules move the question's schedule (Interview Prep).
        return [Create("practice", {"question_id": item.record_id, "practiced_on": today})]
    if item.source == "plan":
        return [Update("activity", item.record_id, {"status": m.ActivityStatus.done})]
    if item.source == "eligible":
        return [
            Update(
                "target",
                item.record_id,
                {
                    "reapplied_on": today,
                    "reapply_stage": m.ReapplyStage.applied,
                    "status": m.TargetStatus.reapplied,
                },
            )
        ]
    raise ValueError(f"unknown due item source {item.source!r}")


def snooze(item: DueItem, days: int, today: dt.date) -> list[Change]:
    """Remind again ``days`` from today: the item's own date moves where it has one; a
    contact is kept quiet until then."""
    if not item.snoozable:
        raise ValueError("The eligible date can't be snoozed: it passes by itself.")
    if not 1 <= days <= 365:
        raise ValueError("Snooze for 1 to 365 days")
    until = today + dt.timedelta(days=days)
    if item.source == "follow_up":
        return [Update("interaction", item.record_id, {"follow_up_date": until})]
    if item.source in ("contact", "event"):
        assert item.contact_id is not None
        return [Update("contact", item.contact_id, {"quiet_until": until})]
    if item.source == "practice":
        return [Update("question", item.record_id, {"practice_due": until})]
    if item.source == "plan":
        return [Update("activity", item.record_id, {"due_date": until})]
    raise ValueError(f"unknown due item source {item.source!r}")


@dataclass(frozen=True)
class MetPerson:
    contact_id: int
    name: str
    followed_up_on: dt.date | None  # the first conversation logged on or after the event
    prompt: bool  # the event is over and nothing is logged since: time to follow up


def people_met(db: Database, event_id: int, today: dt.date | None = None) -> list[MetPerson]:
    """Who the person met at an event, and whether each has been followed up since."""
    today = today or dt.date.today()
    with db.transaction() as session:
        event = session.get(m.Event, event_id, options=[selectinload(m.Event.contacts)])
        if event is None:
            return []
        people = [(c.id, c.name) for c in event.contacts]
        day = event.date
        since: dict[int, dt.date] = {}
        if day is not None and people:
            rows = session.execute(
                select(m.Interaction.contact_id, m.Interaction.date).where(
                    m.Interaction.contact_id.in_([p for p, _n in people]),
                    m.Interaction.date >= day,
                )
            )
            for contact_id, logged in rows:
                if logged is not None and (contact_id not in since or logged < since[contact_id]):
                    since[contact_id] = logged
    return [
        MetPerson(
            contact_id,
            name,
            since.get(contact_id),
            day is not None and day < today and contact_id not in since,
        )
        for contact_id, name in people
    ]
