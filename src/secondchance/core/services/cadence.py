"""Keep-in-touch cadence: when each contact is next due, counted from the last conversation.

The rules, as the Contacts list, the Due view, the calendar file and the CLI all apply them:

- **Interval.** The contact's own "keep in touch every N days" when set, otherwise a default
  by relationship (``DEFAULT_DAYS``): people who open doors for you now (a mentor, a
  referrer) every month; the recruiter and people working at the company every six weeks;
  a hiring manager or a peer every two months; an interviewer or anyone else every three.
- **Counted from the last logged interaction**, not from a fixed schedule: a conversation on
  any day restarts the interval.  Interactions dated after today are plans, not contact.
- **No conversation logged yet**: nobody is due by default (an imported address book must
  not turn into two hundred reminders); a contact with an interval set by hand is due that
  many days after being added.
- **An open follow-up is the plan.**  While an interaction's follow-up is not done, its date
  is when the contact is next due, whatever the cadence says.
- **Quiet until** (a snooze, or "she's on leave until June"): nothing is due before that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from secondchance.core.enums import Relationship

if TYPE_CHECKING:
    from secondchance.core import models as m

DEFAULT_DAYS: dict[Relationship, int] = {
    Relationship.mentor: 30,
    Relationship.referrer: 30,
    Relationship.recruiter: 45,
    Relationship.employee_at_target: 45,
    Relationship.hiring_manager: 60,
    Relationship.peer: 60,
    Relationship.interviewer: 90,
    Relationship.other: 90,
}
# "Due soon" in the list's wording: within this many days.
SOON_DAYS = 7


def interval_for(relationship: Relationship | None, keep_in_touch_days: int | None) -> int:
    if keep_in_touch_days:
        return int(keep_in_touch_days)
    return DEFAULT_DAYS.get(relationship or Relationship.other, 90)


class Interaction(NamedTuple):
    """What the cadence needs of one interaction (a tuple: a list of contacts makes one
    per conversation)."""

    date: dt.date | None
    follow_up_date: dt.date | None = None
    follow_up_done: bool = False


@dataclass(frozen=True)
class Cadence:
    interval: int
    last_contact: dt.date | None
    next_due: dt.date | None
    # Why it is due then: "cadence", "follow-up" (an open follow-up's date) or "" (not due).
    reason: str

    def days_left(self, today: dt.date) -> int | None:
        return (self.next_due - today).days if self.next_due is not None else None

    def overdue(self, today: dt.date) -> bool:
        return self.next_due is not None and self.next_due < today

    def text(self, today: dt.date) -> str:
        """The list's words for it (the colour alone never carries the meaning)."""
        days = self.days_left(today)
        if days is None:
            return "No conversation logged yet"
        what = "Follow-up" if self.reason == "follow-up" else "Get in touch"
        if days < 0:
            late = -days
            return f"Overdue by {late} day{'s' if late != 1 else ''}"
        if days == 0:
            return f"{what} today"
        if days == 1:
            return f"{what} tomorrow"
        return f"{what} in {days} days"


def cadence_of(
    relationship: Relationship | None,
    keep_in_touch_days: int | None,
    interactions: Iterable[Interaction],
    added_on: dt.date | None,
    quiet_until: dt.date | None,
    today: dt.date,
) -> Cadence:
    items = list(interactions)
    logged = [i.date for i in items if i.date is not None and i.date <= today]
    open_follow_ups = [
        i.follow_up_date for i in items if i.follow_up_date is not None and not i.follow_up_done
    ]
    return cadence_from(
        relationship,
        keep_in_touch_days,
        max(logged, default=None),
        min(open_follow_ups, default=None),
        added_on,
        quiet_until,
    )


def cadence_from(
    relationship: Relationship | None,
    keep_in_touch_days: int | None,
    last: dt.date | None,
    follow_up: dt.date | None,
    added_on: dt.date | None,
    quiet_until: dt.date | None,
) -> Cadence:
    """``cadence_of`` from what it takes of the interactions: the last one logged by today,
    and the earliest date of a follow-up not done (SQL can work both out per contact)."""
    interval = interval_for(relationship, keep_in_touch_days)
    next_due: dt.date | None
    if follow_up is not None:
        next_due, reason = follow_up, "follow-up"
    elif last is not None:
        next_due, reason = last + dt.timedelta(days=interval), "cadence"
    elif keep_in_touch_days and added_on is not None:
        next_due, reason = added_on + dt.timedelta(days=interval), "cadence"
    else:
        next_due, reason = None, ""
    if next_due is not None and quiet_until is not None and quiet_until > next_due:
        next_due = quiet_until
    return Cadence(interval, last, next_due, reason)


def contact_cadence(contact: m.Contact, today: dt.date) -> Cadence:
    """The cadence of a contact whose ``interactions`` are loaded."""
    return cadence_of(
        contact.relationship,
        contact.keep_in_touch_days,
        (Interaction(i.date, i.follow_up_date, i.follow_up_done) for i in contact.interactions),
        contact.created_at.date() if contact.created_at is not None else None,
        contact.quiet_until,
        today,
    )
