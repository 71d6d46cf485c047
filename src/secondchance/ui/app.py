"""QApplication set-up, the single-instance lock, and the start in steps.

The window is shown before SQLAlchemy, Alembic or the services are imported, so the
person sees the app at once.  After its first paint a worker reads the window's first look
(``ui/first_look.py``: the data read with the standard library) and the window shows it;
then a worker imports the services and opens the data (a migration and its backup
included) while the window keeps painting; the window is then completed on the GUI thread.
"Ready" is when what the window opens on is filled (by the first look when there is one),
"interactive" when the data is attached and the window takes clicks and keys.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLockFile,
    QObject,
    QThreadPool,
    QTimer,
)
from PySide6.QtWidgets import QApplication

from secondchance import APP_ID, APP_NAME, __version__
from secondchance.paths import DataPaths
from secondchance.ui import theme_setting
from secondchance.ui.main_window import LAST_TARGET_KEY, MainWindow, in_turns
from secondchance.ui.plain import paragraphs
from secondchance.ui.tabs.registry import TABS

log = logging.getLogger(__name__)

# Set by bench/startup: print "paint" and "ready" times, in seconds since this module was
# imported (the bench itself times from the parent process).
TRACE_ENV = "SECONDCHANCE_STARTUP_TRACE"
# Qt's raster engine hands every fill of 96 scan lines or more to a pool of threads and
# waits for them; for the narrow, tall strips a window is full of (scroll bars, frames) the
# hand-over costs more than the fill: a Fusion scroll bar 558 px tall painted in 1.3-4 ms,
# serially 0.14, and a whole window repaint took 4-8 ms instead of 2-4 (10k records, each
# tab).  Set before the application exists (Qt reads it once); serial fills draw the same
# pixels.  Any value a person set is left as it is.
SERIAL_FILLS_ENV = "QT_NO_GUI_THREADPOOL"
FIRST_PAINT_FALLBACK_MS = 500
T0 = time.perf_counter()


def make_application(argv: list[str] | None = None, *, before_paint: bool = False) -> QApplication:
    """The application; ``before_paint``: only what the first paint needs (the theme), the
    rest (icon, the region's date order) left to ``settle_application`` after it."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        os.environ.setdefault(SERIAL_FILLS_ENV, "1")
        app = QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName(APP_ID)
    QCoreApplication.setApplicationName(APP_ID)
    QCoreApplication.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("secondchance")
    # Light and Dark need the theme module; System needs it only to undo a theme already
    # applied in this process.
    if theme_setting.saved() != "system" or "secondchance.ui.theme" in sys.modules:
        from secondchance.ui import theme

        theme.apply_saved(app)
    if not before_paint:
        settle_application(app)
    return app


def settle_application(app: QApplication) -> None:
    """The icon and the region's date order: after the first paint at start-up (the icon
    module and Qt's locale enumerations cost the first paint ~20 ms)."""
    from secondchance.ui import icons

    use_region_date_order()
    app.setWindowIcon(icons.app_icon())


def use_region_date_order() -> None:
    """Dates in the order of the desktop's region (core/dates.py).  At start-up before the
    worker opens the data: the figures it works out ahead of the window carry dates."""
    from PySide6.QtCore import QLocale

    from secondchance.core import dates

    region = QLocale.territoryToCode(QLocale.system().territory())
    dates.set_date_order(dates.order_for_region(region))


class _FirstPaint(QObject):
    """Calls ``then`` once, right after the window's first paint.

    A zero-delay timer alone is not enough: Qt runs posted timers before the window
    system's expose event, so the data would be opened before anything is drawn.
    """

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self.done = False
        self.then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint:
            self.fire()
            _trace("paint")
        return False

    def fire(self) -> None:
        if not self.done:
            self.done = True
            QTimer.singleShot(0, self.then)


def _trace(stage: str) -> None:
    if os.environ.get(TRACE_ENV) and sys.stdout is not None:
        print(f"{stage} {time.perf_counter() - T0:.4f}", flush=True)


# A window that has closed and still holds the folder while it saves (the backup on close,
# the first look's figures: seconds at 100 000 records) notes this, so a start meanwhile
# waits for it instead of saying the window is open.
CLOSING = "the window, closing"
CLOSING_WAIT_MS = 20_000


def acquire_lock(paths: DataPaths) -> QLockFile | None:
    from secondchance.paths import make_private, note_lock_holder

    lock = QLockFile(str(paths.lock_file))
    lock.setStaleLockTime(0)  # a crashed instance's lock is detected by its dead PID
    if lock.tryLock(200) or (_holder(paths) == CLOSING and lock.tryLock(CLOSING_WAIT_MS)):
        make_private(paths.lock_file)
        note_lock_holder(paths, "the window")  # so a command can say who holds it
        return lock
    if lock.error() == QLockFile.LockError.PermissionError and not paths.writable():
        # A read-only data folder: no lock can be made, and nothing will be written.
        return QLockFile(str(paths.lock_file))
    return None


def _holder(paths: DataPaths) -> str | None:
    """What the process holding the data folder's lock noted it is (``note_lock_holder``)."""
    from secondchance.paths import lock_holder

    info = QLockFile(str(paths.lock_file)).getLockInfo()
    pid = next((v for v in info if isinstance(v, int)), 0) if isinstance(info, tuple) else 0
    return lock_holder(paths, pid) if pid else None


def busy_message(paths: DataPaths) -> tuple[str, str]:
    """Who holds the data folder: the window, one closing, or a command (which will finish
    by itself)."""
    holder = _holder(paths)
    if holder == CLOSING:
        return (
            f"{APP_NAME} is still closing for this data folder:\n{paths.root}",
            "It is saving a backup and what the next start shows first. "
            "Open it again in a few seconds.",
        )
    if holder is not None and holder != "the window":
        return (
            f"A {APP_NAME} command ({holder}) is working on this data folder:\n{paths.root}",
            "Open Second Chance again when it has finished (usually within a minute).",
        )
    return (
        f"{APP_NAME} is already open for this data folder:\n{paths.root}",
        "Switch to the open window (look in your taskbar or dock).",
    )


def _open_off_thread(data_dir: Path, looked: bool = False) -> Any:
    """Runs in a worker thread: the services the filled window needs, then the database;
    ``looked``: the window shows a first look, which read the figures and what is due.

    Only modules without Qt are imported here: importing a module that defines Qt classes
    off the GUI thread crashed the process (shiboken sets each class up as it is made).
    The window's own modules are imported on the GUI thread afterwards (``_UI_MODULES``).
    """
    import secondchance.core.services.readiness
    import secondchance.core.services.records
    import secondchance.core.services.targets
    import secondchance.ui.tabs.overview.head_start  # noqa: F401 - no Qt in it
    from secondchance.ui.safekeeping import open_and_tidy  # loaded already, on the GUI thread

    db = open_and_tidy(data_dir)  # the check at open, off the GUI thread too
    if looked:
        from secondchance.core.services import warm_up

        warm_up.mappers()
        return db, None, None
    return db, _warm_up(db), _due_now(db)


def _due_now(db: Any) -> Any:
    """What is due today, for the reminder and the Due page (read here, not on the GUI
    thread: across every target it is a few hundred milliseconds at 10 000 records)."""
    import datetime as dt

    from secondchance.core.services import due

    today = dt.date.today()
    try:
        return today, due.due_items(db, today)
    except Exception:  # only a head start: the window reads (and reports) for itself
        log.debug("reading what is due failed", exc_info=True)
        return None


# What ``MainWindow.attach`` needs, imported on the GUI thread one module per turn of the
# event loop once the worker has opened the data (each turn leaves the window responsive).
_UI_MODULES = (
    "secondchance.ui.tabs.overview.figures",
    "secondchance.ui.context",
    "secondchance.ui.menus",
    "secondchance.ui.records.table_model",
    "secondchance.ui.records.form",
    "secondchance.ui.records.record_list",
    "secondchance.ui.records.record_detail",
    "secondchance.ui.records.record_view",
    "secondchance.ui.tabs.base",
    "secondchance.ui.tabs.overview.tab",
    "secondchance.ui.welcome",
)


def _first_tab_modules(due_now: Any) -> list[str]:
    """The module of the tab the window will open on: the last one shown, or the Due view's
    when something is due (its own turn: a tab's import is tens of milliseconds)."""
    from secondchance.ui.main_window import remembered_tab
    from secondchance.ui.tabs.registry import tab_of

    wanted = [TABS[remembered_tab()]]
    due_tab = tab_of("due") if due_now is not None and due_now[1] else None
    if due_tab is not None:
        wanted.append(due_tab)
    return list(dict.fromkeys(spec.factory.partition(":")[0] for spec in wanted))


def _warm_up(db: Any) -> Any:
    """Ask once, off the GUI thread, what the window asks first.

    SQLAlchemy configures its mappers and compiles each statement on first use (a tenth of
    a second in all) and caches them for the GUI thread's own asking.  The readiness of a
    small target the window will open on is worked out here too and handed over (nothing
    can change the data before the window is filled: it holds the data folder's lock).
    """
    from secondchance.core.services import readiness, settings_store, targets, warm_up
    from secondchance.ui.tabs.overview.head_start import ACTIONS_SHOWN, SMALL_TARGET, HeadStart

    warm_up.mappers()
    try:
        rows = targets.list_targets(db)
        value = settings_store.get(db, LAST_TARGET_KEY)
        chosen = int(value) if value and value.isdigit() else None
        target_id = chosen if chosen in {r.id for r in rows} else (rows[0].id if rows else None)
        if target_id is not None:
            info = targets.overview(db, target_id)
            # A large target's readiness takes seconds: the window opens without waiting
            # for it (the Overview shows its counts, the figures follow from a worker).
            if sum(count.count for count in info.counts) <= SMALL_TARGET:
                found = readiness.summary(db, target_id, None, ACTIONS_SHOWN)
                return HeadStart(target_id, found)
    except Exception:  # only a head start: the window reads (and reports) for itself
        log.debug("warm-up failed", exc_info=True)
    return None


def _open_data(
    window: MainWindow,
    data_dir: Path,
    then: Callable[[bool], None],
    loaded: Callable[[], None] | None = None,
    first_look: Callable[[], None] | None = None,
) -> list[Any]:
    """Open the data off the GUI thread, fill the window, then ``then(opened)``;
    ``loaded()`` once the worker has loaded the services and opened the data;
    ``first_look()`` once the window shows the first look (``ui/first_look.py``), if it can.

    Returns a list that holds the database once the worker has opened it (the caller
    closes it if the window closed before it was attached).
    """
    from secondchance.ui.prefetch import import_in_turns
    from secondchance.ui.worker import Background

    opener = Background(0, window, shown=False)
    opening: list[Any] = []
    looked = False

    def open_off_thread() -> Any:
        result = _open_off_thread(data_dir, looked)
        opening.append(result[0])
        return result

    def attach(db: Any, head_start: Any, due_now: Any = None) -> None:
        def attached() -> None:
            from secondchance.ui.safekeeping import BackupKeeper

            keeper = BackupKeeper(db, window)
            keeper.finished.connect(lambda text: window.statusBar().showMessage(text, 6000))
            then(True)

        window.attach_in_turns(db, head_start, due_now, attached)

    def opened(result: Any) -> None:
        db, head_start, due_now = result
        if loaded is not None:
            loaded()
        # The window's modules, once the worker has loaded the services they import (a
        # module the worker is importing would hold the GUI thread on its import lock).
        modules = (*_UI_MODULES, *_first_tab_modules(due_now))
        import_in_turns(modules, lambda: attach(db, head_start, due_now))

    def failed(error: object) -> None:
        from PySide6.QtWidgets import QMessageBox

        window.doubt_first_look()  # what it showed can't be trusted now

        from secondchance.core.backup import DatabaseError
        from secondchance.core.damage import DamagedDatabaseError
        from secondchance.ui.safekeeping import offer_repair_and_tidy

        if isinstance(error, DamagedDatabaseError):
            # The check found damage: the person chooses a restore, a rescue, or to quit.
            db = offer_repair_and_tidy(window, data_dir, error)
            if db is None:
                then(False)
            else:
                attach(db, None)
            return
        log.error("cannot open database: %s", error)
        if isinstance(error, DatabaseError):
            message = str(error)
        else:
            message = f"Your data could not be opened ({error}). See the log file."
        QMessageBox.critical(window, f"{APP_NAME} can't open your data", paragraphs(message))
        then(False)

    opener.finished.connect(opened)
    opener.failed.connect(failed)

    def start_opening(look: Any = None) -> None:
        nonlocal looked
        if look is not None:
            from secondchance.ui.first_look import opens_on
            from secondchance.ui.tabs.agenda.reminders import open_first_enabled

            view = opens_on(look, open_first_enabled())
            if view is not None:
                log.info("first look: the %s view, before the data is opened", view)
                looked = True

                def shown() -> None:
                    if first_look is not None:
                        first_look()
                    opener.request(open_off_thread, delay=False)

                # "Shown" a turn after the last step: the layouts the look asked for are
                # done and painted by then, with no worker beside them holding Python's lock.
                window.show_first_look_in_turns(look, view, lambda: QTimer.singleShot(0, shown))
                return
        opener.request(open_off_thread, delay=False)

    if first_look is None:
        start_opening()
        return opening
    from secondchance.ui.first_look import read_in_worker
    from secondchance.ui.tabs.overview.head_start import ACTIONS_SHOWN

    reader = Background(0, window, shown=False)
    reader.finished.connect(start_opening)
    reader.failed.connect(lambda _error: start_opening())
    show_archived = window.show_archived
    reader.request(
        lambda: read_in_worker(data_dir, show_archived, ACTIONS_SHOWN, LAST_TARGET_KEY),
        delay=False,
    )
    return opening


def _when_figures_are_in(window: MainWindow, then: Callable[[], None]) -> None:
    """Call ``then`` once the Overview's figures are in (at once if they already are)."""
    feed = window.figures
    if feed is None or not feed.pending():
        then()
        return

    def check(_figures: object) -> None:
        if not feed.pending():
            feed.updated.disconnect(check)
            then()

    feed.updated.connect(check)


def install_excepthook(parent_of: Callable[[], Any]) -> None:
    """An unexpected error is logged and explained, instead of vanishing (no console)."""
    showing = False

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        from PySide6.QtWidgets import QMessageBox

        nonlocal showing
        log.error("unexpected error", exc_info=(kind, value, tb))
        if showing or QApplication.instance() is None:
            return
        showing = True
        try:
            QMessageBox.critical(
                parent_of(),
                f"{APP_NAME}: something went wrong",
                paragraphs(
                    f"Something unexpected went wrong: {value}",
                    "What you saved is safe. The details were written to the log file in "
                    "your data folder (Help → Open data folder, then logs).",
                ),
            )
        finally:
            showing = False

    sys.excepthook = hook


def run_gui(data_dir: Path, start_logging: Callable[[], None] | None = None) -> int:
    """The window; ``start_logging`` runs once the window has painted (``__main__`` sweeps
    the pending-writes journal and sets the log file up in it)."""
    app = make_application(before_paint=True)
    paths = DataPaths(data_dir)
    lock = acquire_lock(paths)
    if lock is None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(
            None,
            APP_NAME,
            paragraphs(*busy_message(paths)),
        )
        return 1
    from secondchance.ui.gui_gc import GuiThreadCollector

    # Never a collection on a worker thread, and none before the data is open.
    collector = GuiThreadCollector(app, after_freeze=True)
    window = MainWindow(data_dir)
    install_excepthook(lambda: window)

    def load() -> None:
        # A turn each (all of it in one turn held the window ~100 ms after its first paint):
        # the open's check and the date order, the data's opening (which starts its worker),
        # then beside the worker the log file, the icons and the rest the first paint did
        # without.
        steps = [check_early, open_data, *([start_logging] if start_logging else [])]
        in_turns([*steps, lambda: settle_application(app), window.dress], lambda: None)

    def check_early() -> None:
        from secondchance.ui.safekeeping import start_early_check

        # The open's check starts once the window has painted (its imports cost the first
        # paint 10 ms); it still runs well ahead of the open, beside the worker's imports.
        start_early_check(data_dir)
        use_region_date_order()  # before the first look words a date

    def open_data() -> None:
        opening.append(_open_data(window, data_dir, opened, collector.freeze, ready))

    opening: list[list[Any]] = []
    said_ready = False

    def opened(ok: bool) -> None:
        if not ok:
            app.exit(2)
            return
        # A turn later, as after the first look: the layouts the data asked for are done.
        _when_figures_are_in(window, lambda: QTimer.singleShot(0, answering))

    def ready() -> None:
        """What the window opens on is filled (by its first look, or by the data itself)."""
        nonlocal said_ready
        if not said_ready:
            said_ready = True
            _trace("ready")

    def answering() -> None:
        # Collections start here, not at a first look's "ready": the worker is importing
        # then, and a collection of all it makes froze the window for a quarter second.
        collector.freeze()
        ready()
        _trace("interactive")
        if os.environ.get("SECONDCHANCE_EXIT_WHEN_READY"):
            QTimer.singleShot(0, window.close)

    painter = _FirstPaint(load)
    window.installEventFilter(painter)
    window.show()
    # A window that never paints (started minimised, hidden workspace) still loads.
    QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, painter.fire)
    code = app.exec()
    # Figures still being worked out read the database: let them finish before it closes.
    QThreadPool.globalInstance().waitForDone()
    collector.stop()
    from secondchance.ui.first_look import is_pending

    if window.ctx is not None and not is_pending(window.ctx.db):
        from secondchance.paths import note_lock_holder
        from secondchance.ui.first_look import keep_on_close
        from secondchance.ui.safekeeping import back_up_on_close

        note_lock_holder(paths, CLOSING)
        keep_on_close(window.ctx.db, window.ctx.target_id)
        back_up_on_close(window.ctx.db)
        window.ctx.db.close()
    else:
        for db in [db for dbs in opening for db in dbs or ()]:
            db.close()  # opened while the window was closing: never attached
    lock.unlock()
    return int(code)


def run_smoke_test(data_dir: Path) -> int:
    """Open (migrating) the data, check it, build every tab; one JSON line out."""
    from secondchance.core.backup import quick_check
    from secondchance.core.db import open_database
    from secondchance.core.migrate import current_revision

    report: dict[str, Any] = {"version": __version__, "db_revision": None, "tabs": [], "ok": False}
    try:
        app = make_application()
        db = open_database(data_dir)
        report["db_revision"] = current_revision(db.path)
        report["read_only"] = db.read_only
        problems = quick_check(db.path)
        window = MainWindow(data_dir)
        window.attach(db)
        window.build_every_tab()
        window.show()
        app.processEvents()
        pages = [window.tabs.widget(i) for i in range(window.tabs.count())]
        report["tabs"] = [page.objectName() for page in pages if page is not None]
        expected = [f"tab_{spec.name}" for spec in TABS]
        report["ok"] = not problems and report["tabs"] == expected
        if problems:
            report["problems"] = problems
        window.close()
        db.close()
    except Exception as exc:  # the smoke test reports, it doesn't crash
        log.exception("smoke test failed")
        report["error"] = f"{type(exc).__name__}: {exc}"
    import json

    line = json.dumps(report)
    # A windowed app on Windows has no stdout (sys.stdout is None) unless its caller
    # redirected it, so the result also goes to the log, where a script can read it.
    log.info("smoke test result: %s", line)
    if sys.stdout is not None:
        print(line, flush=True)
    return 0 if report["ok"] else 1
