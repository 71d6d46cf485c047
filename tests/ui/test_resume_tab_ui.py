"""The Resume tab driven through its widgets: coverage of the sample story, the version
comparison, text read from an attached file, New version from…, the drafted cover letter
(with undo), the portfolio's proof, and colours legible on light and dark palettes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QMessageBox

from secondchance.core.db import Database
from secondchance.core.services import field_names as F
from secondchance.core.services import records
from secondchance.core.services.coverage import State
from secondchance.ui.main_window import MainWindow
from secondchance.ui.tabs.resume.colours import ADDED, REMOVED, STATE_COLOURS
from secondchance.ui.tabs.resume.letter_dialog import LetterDraftDialog
from secondchance.ui.tabs.resume.new_version_dialog import NewVersionDialog
from secondchance.ui.tabs.resume.tab import ResumeTab
from tests.ui.helpers import wait_saved


def resume_tab(window: MainWindow) -> ResumeTab:
    tab = window.record_tab("resume")
    assert isinstance(tab, ResumeTab)
    window.tabs.setCurrentWidget(tab)
    return tab


def test_coverage_of_the_sample_shows_the_four_states_and_the_change(
    sample_window: MainWindow,
) -> None:
    tab = resume_tab(sample_window)
    tab.show_view("coverage")
    page = tab.coverage_page
    assert page.isVisible() and page.result is not None
    assert page.version.currentText().startswith("Reworked after feedback (v2)")
    assert {s.state for s in page.result.skills} == set(State)
    assert page.figure.text() == f"Coverage {page.result.percent}%"
    assert "→" in page.change.text() and "Resume as sent to Northwind (v1)" in page.change.text()
    # The sent version on its own has nothing older to compare with.
    page.version.setCurrentIndex(
        page.version.findText("Resume as sent", Qt.MatchFlag.MatchStartsWith)
    )
    page.refresh()
    assert page.result is not None and page.result.compared_with is None
    # Searching narrows the list; a proven skill the resume leaves out offers its bullet.
    page.search.setText("dashboards")
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    assert page.detail.bullet.isVisible()
    assert "food bank" in page.detail.bullet.toPlainText()
    page.search.setText("zzz-nothing")
    assert page.no_match.isVisible()


def test_coverage_says_what_to_add_first(window: MainWindow, db: Database) -> None:
    from secondchance.core.services.changes import apply_changes
    from secondchance.core.services.targets import new_target

    apply_changes(db, [new_target({"company": "Acme", "role": "Analyst"})])
    window.ctx.changed.emit("*")
    tab = resume_tab(window)
    tab.show_view("coverage")
    page = tab.coverage_page
    page.reload()
    assert page.stack.currentIndex() == 0
    assert "job description" in page.empty.label.text()


def test_comparison_marks_words_added_and_removed(sample_window: MainWindow) -> None:
    tab = resume_tab(sample_window)
    tab.show_view("compare")
    page = tab.diff_page
    assert page.older.currentText().startswith("Resume as sent to Northwind (v1)")
    assert page.newer.currentText().startswith("Reworked after feedback (v2)")
    assert "words added" in page.stats.text()
    assert "line-through" in page.left.toHtml() or "text-decoration" in page.left.toHtml()
    assert "Responsible for weekly" in page.left.toPlainText()
    assert "Responsible for weekly" not in page.right.toPlainText()
    page.inline.setChecked(True)
    assert page.views.currentIndex() == 1
    inline = page.single.toPlainText()
    assert "Responsible for weekly" in inline and "Automated the weekly" in inline


def _docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Amara Okoye — Data Analyst")
    document.add_paragraph("Skills: sql, Tableau <script>")
    document.save(str(path))
    return path


def test_attaching_a_word_file_reads_its_text_in_the_same_save(
    window: MainWindow, db: Database, tmp_path: Path, qtbot: Any
) -> None:
    from secondchance.core.services.changes import apply_changes
    from secondchance.core.services.targets import new_target

    target = apply_changes(db, [new_target({"company": "Acme", "role": "Analyst"})]).rows[0]
    assert target is not None
    version = records.create_record(db, "resume", {F.resume.label: "v1"}, target.id)
    window.ctx.set_target(target.id)
    tab = resume_tab(window)
    tab.show_view("resume")
    view = tab.resume_view
    view.select_record(version.id)
    assert view.attach_file("file", _docx(tmp_path / "cv.docx"))
    wait_saved(qtbot, view)
    stored = records.get_record(db, "resume", version.id).values
    assert "Skills: sql, Tableau <script>" in stored[F.resume.plain_text]
    assert "Read" in tab.text_note.text() and "cv.docx" in tab.text_note.text()
    # One undo step takes back the file and its text together.
    window.ctx.undo_stack.undo()
    stored = records.get_record(db, "resume", version.id).values
    assert stored[F.resume.file] is None and not stored[F.resume.plain_text]


def test_a_file_without_text_keeps_the_file_and_says_why(
    window: MainWindow, db: Database, tmp_path: Path, qtbot: Any
) -> None:
    from secondchance.core.services.changes import apply_changes
    from secondchance.core.services.targets import new_target

    target = apply_changes(db, [new_target({"company": "Acme", "role": "Analyst"})]).rows[0]
    assert target is not None
    version = records.create_record(db, "resume", {F.resume.label: "v1"}, target.id)
    window.ctx.set_target(target.id)
    tab = resume_tab(window)
    tab.show_view("resume")
    tab.resume_view.select_record(version.id)
    broken = tmp_path / "cv.docx"
    broken.write_text("not a zip")
    assert tab.resume_view.attach_file("file", broken)
    wait_saved(qtbot, tab.resume_view)
    stored = records.get_record(db, "resume", version.id).values
    assert stored[F.resume.file] and not stored[F.resume.plain_text]
    assert "zip" in tab.text_note.text() and "The file is kept." in tab.text_note.text()


def test_new_version_from_the_sent_one_adds_bullets_and_never_edits_it(
    sample_window: MainWindow, db: Database, sample_target: int, monkeypatch: Any
) -> None:
    tab = resume_tab(sample_window)
    versions = {r.title: r for r in records.list_records(db, "resume", sample_target)}
    sent = versions["Resume as sent to Northwind (v1)"]
    dialog = NewVersionDialog(sample_window.ctx, sent.id, tab)  # type: ignore[arg-type]
    assert dialog.label.text() == "New version (v3)"  # a sent label's "as sent" is not copied
    assert len(dialog.offer_rows) == 3
    first = dialog.offer_rows[0]
    first.button.click()
    assert first.offer.bullet in dialog.text.toPlainText()
    assert not first.button.isEnabled()
    dialog.label.setText("Reworked again (v3)")
    dialog._create()
    assert dialog.result() == QDialog.DialogCode.Accepted
    rows = {r.title: r for r in records.list_records(db, "resume", sample_target)}
    assert rows["Resume as sent to Northwind (v1)"].values == sent.values  # untouched
    new = rows["Reworked again (v3)"].values
    assert first.offer.bullet in new[F.resume.plain_text]
    assert "Added 1 bullet" in new[F.resume.change_notes]
    sample_window.ctx.undo_stack.undo()
    assert "Reworked again (v3)" not in {
        r.title for r in records.list_records(db, "resume", sample_target)
    }


def test_drafting_the_letter_replaces_its_text_with_undo(
    sample_window: MainWindow, db: Database, sample_target: int, monkeypatch: Any
) -> None:
    tab = resume_tab(sample_window)
    tab.show_view("cover_letter")
    [letter] = records.list_records(db, "cover_letter", sample_target)
    tab.letter_view.select_record(letter.id)
    before = letter.values[F.cover_letter.body]
    seen: list[LetterDraftDialog] = []

    def accept(dialog: LetterDraftDialog) -> int:
        seen.append(dialog)
        dialog.tabs.setCurrentIndex(2)  # formal
        dialog.editors[2].appendPlainText("P.S. edited by me")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(LetterDraftDialog, "exec", accept)
    tab.draft_letter()
    assert [d.tone.name for d in seen[0].drafts] == ["warm", "concise", "formal"]
    body = records.get_record(db, "cover_letter", letter.id).values[F.cover_letter.body]
    assert body.startswith("Dear Hiring Manager,") and body.endswith("P.S. edited by me")
    sample_window.ctx.undo_stack.undo()
    assert records.get_record(db, "cover_letter", letter.id).values[F.cover_letter.body] == before


def test_the_portfolio_shows_what_it_proves(sample_window: MainWindow) -> None:
    tab = resume_tab(sample_window)
    tab.show_view("portfolio")
    view = tab.portfolio_view
    row = next(r for r in view.model.all_rows() if r.title == "Food bank demand dashboard")
    view.select_record(row.id)
    text = tab.proof_panel.proves.text()
    assert "Data visualisation (Tableau)" in text
    assert "My take-home dashboard was crowded" in text  # the feedback those skills answer
    assert tab.proof_panel.open_link.isEnabled() and not tab.proof_panel.open_file.isEnabled()


@pytest.mark.parametrize("dark", [False, True])
def test_state_and_change_colours_are_legible(dark: bool) -> None:
    from PySide6.QtGui import QColor

    from secondchance.ui.tabs.skills.colours import contrast

    for light_bg, light_fg, dark_bg, dark_fg in [*STATE_COLOURS.values(), ADDED, REMOVED]:
        background, text = (dark_bg, dark_fg) if dark else (light_bg, light_fg)
        assert contrast(QColor(background), QColor(text)) >= 4.5
    _ = QPalette, QMessageBox


def test_importing_a_json_resume_is_one_undo_step(
    sample_window: MainWindow, db: Database, sample_target: int, monkeypatch: Any
) -> None:
    from secondchance.ui.tabs.resume import json_resume_actions

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    tab = resume_tab(sample_window)
    sample = Path(__file__).resolve().parents[1] / "unit" / "data" / "json_resume_sample.json"
    before = {k: len(records.list_records(db, k, sample_target)) for k in ("experience", "skill")}
    assert json_resume_actions.import_file(tab, sample_window.ctx, sample)  # type: ignore[arg-type]
    assert "Imported 3 experiences" in shown[0]
    after = {k: len(records.list_records(db, k, sample_target)) for k in ("experience", "skill")}
    assert after["experience"] == before["experience"] + 3
    sample_window.ctx.undo_stack.undo()
    undone = {k: len(records.list_records(db, k, sample_target)) for k in ("experience", "skill")}
    assert undone == before
    assert not any(
        r.title.startswith("From JSON Resume")
        for r in records.list_records(db, "resume", sample_target)
    )


def test_coverage_of_much_proof_is_worked_out_off_the_gui_thread_with_the_same_result(
    sample_window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secondchance.ui.tabs.resume import coverage_page

    tab = resume_tab(sample_window)
    tab.show_view("coverage")
    page = tab.coverage_page
    here = page.result
    assert here is not None and not page.pending()

    monkeypatch.setattr(coverage_page, "SMALL_COVERAGE", 0)
    page.refresh()
    assert page.pending() and page.figure.text() == "Working out coverage…"
    assert page.stack.currentIndex() == 1  # not the empty state's "add a version"
    qtbot.waitUntil(lambda: not page.pending(), timeout=10_000)
    assert page.result == here
    assert page.figure.text() == f"Coverage {here.percent}%"
    assert page.model.rowCount() == len(here.skills)
