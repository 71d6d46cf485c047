"""How ready a person is to apply again, what to do next, and where they are in the method.

Three views of the same facts about one target, read in one short transaction each:

- ``compute_readiness``: a 0–100 score made of named components, each with its own figure
  and a plain sentence (the Overview and the packet's cover page show them);
- ``next_actions``: the few most useful things to do now, each naming the record it is about;
- ``checklist``: the ten steps of the method with a state and a one-line detail.

``summary`` gives all three from one read.  The package's modules: ``facts`` (what is read),
``score``, ``actions``, ``steps``, and ``wording`` (phrases they share), and
``load`` (the one reading of the facts; only it touches the database).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from secondchance.core.services.readiness.actions import (
    PER_KIND,
    PRIORITY,
    REMIND_AFTER,
    Action,
    actions_of,
    next_actions,
)
from secondchance.core.services.readiness.facts import (
    INSIDE_RELATIONSHIPS,
    MOST_ACTIONS,
    NETWORK_WINDOW_DAYS,
    Facts,
    load_facts,
)
from secondchance.core.services.readiness.score import (
    ADDRESSING_CREDIT,
    IN_PROGRESS_CREDIT,
    LABELS,
    WEIGHTS,
    Component,
    Readiness,
    compute_readiness,
    readiness_of,
)
from secondchance.core.services.readiness.steps import (
    COMPETENCY_AREAS,
    DONE_STATUSES,
    STEPS,
    Step,
    StepState,
    checklist,
    steps_of,
)
from secondchance.core.services.readiness.wording import day_label

if TYPE_CHECKING:
    from secondchance.core.db import Database

__all__ = [
    "ADDRESSING_CREDIT",
    "COMPETENCY_AREAS",
    "DONE_STATUSES",
    "INSIDE_RELATIONSHIPS",
    "IN_PROGRESS_CREDIT",
    "LABELS",
    "MOST_ACTIONS",
    "NETWORK_WINDOW_DAYS",
    "PER_KIND",
    "PRIORITY",
    "REMIND_AFTER",
    "STEPS",
    "WEIGHTS",
    "Action",
    "Component",
    "Readiness",
    "Step",
    "StepState",
    "Summary",
    "actions_of",
    "checklist",
    "compute_readiness",
    "day_label",
    "next_actions",
    "readiness_of",
    "steps_of",
    "summary",
    "summary_of",
]


@dataclass(frozen=True)
class Summary:
    readiness: Readiness
    actions: list[Action]
    steps: list[Step]


def summary(db: Database, target_id: int, today: dt.date | None = None, limit: int = 5) -> Summary:
    """All three at once from one read of the data (what the Overview shows)."""
    return summary_of(load_facts(db, target_id, today, limit), limit)


def summary_of(facts: Facts, limit: int = 5) -> Summary:
    """All three from facts already read (the first look reads them on its own connection)."""
    return Summary(readiness_of(facts), actions_of(facts, limit), steps_of(facts))
