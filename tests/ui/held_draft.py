"""Holding a dialog's draft (drafted off the GUI thread) until the test lets it go: for the
packet dialog's preview and the brief, whose drafting functions take the target and then
what the draft is for (the preset, the tone) as their third argument."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QThreadPool
from pytestqt.qtbot import QtBot

from secondchance.ui.dialogs.drafting import DraftingDialog

# How long a held draft waits for its release at most: the test fails rather than hangs.
HOLD_S = 5.0

# Why a draft can fail, and the words the dialog must then say: both dialogs are tested with
# these (``test_a_failed_draft_says_what_happened``).
FAILED_DRAFTS = pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(5, "Input/output error"), "couldn't be drafted ([Errno 5] Input/output error)"),
        (LookupError("target 7"), "this target is no longer in your records"),
    ],
)


class HeldDraft:
    """Stands in for the drafting function: a draft for a held key waits (off the GUI
    thread, one hopes) until ``release``; ``done`` says it has returned."""

    def __init__(self, held: set[Hashable], answer: Callable[..., Any]) -> None:
        self.held = held
        self.answer = answer
        self.release = threading.Event()
        self.started = threading.Event()
        self.done = threading.Event()

    def __call__(self, *args: Any) -> Any:
        holding = args[2] in self.held
        if holding:
            self.started.set()
            self.release.wait(HOLD_S)
        try:
            return self.answer(*args)
        finally:
            if holding:
                self.done.set()

    def run_out(self) -> None:
        """Let the held draft go, wait for it to return and its result to be delivered."""
        self.release.set()
        QThreadPool.globalInstance().waitForDone()
        QCoreApplication.processEvents()
        assert self.done.is_set()


def wait_for_draft(dialog: DraftingDialog, qtbot: QtBot) -> None:
    """The dialog's draft is made off the GUI thread: wait for it to arrive."""
    qtbot.waitUntil(lambda: not dialog.drafting(), timeout=20_000)


class Holder:
    """``holder(*keys, answer=...)`` puts a ``HeldDraft`` in place of ``module.name``."""

    def __init__(
        self,
        monkeypatch: pytest.MonkeyPatch,
        module: ModuleType,
        name: str,
        real: Callable[..., Any],
    ) -> None:
        self.monkeypatch = monkeypatch
        self.module = module
        self.name = name
        self.real = real
        self.made: list[HeldDraft] = []

    def __call__(self, *held: Hashable, answer: Callable[..., Any] | None = None) -> HeldDraft:
        draft = HeldDraft(set(held), answer or self.real)
        self.monkeypatch.setattr(self.module, self.name, draft)
        self.made.append(draft)
        return draft

    def release_all(self) -> None:
        """Never leave a worker waiting (the window's cleanup waits for it)."""
        for draft in self.made:
            draft.release.set()
        QThreadPool.globalInstance().waitForDone()
