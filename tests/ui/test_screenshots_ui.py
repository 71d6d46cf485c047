"""Every tab, sub-view and dialog, at 1024×640 and 1280×800, light and dark, passes the
geometry checks of ``tools/screenshots.py`` (``python3 dev.py screenshots`` renders them into
docs/screenshots/): the key column of every list in view, no skill name cut in the gap
matrix, no widget sticking out of its parent, no label or button smaller than its text, and
no text in the disabled colour unless it is disabled."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from tools import screenshots

from secondchance.ui import theme
from secondchance.ui.main_window import MainWindow
from secondchance.ui.tabs.registry import TABS


@pytest.fixture(autouse=True)
def back_to_system(qapp) -> Iterator[None]:
    yield
    QSettings().remove(theme.SETTING)
    theme.apply("system")


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_screen_passes_the_geometry_checks(
    name: str, tmp_path: Path, sample_window: MainWindow
) -> None:
    problems = screenshots.render(tmp_path, screenshots.SIZES, (name,))
    assert problems == []
    shots = sorted(p.name for p in tmp_path.glob(f"*-{name}.png"))
    # Every tab's views and every dialog, at both sizes.
    assert "overview-1024x640-" + name + ".png" in shots
    assert "skills-gaps-1280x800-" + name + ".png" in shots
    assert "dialog-addressed-no-evidence-1024x640-" + name + ".png" in shots
    views = sum(max(1, len(spec.views)) for spec in TABS)
    dialogs = [name for name, _make in screenshots.dialog_scenes(sample_window)]
    assert len(shots) == 2 * (1 + views + len(dialogs))  # welcome, every view, every dialog


def test_the_checks_catch_what_they_look_for(sample_window) -> None:
    """A check that can't fail proves nothing: break each rule once."""
    from PySide6.QtWidgets import QApplication, QLabel

    window = sample_window
    window.resize(1024, 640)
    view = window.open_view("feedback")
    for _ in range(3):
        QApplication.processEvents()
    assert screenshots.check(window, "ok") == []

    header = view.table.horizontalHeader()
    key = view.list.columns.key_index
    header.setSectionHidden(key, True)
    assert any("key column" in p for p in screenshots.check(window, "hidden key"))
    header.setSectionHidden(key, False)

    greyed = QLabel("Looks like a hint", view)
    greyed.setEnabled(False)
    greyed.show()
    assert any("greyed out" in p for p in screenshots.check(window, "greyed"))
    greyed.setEnabled(True)
    greyed.move(view.width() - 10, 0)  # half of it outside its parent
    assert any("sticks out" in p for p in screenshots.check(window, "outside"))
    greyed.deleteLater()
