"""Whether a list sits beside its form or above it: the person's choice (View → Lists and
forms), or — "automatic" — the shape of the window.

Automatic puts a list whose rows are long text (feedback, questions, journal, the
self-assessment, interactions) above its form when the view is too narrow to show that text
beside a form but tall enough for both, and any list above its form on a portrait screen.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QObject, QSettings, QSize, Qt, Signal

from secondchance.core.services.kinds import RecordKind

LayoutChoice = Literal["auto", "beside", "above"]
CHOICES: tuple[tuple[LayoutChoice, str], ...] = (
    ("auto", "&Automatic (follow the window's shape)"),
    ("beside", "List &beside the form"),
    ("above", "List a&bove the form"),
)
SETTING = "layout/list_and_form"
WIDE_ENOUGH = 1100  # px: a long-text list and a form side by side, both readable
TALL_ENOUGH = 520  # px: room for a list above a form


class _Notifier(QObject):
    changed = Signal(str)


NOTIFIER = _Notifier()


def choice() -> LayoutChoice:
    value = QSettings().value(SETTING, "auto")
    return value if value in ("auto", "beside", "above") else "auto"


def set_choice(value: LayoutChoice) -> None:
    QSettings().setValue(SETTING, value)
    NOTIFIER.changed.emit(value)


def orientation_for(kind: RecordKind, size: QSize, mode: LayoutChoice) -> Qt.Orientation:
    """The splitter's orientation for a view of ``kind`` at ``size``."""
    if mode == "beside":
        return Qt.Orientation.Horizontal
    if mode == "above":
        return Qt.Orientation.Vertical
    width, height = size.width(), size.height()
    if width <= 0 or height <= 0:
        return Qt.Orientation.Horizontal
    portrait = width < height
    cramped = kind.wide_list and width < WIDE_ENOUGH and height >= TALL_ENOUGH
    return Qt.Orientation.Vertical if portrait or cramped else Qt.Orientation.Horizontal
