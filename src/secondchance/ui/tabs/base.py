"""A tab made of one or more record views (its sub-views)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from secondchance.ui.context import AppContext
from secondchance.ui.records.record_view import RecordView


class RecordTab(QWidget):
    """Sub-views side by side in a document-mode tab bar; one view needs no bar."""

    def __init__(
        self,
        ctx: AppContext,
        name: str,
        views: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.name = name
        self.setObjectName(f"tab_{name}")
        self.views: dict[str, RecordView] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.subtabs: QTabWidget | None = None
        self._last_view: RecordView | None = None
        if len(views) == 1:
            kind_name, _label = views[0]
            view = RecordView(ctx, kind_name, self)
            self.views[kind_name] = view
            layout.addWidget(view)
            return
        self.subtabs = QTabWidget(self)
        self.subtabs.setObjectName(f"subtabs_{name}")
        self.subtabs.setDocumentMode(True)
        for kind_name, label in views:
            view = RecordView(ctx, kind_name, self.subtabs)
            self.views[kind_name] = view
            self.subtabs.addTab(view, label)
        last = QSettings().value(f"layout/subtab_{name}")
        if isinstance(last, str) and last in self.views:
            self.subtabs.setCurrentWidget(self.views[last])
        self._last_view = self.current_view()
        self.subtabs.currentChanged.connect(self._subtab_changed)
        layout.addWidget(self.subtabs)

    def _subtab_changed(self, _index: int) -> None:
        view = self.current_view()
        previous = self._last_view
        if previous is not None and previous is not view and not previous.flush():
            # Typing that can't be saved yet stays in view, next to its message.
            assert self.subtabs is not None
            self.subtabs.blockSignals(True)
            self.subtabs.setCurrentWidget(previous)
            self.subtabs.blockSignals(False)
            self.ctx.status.emit("Fix the field marked in red first (or undo your typing)")
            return
        self._last_view = view
        if view is not None:
            QSettings().setValue(f"layout/subtab_{self.name}", view.kind.name)

    def current_view(self) -> RecordView | None:
        if self.subtabs is None:
            return next(iter(self.views.values()), None)
        widget = self.subtabs.currentWidget()
        return widget if isinstance(widget, RecordView) else None

    def show_view(self, kind_name: str) -> RecordView | None:
        view = self.views.get(kind_name)
        if view is not None and self.subtabs is not None:
            self.subtabs.setCurrentWidget(view)
        return view

    def flush(self) -> bool:
        return all([view.flush() for view in self.views.values()])
