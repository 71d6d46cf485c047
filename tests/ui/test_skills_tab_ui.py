"""The Skills tab: gap matrix, job-description scan, plan totals and overdue rows, the
question on completing an activity, and the level history chart — driven through widgets."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QSpinBox

from secondchance.core.db import Database
from secondchance.core.models import ActivityStatus
from secondchance.core.services import gaps, records, targets
from secondchance.core.services.jd_scanner import Finding
from secondchance.ui.main_window import MainWindow
from secondchance.ui.tabs.skills.colours import contrast, gap_colours
from secondchance.ui.tabs.skills.completion_dialog import LevelDialog
from secondchance.ui.tabs.skills.gap_matrix import GapMatrixPage
from secondchance.ui.tabs.skills.jd_dialog import LEVEL_COLUMN, JobDescriptionDialog
from secondchance.ui.tabs.skills.tab import SkillsTab
from secondchance.ui.widgets.tones import tone_colour
from tests.ui.helpers import (
    Windows,
    button,
    choose_in_combo,
    click,
    click_row,
    editor,
    status,
    type_into,
    view_of,
    wait_saved,
)

TODAY = dt.date.today()


def skills_tab(window: MainWindow) -> SkillsTab:
    tab = window.record_tab("skills")
    assert isinstance(tab, SkillsTab)
    return tab


def open_gaps(window: MainWindow) -> GapMatrixPage:
    window.tabs.setCurrentWidget(skills_tab(window))
    page = skills_tab(window).show_gaps()
    assert page.isVisible()
    return page


def gap_names(page: GapMatrixPage) -> list[str]:
    return [row.name for row in page.model.visible_rows()]


def add_skill(db: Database, target: int, name: str, req: int, cur: int, imp: int, **kw: Any) -> int:
    values = {"name": name, "required_level": req, "current_level": cur, "importance": imp, **kw}
    return records.create_record(db, "skill", values, target).id


@pytest.fixture
def target(db: Database) -> int:
    return targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id


# --- gap matrix -------------------------------------------------------------------------


def test_gap_matrix_is_the_first_sub_view_sorted_by_gap_times_importance(
    windows: Windows, db: Database, target: int, qtbot
) -> None:
    add_skill(db, target, "Listening", 4, 3, 3, category="soft")  # priority 3
    add_skill(db, target, "SQL", 5, 1, 1)  # priority 4, gap 4
    add_skill(db, target, "Tableau", 4, 2, 2)  # priority 4, gap 2
    add_skill(db, target, "Python", 3, 4, 3)  # no gap
    sql = add_skill(db, target, "Healthcare", 3, 3, 2, category="industry")
    records.create_record(db, "feedback", {"text": "slow", "skills": [sql]}, target)
    window = windows.open()
    window.tabs.setCurrentWidget(skills_tab(window))

    page = skills_tab(window).gap_page
    assert page.isVisible()  # the first thing the tab shows
    assert gap_names(page) == ["SQL", "Tableau", "Listening", "Healthcare", "Python"]
    model = page.model
    assert model.index(0, 4).data() == "4"  # gap
    assert model.index(0, 6).data() == "4"  # priority
    assert model.index(3, 7).data() == "1"  # one feedback item names Healthcare
    assert model.index(4, 4).data() == "✓"  # Python is past the requirement
    assert [r.name for r in page.chart.rows] == gap_names(page)

    # Sorting by a header, then back to the default order.
    header = table_header_click(qtbot, page, 0)
    assert gap_names(page) == ["Healthcare", "Listening", "Python", "SQL", "Tableau"]
    header.setSortIndicator(6, Qt.SortOrder.DescendingOrder)
    assert gap_names(page)[0] == "SQL"

    click(qtbot, page.open_only)
    assert gap_names(page) == ["SQL", "Tableau", "Listening"]
    choose_in_combo(qtbot, page.category, "Soft")
    assert gap_names(page) == ["Listening"]
    assert page.chart.rows == page.model.visible_rows()
    choose_in_combo(qtbot, page.category, "Industry")
    assert gap_names(page) == []
    assert page.no_match.isVisible()
    click(qtbot, page.open_only)
    assert gap_names(page) == ["Healthcare"]


def table_header_click(qtbot, page: GapMatrixPage, column: int) -> Any:
    from PySide6.QtCore import QPoint

    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    if page.model.sort_state[1] != Qt.SortOrder.AscendingOrder:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    return header


def test_double_click_opens_the_skill_and_an_edit_there_updates_the_matrix(
    windows: Windows, db: Database, target: int, qtbot
) -> None:
    add_skill(db, target, "SQL", 5, 1, 1)
    tableau = add_skill(db, target, "Tableau", 4, 2, 2)
    window = windows.open()
    page = open_gaps(window)
    position = gap_names(page).index("Tableau")
    rect = page.table.visualRect(page.model.index(position, 0))
    # A press first, as a real double-click has: the view only opens the row it pressed.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    tab = skills_tab(window)
    view = tab.views["skill"]
    assert tab.current_view() is view and view.isVisible()
    assert view.form_title.text() == "Tableau"
    click(qtbot, editor(view, "current_level").buttons[4])
    wait_saved(qtbot, view)
    assert records.get_record(db, "skill", tableau).values["current_level"] == 4

    page = open_gaps(window)
    assert gap_names(page) == ["SQL", "Tableau"]
    assert page.model.index(1, 4).data() == "✓"
    assert "1 of 2 skills below" in page.summary.text()


def test_a_large_matrix_is_worked_out_off_the_gui_thread(
    windows: Windows, db: Database, target: int, qtbot, monkeypatch
) -> None:
    from secondchance.ui.tabs.skills import gap_matrix

    monkeypatch.setattr(gap_matrix, "SMALL_MATRIX", 1)  # two skills count as many
    add_skill(db, target, "SQL", 5, 1, 1)
    add_skill(db, target, "Tableau", 4, 2, 2)
    window = windows.open()
    page = open_gaps(window)
    assert page.pending() and page.summary.text() == "Working the gaps out…"
    assert page.stack.currentIndex() == 1 and not page.empty.isVisible()  # not "add a skill"
    qtbot.waitUntil(lambda: not page.pending(), timeout=5000)
    assert gap_names(page) == ["SQL", "Tableau"]
    assert [r.name for r in page.chart.rows] == ["SQL", "Tableau"]
    assert "2 of 2 skills below" in page.summary.text()
    # The names' widths are kept between showings, and measured again in another font.
    bigger = QFont(page.chart.font())
    bigger.setPointSizeF(bigger.pointSizeF() * 2)
    page.chart.setFont(bigger)
    widths = [QFontMetrics(bigger).horizontalAdvance(r.name) for r in page.chart.rows]
    assert page.chart._widest == max(widths)

    add_skill(db, target, "Python", 5, 0, 3)
    window.ctx.changed.emit("skill")
    assert page.pending() and page.summary.text() == "Working the gaps out…"
    assert gap_names(page) == ["SQL", "Tableau"]  # what was shown stays meanwhile
    qtbot.waitUntil(lambda: not page.pending(), timeout=5000)
    assert gap_names(page) == ["Python", "SQL", "Tableau"]
    assert "3 of 3 skills below" in page.summary.text()

    # Worked out for a target no longer shown: dropped (its own reload follows).
    page._show((target + 1, []))
    assert gap_names(page) == ["Python", "SQL", "Tableau"]

    def broken(*_args: object) -> list[Any]:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(gaps, "gap_matrix", broken)
    window.ctx.changed.emit("skill")
    qtbot.waitUntil(lambda: not page.pending(), timeout=5000)
    assert "couldn't be worked out" in page.summary.text()
    assert gap_names(page) == ["Python", "SQL", "Tableau"]


def test_gap_matrix_empty_state_leads_to_a_new_skill(windows: Windows, target: int, qtbot) -> None:
    window = windows.open()
    page = open_gaps(window)
    assert page.empty.isVisible()
    assert not page.open_only.isEnabled()
    click(qtbot, page.empty.button)
    view = skills_tab(window).views["skill"]
    assert view.isVisible()
    type_into(qtbot, editor(view, "name"), "SQL")
    wait_saved(qtbot, view)
    page = open_gaps(window)
    assert gap_names(page) == ["SQL"]
    assert not page.empty.isVisible()


def test_gap_colours_read_on_light_and_dark_palettes(qapp) -> None:
    light = QPalette(QColor("#f0f0f0"))
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    dark = QPalette(QColor("#2b2d31"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#1f2023"))
    for palette in (light, dark):
        base = palette.color(QPalette.ColorRole.Base)
        for gap in range(0, 6):
            background, text = gap_colours(gap, palette)
            assert contrast(background or base, text) >= 4.5, (gap, base.name())
        assert contrast(base, tone_colour("warning", palette)) >= 4.5
    assert gap_colours(3, light) != gap_colours(3, dark)


# --- job description --------------------------------------------------------------------


def fake_scanner(text: str, existing: Any) -> list[Finding]:
    tracked = {name.casefold() for name in existing}

    def f(name: str, category: str, level: int, sentence: str) -> Finding:
        return Finding(name, category, name, sentence, level, 1, name.casefold() in tracked)

    if "analyst" not in text:
        return []
    return [
        f("SQL", "technical", 4, "Strong SQL is a must."),
        f("Tableau", "technical", 3, "Dashboards in Tableau."),
        f("Stakeholder management", "soft", 3, "Work with stakeholders across teams."),
        f("Healthcare", "industry", 2, "Healthcare experience is a plus."),
    ]


def test_job_description_scan_adds_the_ticked_skills_as_one_undoable_step(
    windows: Windows, db: Database, qtbot, monkeypatch
) -> None:
    target = targets.create_target(
        db,
        {"company": "Contoso", "role": "Analyst", "job_description": "We want an analyst. " * 3},
    ).id
    add_skill(db, target, "SQL", 4, 2, 3)
    window = windows.open()
    page = open_gaps(window)
    skills_tab(window).jd_scanner = fake_scanner
    seen: dict[str, Any] = {}

    def run(dialog: JobDescriptionDialog) -> int:
        dialog.show()  # as exec() would
        qtbot.waitExposed(dialog)
        model, view = dialog.model, dialog.table
        seen["rows"] = [c.finding.name for c in model.choices]
        seen["sql_enabled"] = bool(model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEnabled)
        assert not dialog.add_button.isEnabled()
        # Tick Tableau and Stakeholder management with the keyboard (Space on the row).
        for position in (1, 2):
            view.setCurrentIndex(model.index(position, 0))
            qtbot.keyClick(view, Qt.Key.Key_Space)
        seen["sentence"] = dialog.sentence.text()
        seen["button"] = dialog.add_button.text()
        # Raise Stakeholder management's required level in its spin box: every row that
        # can be added shows one (so it is plain the level can be changed).
        index = model.index(2, LEVEL_COLUMN)
        spin = view.indexWidget(index)
        assert isinstance(spin, QSpinBox) and spin.value() == 3
        assert view.indexWidget(model.index(0, LEVEL_COLUMN)) is None  # already tracked
        spin.setFocus()
        qtbot.keyClick(spin, Qt.Key.Key_Up)
        qtbot.keyClick(spin, Qt.Key.Key_Up)
        qtbot.waitUntil(lambda: model.choices[2].level == 5, timeout=2000)
        click(qtbot, dialog.add_button)
        return dialog.result()

    monkeypatch.setattr(JobDescriptionDialog, "exec", run)
    click(qtbot, page.scan_button)

    assert seen["rows"] == ["SQL", "Tableau", "Stakeholder management", "Healthcare"]
    assert seen["sql_enabled"] is False  # already tracked
    assert "Work with stakeholders" in seen["sentence"]
    assert seen["button"] == "Add 2 skills"
    rows = {r.title: r.values for r in records.list_records(db, "skill", target)}
    assert set(rows) == {"SQL", "Tableau", "Stakeholder management"}
    assert rows["Tableau"]["required_level"] == 3
    assert rows["Stakeholder management"]["required_level"] == 5
    assert rows["Stakeholder management"]["category"].name == "soft"
    assert status(window) == ("Added 2 skills from the job description — Ctrl+Z takes them back")
    assert set(gap_names(page)) == {"SQL", "Tableau", "Stakeholder management"}

    window.undo()
    assert [r.title for r in records.list_records(db, "skill", target)] == ["SQL"]
    assert gap_names(page) == ["SQL"]
    window.redo()
    assert len(records.list_records(db, "skill", target)) == 3


def test_a_pasted_job_description_can_be_kept_with_the_target(
    windows: Windows, db: Database, target: int, qtbot, monkeypatch
) -> None:
    window = windows.open()
    page = open_gaps(window)
    skills_tab(window).jd_scanner = fake_scanner
    seen: dict[str, Any] = {}

    def run(dialog: JobDescriptionDialog) -> int:
        seen["empty"] = dialog.text.toPlainText()
        seen["note"] = dialog.text_note.text()
        type_into(qtbot, dialog.text, "Data analyst wanted")
        click(qtbot, dialog.findChild(type(dialog.scan_button), "jd_scan"))
        seen["found"] = len(dialog.model.choices)
        click(qtbot, dialog.save_button)
        seen["save_enabled"] = dialog.save_button.isEnabled()
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(JobDescriptionDialog, "exec", run)
    click(qtbot, page.scan_button)
    assert seen == {
        "empty": "",
        "note": "This target has no job description saved yet.",
        "found": 4,
        "save_enabled": False,
    }
    saved = records.get_record(db, "target", target).values["job_description"]
    assert saved == "Data analyst wanted"
    window.undo()
    assert records.get_record(db, "target", target).values["job_description"] is None


# --- development plan -------------------------------------------------------------------


def test_overdue_activities_stand_out_and_dropped_ones_are_muted(
    windows: Windows, db: Database, target: int
) -> None:
    late = TODAY - dt.timedelta(days=2)
    for title, state in [
        ("Late course", "planned"),
        ("Done course", "done"),
        ("Old book", "dropped"),
    ]:
        records.create_record(
            db, "activity", {"title": title, "status": state, "due_date": late}, target
        )
    records.create_record(db, "activity", {"title": "Due today", "due_date": TODAY}, target)
    window = windows.open()
    view = view_of(window, "activity")
    model = view.model
    tones = {}
    for position in range(model.rowCount()):
        index = model.index(position, 0)
        font = index.data(Qt.ItemDataRole.FontRole)
        colour = index.data(Qt.ItemDataRole.ForegroundRole)
        tones[index.data()] = (
            colour.name() if isinstance(colour, QColor) else None,
            font.bold() if isinstance(font, QFont) else None,
            font.italic() if isinstance(font, QFont) else None,
        )
    warning = tone_colour("warning", QApplication.palette()).name()
    assert tones["Late course"] == (warning, True, False)
    assert tones["Done course"] == (None, None, None)
    assert tones["Due today"] == (None, None, None)
    assert tones["Old book"][1:] == (False, True)


@pytest.mark.parametrize("large", [False, True], ids=["here", "off the GUI thread"])
def test_plan_totals_follow_the_activities(
    windows: Windows, db: Database, target: int, qtbot, monkeypatch, large: bool
) -> None:
    from secondchance.ui.tabs.skills import plan_totals

    if large:  # a large plan is added up off the GUI thread, to the same figures
        monkeypatch.setattr(plan_totals, "SMALL_PLAN", 0)
    sql = add_skill(db, target, "SQL", 4, 2, 3)
    late = TODAY - dt.timedelta(days=2)
    records.create_record(
        db,
        "activity",
        {"title": "Course", "skill_id": sql, "hours_planned": 10, "cost": 40, "due_date": late},
        target,
    )
    window = windows.open()
    view = view_of(window, "activity")
    totals = skills_tab(window).totals
    assert totals.isVisible()
    assert totals.pending() == large
    qtbot.waitUntil(lambda: not totals.pending(), timeout=5000)
    text = totals.title.text()
    assert "1 activities" in text and "1 overdue" in text and "cost 40" in text
    assert [totals.model.index(r, 0).data() for r in range(totals.model.rowCount())] == [
        "SQL",
        "All activities",
    ]

    click(qtbot, button(view, "new_activity"))
    type_into(qtbot, editor(view, "title"), "Book")
    type_into(qtbot, editor(view, "hours_planned"), "5.5")
    type_into(qtbot, editor(view, "cost"), "12.5")
    wait_saved(qtbot, view)
    qtbot.waitUntil(lambda: "cost 52.5" in totals.title.text(), timeout=3000)
    assert "15.5 hours" in totals.title.text()
    names = [totals.model.index(r, 0).data() for r in range(totals.model.rowCount())]
    assert names == ["SQL", gaps.NO_SKILL, "All activities"]


def _choose_status(qtbot, view, label: str) -> None:
    combo = editor(view, "status")
    combo.setFocus()
    choose_in_combo(qtbot, combo, label)


def test_completing_an_activity_asks_for_the_new_level_and_undo_restores_it(
    windows: Windows, db: Database, target: int, qtbot, monkeypatch
) -> None:
    sql = add_skill(db, target, "SQL", 4, 2, 3)
    act = records.create_record(
        db, "activity", {"title": "SQL course", "skill_id": sql, "status": "in_progress"}, target
    ).id
    window = windows.open()
    view = view_of(window, "activity")
    asked: list[str] = []

    def run(dialog: LevelDialog) -> int:
        question = dialog.findChild(QLabel, "level_question")
        asked.append(question.text())
        assert dialog.rating.value() == 2
        assert not dialog.update_button.isEnabled()
        click(qtbot, dialog.rating.buttons[4])
        assert dialog.update_button.isEnabled()
        click(qtbot, dialog.update_button)
        return dialog.result()

    monkeypatch.setattr(LevelDialog, "exec", run)
    click_row(qtbot, view, 0)
    _choose_status(qtbot, view, "Done")
    wait_saved(qtbot, view)
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)
    assert asked == ["Did your level in SQL change?"]

    activity = records.get_record(db, "activity", act).values
    assert activity["status"] is ActivityStatus.done
    assert activity["completed_on"] == TODAY  # filled in because it was empty
    assert editor(view, "completed_on").line.text() == TODAY.isoformat()
    assert records.get_record(db, "skill", sql).values["current_level"] == 4
    assert gaps.level_history(db, sql)[-1] == (TODAY, 4)
    assert "SQL: level 2 → 4" in status(window)

    # The activity done and the new level are one step: one Ctrl+Z undoes both.
    window.undo()
    assert records.get_record(db, "skill", sql).values["current_level"] == 2
    assert records.get_record(db, "activity", act).values["status"] is ActivityStatus.in_progress
    window.redo()
    assert records.get_record(db, "skill", sql).values["current_level"] == 4
    assert records.get_record(db, "activity", act).values["status"] is ActivityStatus.done


def test_keep_level_changes_nothing_and_no_skill_means_no_question(
    windows: Windows, db: Database, target: int, qtbot, monkeypatch
) -> None:
    sql = add_skill(db, target, "SQL", 4, 2, 3)
    done_on = dt.date(2026, 1, 2)
    records.create_record(
        db,
        "activity",
        {"title": "A course", "skill_id": sql, "completed_on": done_on, "due_date": TODAY},
        target,
    )
    records.create_record(db, "activity", {"title": "B without skill", "due_date": TODAY}, target)
    window = windows.open()
    view = view_of(window, "activity")
    asked: list[int] = []

    def keep(dialog: LevelDialog) -> int:
        asked.append(1)
        click(qtbot, dialog.keep_button)
        return dialog.result()

    monkeypatch.setattr(LevelDialog, "exec", keep)
    position = [view.model.row_at(i).title for i in range(2)].index("A course")
    click_row(qtbot, view, position)
    _choose_status(qtbot, view, "Done")
    wait_saved(qtbot, view)
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)
    assert records.get_record(db, "skill", sql).values["current_level"] == 2
    # A completion date already given is kept.
    rows = {r.title: r.values for r in records.list_records(db, "activity", target)}
    assert rows["A course"]["completed_on"] == done_on

    click_row(qtbot, view, 1 - position)
    _choose_status(qtbot, view, "Done")
    wait_saved(qtbot, view)
    qtbot.wait(50)
    assert asked == [1]  # no skill: nothing to ask
    rows = {r.title: r.values for r in records.list_records(db, "activity", target)}
    assert rows["B without skill"]["completed_on"] == TODAY


# --- level history ----------------------------------------------------------------------


def test_level_chart_shows_the_selected_skills_history(
    sample_window: MainWindow, db: Database, qtbot
) -> None:
    window = sample_window
    view = view_of(window, "skill")
    tab = skills_tab(window)
    chart = tab.level_chart
    titles = [view.model.row_at(i).title for i in range(view.model.rowCount())]
    position = titles.index("SQL (window functions)")
    click_row(qtbot, view, position)
    row = view.model.row_at(position)
    assert chart.isVisible()
    history = gaps.level_history(db, row.id)
    assert len(history) == 3
    assert chart.history == history
    assert chart.required == 4
    # A step line: each change after the first adds a corner, and the line runs to today.
    assert len(chart.step_points()) == 2 * len(history)
    points = chart.step_points()
    assert points[0].x() < points[-1].x()
    assert points[0].y() > points[-1].y()  # level went up: drawn higher

    click(qtbot, editor(view, "current_level").buttons[5])
    wait_saved(qtbot, view)
    assert chart.history[-1] == (TODAY, 5)
    assert chart.grab().width() > 0

    click_row(qtbot, view, titles.index("Python (pandas)"))
    assert len(chart.history) == 1


@pytest.mark.parametrize("column", range(9))
def test_ties_in_any_column_keep_the_matrixs_order(column: int, qapp: QApplication) -> None:
    from secondchance.ui.tabs.skills.gap_matrix import COLUMNS, GapTableModel

    rows = sorted(
        (
            gaps.GapRow(
                i,
                f"Skill {i % 7}",
                "technical",
                "Technical",
                2 + i % 4,
                i % 3,
                1 + i % 3,
                i % 2,
                i % 3,
                0,
            )
            for i in range(40)
        ),
        key=gaps.gap_row_key,
    )
    model = GapTableModel()
    model.set_rows(rows)  # as gap_matrix gives them
    assert model.visible_rows() == rows
    for direction in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        model.sort(column, direction)
        shown = model.visible_rows()
        value = COLUMNS[column][1]
        assert [value(r) for r in shown] == sorted(
            (value(r) for r in rows), reverse=direction == Qt.SortOrder.DescendingOrder
        )
        for a, b in itertools.pairwise(shown):
            if value(a) == value(b):
                assert rows.index(a) < rows.index(b)


def test_gap_cells_answer_their_roles_and_nothing_else(qapp: QApplication) -> None:
    from secondchance.ui.records.table_model import ROW_ID_ROLE
    from secondchance.ui.tabs.skills.gap_matrix import GAP_COLUMN, GapTableModel

    met = gaps.GapRow(1, "SQL", "technical", "Technical", 3, 4, 2, 0, 1, 0)
    short = gaps.GapRow(2, "Excel", "technical", "Technical", 4, 1, 3, 0, 0, 0)
    model = GapTableModel()
    model.set_rows([met, short])
    palette = QApplication.palette()
    R = Qt.ItemDataRole
    for position, row in enumerate(model.visible_rows()):
        gap_cell = model.index(position, GAP_COLUMN)
        background, text = gap_colours(row.gap, palette)
        assert gap_cell.data(R.BackgroundRole) == background
        assert gap_cell.data(R.ForegroundRole) == text
        tip = gap_cell.data(R.ToolTipRole)
        assert tip == ("No gap: you meet the requirement" if row.gap == 0 else None)
        for column in range(model.columnCount()):
            cell = model.index(position, column)
            assert cell.data(ROW_ID_ROLE) == row.skill_id
            centred = cell.data(R.TextAlignmentRole)
            assert centred == (int(Qt.AlignmentFlag.AlignCenter) if 2 <= column <= 7 else None)
            if column != GAP_COLUMN:
                assert cell.data(R.BackgroundRole) is None
                assert cell.data(R.ForegroundRole) is None
            for unanswered in (R.DecorationRole, R.FontRole, R.CheckStateRole, R.SizeHintRole):
                assert cell.data(unanswered) is None
