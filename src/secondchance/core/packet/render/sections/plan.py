"""The development plan: every activity with its status, dates, hours and evidence."""

from __future__ import annotations

from reportlab.platypus import Flowable

from secondchance.core.packet.data import ActivityInfo, format_date
from secondchance.core.packet.phrases import n_, number
from secondchance.core.packet.render.blocks import Layout


def build(layout: Layout) -> list[Flowable]:
    story = layout.heading("plan")
    acts = layout.data.activities
    if not acts:
        story.append(layout.nothing("No development plan yet."))
        return story
    omitted = layout.data.omitted
    left_out = omitted.activities if omitted else ()
    every = (*acts, *left_out)
    done = sum(1 for a in every if a.done)
    hours = sum(a.hours_spent or 0 for a in every)
    story.append(layout.para(_summary(len(every), done, hours)))
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
    story.extend(
        layout.more(
            len(acts),
            len(left_out),
            "One more activity, planned or stopped, is left out.",
            "{count} more activities, planned or stopped, are left out.",
        )
    )
    return story


def _summary(count: int, done: int, hours: float) -> str:
    hours_text = n_("one hour", "{hours} hours", 1 if hours == 1 else 2).format(hours=f"{hours:g}")
    if done:
        text = n_(
            "My plan has one activity; I have completed it and spent {hours} on it so far.",
            "My plan has {count} activities; I have completed {done} and spent {hours} so far.",
            count,
        )
    else:
        text = n_(
            "My plan has one activity, and I have spent {hours} on it so far.",
            "My plan has {count} activities, and I have spent {hours} on them so far.",
            count,
        )
    return text.format(count=number(count), done=number(done), hours=hours_text)


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
