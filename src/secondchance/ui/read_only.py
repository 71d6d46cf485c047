"""The window over data opened read-only: a banner that says so, and no way to edit.

The database itself refuses every write (it is opened with ``mode=ro`` and
``query_only``), so this is about not offering what can't work: the banner explains, the
menus' writing actions and the record buttons are switched off, and the forms show their
values without letting them be changed (text stays selectable and copyable).  Reading,
searching, exporting and printing the packet all go on as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from secondchance.ui.main_window import MainWindow
    from secondchance.ui.records.record_view import RecordView

BANNER_TEXT = (
    "Read-only: your data folder can't be written to, so you can look, search, export and "
    "print, but not change anything. To edit again, make the folder writable (or copy it "
    "somewhere you can write) and reopen Second Chance."
)

# Menu actions that would change the data.
WRITING_ACTIONS = (
    "action_new_target",
    "action_sample",
    "action_import",
    "action_undo",
    "action_redo",
    "action_new",
    "action_delete",
    "action_backup_now",
    "action_preferences",
)


def banner(parent: QWidget) -> QFrame:
    frame = QFrame(parent)
    frame.setObjectName("read_only_banner")
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    # Amber with dark text reads the same in light and dark themes.
    frame.setStyleSheet(
        "#read_only_banner { background: #fff3c4; border: 1px solid #c9a227; }"
        "#read_only_banner QLabel { color: #3d3000; }"
    )
    label = QLabel(BANNER_TEXT, frame)
    label.setObjectName("read_only_text")
    label.setWordWrap(True)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 6, 10, 6)
    layout.addWidget(label)
    return frame


def enter_read_only(window: MainWindow) -> None:
    """Show the banner above the tabs and switch off every way to change the data."""
    from secondchance.ui.records.record_view import RecordView

    layout = window.workspace.layout()
    if isinstance(layout, QVBoxLayout):
        layout.insertWidget(0, banner(window.workspace))
    for button in (
        window.new_target_button,
        window.edit_target_button,
        window.delete_target_button,
    ):
        button.hide()
    for action in window.findChildren(QAction):
        if action.objectName() in WRITING_ACTIONS:
            action.setEnabled(False)
    for view in window.findChildren(RecordView):
        freeze_view(view)
    window.statusBar().showMessage("Opened read-only: changes can't be saved", 8000)


def freeze_view(view: RecordView) -> None:
    """A record view that shows but can't change (also called for views built later)."""
    view.new_button.hide()
    view.delete_button.hide()
    for button in view.empty.findChildren(QPushButton):
        button.hide()
    for editor in view.form.editors.values():
        if isinstance(editor, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox):
            editor.setReadOnly(True)
        else:
            # Explicitly disabled: stays so whenever the form itself is enabled again.
            editor.setEnabled(False)
