"""The window's first look: what the window opens on, read with the standard library alone.

At start-up the window shows the person's data before SQLAlchemy, the models and the
services are imported (those take longer than everything the first look does): the target
selector, the header's figures, the Overview's figures and what is due.  Everything here
reads a read-only ``sqlite3`` connection through ``driver_rows``; the window is filled from
it, and the real opening (checks, migration, the models) follows at once.

Nothing is read when the file is not at the schema this build knows (a migration must run
first) or cannot be read: the caller then opens the data the usual way.  Tests keep each
figure equal to what the services read through the models.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from secondchance.core.backup import connect_readonly
from secondchance.core.change_mark import read_token
from secondchance.core.collation import text_sort_key
from secondchance.core.migrations.head import HEAD_REVISION
from secondchance.core.services import first_look_cache, readiness
from secondchance.core.services.driver_rows import read_in, rows
from secondchance.core.services.due_items import DueItem, read_due_items
from secondchance.core.services.readiness.load import read_facts
from secondchance.core.services.target_overview import (
    SHOWN_FIELDS,
    KindCount,
    TargetHeading,
    TargetOverview,
    days_to,
    shown_value,
)
from secondchance.core.services.target_title import target_title

if TYPE_CHECKING:
    from secondchance.core.db import Database

__all__ = [
    "COUNTED",
    "LARGEST",
    "FirstLook",
    "TargetLine",
    "choose_target",
    "keep_for_next_start",
    "read_first_look",
]

log = logging.getLogger(__name__)

# What the Overview counts per target, in its order: (kind, plural, the count's SQL with
# the target as ``:t``).  ``tests/unit/test_first_look.py`` keeps the kinds and plurals
# equal to ``kinds.KINDS`` and every count equal to ``targets.overview``.
_OF_TARGET = "SELECT count(*) FROM {} WHERE target_id = :t"
COUNTED: tuple[tuple[str, str, str], ...] = (
    ("round", "Rounds", _OF_TARGET.format("interview_round")),
    ("feedback", "Feedback", _OF_TARGET.format("feedback")),
    ("reflection", "Self-assessment", _OF_TARGET.format("reflection")),
    ("competency", "Competencies", _OF_TARGET.format("competency_rating")),
    ("skill", "Skills", _OF_TARGET.format("skill")),
    ("activity", "Development plan", _OF_TARGET.format("learning_activity")),
    ("experience", "Experience", _OF_TARGET.format("experience")),
    ("contact", "Contacts", "SELECT count(*) FROM contact"),
    ("interaction", "Interactions", "SELECT count(*) FROM interaction"),
    ("event", "Events", "SELECT count(*) FROM event"),
    ("resume", "Resume versions", _OF_TARGET.format("resume_version")),
    ("portfolio", "Portfolio", _OF_TARGET.format("portfolio_item")),
    ("cover_letter", "Cover letters", _OF_TARGET.format("cover_letter")),
    ("question", "Questions", _OF_TARGET.format("question")),
    (
        "practice",
        "Practice",
        "SELECT count(*) FROM practice_session AS p JOIN question AS q"
        " ON p.question_id = q.id WHERE q.target_id = :t",
    ),
    ("mock", "Mock interviews", _OF_TARGET.format("mock_interview")),
    ("journal", "Journal", _OF_TARGET.format("journal_entry")),
)
_COUNTS_SQL = "SELECT " + ", ".join(f"({sql})" for _kind, _plural, sql in COUNTED)

# Records (the chosen target's, and the contacts and conversations every target shares)
# beyond which the first look uses the figures kept when the window last closed
# (``first_look_cache``, 0.07 s at 100 000 records) while no record has changed since.
# Otherwise it reads them (0.6-0.7 s at 100 000 records on a 2-core machine): still half a
# second before the usual opening would show them, and the opening reuses what it read
# (ready at 100 000 records 1.6 -> 1.1 s, the data attached 0.1 s later).  A count, not a
# time: the same data always opens the same way.
LARGEST = 25_000


@dataclass(frozen=True)
class TargetLine:
    """A target as the selector lists it."""

    id: int
    title: str
    archived: bool


@dataclass(frozen=True)
class FirstLook:
    today: dt.date
    targets: list[TargetLine]  # every target, in the selector's order
    shown: list[TargetLine]  # those the selector shows
    target_id: int | None  # the one the window opens on
    overview: TargetOverview | None
    summary: readiness.Summary | None
    due: list[DueItem]


def choose_target(
    lines: Sequence[TargetLine], prefer: int | None, show_archived: bool
) -> tuple[list[TargetLine], int | None]:
    """The targets the selector shows, and the one chosen: ``prefer`` when it is there,
    else the first shown.  Archived targets stay out unless asked for (or chosen)."""
    active = [line for line in lines if not line.archived]
    shown = list(lines)
    if not show_archived and active:
        shown = [line for line in lines if not line.archived or line.id == prefer]
    if any(line.id == prefer for line in shown):
        return shown, prefer
    return shown, shown[0].id if shown else None


def read_target_lines(conn: sqlite3.Connection) -> list[TargetLine]:
    found = conn.execute(
        "SELECT id, company, role, attempt, archived_on FROM target ORDER BY id"
    ).fetchall()
    lines = [
        TargetLine(
            target_id,
            target_title({"company": company, "role": role, "attempt": attempt}),
            archived is not None,
        )
        for target_id, company, role, attempt, archived in found
    ]
    # As ``targets.list_targets`` orders them: by title, in the app's collation (equal
    # titles stay in id order: the sort is stable).
    return sorted(lines, key=lambda line: text_sort_key(line.title))


def read_overview(conn: sqlite3.Connection, target_id: int, today: dt.date) -> TargetOverview:
    """``targets.overview`` read on ``conn``."""
    found = rows(conn, "target", "SELECT * FROM target WHERE id = ?", (target_id,))
    if not found:
        raise LookupError("That target no longer exists (it may have been deleted).")
    target = found[0]
    values = {name: getattr(target, name) for name in SHOWN_FIELDS}
    heading = TargetHeading(
        target_id,
        target_title({"company": target.company, "role": target.role, "attempt": target.attempt}),
        values,
        {name: shown_value(value) for name, value in values.items()},
    )
    figures = conn.execute(_COUNTS_SQL, {"t": target_id}).fetchone()
    counts = [
        KindCount(kind, plural, int(n or 0))
        for (kind, plural, _sql), n in zip(COUNTED, figures, strict=True)
    ]
    return TargetOverview(heading, days_to(values["eligible_date"], today), counts)


def read_first_look(
    db_path: Path,
    today: dt.date,
    *,
    prefer: int | None,
    show_archived: bool,
    actions: int,
    last_target_key: str,
    kept_at: Path | None = None,
) -> FirstLook | None:
    """What the window opens on, or None when the usual opening must come first.

    ``prefer``: the target to open on, if the caller knows one; otherwise the one stored
    under ``last_target_key``.  ``kept_at``: the figures kept between sessions
    (``first_look_cache``), used past ``LARGEST`` records when still current (else
    the figures are read).
    """
    if not db_path.is_file():
        return None
    try:
        with contextlib.closing(connect_readonly(db_path)) as conn:
            version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            if version != [(HEAD_REVISION,)]:
                return None  # a migration first (or not our file): the usual opening says
            conn.execute("BEGIN")  # one snapshot for every reading
            if prefer is None:
                stored = conn.execute(
                    "SELECT value FROM app_setting WHERE key = ?", (last_target_key,)
                ).fetchone()
                value = stored[0] if stored else None
                prefer = int(value) if value and value.isdigit() else None
            lines = read_target_lines(conn)
            shown, chosen = choose_target(lines, prefer, show_archived)
            overview = summary = due = None
            if chosen is not None:
                overview = read_overview(conn, chosen, today)
                if sum(count.count for count in overview.counts) > LARGEST:
                    # Large: the figures kept at the last close, if nothing has changed since.
                    token = read_token(conn)
                    if token is not None and kept_at is not None:
                        kept = first_look_cache.load(kept_at, chosen, today, actions, token)
                        if kept is not None:
                            summary, due = kept.summary, kept.due
                if summary is None:
                    facts = read_facts(conn, chosen, today, actions)
                    summary = readiness.summary_of(facts, actions)
            if due is None:
                due = read_due_items(conn, today)
            return FirstLook(today, lines, shown, chosen, overview, summary, due)
    except (sqlite3.Error, LookupError, KeyError, ValueError):
        # Whatever stops it (a damaged file, a value the models would refuse) the usual
        # opening meets and explains; the first look only steps aside.
        log.debug("no first look", exc_info=True)
        return None


def keep_for_next_start(
    db: Database, kept_at: Path, target_id: int, today: dt.date, actions: int
) -> bool:
    """On closing: keep what the next start's first look needs for ``target_id`` at
    ``kept_at``, today and tomorrow, when it has more than ``LARGEST`` records (too many to
    read then) and what is kept there is not current already.  True when it was written."""
    days = (today, today + dt.timedelta(days=1))

    def work(conn: sqlite3.Connection) -> list[first_look_cache.Kept]:
        token = read_token(conn)
        if token is None:
            return []
        overview = read_overview(conn, target_id, today)
        if sum(count.count for count in overview.counts) <= LARGEST:
            return []  # the first look reads it itself
        if first_look_cache.is_current(kept_at, target_id, days, actions, token):
            return []
        found = [first_look_cache.work_out(conn, target_id, day, actions) for day in days]
        return [kept for kept in found if kept is not None]

    kept = read_in(db, work)
    if not kept:
        return False
    first_look_cache.store(kept_at, kept)
    return True
