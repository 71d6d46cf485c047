"""Garbage is collected on the GUI thread, never on a worker (see ui/gui_gc.py)."""

from __future__ import annotations

import gc
import threading
from typing import Any

from pytestqt.qtbot import QtBot

from secondchance.ui.gui_gc import GuiThreadCollector


class _Cycle:
    def __init__(self, freed: list[str]) -> None:
        self.me = self
        self.freed = freed

    def __del__(self) -> None:
        self.freed.append(threading.current_thread().name)


def test_cycles_are_freed_on_the_gui_thread_only(qtbot: QtBot) -> None:
    collector = GuiThreadCollector()
    try:
        assert not gc.isenabled()
        freed: list[str] = []

        def make_garbage() -> None:
            junk: list[Any] = []
            for _ in range(5000):  # far past the thresholds: automatic gc would run here
                _Cycle(freed)
                junk.append([[]])

        worker = threading.Thread(target=make_garbage, name="worker")
        worker.start()
        worker.join()
        assert freed == []  # nothing collected on the worker
        qtbot.waitUntil(lambda: bool(freed), timeout=5000)
        assert set(freed) == {threading.main_thread().name}
    finally:
        collector.stop()
    assert gc.isenabled()
