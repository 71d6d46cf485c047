"""Started with no display at all, the app says so plainly instead of Qt's library hint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from secondchance.__main__ import no_display_message

SRC = Path(__file__).resolve().parents[2] / "src"
DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
X11_LIKE = os.name == "posix" and sys.platform != "darwin"


def _start(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARIABLES}
    env.update(
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")])),
    )
    return subprocess.run(
        [sys.executable, "-m", "secondchance", "--data-dir", str(tmp_path / "data"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not X11_LIKE, reason="Windows and macOS always have their own display")
@pytest.mark.parametrize("args", [(), ("--smoke-test",)], ids=["window", "smoke-test"])
def test_no_display_is_said_in_one_sentence(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = _start(tmp_path, *args)
    assert result.returncode == 6, result.stderr
    assert result.stderr.strip() == no_display_message({}), result.stderr
    assert "xcb" not in result.stderr
    assert "no display" in (tmp_path / "data" / "logs" / "secondchance.log").read_text("utf-8")


@pytest.mark.skipif(not X11_LIKE, reason="Windows and macOS always have their own display")
@pytest.mark.parametrize("variable", DISPLAY_VARIABLES)
def test_any_display_variable_lets_qt_try(variable: str) -> None:
    assert no_display_message({}) is not None
    assert no_display_message({variable: ":0"}) is None
    assert no_display_message({variable: ""}) is not None


def test_commands_need_no_display(tmp_path: Path) -> None:
    result = _start(tmp_path, "sample")
    assert result.returncode == 0, result.stderr
