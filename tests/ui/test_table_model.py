"""RecordTableModel obeys Qt's model contract, also after filtering and sorting.

pytest-qt's ``qtmodeltester`` runs its Python checks (which raise); Qt's own C++ tester only
logs "FAIL!" warnings, so those are collected with a message handler and must be none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, qInstallMessageHandler
from PySide6.QtTest import QAbstractItemModelTester

from secondchance.core.db import Database
from secondchance.core.services import records
from secondchance.core.services.kinds import KINDS
from secondchance.ui.records.table_model import ROW_ID_ROLE, RecordTableModel
from tests.ui.helpers import CASE_IDS

KIND_NAMES = CASE_IDS


class CppTester:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.testers: list[QAbstractItemModelTester] = []

    def check(self, model: Any) -> None:
        mode = QAbstractItemModelTester.FailureReportingMode.Warning
        self.testers.append(QAbstractItemModelTester(model, mode))


@pytest.fixture
def cpp_tester() -> Iterator[CppTester]:
    tester = CppTester()

    def handler(_type: Any, context: Any, message: str) -> None:
        if context.category == "qt.modeltest" or "FAIL!" in message:
            tester.failures.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        yield tester
    finally:
        qInstallMessageHandler(previous)


def test_the_cpp_tester_catches_a_broken_model(cpp_tester: CppTester) -> None:
    """(So a clean run below means something.)"""

    class Broken(RecordTableModel):
        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 3  # rows it can't show

    cpp_tester.check(Broken(KINDS["journal"]))
    assert cpp_tester.failures


@pytest.fixture
def sample_rows(db: Database, sample_target: int) -> dict[str, list[records.RecordRow]]:
    return {name: records.list_records(db, name, sample_target) for name in KIND_NAMES}


@pytest.mark.parametrize("kind_name", KIND_NAMES)
def test_model_contract_with_sample_rows(
    qtmodeltester,
    cpp_tester: CppTester,
    sample_rows: dict[str, list[records.RecordRow]],
    kind_name: str,
) -> None:
    rows = sample_rows[kind_name]
    assert rows, "the sample should fill every list"
    model = RecordTableModel(KINDS[kind_name])
    model.set_rows(rows)
    # Both testers stay connected: every later reset and re-sort is checked again.
    cpp_tester.check(model)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == len(rows)
    assert model.columnCount() == len(KINDS[kind_name].columns)

    # Filter by a word of the first row's title, then sort every column both ways.
    word = rows[0].title.split()[0]
    model.set_filter(word)
    assert 0 < model.rowCount() <= len(rows)
    for position in range(model.rowCount()):
        row = model.row_at(position)
        assert row is not None and word.casefold() in row.search_text
    model.set_filter("")
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
    assert sorted(model.row_at(i).id for i in range(model.rowCount())) == sorted(r.id for r in rows)
    assert cpp_tester.failures == []


def test_roles_and_out_of_range(sample_rows: dict[str, list[records.RecordRow]]) -> None:
    model = RecordTableModel(KINDS["skill"])
    model.set_rows(sample_rows["skill"])
    first = model.index(0, 0)
    assert model.data(first, ROW_ID_ROLE) == model.row_at(0).id
    assert model.data(first) == model.row_at(0).display["name"]
    rating = model.index(0, KINDS["skill"].columns.index("required_level"))
    alignment = model.data(rating, Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & int(Qt.AlignmentFlag.AlignRight)
    assert model.data(QModelIndex()) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Skill"
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(99, Qt.Orientation.Horizontal) is None
    assert model.row_at(-1) is None and model.row_at(10_000) is None


def test_a_persistent_index_follows_its_row_through_a_sort(
    sample_rows: dict[str, list[records.RecordRow]],
) -> None:
    model = RecordTableModel(KINDS["journal"])
    model.set_rows(sample_rows["journal"])
    kept = QPersistentModelIndex(model.index(2, 1))
    record_id = model.row_at(2).id
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(2, order)
        assert kept.isValid()
        assert model.row_at(kept.row()).id == record_id
        assert kept.column() == 1
