"""Garbage is collected on the GUI thread, never on a worker (see ui/gui_gc.py)."""

from __future__ import annotations

import gc
import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from secondchance.ui import gui_gc
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


def test_nothing_is_collected_before_start_up_is_frozen(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    collected: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    monkeypatch.setattr(gc, "get_count", lambda: (10_000, 0, 0))
    collector = GuiThreadCollector(after_freeze=True)
    try:
        qtbot.wait(gui_gc.INTERVAL_MS * 3)
        assert collected == []
        collector.freeze()
        qtbot.waitUntil(lambda: collected == [0] or len(collected) > 1, timeout=2000)
        assert set(collected) == {0}
    finally:
        collector.stop()


def test_full_collections_come_at_most_once_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    collected: list[int] = []
    now = [1000.0]
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    monkeypatch.setattr(gc, "get_count", lambda: (10_000, 100, 100))  # every generation due
    collector = GuiThreadCollector(after_freeze=True, clock=lambda: now[0])
    try:
        collector.check()
        assert collected == [1]  # a full one only a minute after the start: the middle one
        now[0] += gui_gc.FULL_AT_MOST_EVERY_S
        collector.check()
        collector.check()
        assert collected == [1, 2, 1]
    finally:
        collector.stop()


def test_nothing_is_collected_while_work_is_held_and_a_list_is_frozen_once_in_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    collected: list[int] = []
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    monkeypatch.setattr(gc, "get_count", lambda: (10_000, 0, 0))
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    collector = GuiThreadCollector(after_freeze=True)
    reading, figures = object(), object()
    try:
        gui_gc.freeze_in_place()
        assert frozen == []  # no collector running yet (start-up not frozen): nothing frozen
        collector.freeze()
        frozen.clear()
        gui_gc.hold(reading)
        gui_gc.hold(figures)
        collector.check()
        gui_gc.release(reading)
        collector.check()
        assert collected == []  # held while either works
        gui_gc.release(figures)
        collector.check()
        assert collected == [0]
        gui_gc.freeze_in_place()
        assert frozen == [True]
    finally:
        collector.stop()


def test_a_hold_that_is_never_let_go_ends_by_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    collected: list[int] = []
    now = [5000.0]
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    monkeypatch.setattr(gc, "get_count", lambda: (10_000, 0, 0))
    monkeypatch.setattr(f"{gui_gc.__name__}.time.monotonic", lambda: now[0])
    collector = GuiThreadCollector(after_freeze=True)
    holder = object()
    try:
        gui_gc.hold(holder)
        collector.check()
        assert collected == []
        now[0] += gui_gc.HOLD_AT_MOST_S + 0.1
        collector.check()
        assert collected == [0]
    finally:
        gui_gc.release(holder)
        collector.stop()


def test_background_work_holds_collections_until_it_is_done(qtbot: QtBot) -> None:
    import threading as th

    from secondchance.ui.worker import Background

    go_on = th.Event()
    work = Background(0, holds_collection=True)
    results: list[object] = []
    work.finished.connect(results.append)
    work.request(lambda: go_on.wait(5) and "done", delay=False)
    assert gui_gc.held()
    go_on.set()
    qtbot.waitUntil(lambda: results == ["done"], timeout=5000)
    assert not gui_gc.held()
    # Work that leaves many cycles is collected as it comes.
    cyclic = Background(0)
    cyclic.request(lambda: go_on.wait(5) and "made", delay=False)
    assert not gui_gc.held()
    qtbot.waitUntil(lambda: not cyclic.pending(), timeout=5000)


def test_what_held_work_hands_over_is_frozen_in_place(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made while nothing was collected, a held result (a list's rows, a ledger) would all
    be walked by the next collection: frozen once delivered, it never is."""
    from secondchance.ui.worker import Background

    frozen: list[object] = []
    collector = GuiThreadCollector()
    try:
        monkeypatch.setattr(gc, "freeze", lambda: frozen.append(seen[:]))
        seen: list[object] = []
        held, plain = Background(0, holds_collection=True), Background(0)
        held.finished.connect(seen.append)
        plain.finished.connect(seen.append)
        held.request(lambda: "rows", delay=False)
        qtbot.waitUntil(lambda: seen == ["rows"], timeout=5000)
        assert frozen == [["rows"]]  # after the result was handed over, not before
        plain.request(lambda: "cycles", delay=False)
        qtbot.waitUntil(lambda: seen == ["rows", "cycles"], timeout=5000)
        assert frozen == [["rows"]]  # work that may leave cycles is left to collections
    finally:
        monkeypatch.undo()
        collector.stop()


def test_a_dialog_drafting_holds_collections_until_its_draft_is_in(qtbot: QtBot) -> None:
    from secondchance.ui.dialogs.drafting import DraftingDialog

    class Dialog(DraftingDialog):
        def draft_arrived(self, draft: Any) -> None:
            self.drafted = draft

        def draft_failed(self, exc: BaseException) -> None:
            raise AssertionError(exc)

    go_on = threading.Event()
    dialog = Dialog()
    qtbot.addWidget(dialog)
    dialog.start_draft("key", lambda: go_on.wait(5) and "the draft")
    assert gui_gc.held()  # the GUI thread walks none of what the draft holds as it works
    go_on.set()
    qtbot.waitUntil(lambda: not dialog.drafting(), timeout=5000)
    assert dialog.drafted == "the draft"
    assert not gui_gc.held()


def test_drafting_a_packet_or_a_brief_leaves_few_cycles(db: Any, sample_target: int) -> None:
    """Why a draft may hold collections: what it leaves in cycles is collected after it,
    all at once, so it must stay small (a few hundred objects at 10 and 100 000 records)."""
    from secondchance.core.packet.api import draft_brief, draft_summary
    from secondchance.core.packet.sections import Preset

    gc.collect()
    gc.disable()
    try:
        for draft in (
            lambda: draft_summary(db, sample_target, Preset.personal),
            lambda: draft_summary(db, sample_target, Preset.shareable),
            lambda: draft_brief(db, sample_target),
        ):
            assert draft()
            assert gc.collect() < 2000
    finally:
        gc.enable()


def test_work_is_done_here_when_small_off_the_gui_thread_when_large(qtbot: QtBot) -> None:
    from secondchance.ui.worker import Background

    work = Background(0)
    results: list[object] = []
    work.finished.connect(results.append)
    assert not work.run_by_size(lambda: "small", lambda: 10, 10)
    assert results == ["small"]  # at once
    assert work.run_by_size(lambda: "large", lambda: 11, 10)
    assert results == ["small"] and work.pending()
    qtbot.waitUntil(lambda: results == ["small", "large"], timeout=5000)

    def uncountable() -> int:
        raise OSError("disk I/O error")

    assert not work.run_by_size(lambda: "here", uncountable, 10)  # counted as small
    assert results[-1] == "here"


def test_freezing_in_place_can_wait_for_many_young_objects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frozen: list[bool] = []
    young = [gui_gc.MANY_YOUNG - 1]
    monkeypatch.setattr(gc, "get_count", lambda: (young[0], 0, 0))
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    collector = GuiThreadCollector()
    try:
        gui_gc.freeze_in_place(at_least=gui_gc.MANY_YOUNG)
        assert frozen == []  # a few young objects: quick to walk, not kept forever
        young[0] = gui_gc.MANY_YOUNG
        gui_gc.freeze_in_place(at_least=gui_gc.MANY_YOUNG)
        assert frozen == [True]
    finally:
        collector.stop()


def test_a_record_views_first_read_is_frozen_in_place_and_later_ones_are_not(
    sample_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    monkeypatch.setattr(gui_gc, "freeze_in_place", lambda *, at_least=0: asked.append(at_least))
    view = sample_window.open_view("feedback")
    assert view is not None and view.model.total_count > 0
    assert asked == [gui_gc.MANY_YOUNG]  # the first read: its view and rows live on
    view.reload()
    view.reload(soon=True)
    assert asked == [gui_gc.MANY_YOUNG]  # later reads are collected as they come
