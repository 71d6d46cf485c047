"""Render the main window with the sample data into PNGs (README, visual checks).

Usage: python tools/screenshots.py [OUT_DIR] [--dark] [--all]
  --all   also every sub-view of every tab (for reviewing changes)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def dark_palette():  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#2b2d31"),
        (roles.WindowText, "#e8e8e8"),
        (roles.Base, "#1f2023"),
        (roles.AlternateBase, "#2a2c30"),
        (roles.Text, "#e8e8e8"),
        (roles.Button, "#3a3d42"),
        (roles.ButtonText, "#e8e8e8"),
        (roles.Highlight, "#3d7bd9"),
        (roles.HighlightedText, "#ffffff"),
        (roles.ToolTipBase, "#3a3d42"),
        (roles.ToolTipText, "#e8e8e8"),
        (roles.PlaceholderText, "#9a9a9a"),
        (roles.Link, "#7fb2ff"),
    ):
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.WindowText, QColor("#8a8a8a"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Text, QColor("#8a8a8a"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.ButtonText, QColor("#8a8a8a"))
    return palette


def main(argv: list[str]) -> int:
    out = Path(next((a for a in argv if not a.startswith("--")), "docs/screenshots"))
    dark, every = "--dark" in argv, "--all" in argv
    out.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="secondchance-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(data_dir / "config")  # don't touch real settings

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from secondchance.core.db import open_database
    from secondchance.core.interop.sample import add_sample_target
    from secondchance.ui.app import make_application
    from secondchance.ui.main_window import TABS, MainWindow
    from secondchance.ui.tabs.base import RecordTab

    app = make_application()
    app.setStyle("Fusion")
    if dark:
        app.setPalette(dark_palette())
    suffix = "-dark" if dark else ""

    empty_db = open_database(data_dir / "empty")
    welcome = MainWindow(data_dir / "empty")
    welcome.attach(empty_db)
    welcome.resize(1180, 760)
    welcome.show()
    QApplication.processEvents()
    welcome.grab().save(str(out / f"welcome{suffix}.png"))
    welcome.close()

    db = open_database(data_dir / "sample")
    add_sample_target(db)
    window = MainWindow(data_dir / "sample")
    window.attach(db)
    window.resize(1280, 800)
    window.show()
    for index, spec in enumerate(TABS):
        window.tabs.setCurrentIndex(index)  # tabs and sub-views are built on first showing
        QApplication.processEvents()
        page = window.tabs.widget(index)
        subtabs = page.subtabs if isinstance(page, RecordTab) else None
        # Every sub-tab with --all, including pages that are not record views (gap matrix).
        keys: list[str | None] = [v.key for v in spec.views] if every and subtabs else [None]
        for key in keys:
            if key is not None:
                window.open_view(key)
            QThreadPool.globalInstance().waitForDone()  # figures worked out off the GUI thread
            QApplication.processEvents()
            name = spec.name
            label = f"{name}-{key}" if key and len(keys) > 1 else name
            window.grab().save(str(out / f"{label}{suffix}.png"))
            if index == 1 and key in (None, "feedback"):
                window.grab().save(str(out / f"main-window{suffix}.png"))
    window.close()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
