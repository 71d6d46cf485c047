"""Dialogs whose text is drafted from the records off the GUI thread (the packet dialog's
preview, the brief): they open at once, say they are drafting, fill in when the draft
arrives, and say plainly when it could not be made.

A draft reads every record of the target (~0.3 s at 10k records, ~3 s at 100k), so it runs
in ``ui/worker.Background``: the newest request wins, a draft made stale by a newer request
or by closing the dialog is dropped, and the closed dialog is deleted only once its draft has
ended.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from secondchance.ui.widgets.muted_label import MutedLabel
from secondchance.ui.worker import Background


def draft_failed_message(exc: BaseException, what: str, instead: str) -> str:
    """What a dialog says when ``what`` ("The preview") could not be drafted: what happened
    and what the person can do (``instead``: "write the summary yourself and export")."""
    if isinstance(exc, LookupError):
        return (
            f"{what} couldn't be drafted: this target is no longer in your records. "
            "Close this window and choose the target again."
        )
    reason = str(exc).strip() or type(exc).__name__
    return (
        f"{what} couldn't be drafted ({reason}). Your records are unchanged. You can "
        f"{instead}, or close this window and open it again; the log file has the details."
    )


class DraftState(MutedLabel):
    """The line saying how the draft is going: muted "Drafting…", what went wrong in the
    normal text colour (readable on light and dark palettes), hidden once drafted."""

    def drafting(self, text: str) -> None:
        self.setText(text)
        self.set_muted(True)
        self.show()

    def failed(self, text: str) -> None:
        self.setText(text)
        self.set_muted(False)
        self.show()


class DraftingDialog(QDialog):
    """A dialog with one draft at a time worked out off the GUI thread.

    Subclasses call ``start_draft`` with the parameters the draft is for (its key) and a
    function of plain values; ``draft_arrived`` gets the newest draft, ``draft_failed`` the
    exception; neither is called once the dialog is closed.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A draft leaves a few hundred objects in cycles however large the target (measured
        # at 100k records: 290-420), while the objects it holds as it works number 180 000;
        # collections run meanwhile walked those again and again (20-140 ms each on the GUI
        # thread, 0.08-0.19 s freezes while the packet's preview was drafted).
        self._drafter = Background(0, self, holds_collection=True)
        self._drafter.finished.connect(self._arrived)
        self._drafter.failed.connect(self._failed)
        self._draft_key: Hashable = None
        self._drafting = False
        self._closed = False

    def drafting(self) -> bool:
        """The draft for the parameters chosen now is still being worked out."""
        return self._drafting

    def start_draft(self, key: Hashable, make: Callable[[], Any]) -> None:
        """Draft ``make()`` for ``key`` off the GUI thread. ``make`` must not read widgets
        or look names up in a module that a test may patch meanwhile: bind values first."""
        self._draft_key = key
        self._drafting = True
        self._drafter.request(lambda: (key, make()), delay=False)

    def draft_arrived(self, draft: Any) -> None:
        raise NotImplementedError

    def draft_failed(self, exc: BaseException) -> None:
        raise NotImplementedError

    def _arrived(self, result: tuple[Hashable, Any]) -> None:
        key, draft = result
        if self._closed or key != self._draft_key:
            return  # the dialog is gone, or a newer draft is on its way
        self._drafting = False
        self.draft_arrived(draft)

    def _failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self._drafting = False
        self.draft_failed(exc)

    def done(self, result: int) -> None:
        # A draft still running is let finish (it only reads); its result is dropped.
        self._closed = True
        super().done(result)

    def dispose(self) -> None:
        """Delete the closed dialog once no draft of its own (or of a dialog it opened) is
        running: the job is then let go of on the GUI thread, never by the worker thread as
        it ends."""
        running = [
            d._drafter for d in (self, *self.findChildren(DraftingDialog)) if d._drafter.pending()
        ]
        if not running:
            self.deleteLater()
            return
        # Asked again as each of them ends (a second deleteLater is harmless).
        for drafter in running:
            drafter.finished.connect(self._dispose_again)
            drafter.failed.connect(self._dispose_again)

    def _dispose_again(self, _result: object) -> None:
        self.dispose()
