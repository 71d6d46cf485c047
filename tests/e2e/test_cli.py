"""The command line, run as a person would run it: ``python -m secondchance …`` in a subprocess."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from secondchance import __version__
from secondchance.core import models
from secondchance.core.interop.workspace import FORMAT_VERSION
from secondchance.core.migrations.head import HEAD_REVISION
from secondchance.ui.tabs import registry

SRC = Path(__file__).resolve().parents[2] / "src"
DB_NAME = "secondchance.sqlite3"
TABS = [f"tab_{spec.name}" for spec in registry.TABS]
# The sample story's target, and the archived earlier application that comes with it.
SAMPLE_TARGETS = 2
POSIX = os.name == "posix"


class Cli:
    """Runs the app in a fresh process with private settings and a private home folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = root / "home"
        self.default_data = root / "xdg-data"
        self.home.mkdir(parents=True, exist_ok=True)

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("SECONDCHANCE_HOME", None)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            XDG_CONFIG_HOME=str(self.root / "xdg-config"),
            # Where the default data folder would go: never the developer's real one.
            XDG_DATA_HOME=str(self.default_data),
            HOME=str(self.home),
            APPDATA=str(self.root / "appdata"),
            LOCALAPPDATA=str(self.root / "localappdata"),
            PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")])),
            PYTHONIOENCODING="utf-8",
        )
        env.update(extra)
        return env

    def run(self, *args: str | Path, cwd: Path | None = None, **env: str) -> Any:
        return subprocess.run(
            [sys.executable, "-m", "secondchance", *map(str, args)],
            env=self.env(**env),
            cwd=cwd or self.root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )

    def default_data_used(self) -> bool:
        return self.default_data.exists() and any(self.default_data.rglob(DB_NAME))


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "cli")


def ok(result: Any) -> Any:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def table_rows(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read without writing anything."""
    with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        return {
            table.name: conn.execute(f'SELECT * FROM "{table.name}" ORDER BY 1, 2').fetchall()
            if len(table.c) > 1
            else conn.execute(f'SELECT * FROM "{table.name}" ORDER BY 1').fetchall()
            for table in models.Base.metadata.sorted_tables
        }


def count(db_path: Path, table: str) -> int:
    return len(table_rows(db_path)[table])


# --- the shared sample workspace ------------------------------------------------------


class Sample:
    def __init__(self, cli: Cli, data: Path, export: Path, sample_out: Any, export_out: Any):
        self.cli = cli
        self.data = data
        self.export = export
        self.sample_out = sample_out
        self.export_out = export_out

    def copy_data(self, destination: Path) -> Path:
        shutil.copytree(self.data, destination)
        return destination


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    root = tmp_path_factory.mktemp("sample")
    cli = Cli(root / "cli")
    data, export = root / "D", root / "F.json"
    sample_out = ok(cli.run("sample", "--data-dir", data))
    export_out = ok(cli.run("export", "--out", export, "--data-dir", data))
    return Sample(cli, data, export, sample_out, export_out)


# --- version --------------------------------------------------------------------------


def test_version(cli: Cli) -> None:
    result = ok(cli.run("--version"))
    assert result.stdout == f"Second Chance {__version__}\n"
    assert not cli.default_data_used()


# --- sample, export, import -----------------------------------------------------------


def test_sample_adds_a_target_and_says_where(sample: Sample) -> None:
    assert "Added the sample target (id 1)" in sample.sample_out.stdout
    assert str(sample.data) in sample.sample_out.stdout
    assert count(sample.data / DB_NAME, "target") == SAMPLE_TARGETS
    assert not sample.cli.default_data_used()


def test_export_writes_a_workspace_document(sample: Sample) -> None:
    assert f"files to {sample.export.resolve()}" in sample.export_out.stdout
    assert "Exported 146 records" in sample.export_out.stdout
    document = json.loads(sample.export.read_text(encoding="utf-8"))
    assert document["format"] == "secondchance-workspace"
    assert document["version"] == FORMAT_VERSION
    assert document["app_version"] == __version__
    assert set(document["tables"]) == {t.name for t in models.Base.metadata.sorted_tables}
    rows = table_rows(sample.data / DB_NAME)
    for name, exported in document["tables"].items():
        assert len(exported) == len(rows[name]), name
    assert len(document["tables"]["target"]) == SAMPLE_TARGETS
    assert document["tables"]["target"][0]["company"] == "Northwind Health"


def test_export_reports_a_plain_summary(sample: Sample) -> None:
    assert "Summary(" not in sample.export_out.stdout
    assert "PosixPath" not in sample.export_out.stdout
    assert "{" not in sample.export_out.stdout


def _canonical(document: dict[str, Any]) -> dict[str, list[str]]:
    """Each table's rows with every id replaced by the row it points at (ids may differ)."""
    tables: dict[str, list[dict[str, Any]]] = document["tables"]
    by_id = {
        name: {row["id"]: row for row in rows}
        for name, rows in tables.items()
        if "id" in models.Base.metadata.tables[name].c
    }
    references = {
        table.name: {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
        for table in models.Base.metadata.sorted_tables
    }

    def canon(table: str, row: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for column, value in row.items():
            if column == "id":
                continue
            referred = references[table].get(column)
            out[column] = (
                canon(referred, by_id[referred][value])
                if referred is not None and value is not None
                else value
            )
        return out

    return {
        name: sorted(json.dumps(canon(name, row), sort_keys=True) for row in rows)
        for name, rows in tables.items()
    }


def test_export_import_into_an_empty_folder_reproduces_everything(
    sample: Sample, tmp_path: Path
) -> None:
    cli, empty, again = sample.cli, tmp_path / "D2", tmp_path / "F2.json"

    imported = ok(cli.run("import", sample.export, "--data-dir", empty))
    ok(cli.run("export", "--out", again, "--data-dir", empty))

    assert imported.stdout.startswith(f"Imported {sample.export}: ")
    assert " new, 0 already here, 0 updated." in imported.stdout
    first = json.loads(sample.export.read_text(encoding="utf-8"))
    second = json.loads(again.read_text(encoding="utf-8"))
    assert {n: len(r) for n, r in second["tables"].items()} == {
        n: len(r) for n, r in first["tables"].items()
    }
    assert _canonical(second) == _canonical(first)
    assert second["attachments"] == first["attachments"]
    assert (second["format"], second["version"]) == (first["format"], first["version"])


def _broken_row(document: dict[str, Any]) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    broken["tables"]["skill"][0]["required_level"] = "high"
    return broken


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("syntax", "not valid JSON (line 2"),
        ("format", "This file is not a Second Chance export"),
        ("row", "'required_level' should be a whole number"),
        ("missing", "Could not import"),
    ],
)
def test_a_bad_import_exits_non_zero_and_changes_nothing(
    sample: Sample, tmp_path: Path, case: str, expected: str
) -> None:
    data = sample.copy_data(tmp_path / "D")
    bad = tmp_path / "bad.json"
    document = json.loads(sample.export.read_text(encoding="utf-8"))
    if case == "syntax":
        bad.write_text('{"format":\n', encoding="utf-8")
    elif case == "format":
        bad.write_text(json.dumps({"format": "spreadsheet", "version": 1, "tables": {}}))
    elif case == "row":
        bad.write_text(json.dumps(_broken_row(document)), encoding="utf-8")
    before = table_rows(data / DB_NAME)

    result = sample.cli.run("import", bad, "--data-dir", data)

    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    assert f"Could not import {bad}" in result.stderr
    assert expected in result.stderr
    assert "Your data was not changed." in result.stderr
    assert "Traceback" not in result.stderr
    assert table_rows(data / DB_NAME) == before
    assert list((data / "attachments").iterdir()) == []


# --- smoke test -----------------------------------------------------------------------


def test_smoke_test_prints_one_json_status_line(sample: Sample, tmp_path: Path) -> None:
    data = sample.copy_data(tmp_path / "D")

    result = sample.cli.run("--smoke-test", "--data-dir", data)

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    status = json.loads(lines[0])
    assert status["version"] == __version__
    assert status["db_revision"] == HEAD_REVISION
    assert status["tabs"] == TABS
    assert status["ok"] is True
    assert "error" not in status


def test_smoke_test_on_an_empty_folder_creates_the_database(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "fresh"

    result = cli.run("--smoke-test", "--data-dir", data)

    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["ok"] is True
    assert count(data / DB_NAME, "target") == 0


def test_smoke_test_refuses_a_database_from_a_newer_version(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "D"
    data.mkdir()
    with contextlib.closing(sqlite3.connect(data / DB_NAME)) as conn, conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('zzzz_future')")
        conn.execute("CREATE TABLE target (id INTEGER PRIMARY KEY, company TEXT)")
        conn.execute("INSERT INTO target VALUES (1, 'From the future')")
    original = (data / DB_NAME).read_bytes()

    result = cli.run("--smoke-test", "--data-dir", data)

    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    status = json.loads(lines[0])
    assert status["ok"] is False
    assert "newer version of Second Chance" in status["error"]
    assert "zzzz_future" in status["error"]
    assert (data / DB_NAME).read_bytes() == original
    assert list((data / "backups").iterdir()) == []


def test_a_command_refuses_a_database_from_a_newer_version(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "D"
    data.mkdir()
    with contextlib.closing(sqlite3.connect(data / DB_NAME)) as conn, conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('zzzz_future')")
    original = (data / DB_NAME).read_bytes()

    result = cli.run("sample", "--data-dir", data)

    assert result.returncode == 2
    assert "newer version of Second Chance" in result.stderr
    assert "Traceback" not in result.stderr
    assert (data / DB_NAME).read_bytes() == original


# --- where the data lives ---------------------------------------------------------------


@pytest.mark.skipif(not POSIX, reason="owner-only folders are a POSIX notion")
def test_the_data_folder_is_created_owner_only(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "deep" / "er" / "D"
    ok(cli.run("sample", "--data-dir", data))

    for folder in (data, data / "backups", data / "attachments", data / "logs"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


@pytest.mark.skipif(not POSIX, reason="owner-only folders are a POSIX notion")
def test_an_existing_folder_keeps_its_mode_but_the_data_is_private(
    cli: Cli, tmp_path: Path
) -> None:
    # A person may name a folder of their own (e.g. Documents): its mode is theirs to keep,
    # while everything the app puts there is owner-only.
    data = tmp_path / "D"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)

    ok(cli.run("sample", "--data-dir", data))

    assert stat.S_IMODE(data.stat().st_mode) == 0o755
    assert stat.S_IMODE((data / DB_NAME).stat().st_mode) == 0o600
    for folder in (data / "backups", data / "attachments", data / "logs"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_secondchance_home_is_honoured(cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "from-env"

    result = ok(cli.run("sample", SECONDCHANCE_HOME=str(home)))

    assert str(home) in result.stdout
    assert count(home / DB_NAME, "target") == SAMPLE_TARGETS
    assert not cli.default_data_used()


def test_data_dir_wins_over_secondchance_home(cli: Cli, tmp_path: Path) -> None:
    home, explicit = tmp_path / "from-env", tmp_path / "explicit"

    ok(cli.run("sample", "--data-dir", explicit, SECONDCHANCE_HOME=str(home)))

    assert count(explicit / DB_NAME, "target") == SAMPLE_TARGETS
    assert not (home / DB_NAME).exists()


def test_a_relative_data_dir_is_relative_to_the_working_folder(cli: Cli, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()

    ok(cli.run("sample", "--data-dir", "rel", cwd=work))

    assert count(work / "rel" / DB_NAME, "target") == SAMPLE_TARGETS


@pytest.mark.parametrize(
    "before",
    [pytest.param(True, id="before-command"), False],
    ids=str,
)
def test_data_dir_is_honoured_before_or_after_the_command(
    cli: Cli, tmp_path: Path, before: bool
) -> None:
    data = tmp_path / "D"
    args = ("--data-dir", data, "sample") if before else ("sample", "--data-dir", data)

    ok(cli.run(*args))

    assert (data / DB_NAME).exists()
    assert count(data / DB_NAME, "target") == SAMPLE_TARGETS
    assert not cli.default_data_used()


@pytest.mark.parametrize(
    "before",
    [pytest.param(True, id="before-command"), False],
    ids=str,
)
def test_export_with_data_dir_before_or_after_the_command(
    sample: Sample, tmp_path: Path, before: bool
) -> None:
    out = tmp_path / "out.json"
    args = (
        ("--data-dir", sample.data, "export") if before else ("export", "--data-dir", sample.data)
    )

    ok(sample.cli.run(*args, "--out", out))

    assert len(json.loads(out.read_text(encoding="utf-8"))["tables"]["target"]) == SAMPLE_TARGETS


def test_smoke_test_takes_data_dir_before_the_flag_too(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "D"

    result = cli.run("--data-dir", data, "--smoke-test")

    assert result.returncode == 0, result.stdout + result.stderr
    assert (data / DB_NAME).exists()
    assert not cli.default_data_used()


def test_the_window_sweeps_cut_off_writes_after_its_first_paint(cli: Cli, tmp_path: Path) -> None:
    """The window moved the pending-writes sweep (and the log) after its first paint: a
    temporary file left by a dead process is still gone once the window has started."""
    data = tmp_path / "window-data"
    ok(cli.run("--data-dir", data, "sample"))
    leftover = data / ".secondchance.sqlite3.export.abc123.tmp"
    leftover.write_text("half a file", encoding="utf-8")
    journal = data / "pending-writes"
    journal.mkdir(exist_ok=True)
    (journal / "999999-1").write_text(str(leftover), encoding="utf-8")
    result = cli.run("--data-dir", data, SECONDCHANCE_EXIT_WHEN_READY="1")
    assert result.returncode == 0, result.stderr
    assert not leftover.exists()
    assert list(journal.iterdir()) == []
    assert (data / "logs").is_dir() and any((data / "logs").iterdir())
