"""Cells that show their whole text as a tooltip when it doesn't fit the column."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

_Index = QModelIndex | QPersistentModelIndex


class ElidingDelegate(QStyledItemDelegate):
    """The model's own tooltip when it has one; else the cell's text, if it was cut."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: _Index,
    ) -> bool:
        if event is None or event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        if not tip and self.is_elided(option, index):
            tip = index.data(Qt.ItemDataRole.DisplayRole)
        if tip:
            QToolTip.showText(event.globalPos(), str(tip), view)
        else:
            QToolTip.hideText()
        return True

    def is_elided(self, option: QStyleOptionViewItem, index: _Index) -> bool:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text:
            return False
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else None
        if style is None:
            return False
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, opt.widget) + 1
        return opt.fontMetrics.horizontalAdvance(str(text)) > rect.width() - 2 * margin
