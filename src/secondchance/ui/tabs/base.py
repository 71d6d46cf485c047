"""A tab made of the sub-views its registry entry lists: record views, and pages of its own.

Sub-views are built the first time they are shown (or asked for), not with the tab: a
record view with its generated form costs tens of milliseconds, and most sessions look at
a few of the sixteen.  Until then a sub-tab holds an empty placeholder.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QSettings
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabBar, QTabWidget, QVBoxLayout, QWidget

from secondchance.ui.context import AppContext
from secondchance.ui.tabs.registry import TabSpec

if TYPE_CHECKING:
    from secondchance.ui.records.record_view import RecordView

W = TypeVar("W", bound=QWidget)


class LazyPages(Mapping[str, W]):
    """Pages by key, in a fixed order, each built by ``build`` the first time it is asked for."""

    def __init__(
        self,
        keys: Sequence[str],
        build: Callable[[str], W],
        then: Callable[[str, W], None] | None = None,
    ) -> None:
        self._keys = list(keys)
        self._build = build
        self._then = then  # called once the page is in place (it may ask for itself)
        self._built: dict[str, W] = {}

    def __getitem__(self, key: str) -> W:
        page = self._built.get(key)
        if page is None:
            if key not in self._keys:
                raise KeyError(key)
            page = self._built[key] = self._build(key)
            if self._then is not None:
                self._then(key, page)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def is_built(self, key: str) -> bool:
        return key in self._built

    def built(self) -> list[W]:
        """The pages built so far, in order (asking never builds one)."""
        return [self._built[k] for k in self._keys if k in self._built]


def is_record_view(page: object) -> bool:
    """``page`` is a record list.  Asked without importing the record views: the window's
    first look builds the Due view and the Overview before the models are imported, and
    until that module is loaded no page can be one."""
    module = sys.modules.get("secondchance.ui.records.record_view")
    return module is not None and isinstance(page, module.RecordView)


class RecordViews(Mapping[str, "RecordView"]):
    """The record views among a tab's pages, by kind (asking for one builds it)."""

    def __init__(self, pages: LazyPages[QWidget], kinds: Sequence[str]) -> None:
        self._pages = pages
        self._kinds = list(kinds)

    def __getitem__(self, key: str) -> RecordView:
        if key not in self._kinds:
            raise KeyError(key)
        return cast("RecordView", self._pages[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def is_built(self, key: str) -> bool:
        return key in self._kinds and self._pages.is_built(key)

    def built(self) -> list[RecordView]:
        return [cast("RecordView", p) for p in self._pages.built() if is_record_view(p)]


def swap_tab(tabs: QTabWidget, index: int, page: QWidget, label: str) -> QWidget | None:
    """Put ``page`` in place of the widget at ``index``, which is returned (to be deleted).

    The new page goes in first and is made current if the old one was; the old one then
    comes out, no longer current, so no other tab is shown (and reloaded) in between.  (Taking
    out the current page showed its neighbour for a moment: the first Overview showed All
    targets again, its Due view's rows and its last sub-tab.)
    """
    bar = tabs.tabBar()
    behaviour = bar.selectionBehaviorOnRemove()
    bar.setSelectionBehaviorOnRemove(QTabBar.SelectionBehavior.SelectLeftTab)
    old = tabs.widget(index)
    icon = tabs.tabIcon(index)
    was_current = tabs.currentIndex() == index
    blocked = tabs.blockSignals(True)
    try:
        tabs.insertTab(index, page, icon, label)
        if was_current:
            tabs.setCurrentIndex(index)
        tabs.removeTab(index + 1)
    finally:
        tabs.blockSignals(blocked)
        bar.setSelectionBehaviorOnRemove(behaviour)
    return old


class RecordTab(QWidget):
    """Sub-views side by side in a document-mode tab bar; one view needs no bar.

    A subclass builds the pages that are not record lists in ``build_page`` and dresses a
    page once it exists in ``page_built``; the order of all sub-views, and which one opens
    first, come from the registry.
    """

    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.name = spec.name
        self.setObjectName(f"tab_{spec.name}")
        self.pages: LazyPages[QWidget] = LazyPages(
            [v.key for v in spec.views], self._make_page, self.page_built
        )
        self.views = RecordViews(self.pages, spec.kinds)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self.subtabs: QTabWidget | None = None
        self._last_page: QWidget | None = None
        # The sub-tab on screen, remembered by the window when it closes.
        self.current_key: str | None = None
        if len(spec.views) == 1:
            return  # the one page is built when the tab is first shown
        self.subtabs = QTabWidget(self)
        self.subtabs.setObjectName(f"subtabs_{spec.name}")
        self.subtabs.setDocumentMode(True)
        for view_spec in spec.views:
            placeholder = QWidget(self.subtabs)
            placeholder.setObjectName(f"placeholder_{view_spec.key}")
            self.subtabs.addTab(placeholder, view_spec.title)
        last = QSettings().value(f"layout/subtab_{spec.name}")
        keys = list(self.pages)
        if isinstance(last, str) and last in keys:
            self.subtabs.setCurrentIndex(keys.index(last))
        self.current_key = keys[max(self.subtabs.currentIndex(), 0)]
        self.subtabs.currentChanged.connect(self._subtab_changed)
        self._layout.addWidget(self.subtabs)

    # --- building sub-views on demand ---------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._current_key_page()

    def _current_key_page(self) -> QWidget:
        """The sub-view on screen, built now if it was still a placeholder."""
        keys = list(self.pages)
        index = self.subtabs.currentIndex() if self.subtabs is not None else 0
        page = self.pages[keys[max(index, 0)]]
        if self._last_page is None:
            self._last_page = page
        return page

    def _make_page(self, key: str) -> QWidget:
        record = next(v.record for v in self.spec.views if v.key == key)
        holder: QWidget = self.subtabs if self.subtabs is not None else self
        if record:
            from secondchance.ui.records.record_view import RecordView

            page: QWidget = RecordView(self.ctx, key, holder)
        else:
            page = self.build_page(key, holder)
        if self.subtabs is None:
            self._layout.addWidget(page)
            page.show()  # at once: a layout shows a widget added late only on the next turn
        else:
            index = list(self.pages).index(key)
            title = self.subtabs.tabText(index)
            was_last = self._last_page is self.subtabs.widget(index)
            old = swap_tab(self.subtabs, index, page, title)
            if old is not None:
                old.deleteLater()
            if was_last:
                self._last_page = page
        return page

    def build_page(self, key: str, parent: QWidget) -> QWidget:
        """A page of the tab's own (a chart, a ledger) that the registry lists by ``key``."""
        raise NotImplementedError(f"{type(self).__name__} does not build a page {key!r}")

    def page_built(self, key: str, page: QWidget) -> None:
        """Called once per sub-view, right after it is built: a tab adds its own controls."""

    # --- switching ------------------------------------------------------------------------

    def _subtab_changed(self, index: int) -> None:
        assert self.subtabs is not None
        previous = self._last_page
        if (
            previous is not None
            and is_record_view(previous)
            and previous is not self.subtabs.widget(index)
            and not cast("RecordView", previous).flush()
        ):
            # Typing that can't be saved yet stays in view, next to its message.
            self.subtabs.blockSignals(True)
            self.subtabs.setCurrentWidget(previous)
            self.subtabs.blockSignals(False)
            self.ctx.status.emit("Fix the field marked in red first (or undo your typing)")
            return
        key = list(self.pages)[index]
        page = self.pages[key]  # built now if this is its first showing
        self._last_page = page
        self.current_key = key

    def current_view(self) -> RecordView | None:
        """The record view on screen, or None when the current page is not a list."""
        page = self._current_key_page()
        return cast("RecordView", page) if is_record_view(page) else None

    def preselect(self, key: str) -> None:
        """Make ``key`` the sub-tab to build when the tab is next shown, if the one it would
        show is not built yet: opening a tab on another sub-view (a link to a record, the
        View menu) built and loaded its first sub-view too."""
        if self.subtabs is None or key not in self.pages:
            return
        keys = list(self.pages)
        if self.pages.is_built(keys[max(self.subtabs.currentIndex(), 0)]):
            return  # a built page may hold typing: switching from it goes through flush
        blocked = self.subtabs.blockSignals(True)
        try:
            self.subtabs.setCurrentIndex(keys.index(key))
        finally:
            self.subtabs.blockSignals(blocked)
        self.current_key = key

    def show_view(self, key: str) -> QWidget | None:
        """Bring the sub-view ``key`` (a kind or a page of the tab's own) to the front."""
        if key not in self.pages:
            return None
        page = self.pages[key]
        if self.subtabs is not None:
            self.subtabs.setCurrentWidget(page)
        return page

    def flush(self) -> bool:
        return all([view.flush() for view in self.views.built()])
