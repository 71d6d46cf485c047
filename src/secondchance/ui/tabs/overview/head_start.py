"""What start-up works out off the GUI thread before the window is filled.

No Qt here: the worker that opens the data imports this module (a module that defines Qt
classes must not be imported off the GUI thread; see ARCHITECTURE.md, Threads).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from secondchance.core.services import readiness

ACTIONS_SHOWN = 5
# Records beyond which readiness is worked out off the GUI thread: it takes ~15 ms at 300
# on a slow, busy machine, and grows with them (an autosave must not stall 50 ms).
SMALL_TARGET = 300


@dataclass(frozen=True)
class HeadStart:
    """The readiness of the target the window opens on, worked out before it was built."""

    target_id: int
    summary: readiness.Summary
