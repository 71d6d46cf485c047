"""A realistic sample workspace: one comeback story that touches every table.

It exists so a person can see what a well-used Second Chance looks like before entering
their own data, and so developers and tests have something believable to look at.

The story: Amara applied for a Data Analyst role at Northwind Health (fictional), reached
the final round and was turned down.  The feedback named slow SQL window functions, stories
without numbers and thin healthcare knowledge, and praised her communication.  Since then
she finished a SQL course, is halfway through a healthcare-analytics course, plans a Tableau
certification, volunteered at a food bank, analysed public hospital wait times, met people
who work at Northwind, reworked her resume and rehearsed her answers.

The story is ``resources/sample/story.json``, a workspace export, and it is added through
the real importer, so every record in it passes the importer's checks.  Its dates are
written as of the file's ``reference_day`` and moved to the day the story is added, so the
countdown to the eligible date is always running (see :func:`story_document`).

Contacts and events are shared by all targets, so a second sample reuses them (matched by
name) instead of creating look-alikes, and only a contact added now brings its history of
interactions; everything else belongs to the new target.  The story also holds an earlier
application, archived (it shows the archive, and feedback that recurs across rejections);
it is added with the first sample only.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from functools import cache
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from secondchance.core import models
from secondchance.core.db import Database
from secondchance.core.interop.workspace import import_workspace
from secondchance.core.interop.workspace.format import ColumnKind, table_specs
from secondchance.core.interop.workspace.importer import Existing
from secondchance.core.services import practice
from secondchance.core.services.targets import eligible_date_from
from secondchance.resources import resource_path

SAMPLE_COMPANY = "Northwind Health"
SAMPLE_ROLE = "Data Analyst"
STORY_FILE = ("sample", "story.json")
# Northwind said: apply again six months after the rejection.
COOLDOWN_MONTHS = 6

__all__ = ["SAMPLE_COMPANY", "SAMPLE_ROLE", "add_sample_target", "story_document"]

_ISO_DATE_IN_TEXT = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def add_sample_target(db: Database, today: dt.date | None = None) -> int:
    """Add the sample comeback story as a new target and return the target's id."""
    today = today if today is not None else dt.date.today()
    document = story_document(today)
    target = document["tables"]["target"][0]  # the story's own; an archived one follows
    summary = import_workspace(db, document, prepare=_fit_into_workspace)
    target_id = summary.ids["target"][target["id"]]
    # The story keeps only the practice history; each question's spaced-repetition
    # schedule is worked out from it as of the moved dates, as the app would have.
    with db.transaction() as session:
        practice.reschedule_target(session, target_id, today)
    return target_id


def story_document(today: dt.date) -> dict[str, Any]:
    """The story as a workspace document whose dates are moved to ``today``.

    The file's dates are as of its ``reference_day``.  Dates up to that day (the story's
    past: the interviews, the rejection, all the work since) move by the days between the
    reference day and ``today``, so each keeps its distance from today.  Dates after it
    (the story's future: the eligible date and the plans leading up to it) move with the
    eligible date, which stays exactly six calendar months after the moved rejection, as
    the app computes it.  Dates written inside text (``YYYY-MM-DD``) move the same way.

    The future can only move as far as the past or further, never less (the reference
    day's six months are the shortest there are), so past and future never cross.
    """
    document = copy.deepcopy(_story_file())
    reference = dt.date.fromisoformat(document["reference_day"])
    target = document["tables"]["target"][0]
    rejection = dt.date.fromisoformat(target["rejection_date"]) + (today - reference)
    eligible = eligible_date_from(rejection, COOLDOWN_MONTHS)
    assert eligible is not None
    past_shift = today - reference
    future_shift = eligible - dt.date.fromisoformat(target["eligible_date"])

    def move(day: dt.date) -> dt.date:
        return day + (past_shift if day <= reference else future_shift)

    def move_in_text(match: re.Match[str]) -> str:
        try:
            day = dt.date.fromisoformat(match[0])
        except ValueError:
            return match[0]
        return move(day).isoformat()

    specs = {spec.name: spec for spec in table_specs()}
    for name, rows in document["tables"].items():
        columns = specs[name].columns
        for row in rows:
            for key, value in row.items():
                if not isinstance(value, str):
                    continue
                if columns[key].kind is ColumnKind.DATE:
                    row[key] = move(dt.date.fromisoformat(value)).isoformat()
                elif columns[key].kind is ColumnKind.TEXT:
                    row[key] = _ISO_DATE_IN_TEXT.sub(move_in_text, value)
    return document


@cache
def _story_file() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(resource_path(*STORY_FILE).read_text(encoding="utf-8"))
    return document


def _fit_into_workspace(session: Session, document: dict[str, Any]) -> Existing:
    """Run by the importer in its transaction: a company name of its own for the target,
    and the contacts and events the workspace already has in place of new copies."""
    tables = document["tables"]
    tables["target"][0]["company"] = _free_company_name(session)
    # The archived earlier target is part of the person's past, not of this sample: it is
    # added once, not again with every sample.
    for earlier in tables["target"][1:]:
        found = session.scalars(
            select(models.Target.id).where(
                models.Target.company == earlier["company"], models.Target.role == earlier["role"]
            )
        ).first()
        if found is not None:
            _drop_with_what_belongs_to_it(tables, "target", earlier["id"])
    contacts: dict[int, int] = {}
    for row in tables["contact"]:
        found = session.scalars(
            select(models.Contact.id)
            .where(models.Contact.name == row["name"], models.Contact.company == row["company"])
            .order_by(models.Contact.id)
        ).first()
        if found is not None:
            contacts[row["id"]] = found
    events: dict[int, int] = {}
    for row in tables["event"]:
        event = models.Event
        found = session.scalars(
            select(event.id).where(event.name == row["name"]).order_by(event.id)
        ).first()
        if found is not None:
            events[row["id"]] = found
    # Interactions belong to the person, not the target: only a new contact gets history.
    tables["interaction"] = [r for r in tables["interaction"] if r["contact_id"] not in contacts]
    # Two shared records may be linked already (by an earlier sample).
    tables["event_contact"] = [
        r
        for r in tables["event_contact"]
        if not (
            r["event_id"] in events
            and r["contact_id"] in contacts
            and _linked(session, events[r["event_id"]], contacts[r["contact_id"]])
        )
    ]
    return {"contact": contacts, "event": events}


def _drop_with_what_belongs_to_it(tables: dict[str, Any], table: str, row_id: int) -> None:
    removed: dict[str, set[int]] = {table: {row_id}}
    for spec in table_specs():
        kept = []
        for row in tables.get(spec.name, []):
            gone = spec.name in removed and row.get(spec.surrogate_key or "") in removed[spec.name]
            gone = gone or any(
                column.refers_to is not None and row.get(name) in removed.get(column.refers_to, ())
                for name, column in spec.columns.items()
            )
            if gone and spec.surrogate_key is not None:
                removed.setdefault(spec.name, set()).add(row[spec.surrogate_key])
            if not gone:
                kept.append(row)
        if spec.name in tables:
            tables[spec.name] = kept


def _linked(session: Session, event_id: int, contact_id: int) -> bool:
    link = models.event_contact.c
    return bool(
        session.scalar(
            select(exists().where(link.event_id == event_id, link.contact_id == contact_id))
        )
    )


def _free_company_name(session: Session) -> str:
    taken = set(session.scalars(select(models.Target.company)))
    if SAMPLE_COMPANY not in taken:
        return SAMPLE_COMPANY
    n = 2
    while f"{SAMPLE_COMPANY} (sample {n})" in taken:
        n += 1
    return f"{SAMPLE_COMPANY} (sample {n})"
