"""A mock interview's summary: each answer's time against its goal and its rating, and the
questions to practise next.  Shown at the end of a mock and under a saved mock's form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from secondchance.core.services.mock import AnswerSummary, format_seconds, practise_next
from secondchance.ui.tabs.interview_prep.pieces import shown
from secondchance.ui.widgets.headed_table_model import HeadedTableModel
from secondchance.ui.widgets.list_table import list_table
from secondchance.ui.widgets.tones import tone_colour

_Index = QModelIndex | QPersistentModelIndex


class AnswersModel(HeadedTableModel):
    headers = ("Question", "Time", "Goal", "How it went")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.answers: list[AnswerSummary] = []

    def shown_rows(self) -> Sequence[AnswerSummary]:
        return self.answers

    def set_answers(self, answers: Sequence[AnswerSummary]) -> None:
        self.beginResetModel()
        self.answers = list(answers)
        self.endResetModel()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.answers):
            return None
        a = self.answers[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                shown(a.question, 300),
                format_seconds(a.seconds),
                format_seconds(a.goal_seconds),
                a.rating.label,
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return shown(a.question)
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and a.over_by > 0:
            return tone_colour("warning", QGuiApplication.palette())
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def summary_sentence(answers: Sequence[AnswerSummary]) -> str:
    if not answers:
        return "No answers were recorded for this mock interview."
    total = sum(a.seconds for a in answers)
    over = sum(1 for a in answers if a.over_by > 0)
    count = len(answers)
    text = f"{count} answer{'s' if count != 1 else ''} in {format_seconds(total)}"
    if over:
        text += f"; {over} ran past {'its' if over == 1 else 'their'} goal"
    return text + "."


def next_sentence(answers: Sequence[AnswerSummary]) -> str:
    weak = practise_next(answers)
    if not answers:
        return ""
    if not weak:
        return "Every answer was solid and on time. Well done — keep the rhythm going."
    lines = []
    for a in weak:
        why = a.rating.label.lower()
        if a.over_by > 0:
            why += f", {format_seconds(a.over_by)} over"
        lines.append(f"• {shown(a.question, 200)} ({why})")
    return "Practise next:\n" + "\n".join(lines)


class MockSummary(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mock_summary")
        self.headline = QLabel(self)
        self.headline.setObjectName("mock_headline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.model = AnswersModel(self)
        self.table = list_table("mock_answers", self.model, self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.next = QLabel(self)
        self.next.setObjectName("mock_practise_next")
        self.next.setWordWrap(True)
        self.next.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.next)

    def set_answers(self, answers: Sequence[AnswerSummary]) -> None:
        self.model.set_answers(answers)
        self.headline.setText(summary_sentence(answers))
        self.next.setText(next_sentence(answers))
        rows = max(1, len(answers))
        # The table stretches; its minimum keeps up to six answers in view.
        self.table.setMinimumHeight(
            self.table.horizontalHeader().sizeHint().height()
            + min(rows, 6) * (self.fontMetrics().height() + 10)
            + 4
        )
