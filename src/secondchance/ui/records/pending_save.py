"""What a record view's save is about to write, and the hooks a tab adds before it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from secondchance.core.services.changes import Change


@dataclass
class PendingSave:
    """The record's values (as stored: enum members, dates) and other records to change in
    the same unit of work and undo step."""

    values: dict[str, Any]
    also: list[Change] = field(default_factory=list)
    message: str = ""  # what the status bar says once saved ("" for "Saved ✓")


# Called with (values before, the pending save; before is {} for a new record); returns the
# save to make.  A tab can ask a question (what was done, when marking feedback addressed),
# fill in or take back a field, and change other records with it.  The form then shows what
# was saved.
BeforeSave = Callable[[dict[str, Any], PendingSave], PendingSave]
