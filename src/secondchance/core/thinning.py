"""Which backups to keep: many recent ones, fewer as they age (in the spirit of Anki's).

A backup is kept when any of these holds (dates are UTC):

1. it is one of the 20 newest made in the last 48 hours;
2. it is the newest of its day, for each of the last 7 days;
3. it is the newest of its ISO week, for each of the last 8 weeks;
4. it is the newest of its month, for each of the last 12 months;
5. it is the newest made for its reason (``before-upgrade``, ``before-restore``,
   ``before-import``, …), at any age, so the last copy from before each kind of risky
   step survives however long ago it was;
6. it is dated after ``now`` (a clock that went back: we can't tell how old it is).

Everything else is deleted.  So a person who uses the app every day has about 30 backups
at any time, going back a year, and someone returning after months still finds the copy
from before their last upgrade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

RECENT_HOURS = 48
RECENT_MAX = 20
DAYS = 7
WEEKS = 8
MONTHS = 12


@dataclass(frozen=True)
class Candidate:
    key: str
    created_at: dt.datetime
    reason: str


def kept(candidates: Sequence[Candidate], now: dt.datetime) -> set[str]:
    """The keys of the candidates to keep (see the module docstring)."""
    newest_first = sorted(candidates, key=lambda c: (c.created_at, c.key), reverse=True)
    keep: set[str] = set()

    recent = [c for c in newest_first if now - c.created_at <= dt.timedelta(hours=RECENT_HOURS)]
    keep.update(c.key for c in recent[:RECENT_MAX])
    keep.update(c.key for c in newest_first if c.created_at > now)

    def newest_per(bucket: Callable[[dt.datetime], Hashable], horizon: dt.timedelta) -> None:
        seen: set[Hashable] = set()
        for candidate in newest_first:
            if candidate.created_at > now or now - candidate.created_at > horizon:
                continue
            label = bucket(candidate.created_at)
            if label not in seen:
                seen.add(label)
                keep.add(candidate.key)

    newest_per(lambda t: t.date(), dt.timedelta(days=DAYS))
    newest_per(lambda t: t.isocalendar()[:2], dt.timedelta(weeks=WEEKS))
    newest_per(lambda t: (t.year, t.month), dt.timedelta(days=31 * MONTHS))

    reasons: set[str] = set()
    for candidate in newest_first:
        if candidate.reason not in reasons:
            reasons.add(candidate.reason)
            keep.add(candidate.key)
    return keep
