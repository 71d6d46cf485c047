"""A larger editor for long text (a letter, a resume, a STAR answer): Ctrl+E in any
multi-line field of a form, or its "Larger editor" button."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

LARGE_EDITOR_KEY = "Ctrl+E"


class LargeTextDialog(QDialog):
    def __init__(
        self, title: str, text: str, placeholder: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("large_text_dialog")
        self.setWindowTitle(title)
        heading = QLabel(title, self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("large_text")
        self.editor.setPlaceholderText(placeholder)
        self.editor.setPlainText(text)
        self.editor.setTabChangesFocus(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Done")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        window = parent.window() if parent is not None else None
        if window is not None and window.width() > 0:
            self.resize(
                max(560, min(int(window.width() * 0.8), 1100)),
                max(420, min(int(window.height() * 0.85), 900)),
            )
        else:
            self.resize(800, 600)
        self.editor.setFocus()

    def text(self) -> str:
        return self.editor.toPlainText()
