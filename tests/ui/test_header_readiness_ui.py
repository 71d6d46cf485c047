"""The window header shows the readiness score from any tab, and follows changes."""

from __future__ import annotations

from typing import Any

from secondchance.core.db import Database
from secondchance.core.services import records
from secondchance.core.services.readiness import compute_readiness
from secondchance.core.services.targets import create_target
from secondchance.ui.main_window import MainWindow


def test_header_shows_the_score_and_opens_the_overview(
    sample_window: MainWindow, db: Database
) -> None:
    assert sample_window.ctx is not None and sample_window.ctx.target_id is not None
    score = compute_readiness(db, sample_window.ctx.target_id).score
    assert score is not None
    assert f"Readiness {score}%" in sample_window.readiness.text()
    assert "Feedback addressed" in sample_window.readiness.toolTip()

    sample_window.tabs.setCurrentIndex(2)
    sample_window.readiness.linkActivated.emit("overview")
    assert sample_window.tabs.currentWidget() is sample_window.overview


def test_header_follows_a_change_and_stays_quiet_with_nothing_to_measure(
    window: MainWindow, qtbot: Any
) -> None:
    assert window.ctx is not None
    target = create_target(window.ctx.db, {"company": "Acme", "role": "Analyst"}, None)
    window._reload_targets(prefer=target.id)
    assert compute_readiness(window.ctx.db, target.id).score is None
    assert window.readiness.text() == ""

    records.create_record(window.ctx.db, "feedback", {"text": "Be concise"}, target_id=target.id)
    window.ctx.notify("feedback")
    assert "Readiness 0%" in window.readiness.text()
