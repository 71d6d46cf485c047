"""Each kind of editor, used as a person would: ratings, choices, check boxes, dates, files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt

from secondchance.core.db import Database
from secondchance.core.models import Channel, CompetencyArea
from secondchance.core.services import records, targets
from secondchance.ui.widgets.date_field import DateField
from secondchance.ui.widgets.file_field import FileField
from secondchance.ui.widgets.rating import RatingControl
from tests.ui.helpers import Windows, click, editor, status, text_of, view_of, wait_saved


def test_rating_choice_and_check_box(windows: Windows, db: Database, qtbot) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    rating = records.create_record(db, "competency", {}, target).id
    priya = records.create_record(db, "contact", {"name": "Priya"}).id
    talk = records.create_record(db, "interaction", {"contact_id": priya}).id
    question = records.create_record(db, "question", {"question": "Why us?"}, target).id
    window = windows.open()

    view = view_of(window, "competency")
    stars = editor(view, "rating")
    assert isinstance(stars, RatingControl) and stars.value() == 3
    click(qtbot, stars.buttons[5])
    wait_saved(qtbot, view)
    assert records.get_record(db, "competency", rating).values["rating"] == 5
    assert [b.isChecked() for b in stars.buttons.values()] == [True] * 5

    area = editor(view, "area")
    area.setFocus()
    qtbot.keyClick(area, Qt.Key.Key_Down)
    wait_saved(qtbot, view)
    saved_area = records.get_record(db, "competency", rating).values["area"]
    assert saved_area is CompetencyArea.proactivity
    assert view.model.row_at(0).display["area"] == "Proactivity"

    # An optional rating is cleared by clicking the chosen value again.
    view = view_of(window, "question")
    confidence = editor(view, "confidence")
    click(qtbot, confidence.buttons[2])
    wait_saved(qtbot, view)
    assert records.get_record(db, "question", question).values["confidence"] == 2
    click(qtbot, confidence.buttons[2])
    wait_saved(qtbot, view)
    assert records.get_record(db, "question", question).values["confidence"] is None

    view = view_of(window, "interaction")
    done = editor(view, "follow_up_done")
    done.setFocus()
    qtbot.keyClick(done, Qt.Key.Key_Space)
    channel = editor(view, "channel")
    channel.setFocus()
    qtbot.keyClick(channel, Qt.Key.Key_End)
    wait_saved(qtbot, view)
    values = records.get_record(db, "interaction", talk).values
    assert values["follow_up_done"] is True
    assert values["channel"] is list(Channel)[-1]
    assert status(window).startswith("Saved")


def test_skill_level_history_follows_the_current_level(
    windows: Windows, db: Database, qtbot
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    records.create_record(db, "skill", {"name": "SQL"}, target)
    window = windows.open()
    view = view_of(window, "skill")
    # The history is the chart under the form, not a text field above it.
    assert "level_history" not in view.form.editors
    chart = window.record_tab("skills").level_chart  # type: ignore[attr-defined]
    today = dt.date.today()
    qtbot.waitUntil(lambda: chart.isVisible(), timeout=3000)
    assert chart.history == [(today, 0)]

    click(qtbot, editor(view, "current_level").buttons[2])
    wait_saved(qtbot, view)
    # The level it was added at stays, beside the day's newest level.
    qtbot.waitUntil(lambda: chart.history == [(today, 0), (today, 2)], timeout=3000)
    click(qtbot, editor(view, "current_level").buttons[3])
    wait_saved(qtbot, view)
    # Several changes on one day keep one entry for that day.
    qtbot.waitUntil(lambda: chart.history == [(today, 0), (today, 3)], timeout=3000)


def test_date_today_button(windows: Windows, db: Database, qtbot) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    entry = records.create_record(db, "journal", {"text": "A win"}, target).id
    window = windows.open()
    view = view_of(window, "journal")
    date = editor(view, "date")
    assert isinstance(date, DateField)
    click(qtbot, date.today_button)
    wait_saved(qtbot, view)
    assert text_of(date) == dt.date.today().isoformat()
    assert records.get_record(db, "journal", entry).values["date"] == dt.date.today()


def test_attach_and_remove_a_file(
    windows: Windows, db: Database, data_dir: Path, tmp_path: Path, qtbot
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    resume = records.create_record(db, "resume", {"label": "v2"}, target).id
    source = tmp_path / "Resume v2.pdf"
    source.write_bytes(b"%PDF-1.4 not really")
    window = windows.open()
    view = view_of(window, "resume")
    field = editor(view, "file")
    assert isinstance(field, FileField)
    assert not field.open_button.isEnabled()

    assert view.attach_file("file", source)
    wait_saved(qtbot, view)

    stored = records.get_record(db, "resume", resume).values["file"]
    assert stored and stored.endswith(".pdf")
    copy = data_dir / "attachments" / stored
    assert copy.read_bytes() == source.read_bytes()
    # The person sees the name they know, not the generated one.
    assert field.label.text().startswith("Resume v2.pdf")
    assert stored.startswith(stored[:32]) and "Resume v2" in stored
    assert field.open_button.isEnabled()

    click(qtbot, field.remove_button)
    wait_saved(qtbot, view)
    assert records.get_record(db, "resume", resume).values["file"] is None
    assert field.label.text() == "No file attached"


def test_a_missing_file_is_reported_next_to_the_field(
    windows: Windows, db: Database, tmp_path: Path, qtbot
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    records.create_record(db, "resume", {"label": "v2"}, target)
    window = windows.open()
    view = view_of(window, "resume")

    assert not view.attach_file("file", tmp_path / "gone.pdf")

    assert view.form.errors["file"].isVisible()
    assert "gone.pdf" in view.form.errors["file"].text()
    assert "gone.pdf" in status(window)
