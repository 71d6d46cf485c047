"""Skills before and after: a bar chart of the most important skills and a table of all."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from secondchance.core.packet.data import SkillInfo
from secondchance.core.packet.fonts import REGULAR
from secondchance.core.packet.phrases import number
from secondchance.core.packet.render.blocks import Layout, scale
from secondchance.core.packet.render.styles import (
    BEFORE_COLOUR,
    NEEDED_COLOUR,
    NOW_COLOUR,
    RULE,
    SHADE,
)
from secondchance.core.packet.render.text import fit, label, plain

CHART_SKILLS = 10


def build(layout: Layout) -> list[Flowable]:
    skills = layout.data.skills
    if not skills:
        return [*layout.heading("skills"), layout.nothing("No skills recorded yet.")]
    drawing = bar_chart(layout, skills[:CHART_SKILLS])
    # The heading, its explanation and the chart belong on one page (the chart is at most
    # about half a page, so the page before is at least half full).
    story: list[Flowable] = [CondPageBreak(drawing.height + 28 * mm)]
    story.extend(layout.heading("skills"))
    story.append(
        layout.para(
            "Levels run from 0 (none) to 5 (expert). “At the interview” is the level I "
            "recorded then; “Now” is today's; “Needed” is what the role asks for. "
            "Importance to the role is shown from ●○○ to ●●●."
        )
    )
    story.append(drawing)
    if len(skills) > CHART_SKILLS:
        story.append(
            layout.nothing(
                f"The chart shows the {number(CHART_SKILLS)} most important skills; the table "
                f"lists {number(len(skills))}."
            )
        )
    rows = []
    for sk in skills:
        change = sk.current_level - sk.before
        rows.append(
            [
                layout.cell_lines(sk.name, sk.notes),
                layout.cell(sk.category),
                layout.cell(str(sk.before)),
                layout.cell(str(sk.current_level), True),
                layout.cell(str(sk.required_level)),
                layout.cell(f"+{change}" if change > 0 else ("—" if change == 0 else str(change))),
                layout.cell(scale(sk.importance, 3)),
            ]
        )
    story.append(Spacer(1, 4))
    story.append(
        layout.table(
            ["Skill", "Kind", "At the interview", "Now", "Needed", "Change", "Importance"],
            rows,
            [36, 12, 14, 8, 10, 10, 15],
        )
    )
    omitted = layout.data.omitted
    story.extend(
        layout.more(
            len(skills),
            len(omitted.skills) if omitted else 0,
            "One more skill, of less importance to the role, is left out.",
            "{count} more skills, of less importance to the role, are left out.",
        )
    )
    return story


def bar_chart(layout: Layout, skills: Iterable[SkillInfo]) -> Drawing:
    items = list(skills)
    row = 21
    height = row * len(items) + 50
    drawing = Drawing(layout.width, height)
    chart = HorizontalBarChart()
    label_width = 150
    chart.x = label_width
    chart.y = 40
    chart.width = layout.width - label_width - 10
    chart.height = row * len(items)
    # ReportLab draws the first category at the bottom: reverse so the list reads down.
    ordered = list(reversed(items))
    # Series 0 is drawn lowest in each group: "needed" first puts "at the interview" on
    # top, so each group reads downwards in the legend's order.
    chart.data = [
        [s.required_level for s in ordered],
        [s.current_level for s in ordered],
        [s.before for s in ordered],
    ]
    # The names are drawn by ``label`` (any script, right to left where it reads so), not
    # by the axis, which knows one font.
    chart.categoryAxis.categoryNames = ["" for _ in ordered]
    chart.categoryAxis.labels.visible = False
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 5
    chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = SHADE
    chart.barWidth = 5
    chart.groupSpacing = 8
    chart.barSpacing = 1
    for index, colour in enumerate((NEEDED_COLOUR, NOW_COLOUR, BEFORE_COLOUR)):
        chart.bars[index].fillColor = colour
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    step = chart.height / max(len(ordered), 1)
    for index, skill in enumerate(ordered):
        name = fit(plain(skill.name), REGULAR, 8, label_width - 12)
        drawing.add(label(name, label_width - 4, chart.y + step * (index + 0.5) - 3, 8))
    legend = Legend()
    legend.x = label_width
    legend.y = 6
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = REGULAR
    legend.fontSize = 8
    legend.dx = 8
    legend.dy = 8
    legend.deltax = 100
    legend.boxAnchor = "w"
    legend.colorNamePairs = [
        (BEFORE_COLOUR, "At the interview"),
        (NOW_COLOUR, "Now"),
        (NEEDED_COLOUR, "Needed"),
    ]
    drawing.add(legend)
    return drawing
