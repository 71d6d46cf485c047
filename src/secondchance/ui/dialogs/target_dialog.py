"""Create or edit a target (company + role) with the same generated form as any record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services import attempts, records, targets
from secondchance.core.services.changes import Change, Update
from secondchance.core.services.fields import ValidationError
from secondchance.core.services.kinds import TARGET
from secondchance.ui.context import AppContext
from secondchance.ui.dialogs.target_life import TargetLife
from secondchance.ui.records.commands import commit
from secondchance.ui.records.commands import record as record_undo
from secondchance.ui.records.form import RecordForm


class TargetDialog(QDialog):
    """``record`` None creates a new target; otherwise edits it."""

    def __init__(
        self,
        ctx: AppContext,
        record: records.RecordRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record = record
        self.result_row: records.RecordRow | None = None
        self.next_attempt: int | None = None  # the attempt started from this dialog
        self.setObjectName("target_dialog")
        self.setWindowTitle("Edit target" if record else "Create a target")
        self.form = RecordForm(TARGET, parent=self)
        defaults: dict[str, Any] = {s.name: s.default for s in TARGET.fields}
        self.form.load(record.values if record else defaults)
        intro = QLabel(
            "A target is the company and role you want to try again for."
            if record is None
            else "Change the details of this target. Everything recorded for it stays.",
            self,
        )
        intro.setWordWrap(True)
        # Only a new target has a waiting period to turn into a date.
        self.cooldown = QSpinBox(self)
        self.cooldown.setVisible(record is None)
        self.cooldown.setObjectName("cooldown_months")
        self.cooldown.setRange(0, 36)
        self.cooldown.setValue(6)
        self.cooldown.setSuffix(" months")
        self.cooldown.setToolTip(
            "How long the company asks you to wait before applying again. "
            "Used to fill in the eligible date from the rejection date."
        )
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        self.life: TargetLife | None = None
        if record is not None:
            # Archive, bring back, start the next attempt (the target's whole life).
            self.life = TargetLife(ctx, record, self)
            self.life.archive_toggled.connect(self._archive_toggled)
            self.life.next_attempt.connect(self._start_next_attempt)
            layout.addWidget(self.life)
            if self.life.info.kept:
                intro.setText(
                    "This is an earlier attempt, kept as it was to compare with the one that "
                    "followed. You can archive it or bring it back; its details stay as they "
                    "were."
                )
                self.form.setEnabled(False)
                self.save_button.setEnabled(False)
        if record is None:
            hint = QLabel("Waiting period after the rejection (fills “Eligible” if empty):")
            hint.setBuddy(self.cooldown)
            row = QHBoxLayout()
            row.addWidget(hint)
            row.addWidget(self.cooldown)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addWidget(buttons)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The form scrolls: on a small screen (1024×640) the dialog fits inside it.
        screen = self.screen().availableGeometry() if self.screen() else None
        height = 660 if screen is None else min(660, screen.height() - 60)
        self.resize(720, max(height, 360))

    def _archive_toggled(self, archived_on: object) -> None:
        """Archive (or bring back) with the form's edits, in one save."""
        assert self.record is not None and self.life is not None
        values = {} if self.life.info.kept else self.form.values()
        values["archived_on"] = archived_on
        words = "Archived ✓ (View → Show archived targets)" if archived_on else "Brought back ✓"
        try:
            commit(self.ctx, [Update("target", self.record.id, values)], words)
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return
        except (LookupError, OSError) as exc:
            self.form.show_errors({"": str(exc)})
            return
        self.accept()

    def _start_next_attempt(self) -> None:
        assert self.record is not None and self.life is not None
        if not self.life.info.kept and not self._save_quietly():
            return
        try:
            applied = attempts.start_next_attempt(self.ctx.db, self.record.id)
        except (ValidationError, LookupError, OSError) as exc:
            self.form.show_errors({"": str(exc)})
            return
        new = applied.rows[0]
        assert new is not None
        record_undo(self.ctx, [], applied, f"Start {new.title}")
        self.ctx.notify_kinds(
            applied.kinds, f"Started {new.title} — Ctrl+Z undoes it; the first is archived"
        )
        self.next_attempt = new.id
        self.accept()

    def _save_quietly(self) -> bool:
        assert self.record is not None
        try:
            commit(self.ctx, [Update("target", self.record.id, self.form.values())], "")
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return False
        except (LookupError, OSError) as exc:
            self.form.show_errors({"": str(exc)})
            return False
        return True

    def save(self) -> None:
        values = self.form.values()
        try:
            if self.record is None:
                # The service turns the waiting period into a date when "Eligible" is blank.
                change: Change = targets.new_target(values, cooldown_months=self.cooldown.value())
                message = "Created “{}”"
            else:
                change = Update("target", self.record.id, values)
                message = "Target saved ✓"
            applied = commit(self.ctx, [change], message="")
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return
        except (LookupError, OSError) as exc:  # deleted meanwhile, or the file is busy
            self.form.show_errors({"": str(exc)})
            return
        self.result_row = applied.rows[0]
        if self.result_row is not None:
            self.ctx.status.emit(message.format(self.result_row.title))
        self.accept()
