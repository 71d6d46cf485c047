"""The tab registry is the one list of tabs: every kind has one place, and the window,
its menu and navigation follow it."""

from __future__ import annotations

from PySide6.QtGui import QAction

from secondchance.core.services import readiness
from secondchance.core.services.kinds import KINDS
from secondchance.resources import resource_path
from secondchance.ui.main_window import MainWindow
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.tabs.base import RecordTab
from secondchance.ui.tabs.registry import TABS, place_of, tab_of


def test_every_kind_but_target_lives_on_exactly_one_tab() -> None:
    listed = [kind for spec in TABS for kind in spec.kinds]
    assert sorted(listed) == sorted(k for k in KINDS if k != "target")
    assert len(listed) == len(set(listed))


def test_view_keys_are_unique_and_name_a_kind_or_a_page_of_the_tab() -> None:
    keys = [v.key for spec in TABS for v in spec.views]
    assert len(keys) == len(set(keys))
    for spec in TABS:
        for view in spec.views:
            assert (view.key in KINDS) == view.record, view.key
            assert tab_of(view.key) is spec


def test_every_tab_has_an_icon() -> None:
    for spec in TABS:
        assert resource_path("icons", f"{spec.icon}.svg").is_file(), spec.icon


def test_the_ten_steps_live_on_the_tabs_the_design_names() -> None:
    design = [  # DESIGN.md: "The method the app follows (ten steps → tabs)"
        "feedback",
        "feedback",
        "skills",
        "skills",
        "experience",
        "network",
        "resume",
        "resume",
        "interview_prep",
        "interview_prep",
    ]
    placed = [tab_of(kind) for _title, kind, _measure in readiness.STEPS]
    assert [spec.name if spec else None for spec in placed] == design


def test_place_names_the_tab_and_the_list() -> None:
    assert place_of("activity") == "Skills › Development plan"
    assert place_of("experience") == "Experience"
    assert place_of("feedback") == "Feedback"
    assert place_of("no_such_kind") == ""


def test_window_follows_the_registry(sample_window: MainWindow) -> None:
    assert [sample_window.tabs.tabText(i) for i in range(sample_window.tabs.count())] == [
        spec.title for spec in TABS
    ]
    for spec in TABS:
        page = sample_window.tab_pages[spec.name]
        assert page.objectName() == f"tab_{spec.name}"
        assert sample_window.findChild(QAction, f"action_tab_{spec.name}") is not None
        if isinstance(page, RecordTab):
            assert list(page.pages) == [v.key for v in spec.views]
            assert list(page.views) == list(spec.kinds)


def test_open_view_reaches_every_kind_and_page(sample_window: MainWindow) -> None:
    for spec in TABS:
        for view in spec.views:
            shown = sample_window.open_view(view.key)
            assert shown is not None, view.key
            assert shown.isVisible(), view.key
            assert sample_window.tabs.currentWidget() is sample_window.tab_pages[spec.name]
            if view.record:
                assert isinstance(shown, RecordView) and shown.kind.name == view.key
