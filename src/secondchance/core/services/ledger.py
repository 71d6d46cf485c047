"""The growth ledger: what the company said → what I did about it → the proof.

For every feedback item of a target: the skills it points to, and for each skill the
development activities and experiences that work on it, with their status and evidence,
plus plain sentences about what is still open.  The Feedback tab shows it as a tree and
the packet prints it; both read this one structure, so they can't tell different stories.

The chain goes through skills on purpose (DESIGN: feedback ↔ skills, activities → skill,
experiences ↔ skills): linking evidence to a feedback item means linking both to a skill,
so the same course also shows up under the skill's gap and in the plan.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Literal, cast, overload

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secondchance.core import models as m
from secondchance.core.collation import text_sort_key
from secondchance.core.dates import medium_date
from secondchance.core.db import Database, StorageError, storage_message
from secondchance.core.services import driver_rows
from secondchance.core.services.attachments import display_name
from secondchance.core.services.record_rows import plain_rows
from secondchance.core.services.row_shape import Links, processor_of


@dataclass(frozen=True, slots=True)
class Evidence:
    kind: Literal["activity", "experience"]
    id: int
    title: str
    status: str  # "Planned", "In progress", "Done", "Dropped"; experiences "Ongoing"/"Done"
    done: bool
    dropped: bool
    date: dt.date | None  # completed_on / end_date
    proof: str | None  # evidence URL, attached file's display name, or the experience's URL


@dataclass(frozen=True, slots=True)
class LedgerSkill:
    id: int
    name: str
    required_level: int
    current_level: int
    importance: int
    gap: int  # max(required - current, 0)
    evidence: tuple[Evidence, ...]

    @property
    def done_evidence(self) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.done)


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    feedback_id: int
    received_on: dt.date | None
    source: str
    theme: str
    text: str
    status: str
    addressed: bool
    response: str | None
    round: str | None
    skills: tuple[LedgerSkill, ...]
    still_open: tuple[str, ...]  # plain sentences about what is still open

    @property
    def complete(self) -> bool:
        """Addressed, with nothing left open: the chain is whole."""
        return self.addressed and not self.still_open


class LedgerEntries(Sequence[LedgerEntry]):
    """A ledger's entries in order, each made the first time it is asked for.

    A target with 100 000 feedback items has 100 000 entries; the Feedback tab shows a
    screenful and the summary above it only needs to know which are complete, which is
    worked out for all of them from the rows (``complete``) without making any entry.
    """

    __slots__ = ("_made", "_make", "_order", "complete", "feedback_ids")

    def __init__(
        self,
        feedback_ids: Sequence[int],
        complete: Sequence[bool],
        make: Callable[[int], LedgerEntry],
        made: dict[int, LedgerEntry] | None = None,
        order: Sequence[int] | None = None,
    ) -> None:
        self.feedback_ids = feedback_ids  # of each entry, in order
        self.complete = complete  # of each entry: ``LedgerEntry.complete``, in order
        self._make = make  # makes the entry at a position of the whole ledger
        self._made = made if made is not None else {}  # shared with the ``where`` subsets
        self._order = order  # positions in the whole ledger (None: all of it)

    def __len__(self) -> int:
        return len(self.feedback_ids)

    @overload
    def __getitem__(self, index: int) -> LedgerEntry: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[LedgerEntry, ...]: ...

    def __getitem__(self, index: int | slice) -> LedgerEntry | tuple[LedgerEntry, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        position = index if self._order is None else self._order[index]
        entry = self._made.get(position)
        if entry is None:
            entry = self._made[position] = self._make(position)
        return entry

    def where(self, keep: Callable[[bool], bool]) -> LedgerEntries:
        """The entries whose completeness ``keep`` accepts, in the same order (an entry
        made for one serves both)."""
        chosen = [i for i, complete in enumerate(self.complete) if keep(complete)]
        ids, flags, base = self.feedback_ids, self.complete, self._order
        return LedgerEntries(
            [ids[i] for i in chosen],
            [flags[i] for i in chosen],
            self._make,
            self._made,
            chosen if base is None else [base[i] for i in chosen],
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LedgerEntries | tuple | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LedgerEntries({len(self)} entries)"


@dataclass(frozen=True, slots=True)
class Ledger:
    target_id: int
    entries: LedgerEntries

    @property
    def open_count(self) -> int:
        return sum(1 for complete in self.entries.complete if not complete)


def _levels(n: int) -> str:
    return f"{n} level" if n == 1 else f"{n} levels"


def _round_label(r: Any) -> str:  # a round's row (or model object)
    if r.date is None:
        return f"{r.stage.label} round"
    return f"{r.stage.label} round, {medium_date(r.date)}"


def _activity_evidence(a: Any) -> Evidence:  # an activity's row (or model object)
    proof = a.evidence_url or (display_name(a.evidence_file) if a.evidence_file else None)
    return Evidence(
        kind="activity",
        id=a.id,
        title=a.title,
        status=a.status.label,
        done=a.status is m.ActivityStatus.done,
        dropped=a.status is m.ActivityStatus.dropped,
        date=a.completed_on if a.status is m.ActivityStatus.done else a.due_date,
        proof=proof,
    )


def _experience_evidence(x: Any, today: dt.date) -> Evidence:
    done = x.end_date is not None and x.end_date <= today
    return Evidence(
        kind="experience",
        id=x.id,
        title=x.title,
        status="Done" if done else "Ongoing",
        done=done,
        dropped=False,
        date=x.end_date,
        proof=x.url,
    )


def _skill_still_open(skill: LedgerSkill) -> str | None:
    if skill.gap == 0:
        return None
    live = [e for e in skill.evidence if not e.dropped]
    level = f"level {skill.current_level} of {skill.required_level}"
    if not live:
        return f"{skill.name}: no plan yet ({level})."
    if not any(e.done for e in live):
        return f"{skill.name}: work under way, nothing finished yet ({level})."
    return f"{skill.name}: still {_levels(skill.gap)} short ({level})."


def _entry_still_open(
    feedback: Any, skills: tuple[LedgerSkill, ...], skill_notes: list[str | None]
) -> tuple[str, ...]:
    """``skill_notes``: ``_skill_still_open`` of each of ``skills``."""
    notes: list[str] = []
    if not skills:
        notes.append("No skill linked yet: link the skill this feedback points to.")
    notes.extend(note for note in skill_notes if note is not None)
    # The same rule as the readiness score's evidence: a completed activity, or any
    # experience (a side project under way already shows the skill in use).
    if skills and not any(e.done or e.kind == "experience" for s in skills for e in s.evidence):
        notes.append("No completed activity or experience to show as evidence yet.")
    if feedback.status is not m.FeedbackStatus.addressed:
        notes.append(f"Marked “{feedback.status.label}”, not addressed yet.")
    elif not (feedback.response or "").strip():
        notes.append("Marked addressed, but what was done isn't written down.")
    return tuple(notes)


def _evidence_order(e: Evidence) -> tuple[int, int, tuple[str, ...], str, int]:
    # Finished proof first (newest first), then work under way (soonest due), dropped last;
    # records alike in all that by kind and id, whatever order they were read in.
    rank = 0 if e.done else (2 if e.dropped else 1)
    day = (e.date or dt.date.max).toordinal()
    return (rank, -day if e.done else day, text_sort_key(e.title), e.kind, e.id)


def feedback_count(db: Database, target_id: int) -> int:
    """How many feedback items the target's ledger follows (one line each at the top)."""
    with db.transaction() as session:
        found = session.scalar(
            select(func.count()).select_from(m.Feedback).where(m.Feedback.target_id == target_id)
        )
    return int(found or 0)


def _rows(session: Session, table: str, names: str, where: str, *params: Any) -> list[Any]:
    """The columns ``names`` of ``table``'s rows that ``where`` selects, as attributes,
    converted as the models' are (``driver_rows``: the driver's rows, a batch at a time —
    the ledger is read beside the GUI thread).

    Only the columns the ledger reads: SQLAlchemy's result rows of every column
    (descriptions, notes) were a third of a ledger of 25 000 items with 18 000 pieces of
    evidence. In the session's own transaction, so they agree with its other reads.
    """
    connection = session.connection().connection.driver_connection
    sql = f"SELECT {', '.join(names.split())} FROM {table} WHERE {where}"
    try:
        return driver_rows.rows(cast(sqlite3.Connection, connection), table, sql, params)
    except sqlite3.OperationalError as exc:  # read as the session's own errors read
        raise StorageError(storage_message(exc)) from exc


def _pairs(session: Session, stmt: Any) -> list[tuple[int, int]]:
    # Two ids a row (integer key columns: SQLite hands back ints), 150 000 rows at 100 000
    # feedback items: the driver's own tuples, not result rows.
    return cast(list[tuple[int, int]], plain_rows(session, stmt))


def _converter(column: Any, dialect: Any) -> Callable[[Any], Any]:
    """The column's own conversion of a raw value (SQLAlchemy's), once per distinct value:
    100 000 feedback items share a few statuses, themes and days."""
    process = processor_of(column, dialect)
    if process is None:
        return lambda raw: raw
    seen: dict[Any, Any] = {}

    def convert(raw: Any) -> Any:
        try:
            return seen[raw]
        except KeyError:
            value = seen[raw] = process(raw)
            return value

    return convert


# What the ledger reads of each (``_rows``): see _activity_evidence, _experience_evidence,
# _round_label and build_ledger's skills.
_SKILL = "id name required_level current_level importance"
_ROUND = "id date stage"
_ACTIVITY = "id skill_id title status evidence_url evidence_file completed_on due_date"
_EXPERIENCE = "id title end_date url"

_FEEDBACK = ("id", "received_on", "source", "theme", "text", "status", "response", "round_id")


def _read_feedback(session: Session, target_id: int) -> list[tuple[Any, ...]]:
    """The target's feedback as the driver gives it (``_FEEDBACK``'s columns), in the
    ledger's order: by the day received, undated last, then as entered."""
    fb = m.Feedback.__table__
    stmt = (
        select(*(fb.c[name] for name in _FEEDBACK))
        .where(fb.c.target_id == target_id)
        .order_by(fb.c.id)  # the order of the target's index: nothing to sort
    )
    rows = plain_rows(session, stmt)
    # SQLAlchemy stores a day as ISO text, which sorts in the order of the days; sorting
    # here (stable, so by id within a day) is cheaper than SQLite's ORDER BY on wide rows.
    # Undated last: "\uffff" sorts after every ISO day, and plain strings sort fastest.
    rows.sort(key=lambda row: row[1] or "\uffff")
    return rows


def _read_first_feedback(session: Session, target_id: int, first: int) -> list[tuple[Any, ...]]:
    """The first ``first`` of ``_read_feedback``, in the same order, sorted by SQLite."""
    fb = m.Feedback.__table__
    stmt = (
        select(*(fb.c[name] for name in _FEEDBACK))
        .where(fb.c.target_id == target_id)
        .order_by(fb.c.received_on.is_(None), fb.c.received_on, fb.c.id)
        .limit(first)
    )
    return plain_rows(session, stmt)


def _marks(ids: Sequence[int]) -> str:
    return ", ".join("?" for _ in ids)


# A long ledger's first screenful (``build_ledger_head``): enough top lines to fill a tall
# window with their skills open.
HEAD = 50


def build_ledger(db: Database, target_id: int, today: dt.date | None = None) -> Ledger:
    """The ledger of one target, feedback in the order it was received.

    Its entries are made when asked for (``LedgerEntries``); which of them are complete is
    worked out here for all, from the rows and a few facts per skill.
    """
    return _build(db, target_id, today or dt.date.today(), None)


def build_ledger_head(
    db: Database, target_id: int, today: dt.date | None = None, first: int = HEAD
) -> Ledger:
    """The ledger's first ``first`` entries alone, each as ``build_ledger`` makes it: what a
    long ledger shows while the whole is read (only their skills and evidence are read)."""
    return _build(db, target_id, today or dt.date.today(), first)


def _build(db: Database, target_id: int, today: dt.date, first: int | None) -> Ledger:
    fb, exp = m.Feedback.__table__, m.Experience.__table__
    named: list[int] = []  # a head's: the skills its entries name
    skill_params: tuple[int, ...] = ()
    with db.transaction() as session:
        mine = "target_id = ?"
        if first is None:
            feedback = _read_feedback(session, target_id)
            feedback_skills = Links(
                _pairs(
                    session,
                    select(m.feedback_skill.c.feedback_id, m.feedback_skill.c.skill_id)
                    .join(fb, fb.c.id == m.feedback_skill.c.feedback_id)
                    .where(fb.c.target_id == target_id),
                ),
                {},
            )
            of_skills = linked_to = ""
        else:
            feedback = _read_first_feedback(session, target_id, first)
            ids = [row[0] for row in feedback]
            link = m.feedback_skill
            feedback_skills = Links(
                _pairs(
                    session,
                    select(link.c.feedback_id, link.c.skill_id).where(link.c.feedback_id.in_(ids)),
                ),
                {},
            )
            named = sorted({sid for fid in ids for sid in feedback_skills.ids(fid)})
            skill_params = tuple(named)
            of_skills = f" AND id IN ({_marks(named)})"
            linked_to = f" AND skill_id IN ({_marks(named)})"
        skills = {
            s.id: s
            for s in _rows(session, "skill", _SKILL, mine + of_skills, target_id, *skill_params)
        }
        rounds = {r.id: r for r in _rows(session, "interview_round", _ROUND, mine, target_id)}
        evidence: dict[int, list[Evidence]] = defaultdict(list)
        for activity in _rows(
            session,
            "learning_activity",
            _ACTIVITY,
            f"{mine} AND skill_id IS NOT NULL{linked_to}",
            target_id,
            *skill_params,
        ):
            evidence[activity.skill_id].append(_activity_evidence(activity))
        es = m.experience_skill
        if first is None:
            linked_experiences = _pairs(
                session,
                select(es.c.experience_id, es.c.skill_id)
                .join(exp, exp.c.id == es.c.experience_id)
                .where(exp.c.target_id == target_id),
            )
            wanted, experience_ids = "", []
        else:
            # By the skills' index; the target's own experiences are kept below (a join
            # through the target's experiences took 60 ms at 5 000 experiences).
            linked_experiences = _pairs(
                session, select(es.c.experience_id, es.c.skill_id).where(es.c.skill_id.in_(named))
            )
            experience_ids = sorted({e for e, _s in linked_experiences})
            wanted = f" AND id IN ({_marks(experience_ids)})"
        experiences = {
            x.id: x
            for x in _rows(
                session, "experience", _EXPERIENCE, mine + wanted, target_id, *experience_ids
            )
        }
        for experience_id, sid in linked_experiences:
            found = experiences.get(experience_id)
            if found is not None:
                evidence[sid].append(_experience_evidence(found, today))
    ledger_skills = {
        sid: LedgerSkill(
            id=s.id,
            name=s.name,
            required_level=s.required_level,
            current_level=s.current_level,
            importance=s.importance,
            gap=max(s.required_level - s.current_level, 0),
            evidence=tuple(sorted(evidence.get(sid, ()), key=_evidence_order)),
        )
        for sid, s in skills.items()
    }
    # Worked out once per skill and round, not once per feedback item that names them
    # (thousands of items share a few hundred skills).
    priority = {
        sid: (-s.gap * s.importance, text_sort_key(s.name)) for sid, s in ledger_skills.items()
    }
    skill_notes = {sid: _skill_still_open(s) for sid, s in ledger_skills.items()}
    round_labels = {rid: _round_label(r) for rid, r in rounds.items()}
    # What makes an entry complete (``_entry_still_open`` says nothing), per skill: no note
    # of its own, and proof (a completed activity, or any experience).
    settled = {sid: note is None for sid, note in skill_notes.items()}
    proven = {
        sid: any(e.done or e.kind == "experience" for e in s.evidence)
        for sid, s in ledger_skills.items()
    }
    addressed = m.FeedbackStatus.addressed
    dialect = db.engine.dialect
    day, feedback_source, feedback_theme, feedback_status = (
        _converter(fb.c[name], dialect) for name in ("received_on", "source", "theme", "status")
    )
    # The stored forms of "addressed" (one, as SQLAlchemy writes it), to test each item
    # without converting its status.
    done_as = {
        raw for raw in set(map(itemgetter(5), feedback)) if feedback_status(raw) is addressed
    }

    def is_complete(item: tuple[Any, ...]) -> bool:
        if not (item[6] or "").strip():
            return False
        linked = feedback_skills.ids(item[0])
        return (
            bool(linked)
            and all(settled[sid] for sid in linked)
            and any(proven[sid] for sid in linked)
        )

    def make(position: int) -> LedgerEntry:
        fid, received_on, source, theme, text, status, response, round_id = feedback[position]
        received_on, source, theme, status = (
            day(received_on),
            feedback_source(source),
            feedback_theme(theme),
            feedback_status(status),
        )
        linked_ids = sorted(feedback_skills.ids(fid), key=priority.__getitem__)
        linked = tuple(ledger_skills[sid] for sid in linked_ids)
        return LedgerEntry(
            feedback_id=fid,
            received_on=received_on,
            source=source.value,
            theme=theme.value,
            text=text,
            status=status.value,
            addressed=status is addressed,
            response=response,
            round=round_labels.get(round_id) if round_id is not None else None,
            skills=linked,
            still_open=_entry_still_open(
                _Said(status, response), linked, [skill_notes[i] for i in linked_ids]
            ),
        )

    complete = [False] * len(feedback)
    for position, item in enumerate(feedback):
        if item[5] in done_as:
            complete[position] = is_complete(item)
    entries = LedgerEntries(list(map(itemgetter(0), feedback)), complete, make)
    return Ledger(target_id=target_id, entries=entries)


@dataclass(frozen=True, slots=True)
class _Said:
    """What ``_entry_still_open`` reads of a feedback item."""

    status: m.FeedbackStatus
    response: str | None
