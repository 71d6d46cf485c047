"""What the Overview and the header show of one target: its name, key dates and one count per
kind.  Plain values, no SQLAlchemy: ``targets.overview`` reads them through the models, the
window's first look (``first_look.py``) with the standard library; a test keeps both equal.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from secondchance.core.dates import medium_date

# The target's fields the Overview shows beside its name.
KEY_FIELDS = ("first_interview_date", "rejection_date", "feedback_requested_on", "eligible_date")
SHOWN_FIELDS = (*KEY_FIELDS, "status")


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class TargetHeading:
    """A target as the Overview names it: ``values`` and ``display`` of ``SHOWN_FIELDS``."""

    id: int
    title: str
    values: Mapping[str, Any]
    display: Mapping[str, str]


@dataclass(frozen=True)
class TargetOverview:
    target: TargetHeading
    days_to_eligible: int | None
    counts: list[KindCount]

    @property
    def eligible_now(self) -> bool:
        return self.days_to_eligible is not None and self.days_to_eligible <= 0


def shown_value(value: Any) -> str:
    """How a date or a status reads (``fields.display_value`` for these two types)."""
    if isinstance(value, dt.date):
        return medium_date(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    return "" if value is None else str(value)


def days_to(eligible: Any, today: dt.date) -> int | None:
    return (eligible - today).days if isinstance(eligible, dt.date) else None
