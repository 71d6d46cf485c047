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

from secondchance.core.services import records, targets
from secondchance.core.services.changes import Change, Update
from secondchance.core.services.fields import ValidationError
from secondchance.core.services.kinds import TARGET
from secondchance.ui.context import AppContext
from secondchance.ui.records.commands import commit
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
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
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
        self.resize(720, 660)

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
