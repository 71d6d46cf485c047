"""The development plan: every activity with its status, dates, hours and evidence."""

from __future__ import annotations

from reportlab.platypus import Flowable

from secondchance.core.packet.data import ActivityInfo, format_date
from secondchance.core.packet.render.blocks import Layout


def build(layout: Layout) -> list[Flowable]:
    story = layout.heading("plan")
    acts = layout.data.activities
    if not acts:
        story.append(layout.nothing("No development plan yet."))
        return story
    done = sum(1 for a in acts if a.done)
    hours = sum(a.hours_spent or 0 for a in acts)
    story.append(
        layout.para(
            f"{len(acts)} activit{'ies' if len(acts) != 1 else 'y'}, {done} completed, "
            f"{_hours(hours)} spent so far."
        )
    )
    rows = []
    for a in acts:
        detail = " · ".join(x for x in (a.provider, f"for {a.skill}" if a.skill else None) if x)
        evidence = f"Evidence: {a.evidence}" if a.evidence else (a.url or "")
        rows.append(
            [
                layout.cell_lines(a.title, detail, evidence, a.notes),
                layout.cell(a.kind),
                layout.cell(a.status, a.done),
                layout.cell(_dates(a)),
                layout.cell(_hours_pair(a.hours_spent, a.hours_planned)),
            ]
        )
    story.append(
        layout.table(["Activity", "Kind", "Status", "When", "Hours"], rows, [44, 13, 12, 19, 12])
    )
    return story


def _hours(value: float) -> str:
    return f"{value:g} hour{'s' if value != 1 else ''}"


def _hours_pair(spent: float | None, planned: float | None) -> str:
    if spent is None and planned is None:
        return "—"
    if planned is None:
        return f"{spent:g}"
    return f"{(spent or 0):g} of {planned:g}"


def _dates(a: ActivityInfo) -> str:
    if a.completed_on:
        return f"Done {format_date(a.completed_on, short=True)}"
    if a.status == "Dropped":
        return (
            f"Stopped; started {format_date(a.start_date, short=True)}"
            if a.start_date
            else "Stopped"
        )
    if a.due_date:
        return f"Due {format_date(a.due_date, short=True)}"
    if a.start_date:
        return f"Started {format_date(a.start_date, short=True)}"
    return "—"
