"""Compare versions: any two resume versions, side by side or inline, with the words added
and removed marked (green and struck-through red, legible on light and dark palettes)."""

from __future__ import annotations

import datetime as dt
import html
import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services import field_names as F
from secondchance.core.services import records, word_diff
from secondchance.ui.context import AppContext
from secondchance.ui.tabs.resume.colours import ADDED, REMOVED, pair
from secondchance.ui.widgets.empty_state import EmptyState

log = logging.getLogger(__name__)


def pieces_html(pieces: list[word_diff.Piece]) -> str:
    """The pieces as HTML: user text escaped, line breaks kept, changes marked."""
    palette = QGuiApplication.palette()
    added_bg, added_fg = pair(ADDED, palette)
    removed_bg, removed_fg = pair(REMOVED, palette)
    out = []
    for piece in pieces:
        text = html.escape(piece.text).replace("\n", "<br>")
        if piece.kind == "added":
            out.append(
                f'<span style="background-color:{added_bg.name()}; color:{added_fg.name()};">'
                f"{text}</span>"
            )
        elif piece.kind == "removed":
            out.append(
                f'<span style="background-color:{removed_bg.name()}; color:{removed_fg.name()};'
                f' text-decoration: line-through;">{text}</span>'
            )
        else:
            out.append(text)
    return '<div style="white-space: pre-wrap;">' + "".join(out) + "</div>"


class DiffPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("diff_page")
        self._stale = True
        self._texts: dict[int, str] = {}

        self.older = QComboBox(self)
        self.older.setObjectName("diff_older")
        self.newer = QComboBox(self)
        self.newer.setObjectName("diff_newer")
        for combo in (self.older, self.newer):
            combo.setMinimumContentsLength(18)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.activated.connect(lambda _i: self.refresh())
        self.side_by_side = QRadioButton("Side by side", self)
        self.side_by_side.setObjectName("diff_side_by_side")
        self.inline = QRadioButton("Inline", self)
        self.inline.setObjectName("diff_inline")
        self.side_by_side.setChecked(True)
        self.side_by_side.toggled.connect(lambda _on: self.refresh())
        self.stats = QLabel(self)
        self.stats.setObjectName("diff_stats")
        self.stats.setWordWrap(True)
        self.stats.setTextFormat(Qt.TextFormat.PlainText)

        top = QHBoxLayout()
        top.addWidget(QLabel("From", self))
        top.addWidget(self.older, 1)
        top.addWidget(QLabel("to", self))
        top.addWidget(self.newer, 1)
        top.addSpacing(8)
        top.addWidget(self.side_by_side)
        top.addWidget(self.inline)

        self.left = QTextBrowser(self)
        self.left.setObjectName("diff_left")
        self.right = QTextBrowser(self)
        self.right.setObjectName("diff_right")
        self.single = QTextBrowser(self)
        self.single.setObjectName("diff_inline_view")
        for browser in (self.left, self.right, self.single):
            browser.setOpenLinks(False)
        self.left.verticalScrollBar().valueChanged.connect(self._sync_right)
        self.pair = QSplitter(Qt.Orientation.Horizontal, self)
        self.pair.setObjectName("splitter_diff")
        self.pair.addWidget(self.left)
        self.pair.addWidget(self.right)
        self.pair.setChildrenCollapsible(False)
        self.views = QStackedWidget(self)
        self.views.addWidget(self.pair)
        self.views.addWidget(self.single)
        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.stats)
        page_layout.addWidget(self.views, 1)

        self.empty = EmptyState(
            "Compare two versions of your resume: the one you sent last time and the one "
            "you are reworking. Add at least two versions with their text.",
            "Show my resume versions",
            self,
        )
        self.empty.setObjectName("empty_diff")
        self.empty.activated.connect(lambda: self.ctx.open_view.emit("resume"))
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        ctx.changed.connect(self._something_changed)
        ctx.target_changed.connect(lambda _t: self._something_changed("*"))

    def _sync_right(self, value: int) -> None:
        bar, other = self.left.verticalScrollBar(), self.right.verticalScrollBar()
        if bar.maximum() > 0:
            other.setValue(round(value * other.maximum() / bar.maximum()))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _something_changed(self, kind_name: str) -> None:
        if kind_name not in ("resume", "target", "*"):
            return
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._stale = False
        chosen = (self.older.currentData(), self.newer.currentData())
        rows: list[records.RecordRow] = []
        if self.ctx.target_id is not None:
            try:
                rows = records.list_records(self.ctx.db, "resume", self.ctx.target_id)
            except Exception:
                log.exception("could not list resume versions")
        rows.sort(key=lambda r: (r.values.get(F.resume.created_on) or dt.date.min, r.id))
        self._texts = {r.id: str(r.values.get(F.resume.plain_text) or "") for r in rows}
        for combo in (self.older, self.newer):
            combo.blockSignals(True)
            combo.clear()
            for row in rows:
                sent = " (sent)" if row.values.get(F.resume.sent_on) else ""
                combo.addItem(row.title + sent, row.id)
            combo.blockSignals(False)
        if len(rows) >= 2:
            # By default: the version sent last time against the newest one.
            was_sent = [r for r in rows if r.values.get(F.resume.sent_on)]
            last_sent = was_sent[-1] if was_sent and was_sent[-1] is not rows[-1] else rows[-2]
            default_old = last_sent.id
            self._choose(self.older, chosen[0], default_old)
            self._choose(self.newer, chosen[1], rows[-1].id)
        self.refresh()

    @staticmethod
    def _choose(combo: QComboBox, wanted: Any, fallback: int) -> None:
        index = combo.findData(wanted)
        combo.setCurrentIndex(index if index >= 0 else combo.findData(fallback))

    def select(self, older_id: int, newer_id: int) -> None:
        self._choose(self.older, older_id, older_id)
        self._choose(self.newer, newer_id, newer_id)
        self.refresh()

    def refresh(self) -> None:
        if self.older.count() < 2:
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        old = self._texts.get(self.older.currentData(), "")
        new = self._texts.get(self.newer.currentData(), "")
        pieces = word_diff.word_diff(old, new)
        stats = word_diff.stats(pieces)
        same = self.older.currentData() == self.newer.currentData()
        if same:
            self.stats.setText("That is the same version twice: choose another on one side.")
        elif not old.strip() or not new.strip():
            self.stats.setText(
                "One of these versions has no text yet: attach its file or paste its text."
            )
        else:
            self.stats.setText(
                f"{stats.sentence()} Added words are marked green, removed words red and "
                "struck through."
            )
        if self.side_by_side.isChecked():
            left, right = word_diff.sides(pieces)
            self.left.setHtml(pieces_html(left))
            self.right.setHtml(pieces_html(right))
            self.views.setCurrentIndex(0)
        else:
            self.single.setHtml(pieces_html(pieces))
            self.views.setCurrentIndex(1)
