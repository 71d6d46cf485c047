"""The readiness score, large, beside its parts: figure, a small bar, a sentence each.

A part's bar shows exactly its figure (a share of the part); the sentence says what
counts, partial credit included.  A part with nothing to measure yet is drawn muted with no
bar, so it never passes for a zero; its sentence (what to add) keeps the normal colour
because it's the advice.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services.readiness import WEIGHTS, Component, Readiness
from secondchance.ui.tabs.overview.clickable_row import MutedLabel, plain_label

NOT_MEASURED = "Not measured"


class ComponentView(QWidget):
    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"readiness_{key}")
        self.label = MutedLabel(self)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.figure = MutedLabel(self, wrap=False)
        self.figure.setObjectName(f"readiness_{key}_figure")
        self.figure.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.bar = QProgressBar(self)
        self.bar.setObjectName(f"readiness_{key}_bar")
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(7)
        self.sentence = plain_label(self)
        self.sentence.setObjectName(f"readiness_{key}_sentence")

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.label, 1)
        top.addWidget(self.figure, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.sentence)
        layout.addStretch(1)

    @property
    def measured(self) -> bool:
        return self.bar.isVisibleTo(self)

    def set_component(self, c: Component) -> None:
        self.label.setText(c.label)
        measured = c.score is not None
        self.figure.setText(c.figure if measured else NOT_MEASURED)
        # Muted title and figure, no bar: "not measured" must not look like 0.
        self.label.set_muted(not measured)
        self.figure.set_muted(not measured)
        font = self.figure.font()
        font.setItalic(not measured)
        self.figure.setFont(font)
        self.bar.setVisible(measured)
        percent = round(100 * (c.score or 0.0))
        self.bar.setValue(percent)
        self.bar.setAccessibleName(f"{c.label}: {percent}%")
        self.sentence.setText(c.sentence)
        if measured:
            points = c.weight * (c.score or 0.0)
            how = f"{percent}% of it earns {points:.3g} of those points"
        else:
            how = "Nothing recorded for it yet, so it adds no points"
        self.setToolTip(f"{c.label} is worth {c.weight} of the 100 points. {how}.")


class ReadinessPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Readiness to apply again", parent)
        self.setObjectName("readiness_panel")
        self.score = QLabel(self)
        self.score.setObjectName("readiness_score")
        self.score.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        font = self.score.font()
        font.setPointSizeF(font.pointSizeF() * 3)
        font.setBold(True)
        self.score.setFont(font)
        self.caption = plain_label(self)
        self.caption.setObjectName("readiness_caption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.caption.setFixedWidth(130)
        self.note = MutedLabel(self)
        self.note.setObjectName("readiness_note")
        self.note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.note.setFixedWidth(130)

        score_box = QVBoxLayout()
        score_box.addWidget(self.score)
        score_box.addWidget(self.caption)
        score_box.addSpacing(6)
        score_box.addWidget(self.note)
        score_box.addStretch(1)

        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(12)
        self.components: dict[str, ComponentView] = {}
        for i, key in enumerate(WEIGHTS):
            view = ComponentView(key, self)
            self.components[key] = view
            self.grid.addWidget(view, i // 2, i % 2)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)

        layout = QHBoxLayout(self)
        layout.setSpacing(16)
        layout.addLayout(score_box)
        layout.addLayout(self.grid, 1)

    def set_readiness(self, r: Readiness) -> None:
        for c in r.components:
            view = self.components.get(c.key)
            if view is not None:
                view.set_component(c)
        measured = r.measured
        total = len(r.components)
        if r.score is None:
            self.score.setText("—")
            self.score.setAccessibleName("Readiness not measured yet")
            self.caption.setText("Not measured yet")
            self.note.setText("Add what you have so far (feedback, skills, questions…).")
            return
        self.score.setText(f"{r.score}%")
        self.score.setAccessibleName(f"Readiness {r.score}%")
        self.caption.setText("ready")
        self.note.setText(
            f"Points from all {total} parts"
            if measured == total
            else f"Points from {measured} of {total} parts; the others add theirs once you "
            "record something for them"
        )
        self.score.setToolTip(
            "The points each part has earned, out of 100. Recording something new never "
            "lowers it by itself; the date you may apply again is the countdown above."
        )
