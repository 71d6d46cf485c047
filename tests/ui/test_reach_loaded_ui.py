"""A combo box reads its entries when a person reaches for it, and a failed read is tried
again on the next reach (the box keeps what it showed)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from secondchance.ui.records.parent_filter import ParentFilter


@pytest.mark.parametrize("reach", ["popup", "key", "focus"])
def test_the_parents_are_read_on_the_first_reach_only(qtbot: Any, reach: str) -> None:
    box = ParentFilter("interaction", "All contacts")
    qtbot.addWidget(box)
    reads: list[int] = []

    def loader() -> list[tuple[int, str]]:
        reads.append(1)
        return [(1, "Ann"), (2, "Bo")]

    box.set_options_later(loader, lambda _id: None)
    assert [box.itemText(i) for i in range(box.count())] == ["All contacts"] and reads == []
    for _ in range(2):
        if reach == "popup":
            box.showPopup()
            box.hidePopup()
        elif reach == "key":
            qtbot.keyClick(box, Qt.Key.Key_Down)
        else:
            box.show()
            box.activateWindow()
            box.setFocus()
            qtbot.waitUntil(lambda: bool(reads), timeout=2000)
    assert reads == [1]
    assert [box.itemText(i) for i in range(box.count())] == ["All contacts", "Ann", "Bo"]


def test_a_failed_read_keeps_the_box_as_it_was_and_is_tried_again(qtbot: Any) -> None:
    box = ParentFilter("interaction", "All contacts")
    qtbot.addWidget(box)
    answers: list[Any] = [OSError("disk I/O error"), [(1, "Ann")]]

    def loader() -> list[tuple[int, str]]:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    box.set_options_later(loader, lambda _id: None)
    box.showPopup()
    box.hidePopup()
    assert [box.itemText(i) for i in range(box.count())] == ["All contacts"]
    assert box.has_parents()  # asking reads again, and now there is one
    assert [box.itemText(i) for i in range(box.count())] == ["All contacts", "Ann"]
