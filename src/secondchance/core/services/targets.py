"""Targets (company + role) and the figures the Overview shows for one of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from secondchance.core import models as m
from secondchance.core.collation import text_sort_key
from secondchance.core.dates import add_months
from secondchance.core.db import Database
from secondchance.core.services import records
from secondchance.core.services.changes import Create
from secondchance.core.services.fields import ValidationError, clean_value
from secondchance.core.services.kinds import KINDS, TARGET
from secondchance.core.services.record_rows import get_row, scoped
from secondchance.core.services.target_overview import (
    SHOWN_FIELDS,
    KindCount,
    TargetHeading,
    TargetOverview,
    days_to,
)

__all__ = [
    "KindCount",
    "TargetHeading",
    "TargetOverview",
    "add_months",
    "create_target",
    "eligible_date_from",
    "list_targets",
    "new_target",
    "overview",
    "target_exists",
]


def eligible_date_from(rejection: dt.date | None, cooldown_months: int | None) -> dt.date | None:
    if rejection is None or cooldown_months is None:
        return None
    return add_months(rejection, cooldown_months)


def list_targets(db: Database) -> list[records.RecordRow]:
    rows = records.list_records(db, "target")
    return sorted(rows, key=lambda r: text_sort_key(r.title))


def new_target(values: Mapping[str, Any], cooldown_months: int | None = None) -> Create:
    """The change that creates a target; a waiting period (months after the rejection)
    fills in the eligible date when none is given."""
    values = dict(values)
    if cooldown_months is not None and not values.get("eligible_date"):
        if not 0 <= cooldown_months <= 36:
            raise ValidationError({"cooldown": "The waiting period should be 0 to 36 months"})
        try:
            rejection = clean_value(TARGET.field("rejection_date"), values.get("rejection_date"))
        except ValueError:
            rejection = None  # the record service reports the bad date next to its field
        if isinstance(rejection, dt.date):
            values["eligible_date"] = eligible_date_from(rejection, cooldown_months)
    return Create("target", values)


def create_target(
    db: Database, values: Mapping[str, Any], cooldown_months: int | None = None
) -> records.RecordRow:
    row = records.apply_changes(db, [new_target(values, cooldown_months)]).rows[0]
    assert row is not None
    return row


def overview(db: Database, target_id: int, today: dt.date | None = None) -> TargetOverview:
    today = today or dt.date.today()
    # Targets themselves are not counted per target.
    counted = [k for k in KINDS.values() if k.scope != "root"]
    with db.transaction() as session:
        target = get_row(session, TARGET, target_id)
        # One statement for every count: each is an index lookup, the round trips were not.
        figures = session.execute(
            select(
                *(
                    scoped(k, select(func.count()).select_from(k.model.__table__), target_id, None)
                    .scalar_subquery()
                    .label(k.name)
                    for k in counted
                )
            )
        ).one()
    counts = [
        KindCount(k.name, k.plural, int(n or 0)) for k, n in zip(counted, figures, strict=True)
    ]
    values = {name: target.values.get(name) for name in SHOWN_FIELDS}
    display = {name: target.display.get(name, "") for name in SHOWN_FIELDS}
    heading = TargetHeading(target.id, target.title, values, display)
    return TargetOverview(heading, days_to(values["eligible_date"], today), counts)


def target_exists(db: Database, target_id: int) -> bool:
    with db.transaction() as session:
        return session.get(m.Target, target_id) is not None
