"""A tab made of the sub-views its registry entry lists: record views, and pages of its own."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from secondchance.ui.context import AppContext
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.tabs.registry import TabSpec


class RecordTab(QWidget):
    """Sub-views side by side in a document-mode tab bar; one view needs no bar.

    A subclass builds the pages that are not record lists in ``build_page``; the order of
    all sub-views, and which one opens first, come from the registry.
    """

    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.name = spec.name
        self.setObjectName(f"tab_{spec.name}")
        self.views: dict[str, RecordView] = {}
        self.pages: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.subtabs: QTabWidget | None = None
        self._last_page: QWidget | None = None
        if len(spec.views) == 1:
            layout.addWidget(self._make_page(spec.views[0].key, spec.views[0].record, self))
            return
        self.subtabs = QTabWidget(self)
        self.subtabs.setObjectName(f"subtabs_{spec.name}")
        self.subtabs.setDocumentMode(True)
        for view_spec in spec.views:
            page = self._make_page(view_spec.key, view_spec.record, self.subtabs)
            self.subtabs.addTab(page, view_spec.title)
        last = QSettings().value(f"layout/subtab_{spec.name}")
        if isinstance(last, str) and last in self.pages:
            self.subtabs.setCurrentWidget(self.pages[last])
        self._last_page = self.subtabs.currentWidget()
        self.subtabs.currentChanged.connect(self._subtab_changed)
        layout.addWidget(self.subtabs)

    def _make_page(self, key: str, record: bool, parent: QWidget) -> QWidget:
        page: QWidget
        if record:
            view = RecordView(self.ctx, key, parent)
            self.views[key] = view
            page = view
        else:
            page = self.build_page(key, parent)
        self.pages[key] = page
        return page

    def build_page(self, key: str, parent: QWidget) -> QWidget:
        """A page of the tab's own (a chart, a ledger) that the registry lists by ``key``."""
        raise NotImplementedError(f"{type(self).__name__} does not build a page {key!r}")

    def _subtab_changed(self, _index: int) -> None:
        assert self.subtabs is not None
        page = self.subtabs.currentWidget()
        previous = self._last_page
        if isinstance(previous, RecordView) and previous is not page and not previous.flush():
            # Typing that can't be saved yet stays in view, next to its message.
            self.subtabs.blockSignals(True)
            self.subtabs.setCurrentWidget(previous)
            self.subtabs.blockSignals(False)
            self.ctx.status.emit("Fix the field marked in red first (or undo your typing)")
            return
        self._last_page = page
        key = next((k for k, p in self.pages.items() if p is page), None)
        if key is not None:
            QSettings().setValue(f"layout/subtab_{self.name}", key)

    def current_view(self) -> RecordView | None:
        """The record view on screen, or None when the current page is not a list."""
        if self.subtabs is None:
            return next(iter(self.views.values()), None)
        widget = self.subtabs.currentWidget()
        return widget if isinstance(widget, RecordView) else None

    def show_view(self, key: str) -> QWidget | None:
        """Bring the sub-view ``key`` (a kind or a page of the tab's own) to the front."""
        page = self.pages.get(key)
        if page is not None and self.subtabs is not None:
            self.subtabs.setCurrentWidget(page)
        return page

    def flush(self) -> bool:
        return all([view.flush() for view in self.views.values()])
