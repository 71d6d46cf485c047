"""Render every tab, sub-view and dialog with the sample data, and check their geometry.

Usage: python tools/screenshots.py [OUT_DIR] [--sizes 1024x640,1280x800] [--themes light,dark]
                                   [--only TEXT] [--no-check]

Writes OUT_DIR/<scene>-<W>x<H>-<theme>.png (default docs/screenshots), plus the pictures the
README shows (overview.png, main-window.png, …) at 1280×800 in the light theme, and prints
what the geometry checks found (exit code 1 when they found anything):

- the key column of every list is fully in view;
- no skill name is cut short in the gap matrix (table or chart);
- no widget sticks out of its parent, and no label or button is smaller than its text;
- no text is drawn in the disabled colour unless it is disabled (a muted hint is not).

tests/ui/test_screenshots_ui.py runs the same checks (without writing the pictures).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZES = ((1024, 640), (1280, 800))
THEMES = ("light", "dark")
# README pictures: scene → file, taken at 1280×800 in the light theme.
README = {
    "welcome": "welcome.png",
    "overview": "overview.png",
    "feedback-feedback": "main-window.png",
    "feedback-ledger": "feedback.png",
    "skills-gaps": "skills.png",
    "experience": "experience.png",
    "network-contact": "network.png",
    "resume-resume": "resume.png",
    "interview_prep-question": "interview_prep.png",
}
TOLERANCE = 1  # px: rounding in layouts


# --- the checks -----------------------------------------------------------------------------


def _name(widget: Any) -> str:
    return f"{type(widget).__name__}({widget.objectName() or '-'})"


def _in_scroll_viewport(widget: Any) -> bool:
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = widget.parentWidget()
    area = parent.parentWidget() if parent is not None else None
    return isinstance(area, QAbstractScrollArea) and area.viewport() is parent


def check(root: Any, scene: str) -> list[str]:
    """What is wrong with the layout of ``root`` as shown now (empty: nothing)."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTableView, QWidget

    problems: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisible() or (w.isWindow() and w is not root):
            continue
        parent = w.parentWidget()
        if parent is not None and not w.isWindow() and not _in_scroll_viewport(w):
            inside = parent.rect().adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE)
            if not inside.contains(w.geometry()):
                problems.append(
                    f"{scene}: {_name(w)} at {w.geometry().getRect()} sticks out of "
                    f"{_name(parent)} {parent.rect().getRect()}"
                )
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            problems += _label_problems(w, scene, QPalette)
        cut = isinstance(w, QAbstractButton) and w.text() and w.isVisible()
        if cut and w.width() + TOLERANCE < w.minimumSizeHint().width():
            problems.append(f"{scene}: button {w.text()!r} is cut ({w.width()} px)")
        if isinstance(w, QTableView):
            problems += _table_problems(w, scene)
    problems += _gap_problems(root, scene)
    return problems


def _label_problems(label: Any, scene: str, QPalette: Any) -> list[str]:
    problems = []
    parent = label.parentWidget()
    if not label.isEnabled() and (parent is None or parent.isEnabled()):
        problems.append(f"{scene}: label {label.text()[:40]!r} is greyed out to look muted")
    if label.isEnabled():
        palette = label.palette()
        shown = palette.color(QPalette.ColorGroup.Active, label.foregroundRole())
        disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        if shown == disabled:
            problems.append(f"{scene}: label {label.text()[:40]!r} is in the disabled colour")
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > 0 and label.height() + TOLERANCE < needed:
            problems.append(
                f"{scene}: label {label.text()[:40]!r} is cut ({label.height()} < {needed} px)"
            )
    elif label.width() + TOLERANCE < label.minimumSizeHint().width():
        problems.append(f"{scene}: label {label.text()[:40]!r} is cut ({label.width()} px)")
    return problems


def _table_problems(table: Any, scene: str) -> list[str]:
    from secondchance.ui.widgets.adaptive_columns import AdaptiveColumns

    columns = table.findChild(AdaptiveColumns)
    if columns is None:
        return []
    header = table.horizontalHeader()
    key = columns.key_index
    left = header.sectionViewportPosition(key)
    right = left + header.sectionSize(key)
    view = table.viewport().width()
    name = f"{scene}: {table.objectName()} key column {columns.columns[key].label!r}"
    if header.isSectionHidden(key):
        return [f"{name} is hidden"]
    if left < 0 or right > view + TOLERANCE:
        return [f"{name} is off screen ({left}–{right} of {view} px)"]
    if header.sectionSize(key) + TOLERANCE < min(columns.key_minimum(), view):
        return [f"{name} is squeezed to {header.sectionSize(key)} px"]
    return []


def _gap_problems(root: Any, scene: str) -> list[str]:
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QTableView

    from secondchance.ui.tabs.skills.gap_chart import GapChart

    problems = []
    table = root.findChild(QTableView, "gap_table")
    if table is not None and table.isVisible():
        model = table.model()
        width = table.horizontalHeader().sectionSize(0)
        metrics = table.fontMetrics()
        for row in range(model.rowCount()):
            text = str(model.index(row, 0).data() or "")
            if metrics.horizontalAdvance(text) + 12 > width:
                problems.append(f"{scene}: gap matrix skill {text!r} is cut ({width} px)")
    chart = root.findChild(GapChart)
    if chart is not None and chart.isVisible():
        metrics = QFontMetrics(chart.font())
        room = chart._label_width()
        for r in chart.rows:
            if metrics.horizontalAdvance(r.name) > room:
                problems.append(f"{scene}: gap chart label {r.name!r} is cut ({room} px)")
    return problems


# --- the scenes -----------------------------------------------------------------------------


def settle() -> None:
    """Let layouts finish: a text box that grows to its content asks its form for room
    again, which takes a few turns of the event loop (a person never sees the steps)."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    for _ in range(12):
        QThreadPool.globalInstance().waitForDone()  # figures worked out off the GUI thread
        QApplication.processEvents()


def tab_scenes(window: Any) -> Iterator[str]:
    """Shows each tab and sub-view in turn; yields its name."""
    from secondchance.ui.tabs.base import RecordTab
    from secondchance.ui.tabs.registry import TABS

    for index, spec in enumerate(TABS):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.widget(index)
        subtabs = page.subtabs if isinstance(page, RecordTab) else None
        if subtabs is None:
            settle()
            yield spec.name
            continue
        for view in spec.views:
            page.show_view(view.key)
            settle()
            yield f"{spec.name}-{view.key}"


def dialog_scenes(window: Any) -> Iterator[tuple[str, Callable[[], Any]]]:
    """(name, make the dialog) for every dialog, on the sample target."""
    from secondchance.core.packet.letter import draft_letters
    from secondchance.core.services import field_names as F
    from secondchance.core.services import records
    from secondchance.core.services.evidence import evidence_choices
    from secondchance.ui.dialogs.backups_dialog import BackupsDialog
    from secondchance.ui.dialogs.brief_dialog import BriefDialog
    from secondchance.ui.dialogs.packet_dialog import PacketDialog
    from secondchance.ui.dialogs.preferences_dialog import PreferencesDialog
    from secondchance.ui.dialogs.target_dialog import TargetDialog
    from secondchance.ui.tabs.feedback.addressed_dialog import AddressedDialog
    from secondchance.ui.tabs.feedback.request_dialog import FeedbackRequestDialog
    from secondchance.ui.tabs.resume.letter_dialog import LetterDraftDialog
    from secondchance.ui.tabs.resume.new_version_dialog import NewVersionDialog
    from secondchance.ui.tabs.skills.completion_dialog import LevelDialog
    from secondchance.ui.tabs.skills.jd_dialog import JobDescriptionDialog
    from secondchance.ui.widgets.large_text_dialog import LargeTextDialog
    from secondchance.ui.widgets.link_picker import LinkDialog

    ctx = window.ctx
    target = records.get_record(ctx.db, "target", ctx.target_id)
    feedback = records.list_records(ctx.db, "feedback", ctx.target_id)[0]
    letter = records.list_records(ctx.db, "cover_letter", ctx.target_id)[0]
    skills = records.choices(ctx.db, "skill", ctx.target_id)
    text = str(feedback.values[F.feedback.text])
    company = str(target.values[F.target.company])
    yield "dialog-target", lambda: TargetDialog(ctx, target, window)
    yield "dialog-preferences", lambda: PreferencesDialog(ctx, window)
    yield "dialog-packet", lambda: PacketDialog(ctx, target.id, target.title, company, window)
    yield "dialog-feedback-request", lambda: FeedbackRequestDialog(ctx, window)
    yield (
        "dialog-addressed",
        lambda: AddressedDialog(
            text, "", evidence_choices(ctx.db, ctx.target_id), [skills[0][0]], window
        ),
    )
    yield "dialog-addressed-no-evidence", lambda: AddressedDialog(text, "", [], [], window)
    yield "dialog-level", lambda: LevelDialog(skills[0][1], "Advanced SQL course", 2, 4, window)
    yield "dialog-job-description", lambda: JobDescriptionDialog(ctx, None, window)
    yield (
        "dialog-larger-editor",
        lambda: LargeTextDialog("Letter", str(letter.values[F.cover_letter.body]), "", window),
    )
    yield "dialog-links", lambda: LinkDialog("Skills", skills, {skills[0][0]}, window)
    yield "dialog-backups", lambda: BackupsDialog(ctx, window)
    yield "dialog-brief", lambda: BriefDialog(ctx, target.id, company, window)
    yield (
        "dialog-letter-draft",
        lambda: LetterDraftDialog(draft_letters(ctx.db, target.id), True, window),
    )
    yield "dialog-new-resume-version", lambda: NewVersionDialog(ctx, None, window)


def show_dialog(make: Callable[[], Any], size: tuple[int, int]) -> Any:
    dialog = make()
    # A dialog must fit a screen of this size, as it would be on it.
    dialog.resize(min(dialog.width(), size[0] - 40), min(dialog.height(), size[1] - 60))
    dialog.show()
    settle()
    return dialog


# --- running --------------------------------------------------------------------------------


def render(
    out: Path | None,
    sizes: tuple[tuple[int, int], ...] = SIZES,
    themes: tuple[str, ...] = THEMES,
    only: str = "",
) -> list[str]:
    """Show every scene at every size and theme; save PNGs into ``out`` (None: don't)."""
    data_dir = Path(tempfile.mkdtemp(prefix="secondchance-shots-"))
    os.environ.setdefault("XDG_CONFIG_HOME", str(data_dir / "config"))  # not real settings

    from PySide6.QtCore import QSettings

    from secondchance.core.db import open_database
    from secondchance.core.interop.sample import add_sample_target
    from secondchance.ui import theme
    from secondchance.ui.app import make_application
    from secondchance.ui.main_window import MainWindow

    make_application()
    QSettings().clear()
    problems: list[str] = []
    empty_db = open_database(data_dir / "empty")
    db = open_database(data_dir / "sample")
    add_sample_target(db)
    welcome = MainWindow(data_dir / "empty")
    welcome.attach(empty_db)
    window = MainWindow(data_dir / "sample")
    window.attach(db)
    try:
        for name in themes:
            theme.apply(name)  # type: ignore[arg-type]
            for size in sizes:
                tag = f"{size[0]}x{size[1]}-{name}"

                def shot(scene: str, widget: Any, tag: str = tag) -> None:
                    problems.extend(check(widget, f"{scene} {tag}"))
                    if out is not None:
                        widget.grab().save(str(out / f"{scene}-{tag}.png"))

                for w in (welcome, window):
                    w.resize(*size)
                    w.show()
                if only in "welcome":
                    welcome.raise_()
                    settle()
                    shot("welcome", welcome)
                window.raise_()
                for scene in tab_scenes(window):
                    if only in scene:
                        shot(scene, window)
                window.tabs.setCurrentIndex(0)
                for scene, make in dialog_scenes(window):
                    if only not in scene:
                        continue
                    dialog = show_dialog(make, size)
                    shot(scene, dialog)
                    dialog.close()
                    dialog.deleteLater()
    finally:
        for w in (welcome, window):
            w.close()
        empty_db.close()
        db.close()
        theme.apply("system")
        shutil.rmtree(data_dir, ignore_errors=True)
    if out is not None:
        for scene, file_name in README.items():
            source = out / f"{scene}-1280x800-light.png"
            if source.exists():
                shutil.copyfile(source, out / file_name)
    return problems


def main(argv: list[str]) -> int:
    def option(name: str, default: str) -> str:
        if name in argv:
            return argv[argv.index(name) + 1]
        return default

    values = {argv[i + 1] for i, a in enumerate(argv[:-1]) if a.startswith("--")}
    positional = [a for a in argv if not a.startswith("--") and a not in values]
    out = Path(positional[0] if positional else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    sizes = tuple(
        (int(w), int(h))
        for w, h in (s.split("x") for s in option("--sizes", "1024x640,1280x800").split(","))
    )
    themes = tuple(option("--themes", ",".join(THEMES)).split(","))
    problems = render(out, sizes, themes, option("--only", ""))
    if "--no-check" not in argv:
        for problem in problems:
            print(problem)
    print(f"screenshots written to {out}")
    return 1 if problems and "--no-check" not in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
