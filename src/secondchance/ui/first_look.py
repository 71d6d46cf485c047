"""The window's first look: the person's data on screen before the data is opened.

Opening the data means importing SQLAlchemy, the models and the services, checking the
file and building the window's machinery: together several times what the first look
costs.  So after the first paint a worker reads what the window opens on with the standard
library (``core/services/first_look.py``), the window shows it with its real widgets (the
Overview or the Due view, the target selector, the header), and the usual opening follows
at once; when it has attached the data the window answers as always.

Until then the window takes no clicks or keys (``InputGate``: what they would change is
not open yet) and the context's database is a ``PendingData`` that refuses to be used:
tests prove that building the first look never reaches for it.

The first look is only taken when the window would open on the Overview, or on the Due
view; on any other tab, or with no target yet, the window waits for the data as before.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, NoReturn

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from secondchance.core.errors import StorageError
from secondchance.ui.tabs.registry import TABS

if TYPE_CHECKING:
    from secondchance.core.services.first_look import FirstLook

log = logging.getLogger(__name__)

STILL_OPENING = "Your data is still opening; try again in a moment."

# The events a person makes; paint, resize, timers and the like go on as usual.
_INPUT = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.Shortcut,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.ContextMenu,
        QEvent.Type.Wheel,
    }
)


class PendingData:
    """The context's database while the first look is on screen: every use is refused with
    a plain ``StorageError`` (and logged), never answered with stale or empty data."""

    def __getattr__(self, name: str) -> NoReturn:
        log.error("the data was asked for (%s) before it was open", name)
        raise StorageError(STILL_OPENING)


def is_pending(db: object) -> bool:
    return isinstance(db, PendingData)


class InputGate(QObject):
    """Holds back clicks and keys meant for ``window`` until ``open``; a busy cursor says
    why.  Installed on the application: a child widget gets its events before the window."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.held = 0
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        window.setCursor(Qt.CursorShape.BusyCursor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in _INPUT
            and isinstance(watched, QWidget)
            and (watched is self.window or self.window.isAncestorOf(watched))
        ):
            self.held += 1
            return True
        return False

    def open(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.window.unsetCursor()
        self.deleteLater()


def opens_on(look: FirstLook, open_first: bool) -> str | None:
    """The view the window will open on with this look ("overview" or "due"), or None when
    it is one the first look does not show (the window then waits for the data)."""
    from secondchance.core.services.due_items import summarise
    from secondchance.ui.main_window import remembered_tab

    if look.target_id is None:
        return None  # the welcome panel, which offers what needs the data open
    if open_first and summarise(look.due, look.today).pressing:
        return "due"
    name = TABS[remembered_tab()].name
    if name == "overview":
        return "overview"
    if name == "all_targets":
        last = QSettings().value(f"layout/subtab_{name}")
        return "due" if last in (None, "due") else None
    return None


def read_in_worker(
    data_dir: Any, show_archived: bool, actions: int, last_target_key: str
) -> FirstLook | None:
    """Runs on a worker thread: it imports no module that defines Qt classes."""
    import datetime as dt

    from secondchance.core.services.first_look import read_first_look
    from secondchance.paths import DataPaths

    paths = DataPaths(data_dir)
    return read_first_look(
        paths.database,
        dt.date.today(),
        prefer=None,
        show_archived=show_archived,
        actions=actions,
        last_target_key=last_target_key,
        kept_at=paths.first_look_cache,
    )


def keep_on_close(db: Any, target_id: int | None) -> None:
    """After the window has closed: keep the figures the next start's first look needs
    when the target is too large for it to read them (``first_look_cache``).  Up to a
    second at 100 000 records, only when something changed; a failure costs the next start
    its first look, nothing else."""
    import datetime as dt

    from secondchance.core.services.first_look import keep_for_next_start
    from secondchance.paths import DataPaths
    from secondchance.ui.tabs.overview.head_start import ACTIONS_SHOWN

    if target_id is None or db.read_only:
        return
    kept_at = DataPaths(db.data_dir).first_look_cache
    try:
        if keep_for_next_start(db, kept_at, target_id, dt.date.today(), ACTIONS_SHOWN):
            log.info("kept the first look's figures for the next start")
    except Exception:
        log.warning("could not keep the first look's figures", exc_info=True)
