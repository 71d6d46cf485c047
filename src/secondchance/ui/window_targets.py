"""The window's actions on targets: new, edit, delete, the sample, archived targets and
the banner of a kept attempt (a mixin of ``MainWindow``, kept apart for its size)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QSettings

from secondchance.ui.plain import paragraphs
from secondchance.ui.window_parts import WindowParts

log = logging.getLogger(__name__)


class TargetActions(WindowParts):
    show_archived = False  # View → Show archived targets

    def set_show_archived(self, on: bool) -> None:
        self.show_archived = bool(on)
        QSettings().setValue("view/show_archived", self.show_archived)
        if self.ctx is not None:
            self._reload_targets()

    def show_target(self, target_id: int) -> None:
        """Choose ``target_id`` (archived or not) and show it on the Overview."""
        if self.ctx is None or not self.flush_all():
            return
        self._reload_targets(prefer=target_id)
        self.tabs.setCurrentIndex(0)

    def _update_banner(self, target_id: int | None) -> None:
        from html import escape

        from secondchance.core.services import attempts

        assert self.ctx is not None
        info = None
        if target_id is not None:
            try:
                info = attempts.summary(self.ctx.db, target_id)
            except LookupError:
                info = None
        self.ctx.target_kept = bool(info and info.kept)
        if info is None or not (info.kept or info.archived):
            self.target_banner.hide()
            return
        if info.kept:
            text = (
                f"“{escape(info.title)}” is kept as it was, to compare with the attempt that "
                f'followed it. <a href="target:{info.later_id}">Open the newer attempt</a>'
            )
        else:
            text = (
                f"“{escape(info.title)}” is archived. "
                f'<a href="unarchive:{info.id}">Bring it back</a>'
            )
        self.target_banner.setText(text)
        self.target_banner.show()

    def _banner_link(self, link: str) -> None:
        from secondchance.core.services import attempts
        from secondchance.ui.records.commands import CHANGE_ERRORS, commit

        what, _, number = link.partition(":")
        if not number.isdigit() or self.ctx is None:
            return
        if what == "target":
            self.show_target(int(number))
        elif what == "unarchive":
            try:
                commit(self.ctx, [attempts.unarchive(int(number))], "Brought back ✓")
            except CHANGE_ERRORS as exc:
                self.ctx.status.emit(f"Not changed: {exc}")

    def new_target(self) -> None:
        from secondchance.ui.dialogs.target_dialog import TargetDialog

        assert self.ctx is not None
        if not self.flush_all():
            return
        dialog = TargetDialog(self.ctx, None, self)
        if dialog.exec() and dialog.result_row is not None:
            self._reload_targets(prefer=dialog.result_row.id)

    def edit_target(self) -> None:
        from secondchance.ui.dialogs.target_dialog import TargetDialog

        assert self.ctx is not None
        if self.ctx.target_id is None or not self.flush_all():
            return
        row = self._current_target_row()
        if row is None:
            return
        dialog = TargetDialog(self.ctx, row, self)
        if dialog.exec() and dialog.next_attempt is not None:
            self._reload_targets(prefer=dialog.next_attempt)

    def delete_target(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from secondchance.core.services.changes import Delete
        from secondchance.ui.records.commands import commit

        assert self.ctx is not None
        target_id = self.ctx.target_id
        if target_id is None:
            return
        if not self.flush_all():
            self.ctx.status.emit("Fix the field marked in red first (or undo your typing)")
            return
        row = self._current_target_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete this target?",
            paragraphs(
                f"Delete “{row.title}” and everything recorded for it (feedback, skills, "
                "plans, resumes, questions…)? Contacts and events are kept.",
                "You can bring it back with Edit → Undo until you close the app.",
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            commit(
                self.ctx,
                [Delete("target", target_id)],
                f"Deleted “{row.title}” — Ctrl+Z brings it back",
                f"Delete target “{row.title}”",
            )
        except (LookupError, OSError) as exc:
            QMessageBox.warning(self, "Target not deleted", paragraphs(str(exc)))
            self._reload_targets()

    def _current_target_row(self) -> Any:
        """The chosen target's record, or None (with a message) if it can't be read."""
        from secondchance.core.services import records

        assert self.ctx is not None and self.ctx.target_id is not None
        try:
            return records.get_record(self.ctx.db, "target", self.ctx.target_id)
        except (LookupError, OSError) as exc:
            self.ctx.status.emit(str(exc))
            self._reload_targets()
            return None

    def add_sample(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from secondchance.core.interop import sample

        assert self.ctx is not None
        if not self.flush_all():
            return
        try:
            target_id = sample.add_sample_target(self.ctx.db)
        except Exception as exc:
            log.exception("sample data failed")
            QMessageBox.warning(
                self, "Sample data", paragraphs(f"The sample data could not be added: {exc}")
            )
            return
        self._reload_targets(prefer=target_id)
        self.ctx.notify("*", "Added the sample target: explore, edit or delete it freely")
