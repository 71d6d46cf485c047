"""The growth ledger as a tree model whose lines are made when their parent is opened.

One line per feedback item at the top; under it "What I did", its skills and what is still
open; under each skill its activities and experiences.  A QStandardItemModel made every
line (three items each) up front, for thousands of feedback items; here a line exists once
its parent is expanded (or asked for), and a line is a small Python object, not three
QStandardItems.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from secondchance.core.dates import medium_date
from secondchance.core.services.ledger import Evidence, LedgerEntries, LedgerEntry, LedgerSkill
from secondchance.ui import roles
from secondchance.ui.widgets.tones import tone_colour

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # (kind name, id) of the record a line names
FETCH_BATCH = 100  # top lines handed to the tree at a time (a few screens)
COLUMNS = ("Feedback → what I did → evidence", "Status", "Proof")

_Index = QModelIndex | QPersistentModelIndex
# The roles a line answers (``LedgerModel.data``).
_ROLES = frozenset({roles.DISPLAY, int(RECORD_ROLE), roles.TOOLTIP, roles.FOREGROUND, roles.FONT})


def good_colour(palette: QPalette) -> QColor:
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return QColor("#81c784" if dark else "#1b5e20")


def _shorten(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Line:
    """One line of the tree; its children are made by ``make`` when first needed."""

    __slots__ = (
        "_children",
        "bold",
        "make",
        "parent",
        "proof",
        "record",
        "row",
        "status",
        "text",
        "tone",
        "tooltip",
    )

    def __init__(
        self,
        text: str,
        status: str = "",
        proof: str = "",
        record: tuple[str, int] | None = None,
        tone: str | None = None,  # "good", "warning", "muted"
        tooltip: str = "",
        bold: bool = False,
        make: Callable[[Line], list[Line]] | None = None,
    ) -> None:
        self.text = text
        self.status = status
        self.proof = proof
        self.record = record
        self.tone = tone
        self.tooltip = tooltip
        self.bold = bold
        self.make = make
        self.parent: Line | None = None
        self.row = 0
        self._children: list[Line] | None = None

    def children(self) -> list[Line]:
        if self._children is None:
            made = self.make(self) if self.make is not None else []
            for row, child in enumerate(made):
                child.parent, child.row = self, row
            self._children = made
        return self._children

    @property
    def has_children(self) -> bool:
        return self.make is not None if self._children is None else bool(self._children)

    def key(self) -> tuple[object, ...]:
        """Names the line across reloads (to open again what was open): a feedback item by
        its record, a line under it by its record and text."""
        if self.parent is None:
            return (self.record,)  # a feedback item is named by its record alone
        return (*self.parent.key(), (self.record, self.text))


class EntryLine(Line):
    """A feedback item's line.  The tree view makes every top line when it lays itself out
    (25 000 at a time), so this one only keeps its entry and works the rest out when asked."""

    __slots__ = ("_text", "entry")

    def __init__(self, entry: LedgerEntry) -> None:
        # Not Line.__init__: the fields it would set are properties here.
        self.entry = entry
        self.parent = None
        self.row = 0
        self._children = None
        self._text: str | None = None

    @property
    def text(self) -> str:  # type: ignore[override]
        # Asked for on every layout and paint of the line: shortened once.
        if self._text is None:
            self._text = f"{self.entry.theme}: “{_shorten(self.entry.text)}”"
        return self._text

    @property
    def status(self) -> str:  # type: ignore[override]
        return "Addressed ✓" if self.entry.complete else self.entry.status

    @property
    def proof(self) -> str:  # type: ignore[override]
        return ""

    @property
    def record(self) -> tuple[str, int] | None:  # type: ignore[override]
        return ("feedback", self.entry.feedback_id)

    @property
    def tone(self) -> str | None:  # type: ignore[override]
        return "good" if self.entry.complete else None

    @property
    def tooltip(self) -> str:  # type: ignore[override]
        entry = self.entry
        when = f"{medium_date(entry.received_on)} · " if entry.received_on else ""
        where = f", {entry.round}" if entry.round else ""
        return f"{when}{entry.source}{where}\n\n{entry.text}"

    @property
    def bold(self) -> bool:  # type: ignore[override]
        return True

    @property
    def make(self) -> Callable[[Line], list[Line]] | None:  # type: ignore[override]
        entry = self.entry
        if entry.response or entry.skills or entry.still_open:
            return partial(_entry_children, entry)
        return None


def entry_line(entry: LedgerEntry) -> Line:
    return EntryLine(entry)


def _entry_children(entry: LedgerEntry, _line: Line) -> list[Line]:
    lines: list[Line] = []
    record = ("feedback", entry.feedback_id)
    if entry.response:
        lines.append(
            Line(
                f"What I did: {_shorten(entry.response, 220)}",
                record=record,
                tooltip=entry.response,
            )
        )
    lines.extend(_skill_line(skill) for skill in entry.skills)
    lines.extend(
        Line(f"Still open: {note}", record=record, tone="warning") for note in entry.still_open
    )
    return lines


def _skill_line(skill: LedgerSkill) -> Line:
    level = f"level {skill.current_level} of {skill.required_level}"
    return Line(
        f"Skill: {skill.name} ({level})",
        "Gap closed" if skill.gap == 0 else f"{skill.gap} to go",
        record=("skill", skill.id),
        tone="good" if skill.gap == 0 else None,
        make=partial(_skill_children, skill),
    )


def _skill_children(skill: LedgerSkill, _line: Line) -> list[Line]:
    if not skill.evidence:
        return [
            Line(
                "No activity or experience for this skill yet",
                tone="muted",
                record=("skill", skill.id),
            )
        ]
    return [_evidence_line(evidence) for evidence in skill.evidence]


def _evidence_line(evidence: Evidence) -> Line:
    noun = "Activity" if evidence.kind == "activity" else "Experience"
    status = evidence.status
    if evidence.date is not None and (evidence.done or evidence.kind == "activity"):
        day = medium_date(evidence.date)
        status += f", {day}" if evidence.done else f", due {day}"
    return Line(
        f"{noun}: {evidence.title}",
        status,
        evidence.proof or "",
        (evidence.kind, evidence.id),
        "good" if evidence.done else ("muted" if evidence.dropped else None),
    )


class LedgerModel(QAbstractItemModel):
    """Top-level lines are the feedback items; every line is made when first asked for."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: Sequence[LedgerEntry] = ()
        self._top: list[Line | None] = []
        self._row_of: dict[int, int] | None = None  # feedback id → its row, when first asked

    def set_entries(self, entries: Sequence[LedgerEntry]) -> None:
        """``entries``: a ledger's (made as their lines are asked for) or any sequence."""
        self.beginResetModel()
        self._entries = entries
        self._top = [None] * min(len(entries), FETCH_BATCH)
        self._row_of = None
        self.endResetModel()

    # The tree lays out every top line it is given: a long ledger hands them over a batch
    # at a time, as the person scrolls to the end (LedgerView asks, from its scroll bar).
    # Not Qt's canFetchMore/fetchMore: to decide, the view works out where the last top
    # line sits, which measures every open line above it (each a wrapped text) — hundreds
    # of lines measured on every check, when only a screenful is on show.

    def more_to_show(self) -> bool:
        return len(self._top) < len(self._entries)

    def show_more(self) -> None:
        first = len(self._top)
        last = min(first + FETCH_BATCH, len(self._entries)) - 1
        if last < first:
            return
        self.beginInsertRows(QModelIndex(), first, last)
        self._top.extend([None] * (last - first + 1))
        self.endInsertRows()

    def fetch_up_to(self, row: int) -> None:
        """Hand the tree the top lines up to ``row`` (to reach a line further down)."""
        while len(self._top) <= row and self.more_to_show():
            self.show_more()

    def top(self, row: int) -> Line:
        line = self._top[row]
        if line is None:
            line = self._top[row] = entry_line(self._entries[row])
            line.row = row
        return line

    def row_of(self, feedback_id: int) -> int:
        """The row of a feedback item's line (handed to the tree), or -1 when it isn't one."""
        if self._row_of is None:
            entries = self._entries
            ids = (
                entries.feedback_ids
                if isinstance(entries, LedgerEntries)
                else [e.feedback_id for e in entries]
            )
            self._row_of = {fid: row for row, fid in enumerate(ids)}
        row = self._row_of.get(feedback_id, -1)
        if row >= 0:
            self.fetch_up_to(row)
        return row

    def line(self, index: _Index) -> Line | None:
        if not index.isValid():
            return None
        found = index.internalPointer()
        return found if isinstance(found, Line) else None

    # --- Qt's model interface ---------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(COLUMNS) or (parent.isValid() and parent.column() != 0):
            return QModelIndex()
        above = self.line(parent)
        if above is None:
            if not 0 <= row < len(self._top):
                return QModelIndex()
            return self.createIndex(row, column, self.top(row))
        lines = above.children()
        if not 0 <= row < len(lines):
            return QModelIndex()
        return self.createIndex(row, column, lines[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        line = self.line(index)
        if line is None or line.parent is None:
            return QModelIndex()
        return self.createIndex(line.parent.row, 0, line.parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        above = self.line(parent)
        return len(self._top) if above is None else len(above.children())

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self._top)
        if parent.column() != 0:
            return False
        line = self.line(parent)
        return parent.column() == 0 and line is not None and line.has_children

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks each cell for a dozen roles as it lays out and paints (thousands of calls
        # when a long ledger opens); most are roles no line has.
        if role not in _ROLES:
            return None
        line = self.line(index)
        if line is None:
            return None
        column = index.column()
        if role == roles.DISPLAY:
            return (line.text, line.status, line.proof)[column]
        if role == RECORD_ROLE:
            return line.record
        if role == roles.TOOLTIP:
            if column == 2 and line.proof:
                return line.proof
            return line.tooltip or None
        if role == roles.FOREGROUND:
            return self._colour(line, column)
        if role == roles.FONT and line.bold and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        return None

    @staticmethod
    def _colour(line: Line, column: int) -> QColor | None:
        if line.tone is None:
            return None
        palette = QGuiApplication.palette()
        if line.tone == "good":
            return good_colour(palette) if column == 1 else None
        if line.tone == "muted" or (line.tone == "warning" and column < 2):
            return tone_colour(line.tone, palette)
        return None
