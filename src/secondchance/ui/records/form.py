"""The detail form, generated from a kind's field descriptions.

Each editor takes the room its field needs: one line, short text (2–3 lines, growing a little
with what is typed) or long text (a letter, a resume: growing with its text up to the
height of the pane).  Ctrl+E in any multi-line field opens a larger editor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.dates import medium_date
from secondchance.core.services.fields import FieldSpec, FieldType, format_number
from secondchance.core.services.kinds import RecordKind
from secondchance.ui import money
from secondchance.ui.records.choice_editor import ChoiceEditor
from secondchance.ui.widgets.date_field import DateField
from secondchance.ui.widgets.file_field import FileField
from secondchance.ui.widgets.large_text_dialog import LARGE_EDITOR_KEY, LargeTextDialog
from secondchance.ui.widgets.link_picker import LinkPicker, OptionsLoader, TitleOf
from secondchance.ui.widgets.muted_label import MutedLabel
from secondchance.ui.widgets.rating import RatingControl

ERROR_STYLE = "color: #d64541; font-weight: 600;"


class Editor(Protocol):
    def value(self) -> Any: ...
    def set_value(self, value: Any) -> None: ...


class _Line(QLineEdit):
    edited = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        if spec.placeholder:
            self.setPlaceholderText(spec.placeholder)
        if spec.max_length:
            # Let a longer paste in so the field can say what's wrong instead of cutting it.
            self.setMaxLength(max(spec.max_length * 4, 32767))
        self.textEdited.connect(lambda _t: self.edited.emit())

    def value(self) -> str:
        return self.text()

    def set_value(self, value: Any) -> None:
        if isinstance(value, float):
            self.setText(format_number(value))  # every digit: the form is saved whole
        else:
            self.setText("" if value is None else str(value))


# Lines a multi-line editor shows (at least, at most): short text, and long text (whose
# most is the pane's height, see ``set_room``).
SHORT_LINES = (3, 8)
LONG_LINES = (8, 12)


class _Multi(QPlainTextEdit):
    edited = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setPlaceholderText(spec.placeholder)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.long = spec.text_size == "long"
        self.lines = LONG_LINES if self.long else SHORT_LINES
        self.room = 0  # the pane's height in pixels, for long text (0: not known yet)
        self._loading = False
        self.textChanged.connect(self._changed)
        self.setToolTip(f"{LARGE_EDITOR_KEY} opens a larger editor")
        larger = QShortcut(QKeySequence(LARGE_EDITOR_KEY), self)
        larger.setContext(Qt.ShortcutContext.WidgetShortcut)
        larger.activated.connect(self.open_larger)
        self._fit()

    def _changed(self) -> None:
        self._fit()
        if not self._loading:
            self.edited.emit()

    def set_room(self, height: int) -> None:
        if height != self.room:
            self.room = height
            self._fit()

    def _height_for(self, lines: float) -> int:
        line = self.fontMetrics().lineSpacing()
        margins = self.contentsMargins()
        chrome = margins.top() + margins.bottom() + 2 * self.document().documentMargin()
        return int(lines * line + chrome + 2)

    def _fit(self) -> None:
        """As tall as the text, between the field's fewest and most lines."""
        low, high = self.lines
        most = self._height_for(high)
        if self.long and self.room:
            most = max(most, self.room)
        shown = self.document().size().height()  # lines, wrapped at the current width
        height = max(self._height_for(low), min(self._height_for(shown + 0.4), most))
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
            # Often called while a layout is placing this box (a resize rewraps the text):
            # a change of height asked for then is lost, and the box would overlap what
            # follows it. Ask the layouts around it again once that pass is over.
            QTimer.singleShot(0, self, self._relayout)

    def _relayout(self) -> None:
        widget: QWidget | None = self.parentWidget()
        while widget is not None:
            layout = widget.layout()
            if layout is not None:
                layout.invalidate()
            widget = widget.parentWidget()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()  # wrapping changed with the width

    def open_larger(self) -> None:
        dialog = LargeTextDialog(self.spec.label, self.toPlainText(), self.spec.placeholder, self)
        if dialog.exec() and dialog.text() != self.toPlainText():
            # One undoable edit in this field, and an autosave like typing.
            cursor = self.textCursor()
            cursor.select(cursor.SelectionType.Document)
            cursor.insertText(dialog.text())
        self.setFocus()

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self.setPlainText("" if value is None else str(value))
        finally:
            self._loading = False


class _Check(QCheckBox):
    edited = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec.label, parent)
        self.clicked.connect(lambda _c: self.edited.emit())

    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: Any) -> None:
        self.setChecked(bool(value))


class _Computed(QLabel):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def value(self) -> Any:
        return None

    def set_value(self, value: Any) -> None:
        if isinstance(value, dt.date):
            value = medium_date(value)  # the one date style on screen
        self.setText("" if value is None else str(value))


class _Rating(RatingControl):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(
            int(spec.minimum or 0), int(spec.maximum or 5), not spec.required, parent, spec.scale
        )


class _Money(QWidget):
    """An amount with the person's currency beside it (File → Preferences)."""

    edited = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = _Line(spec, self)
        self.line.setMaximumWidth(160)
        self.line.edited.connect(self.edited)
        self.currency = MutedLabel(self, wrap=False)
        self.currency.setObjectName("currency")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.currency)
        layout.addStretch(1)
        self.setFocusProxy(self.line)

    def value(self) -> str:
        return self.line.value()

    def set_value(self, value: Any) -> None:
        self.line.set_value(value)
        symbol = money.currency()
        self.currency.setText(symbol or "(set your currency in File → Preferences)")


AttachmentHandlers = tuple[Callable[[Path], str], Callable[[str], Path]]


class RecordForm(QWidget):
    """Editors for one record; says ``edited`` on every change a person makes."""

    edited = Signal()
    message = Signal(str)

    def __init__(
        self,
        kind: RecordKind,
        attachments: AttachmentHandlers | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"form_{kind.name}")
        self.editors: dict[str, QWidget] = {}
        # A field's error label, made the first time it says something (``_error_label``).
        self.errors: dict[str, QLabel] = {}
        # Each field's box (editor, its "larger" button, hint) and where its error goes.
        self._cells: dict[str, tuple[QVBoxLayout, int]] = {}
        self.form_error = QLabel(self)
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        self.multi: list[_Multi] = []
        layout = QFormLayout()
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for spec in self.form_fields:
            editor = self._make_editor(spec, attachments)
            editor.setObjectName(f"field_{spec.name}")
            editor.setAccessibleName(spec.label)
            if spec.help:
                editor.setToolTip(spec.help)
            editor.edited.connect(self.edited)  # type: ignore[attr-defined]
            self.editors[spec.name] = editor
            cell = QWidget(self)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(editor)
            if isinstance(editor, _Multi):
                self.multi.append(editor)
                if editor.long:
                    cell_layout.addLayout(self._larger_row(editor))
            # No error label yet: made when the field first has something to say
            # (_error_label). A hidden one per field was 4-9% of opening a list (A/B at 10k).
            self._cells[spec.name] = (cell_layout, cell_layout.count())
            if spec.help and spec.type is not FieldType.BOOL:
                hint = MutedLabel(self, text=spec.help)
                hint.setObjectName(f"hint_{spec.name}")
                cell_layout.addWidget(hint)
            label = (
                "" if spec.type is FieldType.BOOL else spec.label + ("*" if spec.required else "")
            )
            layout.addRow(label, cell)
        outer = QVBoxLayout(self)
        outer.addWidget(self.form_error)
        outer.addLayout(layout)
        outer.addStretch(1)

    @property
    def form_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.kind.fields if f.in_form)

    def _larger_row(self, editor: _Multi) -> QHBoxLayout:
        button = QToolButton(self)
        button.setObjectName(f"larger_{editor.spec.name}")
        button.setText("Larger editor…")
        button.setToolTip(f"Write in a larger window ({LARGE_EDITOR_KEY})")
        button.setAutoRaise(True)
        button.clicked.connect(editor.open_larger)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(button)
        return row

    def set_room(self, height: int) -> None:
        """The pane's height: long text may grow to it before it scrolls."""
        for editor in self.multi:
            editor.set_room(max(0, height - 60))

    def _make_editor(self, spec: FieldSpec, attachments: AttachmentHandlers | None) -> QWidget:
        t = spec.type
        if t is FieldType.NUMBER and spec.money:
            return _Money(spec, self)
        if t in (
            FieldType.TEXT,
            FieldType.URL,
            FieldType.EMAIL,
            FieldType.INTEGER,
            FieldType.NUMBER,
        ):
            return _Line(spec, self)
        if t is FieldType.MULTILINE:
            return _Multi(spec, self)
        if t is FieldType.DATE:
            return DateField(self)
        if t in (FieldType.ENUM, FieldType.REFERENCE):
            return ChoiceEditor(spec, self)
        if t is FieldType.RATING:
            return _Rating(spec, self)
        if t is FieldType.BOOL:
            return _Check(spec, self)
        if t is FieldType.LINKS:
            return LinkPicker(spec.label, self)
        if t is FieldType.FILE:
            assert attachments is not None, "a form with a file field needs attachment handlers"
            field = FileField(attachments[0], attachments[1], self)
            field.failed.connect(self.message)
            return field
        return _Computed(self)

    # --- values ---------------------------------------------------------------------

    def load(self, values: dict[str, Any]) -> None:
        for spec in self.form_fields:
            editor = self.editors[spec.name]
            editor.blockSignals(True)
            try:
                value = values.get(spec.name)
                if spec.type is FieldType.DATE and not isinstance(value, dt.date | None):
                    value = None
                editor.set_value(value)  # type: ignore[attr-defined]
            finally:
                editor.blockSignals(False)
        self.clear_errors()

    def values(self) -> dict[str, Any]:
        return {
            spec.name: self.editors[spec.name].value()  # type: ignore[attr-defined]
            for spec in self.kind.editable_fields
            if spec.name in self.editors
        }

    def set_options(self, field_name: str, options: list[tuple[int, str]]) -> None:
        editor = self.editors[field_name]
        editor.blockSignals(True)
        try:
            editor.set_options(options)  # type: ignore[attr-defined]
        finally:
            editor.blockSignals(False)

    def set_options_later(self, field_name: str, loader: OptionsLoader, title_of: TitleOf) -> None:
        """A pick list read on first use (see ChoiceEditor and LinkPicker.set_options_later)."""
        editor = self.editors[field_name]
        assert isinstance(editor, ChoiceEditor | LinkPicker)
        editor.blockSignals(True)
        try:
            editor.set_options_later(loader, title_of)
        finally:
            editor.blockSignals(False)

    # --- errors ---------------------------------------------------------------------

    def show_errors(self, errors: dict[str, str]) -> None:
        self.clear_errors()
        for name, message in errors.items():
            if name not in self.editors:
                self.form_error.setText(message)
                self.form_error.show()
            else:
                label = self._error_label(name)
                label.setText(message)
                label.show()

    def _error_label(self, name: str) -> QLabel:
        """The field's error label, under its editor (made and placed the first time)."""
        label = self.errors.get(name)
        if label is None:
            label = self.errors[name] = QLabel(self)
            label.setObjectName(f"error_{name}")
            label.setStyleSheet(ERROR_STYLE)
            label.setWordWrap(True)
            box, under_editor = self._cells[name]
            box.insertWidget(under_editor, label)  # above the hint, as it always stood
        return label

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.form_error.hide()

    def visible_errors(self) -> dict[str, str]:
        shown = {n: lbl.text() for n, lbl in self.errors.items() if not lbl.isHidden()}
        if not self.form_error.isHidden():
            shown[""] = self.form_error.text()
        return shown

    def focus_first(self) -> None:
        for spec in self.kind.editable_fields:
            editor = self.editors.get(spec.name)
            if isinstance(editor, QLineEdit | QPlainTextEdit):
                editor.setFocus()
                return
