"""The child processes of the GUI-step bench (bench/gui_steps.py); one mode per process.

  bare [orm]      a bare QMainWindow with seven empty tabs (then ``import sqlalchemy.orm``)
  app DATA        the real start (``secondchance.__main__.main``), with a 5 ms heartbeat on
                  the GUI thread from the first paint to "ready" (the Overview filled and
                  painted) and on to "interactive" (the data attached, the window answers);
                  prints the longest freeze of each stretch and the RSS
  steps DATA      the real window, driven through every tab and sub-tab, a sort, a search, a
                  filter, an edit and its autosave, the packet dialog and the brief: one JSON
                  line per step with its time, its longest freeze and the RSS after it
  packet DATA [N] the real window, then only the packet dialog opened N times (default 3): time
                  until it is painted, until its preview is filled, and the longest freeze
  brief DATA [N]  the same for the brief (File → Write the brief…), until its draft is filled
  export DATA OUT the workspace export written to OUT; prints its time and peak RSS
  floor DATA      the export's floor: the same imports and an open database, no export

Top-level imports stay light: the bare window must not pay for what the app loads.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HEARTBEAT_MS = 5
WINDOW_SIZE = (1180, 760)


def rss_kb() -> int:
    """The resident set size now (Linux /proc), else the peak (other systems)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak // 1024 if sys.platform == "darwin" else peak)


def peak_kb() -> int:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak // 1024 if sys.platform == "darwin" else peak)


def say(**record: Any) -> None:
    print(json.dumps(record), flush=True)


class Heartbeat:
    """A 5 ms timer on the GUI thread: the gaps between its ticks are the freezes."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.ticks: list[float] = []
        self.on_tick: Callable[[float], None] | None = None
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)

    def start(self, now: float | None = None) -> None:
        self.ticks = [time.perf_counter() if now is None else now]
        self.timer.start()

    def stop(self, now: float | None = None) -> float:
        """The longest gap since ``start``, counting up to ``now``."""
        self.timer.stop()
        self.ticks.append(time.perf_counter() if now is None else now)
        return max((b - a for a, b in zip(self.ticks, self.ticks[1:], strict=False)), default=0.0)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.ticks.append(now)
        if self.on_tick is not None:
            self.on_tick(now)


# --- bare window ---------------------------------------------------------------------


def bare(import_orm: bool) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

    def after_paint() -> None:
        if import_orm:
            import sqlalchemy.orm  # noqa: F401
        window.repaint()
        print("ready", flush=True)
        say(rss_kb=rss_kb())
        app.quit()

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                print("paint", flush=True)
                QTimer.singleShot(0, after_paint)
            return False

    # Filled as the app fills (ui/app.SERIAL_FILLS_ENV): the floor differs from the app
    # in what it builds, not in how Qt paints.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget(window)
    for index in range(7):
        tabs.addTab(QWidget(), f"Tab {index + 1}")
    window.setCentralWidget(tabs)
    window.resize(*WINDOW_SIZE)
    painter = FirstPaint()
    window.installEventFilter(painter)
    window.show()
    return int(app.exec())


# --- the app's own start ----------------------------------------------------------------


def app_start(data: str) -> int:
    os.environ["SECONDCHANCE_STARTUP_TRACE"] = "1"
    os.environ["SECONDCHANCE_EXIT_WHEN_READY"] = "1"
    from PySide6.QtWidgets import QApplication

    import secondchance.ui.app as ui_app

    beat: list[Heartbeat] = []

    def trace(stage: str) -> None:
        if stage == "paint":
            print("paint", flush=True)
            beat.append(Heartbeat())
            beat[0].start()
        elif stage == "ready":
            # "Ready" is the Overview (or the Due view) filled *and painted*: paint it now,
            # then stamp.  With the first look that is before the data is attached.
            for widget in QApplication.topLevelWidgets():
                if widget.objectName() == "main_window":
                    widget.repaint()
            print("ready", flush=True)
            say(freeze=beat[0].stop() if beat else 0.0, rss_kb=rss_kb())
            if beat:
                beat[0].start()
        elif stage == "interactive":
            # The data attached: the window answers clicks and keys.
            print("interactive", flush=True)
            after = beat[0].stop() if beat else 0.0
            say(freeze_after_ready=after, rss_kb_interactive=rss_kb())

    ui_app._trace = trace
    from secondchance.__main__ import main

    return main(["--data-dir", data])


# --- export -------------------------------------------------------------------------------


def export(data: str, out: str) -> int:
    from secondchance.core.db import open_database
    from secondchance.core.interop import workspace

    db = open_database(Path(data))
    before = peak_kb()
    start = time.perf_counter()
    summary = workspace.write_export(db, Path(out))
    say(
        seconds=time.perf_counter() - start,
        peak_kb=peak_kb(),
        before_kb=before,
        rows=summary.total_rows,
    )
    db.close()
    return 0


def export_floor(data: str) -> int:
    from secondchance.core.db import open_database
    from secondchance.core.interop import workspace  # noqa: F401 - the same imports

    db = open_database(Path(data))
    say(peak_kb=peak_kb())
    db.close()
    return 0


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode == "bare":
        return bare(len(argv) > 1 and argv[1] == "orm")
    if mode == "app":
        return app_start(argv[1])
    if mode == "steps":
        from gui_driver import drive  # type: ignore[import-not-found]

        return int(drive(Path(argv[1])))
    if mode == "packet":
        from gui_driver import drive_packet  # type: ignore[import-not-found]

        return int(drive_packet(Path(argv[1]), int(argv[2]) if len(argv) > 2 else 3))
    if mode == "brief":
        from gui_driver import drive_brief  # type: ignore[import-not-found]

        return int(drive_brief(Path(argv[1]), int(argv[2]) if len(argv) > 2 else 3))
    if mode == "export":
        return export(argv[1], argv[2])
    if mode == "floor":
        return export_floor(argv[1])
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
