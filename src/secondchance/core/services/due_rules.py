"""When something is late or due: the date rules lists, readiness and the Due page share.

No database here, so readiness's rules (and start-up's first look at the data, which runs
before SQLAlchemy is loaded) can ask them too.
"""

from __future__ import annotations

import datetime as dt

from secondchance.core.enums import ActivityStatus

_CLOSED = (ActivityStatus.done, ActivityStatus.dropped)


def _status(value: ActivityStatus | str) -> ActivityStatus:
    return value if isinstance(value, ActivityStatus) else ActivityStatus[value]


def is_open(status: ActivityStatus | str) -> bool:
    """Still to do: planned or in progress (not done, not dropped)."""
    return _status(status) not in _CLOSED


def is_overdue(status: ActivityStatus | str, due: dt.date | None, today: dt.date) -> bool:
    """Still to do and its due date has passed (the due day itself is not late yet)."""
    return due is not None and due < today and is_open(status)


def is_due(practice_due: dt.date | None, practised: bool, today: dt.date) -> bool:
    """Whether a question should be practised today: never practised, or due by today
    (a practised question without a due date, from before scheduling, is not due).

    The Interview Prep list, the mock interview's draw and the Overview's next actions and
    steps all ask this, so they agree on what is due.
    """
    return not practised or (practice_due is not None and practice_due <= today)


def days_overdue(practice_due: dt.date | None, today: dt.date) -> int:
    return max(0, (today - practice_due).days) if practice_due is not None else 0
