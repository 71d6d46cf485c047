"""The app paints with Qt's fills made serially (ui/app.SERIAL_FILLS_ENV): the application
it makes sets the switch, keeps a value a person set, and draws the same pixels as with the
thread pool.  Each case runs in a child process: Qt reads the switch once per process."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from secondchance.ui.app import SERIAL_FILLS_ENV

# Makes the application as the app does, paints widgets with tall, narrow strips (scroll
# bars, a list with text, a gradient-filled Fusion progress bar) and prints the switch's
# value and a hash of the pixels.
_PAINT = """
import hashlib, os, sys
from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QListView, QProgressBar, QScrollBar, QVBoxLayout, QWidget
from secondchance.ui.app import make_application
app = make_application()
app.setStyle("Fusion")
window = QWidget()
layout = QVBoxLayout(window)
bar = QScrollBar(Qt.Orientation.Vertical)
bar.setRange(0, 40)
bar.setMinimumHeight(560)
listed = QListView()
listed.setModel(QStringListModel([f"Row {i} with some text" for i in range(200)], window))
progress = QProgressBar()
progress.setValue(40)
for widget in (bar, listed, progress):
    layout.addWidget(widget)
window.resize(420, 1100)
window.show()
app.processEvents()
image = window.grab().toImage()
data = bytes(image.constBits())
print(os.environ.get(sys.argv[1]), hashlib.sha256(data).hexdigest())
"""


_PLAIN = _PAINT.replace(
    "from secondchance.ui.app import make_application\napp = make_application()",
    "from PySide6.QtWidgets import QApplication\napp = QApplication(sys.argv[:1])",
)


def _paint(script: str, value: str | None) -> tuple[str, str]:
    """The switch's value in the child and the hash of what it painted."""
    env = {k: v for k, v in os.environ.items() if k != SERIAL_FILLS_ENV}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if value is not None:
        env[SERIAL_FILLS_ENV] = value
    out = subprocess.run(
        [sys.executable, "-c", script, SERIAL_FILLS_ENV],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    switch, digest = out.stdout.strip().splitlines()[-1].split()
    return switch, digest


def test_the_app_fills_serially_keeps_a_set_value_and_paints_the_same_pixels() -> None:
    switch, serial = _paint(_PAINT, None)
    assert switch == "1"  # set by make_application
    kept, _ = _paint(_PAINT, "yes")
    assert kept == "yes"  # a person's own value stays
    plain, pooled = _paint(_PLAIN, None)
    assert plain == "None"  # plain Qt: its thread pool fills the tall strips
    assert pooled == serial
    assert serial != hashlib.sha256(b"").hexdigest()
