"""Text a person might paste — markup, emoji, right-to-left, a megabyte — comes back exactly,
and an export to a folder that can't be written says so and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPlainTextEdit

from secondchance.core.db import Database
from secondchance.core.services import records
from secondchance.ui.main_window import MainWindow
from tests.ui.helpers import editor, view_of, wait_saved
from tests.unprivileged import rerun_unprivileged

HOSTILE = [
    "<b>bold?</b> & <img src=x onerror=alert(1)> &amp; \\n",
    "Great talk 🎉👍🏽 — café, Łukasz, Zoë",
    "مرحبا بالعالم — שלום עולם — mixed עברית and English",
]


@pytest.mark.parametrize("text", HOSTILE, ids=["markup", "emoji", "rtl"])
def test_pasted_text_is_stored_exactly(
    sample_window: MainWindow, db: Database, qtbot, text: str
) -> None:
    sample_window.open_view("feedback")
    view = view_of(sample_window, "feedback")
    record_id = view._current_id
    assert record_id is not None
    field = editor(view, "text")
    assert isinstance(field, QPlainTextEdit)
    field.setPlainText(text)  # a paste: one change, then the autosave
    wait_saved(qtbot, view)

    assert records.get_record(db, "feedback", record_id).values["text"] == text
    shown = view.model.row_at(view.model.position_of(record_id))
    assert shown is not None and shown.values["text"] == text


def test_a_megabyte_of_text_is_saved_and_searchable(
    sample_window: MainWindow, db: Database, qtbot
) -> None:
    sample_window.open_view("experience")
    view = view_of(sample_window, "experience")
    record_id = view._current_id
    assert record_id is not None
    big = ("Cut the weekly report from two days to two hours. " * 20000)[:1_000_000] + "needle"
    field = editor(view, "description")
    assert isinstance(field, QPlainTextEdit)
    field.setPlainText(big)
    wait_saved(qtbot, view)

    assert records.get_record(db, "experience", record_id).values["description"] == big
    view.search.setText("needle")
    assert view.model.rowCount() == 1


def test_export_to_an_unwritable_folder_says_so(
    sample_window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    if rerun_unprivileged(request):  # root can write anywhere: run as a throwaway user
        return
    _export_to_unwritable(sample_window, monkeypatch, tmp_path)


def test_export_to_a_missing_folder_says_so(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "folder" / "w.json"
    warnings = _run_export(sample_window, monkeypatch, target)
    assert len(warnings) == 1
    assert "Nothing was changed" in warnings[0]
    assert not target.exists()


def _export_to_unwritable(window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp: Path) -> None:
    folder = tmp / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        warnings = _run_export(window, monkeypatch, folder / "w.json")
    finally:
        folder.chmod(0o700)
    assert len(warnings) == 1 and "Nothing was changed" in warnings[0]
    assert list(folder.iterdir()) == []


def _run_export(window: MainWindow, monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    warnings: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window.export_workspace()
    return warnings
