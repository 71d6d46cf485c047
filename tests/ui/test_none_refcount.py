"""PySide6 6.12.0 drops a reference to None each time C++ calls a Python ``data()`` that
returns None; a few thousand calls later CPython 3.11 frees None and crashes.  The model
answers None for most roles, so this would bring the app down while scrolling a list.
We pin PySide6 < 6.12; this test notices if the pin goes or the bug comes back.
"""

from __future__ import annotations

import sys

import PySide6
import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt

from secondchance.core.db import Database
from secondchance.core.services import records
from secondchance.core.services.kinds import KINDS
from secondchance.ui.records.table_model import RecordTableModel

# From 3.12 None is immortal: its count never moves, and the crash can't happen either.
mortal_none = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal on Python 3.12+"
)

CALLS = 20_000
MARGIN = 50  # unrelated code may hold or drop a handful of references meanwhile


def test_pyside6_is_pinned_below_6_12() -> None:
    major, minor = (int(part) for part in PySide6.__version__.split(".")[:2])
    assert (major, minor) < (6, 12), PySide6.__version__


@pytest.fixture
def model(db: Database, sample_target: int) -> RecordTableModel:
    filled = RecordTableModel(KINDS["feedback"])
    filled.set_rows(records.list_records(db, "feedback", sample_target))
    assert filled.rowCount() > 0
    return filled


def _drop(calls: int, action: object) -> int:
    before = sys.getrefcount(None)
    for _ in range(calls):
        action()  # type: ignore[operator]
    return before - sys.getrefcount(None)


@mortal_none
def test_data_returning_none_through_cpp_keeps_nones_references(model) -> None:
    index = model.index(0, 0)  # QModelIndex.data() calls the Python override from C++
    beyond = model.createIndex(model.rowCount() + 5, 0)  # valid-looking, but no such row
    assert index.data(Qt.ItemDataRole.DecorationRole) is None
    assert beyond.data() is None

    dropped = _drop(CALLS, lambda: index.data(Qt.ItemDataRole.DecorationRole))
    dropped += _drop(CALLS, lambda: index.data(Qt.ItemDataRole.ToolTipRole))
    dropped += _drop(CALLS, lambda: beyond.data(Qt.ItemDataRole.DisplayRole))
    assert dropped < MARGIN


@mortal_none
def test_header_data_returning_none_through_cpp_keeps_nones_references(model) -> None:
    proxy = QSortFilterProxyModel()  # its headerData() calls the model's from C++
    proxy.setSourceModel(model)
    assert proxy.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) in (
        None,
        1,
    )
    assert proxy.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole) is None

    dropped = _drop(
        CALLS,
        lambda: proxy.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole),
    )
    dropped += _drop(CALLS, lambda: proxy.data(proxy.index(0, 0), Qt.ItemDataRole.DecorationRole))
    assert dropped < MARGIN


@mortal_none
def test_python_calls_keep_nones_references_too(model) -> None:
    index = model.index(0, 0)
    dropped = _drop(CALLS, lambda: model.data(index, Qt.ItemDataRole.DecorationRole))
    dropped += _drop(CALLS, lambda: model.headerData(0, Qt.Orientation.Vertical))
    assert dropped < MARGIN
