"""The main window: target selector above seven tabs.

Built in two steps so the window paints at once: ``MainWindow()`` imports only Qt and
shows the frame; ``attach(db)`` (called right after the first paint) imports the
services, which pull in SQLAlchemy, and builds the tab on screen.  The other tabs are
built the first time they are shown or asked for (``tab_pages``); until then each holds
a placeholder.  The Overview's figures and the header's readiness come from one
``FiguresFeed``, worked out once per change (off the GUI thread for a large workspace).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from secondchance import APP_NAME
from secondchance.ui.tabs.registry import TABS, tab_of
from secondchance.ui.window_menus import MenuActions
from secondchance.ui.window_targets import TargetActions

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from secondchance.core.db import Database
    from secondchance.core.services.first_look import FirstLook, TargetLine
    from secondchance.ui.context import AppContext
    from secondchance.ui.records.record_view import RecordView
    from secondchance.ui.tabs.base import LazyPages, RecordTab
    from secondchance.ui.tabs.overview.figures import Figures, FiguresFeed, HeadStart
    from secondchance.ui.tabs.overview.tab import OverviewTab

log = logging.getLogger(__name__)

LAST_TARGET_KEY = "ui.last_target"
LAST_TAB_KEY = "layout/last_tab"


def remembered_tab() -> int:
    """The index of the tab shown when the window last closed (0, the Overview, if none)."""
    value = QSettings().value(LAST_TAB_KEY, 0)
    index = int(value) if isinstance(value, int | str) and str(value).isdigit() else 0
    return index if 0 <= index < len(TABS) else 0


def in_turns(steps: list[Callable[[], None]], then: Callable[[], None]) -> None:
    """Run ``steps`` one per turn of the event loop, then ``then()``.

    A millisecond apart, not zero: between zero-delay timers Qt runs no other timer, and the
    page painted between two steps was seen as one long freeze by a 5 ms heartbeat.
    """
    if not steps:
        then()
        return
    steps.pop(0)()
    QTimer.singleShot(1, lambda: in_turns(steps, then))


def _blank_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(0, 0, 0, 0))
    return QIcon(pixmap)


def _opening_page(parent: QWidget) -> QWidget:
    """A tab's stand-in until the data is in: "Opening your data…" in its middle (centred by
    stretches, not an alignment flag: Qt's enumerations are made on first use, and the
    first paint does without them)."""
    page = QWidget(parent)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(QLabel("Opening your data…", page))
    row.addStretch(1)
    column = QVBoxLayout(page)
    column.addStretch(1)
    column.addLayout(row)
    column.addStretch(1)
    return page


class MainWindow(TargetActions, MenuActions, QMainWindow):
    def __init__(self, data_dir: Path | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle(APP_NAME)
        self.data_dir = data_dir
        self.ctx: AppContext | None = None
        self._tab_pages: LazyPages[QWidget] | None = None  # set by attach
        self.figures: FiguresFeed | None = None
        self._first_look: FirstLook | None = None  # on screen until the data is attached
        self._gate: Any = None  # the first look's InputGate
        self._reread = False  # the first look's data was repaired or replaced: read again

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("main_tabs")
        # Until ``dress`` draws the icons: a blank one keeps their room, so nothing shifts.
        blank = _blank_icon()
        for spec in TABS:
            self.tabs.addTab(_opening_page(self), blank, spec.title)
        self.tabs.setEnabled(False)
        self._dressed = False  # icons and text formats: ``dress``, after the first paint

        self.target_combo = QComboBox(self)
        self.target_combo.setObjectName("target_selector")
        # Grows with the window, but never forces it wider than a small laptop screen.
        self.target_combo.setMinimumContentsLength(18)
        self.target_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.target_combo.setMaximumWidth(520)
        self.target_combo.setAccessibleName("Target")
        self.new_target_button = QPushButton(blank, "New target…", self)
        self.new_target_button.setObjectName("new_target")
        self.edit_target_button = QPushButton(blank, "Edit…", self)
        self.edit_target_button.setObjectName("edit_target")
        self.delete_target_button = QPushButton(blank, "Delete…", self)
        self.delete_target_button.setObjectName("delete_target")
        self.countdown = QLabel(self)
        self.countdown.setObjectName("header_countdown")
        # How ready, at a glance from any tab (click: the Overview).
        self.readiness = QLabel(self)
        self.readiness.setObjectName("header_readiness")
        self.readiness.linkActivated.connect(lambda _link: self.tabs.setCurrentIndex(0))
        target_label = QLabel("Target:", self)
        target_label.setBuddy(self.target_combo)
        bar = QHBoxLayout()
        bar.addWidget(target_label)
        bar.addWidget(self.target_combo, 1)
        bar.addWidget(self.new_target_button)
        bar.addWidget(self.edit_target_button)
        bar.addWidget(self.delete_target_button)
        bar.addStretch(1)
        bar.addWidget(self.countdown)
        # In the status bar's right corner: the header row is already full at 738 px.
        self.statusBar().addPermanentWidget(self.readiness)

        self.workspace = QWidget(self)
        self.workspace.setObjectName("workspace")
        workspace_layout = QVBoxLayout(self.workspace)
        workspace_layout.addLayout(bar)
        # Says when the chosen target is archived, or an earlier attempt kept as it was.
        self.target_banner = QLabel(self)
        self.target_banner.setObjectName("target_banner")
        self.target_banner.setWordWrap(True)
        self.target_banner.hide()
        workspace_layout.addWidget(self.target_banner)
        workspace_layout.addWidget(self.tabs, 1)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.workspace)
        self.setCentralWidget(self.stack)
        self._menus: dict[str, QMenu] = {}  # made by ``dress``
        self.statusBar().showMessage("Opening your data…")
        self._restore_geometry()

    def top_menu(self, title: str) -> QMenu:
        """One of the menu bar's menus ("&File", …), ready to be filled."""
        self.dress()
        menu = self._menus[title]
        menu.setEnabled(True)
        return menu

    def dress(self) -> None:
        """Icons, alignments and text formats: right after the first paint, not before it
        (the icon module's Qt enumerations and the SVG renders cost the first paint ~20 ms;
        the labels they format are empty until the data is in)."""
        if self._dressed:
            return
        self._dressed = True
        from PySide6.QtCore import Qt

        # The menus' titles, their items with the data (``menus.py``): a menu bar appearing
        # with the data pushed what it showed down.  Not before the first paint: a menu bar
        # costs it a few milliseconds.
        for title in ("&File", "&Edit", "&View", "&Help"):
            self._menus[title] = self.menuBar().addMenu(title)
            self._menus[title].setEnabled(False)

        from secondchance.ui import icons

        self.setWindowIcon(icons.app_icon())
        for index, spec in enumerate(TABS):
            self.tabs.setTabIcon(index, icons.icon(spec.icon))
        for button, name in (
            (self.new_target_button, "new"),
            (self.edit_target_button, "edit"),
            (self.delete_target_button, "delete"),
        ):
            button.setIcon(icons.icon(name))
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.readiness.setTextFormat(Qt.TextFormat.RichText)
        self.target_banner.setTextFormat(Qt.TextFormat.RichText)

    # --- the first look: the data on screen before it is opened ------------------------

    def show_first_look(self, look: FirstLook, view: str) -> None:
        """Fill the window from ``look`` (``view``: "overview" or "due", what it opens on),
        with a context whose database is not open yet; ``attach`` completes it."""
        for step in self._first_look_steps(look, view):
            step()

    def show_first_look_in_turns(
        self, look: FirstLook, view: str, then: Callable[[], None]
    ) -> None:
        """The same, a step per turn of the event loop after importing the modules it needs
        one per turn (the window keeps answering the desktop), then ``then()``."""
        from secondchance.ui.prefetch import import_in_turns

        steps = self._first_look_steps(look, view)
        tab = "agenda.tab" if view == "due" else "overview.tab"
        modules = (
            "context",
            "tabs.overview.figures",
            "tabs.overview.countdown",
            "tabs.base",
            f"tabs.{tab}",
        )
        import_in_turns(
            [f"secondchance.ui.{name}" for name in modules], lambda: in_turns(steps, then)
        )

    def _first_look_steps(self, look: FirstLook, view: str) -> list[Callable[[], None]]:
        assert look.target_id is not None and look.overview is not None
        target_id, overview = look.target_id, look.overview

        def context() -> None:
            from secondchance.ui.context import AppContext
            from secondchance.ui.first_look import InputGate, PendingData
            from secondchance.ui.tabs.overview.figures import figures_of

            self._first_look = look
            self._gate = InputGate(self)
            self.dress()
            self.ctx = ctx = AppContext(PendingData(), self)  # type: ignore[arg-type]
            ctx.due_preloaded = (look.today, look.due)
            ctx.target_id = target_id  # no signal: nothing may read until the data is open
            self.figures = figures_of(ctx)
            self.figures.hold()
            self.figures.updated.connect(self._show_figures)
            self._fill_target_combo(look.shown, target_id)
            self._open_tabs()
            self.statusBar().showMessage("Opening your data…")

        def header() -> None:
            # A turn of its own: its labels' first rich text makes Qt's enumerations and
            # text layout (tens of milliseconds, once per process).
            from secondchance.ui.tabs.overview.figures import Figures

            assert self.figures is not None
            self.figures.show_first(Figures(target_id, overview, look.summary))

        def tab_on_screen() -> None:
            if view == "due":
                from secondchance.ui.tabs.agenda.reminders import remind_on_open

                remind_on_open(self, look.today)
                self.open_view("due")  # whatever the reminder chose: no other view can show
            else:
                self.tab_pages[TABS[self.tabs.currentIndex()].name]

        return [context, header, tab_on_screen]

    def doubt_first_look(self) -> None:
        """The data could not be opened as it was read (damage found, a repair offered):
        once another database is attached, every view reads again."""
        if self._first_look is not None:
            self._reread = True
            self.statusBar().showMessage("Your data could not be opened as it was")

    # --- second step: data ------------------------------------------------------------

    def attach(
        self, db: Database, head_start: HeadStart | None = None, due_now: Any = None
    ) -> None:
        """Fill the window at once; ``head_start``: the first target's readiness, and
        ``due_now``: (today, what is due), both read already off the GUI thread."""
        for step in self._attach_steps(db, head_start, due_now):
            step()

    def attach_in_turns(
        self,
        db: Database,
        head_start: HeadStart | None,
        due_now: Any,
        then: Callable[[], None],
    ) -> None:
        """The same as ``attach``, one step per turn of the event loop, then ``then()``: at
        start-up the window keeps answering between them (each is tens of milliseconds at
        10 000 records; all at once froze it for a fifth of a second)."""
        in_turns(self._attach_steps(db, head_start, due_now), then)

    def _attach_steps(
        self, db: Database, head_start: HeadStart | None, due_now: Any
    ) -> list[Callable[[], None]]:
        from secondchance.ui.tabs.agenda.reminders import remind_on_open

        look = self._first_look

        def read_only() -> None:
            if db.read_only:
                from secondchance.ui.read_only import enter_read_only

                enter_read_only(self)

        def remind() -> None:
            if look is None:
                remind_on_open(self)
            else:  # the first look reminded already: only say it again after "Ready"
                from secondchance.core.services.due_items import summarise
                from secondchance.ui.tabs.agenda.reminders import say_due

                say_due(self, summarise(look.due, look.today))

        def tab_on_screen() -> None:
            # Built last, with the target chosen (it loads once), unless the reminder
            # already opened the Due view instead.
            self.tab_pages[TABS[self.tabs.currentIndex()].name]

        def targets() -> None:
            self._reload_targets(prefer=self._last_target())
            self.statusBar().showMessage("Ready", 3000)  # the read-only and due notices follow

        def settled() -> None:
            from secondchance.ui.prefetch import when_idle

            assert self.figures is not None
            self.figures.release()  # the tab on screen has painted: the figures' turn
            when_idle(self.figures, db, self)
            if self._first_look is not None:
                self._first_look = None
                assert self.ctx is not None
                self.ctx.data_attached.emit()
            if self._gate is not None:
                self._gate.open()
                self._gate = None
            if self._reread:
                self._reread = False
                assert self.ctx is not None
                self.ctx.changed.emit("*")

        return [
            self.dress,
            lambda: self._attach_context(db, head_start, due_now),
            targets,
            read_only,
            remind,
            tab_on_screen,
            settled,
        ]

    def _attach_context(self, db: Database, head_start: HeadStart | None, due_now: Any) -> None:
        from secondchance.ui.context import AppContext
        from secondchance.ui.menus import build_menus
        from secondchance.ui.tabs.overview.figures import figures_of
        from secondchance.ui.welcome import WelcomePanel

        if self._first_look is not None and self.ctx is not None:
            ctx = self.ctx
            ctx.db = db
        else:
            self.ctx = ctx = AppContext(db, self)
            ctx.due_preloaded = due_now
            # Before any tab: the feed follows target changes ahead of the tabs showing it.
            self.figures = figures_of(ctx)
            self.figures.start_with(head_start)
            self.figures.hold()
            self.figures.updated.connect(self._show_figures)
            self._open_tabs()
        ctx.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
        ctx.changed.connect(self._data_changed)
        ctx.open_record.connect(self.open_record)
        ctx.open_view.connect(self.open_view)

        self.welcome = WelcomePanel(self)
        self.welcome.create_target.connect(self.new_target)
        self.welcome.load_sample.connect(self.add_sample)
        self.welcome.restore.connect(self.restore_from_welcome)
        self.stack.addWidget(self.welcome)
        self._load_currency()

        self.target_combo.activated.connect(self._target_chosen)
        self.new_target_button.clicked.connect(self.new_target)
        self.edit_target_button.clicked.connect(self.edit_target)
        self.delete_target_button.clicked.connect(self.delete_target)
        build_menus(self)
        ctx.choose_target.connect(self.show_target)
        self.target_banner.linkActivated.connect(self._banner_link)

    def _open_tabs(self) -> None:
        from secondchance.ui.tabs.base import LazyPages

        self._tab_pages = LazyPages([spec.name for spec in TABS], self._build_tab)
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(remembered_tab())
        self._last_tab = self.tabs.currentIndex()
        self.tabs.blockSignals(False)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.tabs.setEnabled(True)

    def _load_currency(self) -> None:
        from secondchance.core.services import preferences
        from secondchance.ui import money

        assert self.ctx is not None
        try:
            money.set_currency(preferences.load(self.ctx.db).currency)
        except Exception:
            log.exception("could not read the preferences")

    def _build_tab(self, name: str) -> QWidget:
        from secondchance.ui.tabs.base import swap_tab

        assert self.ctx is not None
        index = next(i for i, spec in enumerate(TABS) if spec.name == name)
        page = TABS[index].build(self.ctx, self)
        old = swap_tab(self.tabs, index, page, TABS[index].title)
        if old is not None:
            old.deleteLater()
        if name == "overview":
            page.edit_target.connect(self.edit_target)  # type: ignore[attr-defined]
        return page

    def build_every_tab(self) -> None:
        """Build every tab and sub-view now (the smoke test checks they all can be)."""
        from secondchance.ui.tabs.base import RecordTab

        for name in self.tab_pages:
            page = self.tab_pages[name]
            if isinstance(page, RecordTab):
                for key in page.pages:
                    page.pages[key]

    def built_pages(self) -> list[QWidget]:
        return self._tab_pages.built() if self._tab_pages is not None else []

    def work_pending(self) -> bool:
        """Figures are still being worked out off the GUI thread (the bench and tests wait)."""
        from secondchance.ui.worker import any_pending

        return any_pending()

    @property
    def tab_pages(self) -> LazyPages[QWidget]:
        """The tabs by name (asking for one builds it); only once the data is attached."""
        if self._tab_pages is None:
            raise RuntimeError("the window has no data yet")
        return self._tab_pages

    @property
    def overview(self) -> OverviewTab:
        return self.tab_pages["overview"]  # type: ignore[return-value]

    def record_tab(self, name: str) -> RecordTab:
        return self.tab_pages[name]  # type: ignore[return-value]

    # --- targets --------------------------------------------------------------------

    def _last_target(self) -> int | None:
        from secondchance.core.services import settings_store

        assert self.ctx is not None
        value = settings_store.get(self.ctx.db, LAST_TARGET_KEY)
        return int(value) if value and value.isdigit() else None

    def _reload_targets(self, prefer: int | None = None) -> None:
        from secondchance.core.services import targets
        from secondchance.core.services.first_look import TargetLine, choose_target

        assert self.ctx is not None
        lines = [
            TargetLine(r.id, r.title, r.values.get("archived_on") is not None)
            for r in targets.list_targets(self.ctx.db)
        ]
        # Archived targets stay out of the selector unless asked for (or already chosen).
        chosen = prefer if prefer is not None else self.ctx.target_id
        shown, chosen = choose_target(lines, chosen, self.show_archived)
        self._fill_target_combo(shown, chosen)
        if shown:
            self.stack.setCurrentWidget(self.workspace)
            self._select_target(int(self.target_combo.currentData()))
        else:
            self.stack.setCurrentWidget(self.welcome)
            self._select_target(None)

    def _fill_target_combo(self, shown: list[TargetLine], chosen: int | None) -> None:
        self.target_combo.blockSignals(True)
        self.target_combo.clear()
        for line in shown:
            title = line.title + (" (archived)" if line.archived else "")
            self.target_combo.addItem(title, line.id)
        self.target_combo.setCurrentIndex(self.target_combo.findData(chosen))
        self.target_combo.blockSignals(False)

    def _target_chosen(self, _index: int) -> None:
        data = self.target_combo.currentData()
        if data is not None and not self.flush_all():
            # Typing that can't be saved stays with its own target: go back to it.
            self.target_combo.setCurrentIndex(
                self.target_combo.findData(self.ctx.target_id if self.ctx else None)
            )
            return
        self._select_target(int(data) if data is not None else None)

    def _select_target(self, target_id: int | None) -> None:
        from secondchance.core.services import settings_store

        assert self.ctx is not None
        self._update_banner(target_id)  # before the views reload: they read target_kept
        self.ctx.set_target(target_id)
        # Written only when it changes: every write to the data file waits for the disk.
        if target_id is not None and not self.ctx.db.read_only and self._last_target() != target_id:
            settings_store.put(self.ctx.db, LAST_TARGET_KEY, str(target_id))
        for button in (self.edit_target_button, self.delete_target_button):
            button.setEnabled(target_id is not None)
        if target_id is None:
            self._show_figures(None)

    def _show_figures(self, figures: Figures | None) -> None:
        """The header's countdown, title and readiness, from the figures the Overview shows."""
        from secondchance.ui.tabs.overview.countdown import short_countdown

        if figures is None or self.ctx is None or figures.target_id != self.ctx.target_id:
            self.countdown.setText("")
            self.readiness.setText("")
            self.setWindowTitle(APP_NAME)
            return
        info = figures.overview
        self.countdown.setText(short_countdown(info.days_to_eligible))
        self._show_countdown()
        self.setWindowTitle(f"{info.target.title} — {APP_NAME}")
        if figures.summary is None:
            if self.figures is not None and self.figures.failed:
                self.readiness.setText("")  # a summary: its failure must not stop the window
            return  # still being worked out: the last score stays until the new one is in
        readiness = figures.summary.readiness
        if readiness.score is None:
            self.readiness.setText("")
            return
        self.readiness.setText(f'<a href="overview">Readiness {readiness.score}%</a>')
        self.readiness.setToolTip(
            "\n".join(f"{c.label}: {c.figure}" for c in readiness.components if c.score is not None)
            + "\n\nClick for the Overview."
        )

    def _data_changed(self, kind: str) -> None:
        if kind in ("target", "*"):
            self._reload_targets()
            self._update_banner(self.ctx.target_id if self.ctx else None)

    # --- records --------------------------------------------------------------------

    def current_record_view(self) -> RecordView | None:
        from secondchance.ui.tabs.base import RecordTab

        page = self.tabs.currentWidget()
        return page.current_view() if isinstance(page, RecordTab) else None

    def open_view(self, key: str) -> QWidget | None:
        """Show the list of kind ``key`` (or a tab's own page) on its tab; None if refused."""
        from secondchance.ui.tabs.base import RecordTab

        spec = tab_of(key)
        if spec is None or self._tab_pages is None:
            return None
        page = self.tab_pages[spec.name]
        if isinstance(page, RecordTab):
            page.preselect(key)
        self.tabs.setCurrentWidget(page)
        # The switch is refused while a field holds typing that can't be saved.
        if self.tabs.currentWidget() is not page or not isinstance(page, RecordTab):
            return None
        shown = page.show_view(key)
        if page.subtabs is not None and page.subtabs.currentWidget() is not shown:
            return None  # refused: typing on the sub-view left can't be saved yet
        return shown

    def open_record(self, kind_name: str, record_id: int) -> None:
        """Switch to the tab and sub-view of ``kind_name`` and select that record."""
        from secondchance.ui.records.record_view import RecordView

        if kind_name == "target":
            if self.ctx is not None and record_id != self.ctx.target_id and self.flush_all():
                self._reload_targets(prefer=record_id)
            return
        view = self.open_view(kind_name)
        if isinstance(view, RecordView):
            view.select_record(record_id)

    def current_page(self) -> QWidget | None:
        """The sub-view on screen: a record view, or a tab's own page (the gap matrix)."""
        from secondchance.ui.tabs.base import RecordTab

        page = self.tabs.currentWidget()
        if isinstance(page, RecordTab):
            return page.subtabs.currentWidget() if page.subtabs is not None else page
        return page

    def new_record(self) -> None:
        view = self.current_record_view()
        page = self.current_page()
        if view is not None:
            view.new_record()
        elif page is not None and callable(getattr(page, "new_record", None)):
            page.new_record()  # type: ignore[attr-defined]
        elif self.ctx is not None:
            self.ctx.status.emit("Choose a tab with a list (Feedback, Skills, …) to add a record")

    def delete_record(self) -> None:
        view = self.current_record_view()
        if view is not None:
            view.delete_current()

    def find_records(self) -> None:
        view = self.current_record_view()
        page = self.current_page()
        if view is not None:
            view.focus_search()
        elif page is not None and callable(getattr(page, "focus_search", None)):
            page.focus_search()  # type: ignore[attr-defined]

    def undo(self) -> None:
        if self.ctx is not None and self.flush_all():
            self.ctx.undo_stack.undo()

    def redo(self) -> None:
        if self.ctx is not None and self.flush_all():
            self.ctx.undo_stack.redo()

    def flush_all(self) -> bool:
        from secondchance.ui.tabs.base import RecordTab

        return all([page.flush() for page in self.built_pages() if isinstance(page, RecordTab)])

    def _tab_changed(self, index: int) -> None:
        if not self.flush_all():
            # Typing that can't be saved yet stays in view with its message next to it.
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(self._last_tab)
            self.tabs.blockSignals(False)
            if self.ctx is not None:
                self.ctx.status.emit("Fix the field marked in red first (or undo your typing)")
            return
        self._last_tab = index
        # Remembered when the window closes: a settings write is a file write with an
        # fsync (5–40 ms), too slow for every switch of tab.
        if self._tab_pages is not None:
            self.tab_pages[TABS[index].name]  # built on its first showing
        self._show_countdown()

    def _show_countdown(self) -> None:
        # One countdown on screen: the Overview shows its own, larger one.
        self.countdown.setVisible(self.tabs.currentIndex() != 0)

    # --- window state -----------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 760)
        self.show_archived = settings.value("view/show_archived", False) in (True, "true")

    def closeEvent(self, event: QCloseEvent) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.ctx is not None and not self.flush_all():
            answer = QMessageBox.warning(
                self,
                "Some typing isn't saved",
                "Some of what you typed can't be saved yet — the message next to the field "
                "says why. Close anyway and lose that typing?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        self._remember_layout()
        super().closeEvent(event)

    def _remember_layout(self) -> None:
        """The window's size, its tab and each tab's sub-tab, for the next start."""
        from secondchance.ui.tabs.base import RecordTab

        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        if self._tab_pages is None:
            return
        settings.setValue(LAST_TAB_KEY, self.tabs.currentIndex())
        for page in self.built_pages():
            if isinstance(page, RecordTab) and page.current_key is not None:
                settings.setValue(f"layout/subtab_{page.name}", page.current_key)
