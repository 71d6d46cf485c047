"""The target's whole life: archived when it is over, the reapplication and its outcome, and a
next attempt that starts from the one before.

A next attempt is a new target (same company and role, attempt number one higher) that
carries what the person built — the skills with their current levels, the interview
questions with their answers, the contacts — while the earlier attempt is archived and kept
as it was for comparison (``kept.py``).  Starting it is one unit of work, undone in one step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from secondchance.core import models as m
from secondchance.core.collation import text_sort_key
from secondchance.core.db import Database
from secondchance.core.services.changes import Applied, Delete, Update
from secondchance.core.services.fields import ValidationError
from secondchance.core.services.kind_rules import later_attempt
from secondchance.core.services.kinds import TARGET
from secondchance.core.services.record_rows import RecordNotFound, get_row

# What a next attempt carries from the one before, by table.
CARRIED = ("skill", "question")
# Columns a carried row never copies: its identity (id, uuid: a copy is a new record), its
# owner, its own times, and the scheduler's memory (a new attempt practises afresh).
_NOT_COPIED = {"id", "uuid", "target_id", "created_at", "updated_at", "practice_state"}


@dataclass(frozen=True)
class TargetSummary:
    """One target as the "All targets" list and the command line show it."""

    id: int
    title: str
    attempt: int
    status: m.TargetStatus
    rejection_date: dt.date | None
    eligible_date: dt.date | None
    reapplied_on: dt.date | None
    reapply_stage: m.ReapplyStage
    outcome: m.ReapplyOutcome
    outcome_on: dt.date | None
    archived_on: dt.date | None
    previous_id: int | None
    later_id: int | None

    @property
    def archived(self) -> bool:
        return self.archived_on is not None

    @property
    def kept(self) -> bool:
        """A later attempt started from this one: it is read-only, for comparison."""
        return self.later_id is not None


def _summary(t: m.Target, later: dict[int, int]) -> TargetSummary:
    return TargetSummary(
        id=t.id,
        title=TARGET.title({"company": t.company, "role": t.role, "attempt": t.attempt}),
        attempt=t.attempt or 1,
        status=t.status,
        rejection_date=t.rejection_date,
        eligible_date=t.eligible_date,
        reapplied_on=t.reapplied_on,
        reapply_stage=t.reapply_stage,
        outcome=t.outcome,
        outcome_on=t.outcome_on,
        archived_on=t.archived_on,
        previous_id=t.previous_attempt_id,
        later_id=later.get(t.id),
    )


def all_targets(db: Database) -> list[TargetSummary]:
    """Every target, archived ones too, sorted by title."""
    with db.transaction() as session:
        rows = list(session.scalars(select(m.Target)))
        later = {t.previous_attempt_id: t.id for t in rows if t.previous_attempt_id is not None}
        summaries = [_summary(t, later) for t in rows]
    return sorted(summaries, key=lambda s: (text_sort_key(s.title), s.id))


def summary(db: Database, target_id: int) -> TargetSummary:
    with db.transaction() as session:
        target = session.get(m.Target, target_id)
        if target is None:
            raise RecordNotFound(TARGET, target_id)
        later = later_attempt(session, target_id)
        return _summary(target, {target_id: later.id} if later is not None else {})


def archive(target_id: int, today: dt.date) -> Update:
    return Update("target", target_id, {"archived_on": today})


def unarchive(target_id: int) -> Update:
    return Update("target", target_id, {"archived_on": None})


@dataclass(frozen=True)
class Carried:
    skills: int
    questions: int
    contacts: int


def carried(db: Database, target_id: int) -> Carried:
    """What a next attempt would carry from ``target_id`` (for the question asked first)."""
    with db.transaction() as session:

        def count(table: Table, column: str) -> int:
            stmt = select(func.count()).select_from(table).where(table.c[column] == target_id)
            return int(session.scalar(stmt) or 0)

        return Carried(
            skills=count(m.Skill.__table__, "target_id"),  # type: ignore[arg-type]
            questions=count(m.Question.__table__, "target_id"),  # type: ignore[arg-type]
            contacts=count(m.contact_target, "target_id"),
        )


def _copy_rows(
    session: Session, table: Table, old_target: int, new_target: int, today: dt.date
) -> dict[int, int]:
    """Copy a target's rows of ``table`` to the new target; old id → new id."""
    ids: dict[int, int] = {}
    rows = session.execute(
        select(table).where(table.c.target_id == old_target).order_by(table.c.id)
    ).mappings()
    for row in list(rows):
        values: dict[str, Any] = {}
        for column in table.columns:
            if column.name in _NOT_COPIED:
                continue
            # References to what stays behind (an experience, a feedback item) are left out.
            values[column.name] = None if column.foreign_keys else row[column.name]
        if "practice_due" in values:
            values["practice_due"] = today
        values["target_id"] = new_target
        result = session.connection().execute(insert(table).values(values))
        key = result.inserted_primary_key
        assert key is not None
        ids[row["id"]] = int(key[0])
    return ids


def _copy_links(
    session: Session, copied: dict[str, dict[int, int]], old_target: int, new_target: int
) -> None:
    """Links follow the copy: the target's own links to shared records (its contacts), and
    links between two carried records (both ends copied)."""
    maps = {**copied, "target": {old_target: new_target}}
    for table in m.Base.metadata.sorted_tables:
        columns = list(table.c)
        if "id" in table.c or len(columns) != 2 or not all(c.foreign_keys for c in columns):
            continue  # not a link table
        ends = {c.name: next(iter(c.foreign_keys)).column.table.name for c in columns}
        if "target" in ends.values():
            wanted = [name for name, referred in ends.items() if referred == "target"]
        elif all(referred in maps for referred in ends.values()):
            wanted = list(ends)
        else:
            continue
        first = wanted[0]
        rows = session.execute(
            select(table).where(table.c[first].in_(list(maps[ends[first]])))
        ).mappings()
        for row in list(rows):
            values = dict(row)
            if all(values[name] in maps[ends[name]] for name in wanted):
                for name in wanted:
                    values[name] = maps[ends[name]][values[name]]
                session.execute(insert(table).values(values))


def start_next_attempt(db: Database, target_id: int, today: dt.date | None = None) -> Applied:
    """Start the next attempt from ``target_id``: one transaction, undone by one step.

    The new target takes the company, role, posting and job description; if the earlier
    one ended "rejected again", that day is the new rejection date.  The earlier target is
    archived and, from now on, kept as it was.
    """
    today = today or dt.date.today()
    with db.transaction() as session:
        old = session.get(m.Target, target_id)
        if old is None:
            raise RecordNotFound(TARGET, target_id)
        later = later_attempt(session, target_id)
        if later is not None:
            raise ValidationError(
                {"": f"Attempt {later.attempt or 2} has already started from this one."}
            )
        rejected_again = old.outcome is m.ReapplyOutcome.rejected_again
        new = m.Target(
            company=old.company,
            role=old.role,
            posting_url=old.posting_url,
            job_description=old.job_description,
            rejection_date=old.outcome_on if rejected_again else None,
            status=m.TargetStatus.preparing,
            attempt=(old.attempt or 1) + 1,
            previous_attempt_id=old.id,
        )
        session.add(new)
        session.flush()
        copied: dict[str, dict[int, int]] = {}
        for table_name in CARRIED:
            table = m.Base.metadata.tables[table_name]
            copied[table_name] = _copy_rows(session, table, old.id, new.id, today)
        # A carried skill's history starts again at today's level; the earlier one stays
        # with the earlier attempt.
        for new_skill_id in copied["skill"].values():
            skill = session.get(m.Skill, new_skill_id)
            assert skill is not None
            session.add(
                m.SkillLevelChange(skill_id=skill.id, date=today, level=skill.current_level)
            )
        _copy_links(session, copied, old.id, new.id)
        archived_before = old.archived_on
        if old.archived_on is None:
            old.archived_on = today
        session.flush()
        row = get_row(session, TARGET, new.id)
        new_id = new.id
    inverse = (
        Update("target", target_id, {"archived_on": archived_before}),
        Delete("target", new_id),
    )
    return Applied(
        rows=(row,),
        inverse=inverse,
        kinds=frozenset({"target", "skill", "question", "contact"}),
    )
