"""The --smoke-test start-up check: opens the data, builds every tab, prints one JSON line."""

from __future__ import annotations

import json
from pathlib import Path

from secondchance import __version__
from secondchance.core.migrate import HEAD_REVISION
from secondchance.paths import DB_FILENAME
from secondchance.ui.app import run_smoke_test
from secondchance.ui.tabs.registry import TABS


def test_smoke_test_passes_on_a_new_data_folder(data_dir: Path, qapp, capsys) -> None:
    assert run_smoke_test(data_dir) == 0

    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])
    assert report["ok"] is True
    assert report["version"] == __version__
    assert report["db_revision"] == HEAD_REVISION
    assert report["tabs"] == [f"tab_{spec.name}" for spec in TABS]
    assert "error" not in report and "problems" not in report
    assert (data_dir / DB_FILENAME).is_file()


def test_smoke_test_reports_a_file_that_is_not_a_database(data_dir: Path, qapp, capsys):
    (data_dir / DB_FILENAME).write_bytes(b"this is not a database" * 100)

    assert run_smoke_test(data_dir) == 1

    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["ok"] is False
    assert report["error"]
