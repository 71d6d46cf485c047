"""Skills tab (steps 3 and 4): the gaps the role asks to close, and the plan to close them.

Sub-views: the gap matrix (first: it answers "what do I work on next?"), the skills
themselves (with a chart of each skill's level over time) and the development plan (with
its totals).  Marking an activity done fills in its completion date and asks whether the
skill's level changed; the activity and the new level are saved together, one undo step.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QDialog, QWidget

from secondchance.core.db import StorageError
from secondchance.core.models import ActivityStatus
from secondchance.core.services import field_names as F
from secondchance.core.services import gaps, records
from secondchance.core.services.changes import Update
from secondchance.ui.context import AppContext
from secondchance.ui.records.pending_save import PendingSave
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.records.table_model import ROW_ID_ROLE
from secondchance.ui.tabs.base import RecordTab
from secondchance.ui.tabs.registry import TabSpec
from secondchance.ui.tabs.skills.completion_dialog import LevelDialog
from secondchance.ui.tabs.skills.gap_matrix import GapMatrixPage
from secondchance.ui.tabs.skills.jd_dialog import JobDescriptionDialog, Scanner
from secondchance.ui.tabs.skills.level_chart import LevelChart
from secondchance.ui.tabs.skills.plan_totals import PlanTotalsPanel

log = logging.getLogger(__name__)


class SkillsTab(RecordTab):
    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(ctx, spec, parent)
        self.jd_scanner: Scanner | None = None  # tests put a fake scanner here
        ctx.changed.connect(self._something_changed)

    # --- sub-views (built when first shown; asking for one builds it) ------------------

    @property
    def gap_page(self) -> GapMatrixPage:
        return cast(GapMatrixPage, self.pages["gaps"])

    @property
    def skill_view(self) -> RecordView:
        return self.views["skill"]

    @property
    def plan_view(self) -> RecordView:
        return self.views["activity"]

    @property
    def level_chart(self) -> LevelChart:
        return cast(LevelChart, self.skill_view.findChild(LevelChart))

    @property
    def totals(self) -> PlanTotalsPanel:
        return cast(PlanTotalsPanel, self.plan_view.findChild(PlanTotalsPanel))

    def build_page(self, key: str, parent: QWidget) -> QWidget:
        if key == "gaps":
            page = GapMatrixPage(self.ctx, parent)
            page.open_skill.connect(self.open_skill)
            page.add_skill.connect(self._add_skill)
            page.scan_requested.connect(self.scan_job_description)
            return page
        return super().build_page(key, parent)

    def page_built(self, key: str, page: QWidget) -> None:
        if key == "skill" and isinstance(page, RecordView):
            level_chart = LevelChart(page)
            level_chart.hide()
            page.add_detail_panel(level_chart)
            page.table.selectionModel().currentRowChanged.connect(
                lambda _c, _p: self._update_level_chart()
            )
            page.saved.connect(lambda _row: self._update_level_chart())
        elif key == "activity" and isinstance(page, RecordView):
            totals = PlanTotalsPanel(self.ctx, page)
            plan_layout = page.layout()
            assert plan_layout is not None
            plan_layout.addWidget(totals)
            page.add_before_save(self._ask_level)

    def show_gaps(self) -> GapMatrixPage:
        self.show_view("gaps")
        return self.gap_page

    def open_skill(self, skill_id: int) -> None:
        self.show_view("skill")
        if self.current_view() is self.skill_view:  # refused while typing can't be saved
            self.skill_view.select_record(skill_id)

    def _add_skill(self) -> None:
        self.show_view("skill")
        if self.current_view() is self.skill_view:
            self.skill_view.new_record()

    def scan_job_description(self) -> None:
        if self.ctx.target_id is None or not self.flush():
            return
        try:
            dialog = JobDescriptionDialog(self.ctx, self.jd_scanner, self)
        except (records.RecordNotFound, StorageError) as exc:
            self.ctx.status.emit(f"Couldn't open the job description: {exc}")
            return
        dialog.exec()

    # --- level history chart ----------------------------------------------------------

    def _something_changed(self, kind_name: str) -> None:
        if kind_name in ("skill", "*") and self.views.is_built("skill"):
            self._update_level_chart()

    def _selected_skill(self) -> int | None:
        index: QModelIndex = self.skill_view.table.currentIndex()
        value = index.data(ROW_ID_ROLE) if index.isValid() else None
        return int(value) if value is not None else None

    def _update_level_chart(self) -> None:
        skill_id = self._selected_skill()
        row = None
        if skill_id is not None:
            position = self.skill_view.model.position_of(skill_id)
            row = self.skill_view.model.row_at(position)
        if row is None:
            self.level_chart.hide()
            return
        try:
            history = gaps.level_history(self.ctx.db, row.id)
        except StorageError:
            log.exception("could not read the level history")
            self.level_chart.hide()
            return
        required = row.values[F.skill.required_level]
        self.level_chart.set_history(history, required if isinstance(required, int) else None)
        self.level_chart.show()

    # --- completing an activity -------------------------------------------------------

    def _ask_level(self, before: dict[str, Any], pending: PendingSave) -> PendingSave:
        """Marking an activity done asks whether its skill's level changed; a new level is
        saved with the activity (one unit of work, one Ctrl+Z)."""
        done = ActivityStatus.done
        values = pending.values
        if values[F.activity.status] is not done or before.get(F.activity.status) is done:
            return pending
        skill_id = values[F.activity.skill_id]
        if skill_id is None or not self.window().isVisible():
            return pending  # no skill to ask about, or the window is closing
        try:
            skill = records.get_record(self.ctx.db, "skill", int(skill_id))
        except (records.RecordNotFound, StorageError):
            return pending
        current = int(skill.values[F.skill.current_level] or 0)
        required = int(skill.values[F.skill.required_level] or 0)
        title = str(values[F.activity.title] or "this activity")
        dialog = LevelDialog(skill.title, title, current, required, self)
        dialog.exec()
        level = dialog.chosen_level()
        if dialog.result() != QDialog.DialogCode.Accepted or level is None:
            return pending
        change = Update("skill", skill.id, {F.skill.current_level: level})
        message = f"Saved ✓ {skill.title}: level {current} → {level}, kept in its history"
        return PendingSave(values, [*pending.also, change], message)
