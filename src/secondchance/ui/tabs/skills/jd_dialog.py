"""Scan the target's job description for skills and add the chosen ones (method step 3).

The text is matched on this machine against the shipped vocabulary; nothing is sent
anywhere.  The person ticks the findings they want, adjusts the suggested required level,
and adds them all as one step that Ctrl+Z takes back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.models import SkillCategory
from secondchance.core.services import field_names as F
from secondchance.core.services import records
from secondchance.core.services.changes import Change, Create, Update
from secondchance.core.services.fields import first_message
from secondchance.core.services.jd_scanner import Finding
from secondchance.ui.context import AppContext
from secondchance.ui.records.commands import CHANGE_ERRORS, commit
from secondchance.ui.widgets.headed_table_model import HeadedTableModel
from secondchance.ui.widgets.muted_label import MutedLabel
from secondchance.ui.worker import run_with_progress

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex

Scanner = Callable[[str, Iterable[str]], list[Finding]]

HEADERS = ["Skill", "Category", "Found as", "Mentions", "Required level"]
LEVEL_COLUMN = 4


def default_scanner(text: str, existing: Iterable[str]) -> list[Finding]:
    from secondchance.core.services import jd_scanner

    return jd_scanner.scan_job_description(text, existing)


def _category_label(name: str) -> str:
    member = SkillCategory.__members__.get(name)
    return member.label if member is not None else name


@dataclass
class _Choice:
    finding: Finding
    checked: bool
    level: int


class FindingsModel(HeadedTableModel):
    """Findings with a tick box each; skills already tracked are shown but can't be ticked."""

    checked_changed = Signal()
    headers = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.choices: list[_Choice] = []

    def shown_rows(self) -> list[_Choice]:
        return self.choices

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        # Nothing is ticked for the person: they choose what the role really asks of them.
        self.choices = [_Choice(f, False, max(0, min(f.suggested_level, 5))) for f in findings]
        self.endResetModel()
        self.checked_changed.emit()

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        choice = self.choices[index.row()]
        if choice.finding.already_tracked:
            return Qt.ItemFlag.NoItemFlags  # shown greyed: it is on the list already
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == LEVEL_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.choices):
            return None
        choice = self.choices[index.row()]
        f = choice.finding
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{f.name} (already a skill)" if f.already_tracked else f.name
            values: list[Any] = [
                f.name,
                _category_label(f.category),
                f.matched,
                f.mentions,
                "" if f.already_tracked else choice.level,
            ]
            return str(values[column])
        if role == Qt.ItemDataRole.EditRole and column == LEVEL_COLUMN:
            return choice.level
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            if f.already_tracked:
                return None
            return Qt.CheckState.Checked if choice.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if f.already_tracked:
                return "You already track this skill"
            return f.sentence[:500] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, LEVEL_COLUMN):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not self.flags(index) & Qt.ItemFlag.ItemIsEnabled:
            return False
        choice = self.choices[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            state = value.value if isinstance(value, Qt.CheckState) else int(value)
            choice.checked = state == Qt.CheckState.Checked.value
            self.dataChanged.emit(index, index, [role])
            self.checked_changed.emit()
            return True
        if role == Qt.ItemDataRole.EditRole and index.column() == LEVEL_COLUMN:
            try:
                level = int(value)
            except (TypeError, ValueError):
                return False
            choice.level = max(0, min(level, 5))
            self.dataChanged.emit(index, index, [role, Qt.ItemDataRole.DisplayRole])
            return True
        return False

    def set_checked(self, position: int, checked: bool) -> bool:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return self.setData(self.index(position, 0), state, Qt.ItemDataRole.CheckStateRole)

    def chosen(self) -> list[_Choice]:
        return [c for c in self.choices if c.checked and not c.finding.already_tracked]


class _LevelDelegate(QStyledItemDelegate):
    """Required level edited with a 0–5 spin box, never typed freely."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(0, 5)
        spin.setObjectName("finding_level")
        spin.setToolTip("The level the role asks for: 0 none … 5 expert")
        spin.setAccessibleName("Required level")
        # Always shown (a persistent editor), so it is saved as soon as it changes.
        spin.valueChanged.connect(lambda _v, s=spin: self.commitData.emit(s))
        return spin

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.blockSignals(True)  # showing the value is not a change
        try:
            editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 0))
        finally:
            editor.blockSignals(False)


class JobDescriptionDialog(QDialog):
    def __init__(
        self, ctx: AppContext, scanner: Scanner | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.scanner = scanner or default_scanner
        self.setObjectName("jd_dialog")
        self.setWindowTitle("Skills from the job description")
        self.added: list[records.RecordRow] = []
        assert ctx.target_id is not None
        self.target_id = ctx.target_id
        target = records.get_record(ctx.db, "target", self.target_id)
        self.saved_text: str = target.values[F.target.job_description] or ""

        intro = QLabel(
            f"The job description of {target.title}. It is read here, on your computer — "
            "nothing is sent anywhere. Tick the skills the role really asks of you, set the "
            "level it needs, and add them.",
            self,
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("jd_text")
        self.text.setPlaceholderText("Paste the job description here, then press Scan")
        self.text.setPlainText(self.saved_text)
        self.text.textChanged.connect(self._text_changed)
        self.scan_button = QPushButton("Scan", self)
        self.scan_button.setObjectName("jd_scan")
        self.scan_button.clicked.connect(self.scan)
        self.save_button = QPushButton("Keep this text with the target", self)
        self.save_button.setObjectName("jd_save")
        self.save_button.setToolTip("Saves the job description on the target (Ctrl+Z undoes it)")
        self.save_button.clicked.connect(self.save_text)
        self.text_note = MutedLabel(self)
        self.text_note.setObjectName("jd_text_note")
        text_buttons = QHBoxLayout()
        text_buttons.addWidget(self.scan_button)
        text_buttons.addWidget(self.save_button)
        text_buttons.addWidget(self.text_note, 1)
        text_side = QWidget(self)
        text_layout = QVBoxLayout(text_side)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.text)
        text_layout.addLayout(text_buttons)

        self.model = FindingsModel(self)
        self.model.checked_changed.connect(self._update_buttons)
        self.table = QTableView(self)
        self.table.setObjectName("jd_findings")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(LEVEL_COLUMN, _LevelDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        # The levels are spin boxes in every row, so it is plain they can be changed.
        self.model.modelReset.connect(self._open_level_editors)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.sentence = QLabel(self)
        self.sentence.setObjectName("jd_sentence")
        self.sentence.setWordWrap(True)
        self.sentence.setTextFormat(Qt.TextFormat.PlainText)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence.setMinimumHeight(48)
        self.found_label = QLabel(self)
        self.found_label.setObjectName("jd_found")
        self.found_label.setWordWrap(True)
        findings_side = QWidget(self)
        findings_layout = QVBoxLayout(findings_side)
        findings_layout.setContentsMargins(0, 0, 0, 0)
        findings_layout.addWidget(self.found_label)
        findings_layout.addWidget(self.table, 1)
        findings_layout.addWidget(self.sentence)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(text_side)
        splitter.addWidget(findings_side)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        self.add_button = QPushButton("Add skills", self)
        self.add_button.setObjectName("jd_add")
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.add_chosen)
        close = QPushButton("Close", self)
        close.setObjectName("jd_close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.resize(1000, 600)
        self._text_changed()
        if self.saved_text.strip():
            self.scan()
        else:
            self.found_label.setText("Paste the job description on the left, then press Scan.")
            self._update_buttons()

    def _open_level_editors(self) -> None:
        for row, choice in enumerate(self.model.choices):
            if not choice.finding.already_tracked:
                self.table.openPersistentEditor(self.model.index(row, LEVEL_COLUMN))

    # --- scanning ---------------------------------------------------------------------

    def scan(self) -> None:
        text = self.text.toPlainText()
        existing = [name for _id, name in records.choices(self.ctx.db, "skill", self.target_id)]
        scanner = self.scanner
        try:
            # The first scan builds the vocabulary's matcher (about a second): off the GUI
            # thread, with a busy indicator if it takes long.
            findings: list[Finding] = run_with_progress(
                self, "Reading the job description…", lambda: scanner(text, existing)
            )
        except (OSError, ValueError) as exc:
            # A damaged or missing vocabulary file: say so, keep the dialog usable.
            log.exception("job description scan failed")
            self.model.set_findings([])
            self.found_label.setText(f"The skills vocabulary could not be read: {exc}")
            return
        self.model.set_findings(findings)
        new = sum(1 for f in findings if not f.already_tracked)
        if not findings:
            self.found_label.setText(
                "No skills from the vocabulary were found. You can still add skills by hand."
                if text.strip()
                else "Paste the job description on the left, then press Scan."
            )
        else:
            tracked = len(findings) - new
            note = f" ({tracked} you already track)" if tracked else ""
            self.found_label.setText(f"Found {len(findings)} skills{note}. Tick the ones to add.")
        if findings:
            self.table.selectRow(0)
        self._update_buttons()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or current.row() >= len(self.model.choices):
            self.sentence.setText("")
            return
        f = self.model.choices[current.row()].finding
        times = f", mentioned {f.mentions} times" if f.mentions > 1 else ""
        self.sentence.setText(f"Found as “{f.matched}”{times}: “{f.sentence}”")

    # --- the text ---------------------------------------------------------------------

    def _text_changed(self) -> None:
        differs = self.text.toPlainText() != self.saved_text
        self.save_button.setEnabled(differs and bool(self.text.toPlainText().strip()))
        if not self.saved_text.strip():
            self.text_note.setText("This target has no job description saved yet.")
        elif differs:
            self.text_note.setText("Changed here; the target still holds the saved text.")
        else:
            self.text_note.setText("")

    def save_text(self) -> bool:
        text = self.text.toPlainText()
        try:
            commit(
                self.ctx,
                [Update("target", self.target_id, {F.target.job_description: text})],
                "Saved the job description with the target",
                "Save the job description",
            )
        except CHANGE_ERRORS as exc:
            self.text_note.setText(f"Not saved: {first_message(exc)}")
            return False
        self.saved_text = text
        self._text_changed()
        return True

    # --- adding -----------------------------------------------------------------------

    def _update_buttons(self) -> None:
        count = len(self.model.chosen())
        self.add_button.setText(f"Add {count} skill{'s' if count != 1 else ''}")
        self.add_button.setEnabled(count > 0)

    def add_chosen(self) -> None:
        chosen = self.model.chosen()
        if not chosen:
            return
        changes: list[Change] = [
            Create(
                "skill",
                {
                    F.skill.name: choice.finding.name,
                    F.skill.category: choice.finding.category,
                    F.skill.required_level: choice.level,
                    F.skill.current_level: 0,
                },
                self.target_id,
            )
            for choice in chosen
        ]
        count = len(changes)
        plural = "s" if count != 1 else ""
        try:
            # All or nothing: one unit of work, one undo step.
            applied = commit(
                self.ctx,
                changes,
                f"Added {count} skill{plural} from the job description — Ctrl+Z takes them back",
                f"Add {count} skill{plural} from the job description",
            )
        except CHANGE_ERRORS as exc:
            self.found_label.setText(f"No skills were added: {first_message(exc)}")
            return
        self.added = [row for row in applied.rows if row is not None]
        self.accept()
