"""``--smoke-test`` in a windowed app: no stdout (a frozen Windows app), result in the log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

# What a windowed PyInstaller app on Windows starts with: no console, so no std streams.
NO_STDOUT = """\
import sys
sys.stdout = None
sys.stderr = None
from secondchance.__main__ import main
sys.exit(main(["--smoke-test", "--data-dir", sys.argv[1]]))
"""


def _run(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")])),
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _logged_result(data: Path) -> dict[str, object]:
    lines = (data / "logs" / "secondchance.log").read_text("utf-8").splitlines()
    found = [
        line.split("smoke test result: ", 1)[1] for line in lines if "smoke test result: " in line
    ]
    assert len(found) == 1, lines
    result: dict[str, object] = json.loads(found[0])
    return result


def test_smoke_test_without_stdout_exits_by_status_and_logs_the_result(tmp_path: Path) -> None:
    result = _run(tmp_path, NO_STDOUT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    logged = _logged_result(tmp_path / "data")
    assert logged["ok"] is True
    assert logged["db_revision"]


def test_smoke_test_with_stdout_prints_the_line_it_logs(tmp_path: Path) -> None:
    code = NO_STDOUT.replace("sys.stdout = None\nsys.stderr = None\n", "")
    result = _run(tmp_path, code)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout.strip().splitlines()[-1])
    assert printed == _logged_result(tmp_path / "data")
