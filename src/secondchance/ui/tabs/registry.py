"""The one list of tabs: name, title, icon, the views each shows, and the class that builds it.

The main window, its View menu, navigation to a record, the Overview's "where" labels, the
smoke test and the icon test are all derived from ``TABS``.  Core speaks of record kinds
only; this is where a kind finds its place on screen.  Adding a tab means one entry here
(and, if it has widgets of its own, a package ``ui/tabs/<name>/`` with its class).

Tab classes are named by import path, not imported here, so that listing the tabs costs
nothing at start-up and a tab's module is imported only when the tab is built.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from secondchance.ui.context import AppContext


# Named tuples, not frozen dataclasses: the window's frame lists the tabs before its first
# paint, and importing ``dataclasses`` (with what it imports) cost that paint ~4 ms.
class ViewSpec(NamedTuple):
    """One sub-view of a tab: a record list of kind ``key``, or a page of the tab's own."""

    key: str  # a record kind's name, or the name of the tab's own page ("gaps", "ledger")
    title: str
    record: bool = True  # False: the tab class builds it (``RecordTab.build_page``)


class TabSpec(NamedTuple):
    name: str
    title: str
    icon: str
    views: tuple[ViewSpec, ...]
    factory: str = "secondchance.ui.tabs.base:RecordTab"  # "module:Class"

    @property
    def kinds(self) -> tuple[str, ...]:
        """The record kinds this tab lists, in the order of its sub-views."""
        return tuple(v.key for v in self.views if v.record)

    def view(self, key: str) -> ViewSpec | None:
        return next((v for v in self.views if v.key == key), None)

    def build(self, ctx: AppContext, parent: QWidget | None = None) -> QWidget:
        module_name, _, class_name = self.factory.partition(":")
        cls = getattr(importlib.import_module(module_name), class_name)
        return cls(ctx, self, parent)  # type: ignore[no-any-return]


_V = ViewSpec

TABS: tuple[TabSpec, ...] = (
    TabSpec(
        "overview", "Overview", "overview", (), "secondchance.ui.tabs.overview.tab:OverviewTab"
    ),
    # Right after the Overview, and the first thing shown on a day something is due: what
    # is due across every target, every target (archived ones too) and the patterns across
    # rejections — the one tab that is not about the target chosen above.
    TabSpec(
        "all_targets",
        "All targets",
        "due",
        (
            _V("due", "Due", record=False),
            _V("targets", "Targets", record=False),
            _V("patterns", "Patterns", record=False),
        ),
        "secondchance.ui.tabs.agenda.tab:AgendaTab",
    ),
    TabSpec(
        "feedback",
        "Feedback",
        "feedback",
        (
            _V("feedback", "Feedback"),
            _V("ledger", "Feedback → evidence", record=False),
            _V("round", "Rounds"),
            _V("reflection", "Self-assessment"),
            _V("competency", "Competencies"),
        ),
        "secondchance.ui.tabs.feedback.tab:FeedbackTab",
    ),
    TabSpec(
        "skills",
        "Skills",
        "skills",
        (
            # First: it answers "what do I work on next?"
            _V("gaps", "Gap matrix", record=False),
            _V("skill", "Skills"),
            _V("activity", "Development plan"),
        ),
        "secondchance.ui.tabs.skills.tab:SkillsTab",
    ),
    TabSpec("experience", "Experience", "experience", (_V("experience", "Experience"),)),
    TabSpec(
        "network",
        "Network",
        "network",
        (_V("contact", "Contacts"), _V("interaction", "Interactions"), _V("event", "Events")),
        "secondchance.ui.tabs.network.tab:NetworkTab",
    ),
    TabSpec(
        "resume",
        "Resume",
        "resume",
        (
            _V("resume", "Resume versions"),
            _V("coverage", "Coverage", record=False),
            _V("compare", "Compare versions", record=False),
            _V("portfolio", "Portfolio"),
            _V("cover_letter", "Cover letters"),
        ),
        "secondchance.ui.tabs.resume.tab:ResumeTab",
    ),
    TabSpec(
        "interview_prep",
        "Interview Prep",
        "interview_prep",
        (
            _V("question", "Questions"),
            _V("practice", "Practice"),
            _V("mock", "Mock interviews"),
            _V("journal", "Journal"),
        ),
        "secondchance.ui.tabs.interview_prep.tab:InterviewPrepTab",
    ),
)

_BY_NAME = {t.name: t for t in TABS}
_BY_VIEW = {v.key: t for t in TABS for v in t.views}


def tab(name: str) -> TabSpec:
    return _BY_NAME[name]


def tab_of(view_key: str) -> TabSpec | None:
    """The tab that shows ``view_key`` (a record kind or a tab's own page), if any."""
    return _BY_VIEW.get(view_key)


def place_of(view_key: str) -> str:
    """Where a person finds a view: "Skills › Development plan", or "Experience"."""
    found = tab_of(view_key)
    if found is None:
        return ""
    view = found.view(view_key)
    if view is None or view.title == found.title:
        return found.title
    return f"{found.title} › {view.title}"
