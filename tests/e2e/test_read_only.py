"""A read-only data folder or data file is an ordinary situation: everything can be read,
exported and printed; every change is refused with one sentence; nothing crashes.

Root ignores permissions, so these run as a throwaway user (tests/unprivileged.py).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from secondchance.core.db import ReadOnlyError, open_database
from secondchance.core.interop import sample
from secondchance.core.services import records
from tests.e2e.test_cli import DB_NAME, Cli, ok
from tests.unprivileged import rerun_unprivileged


def _make_read_only(folder: Path) -> dict[str, str]:
    db = open_database(folder)
    try:
        sample.add_sample_target(db)
    finally:
        db.close()
    for path in folder.rglob("*"):
        path.chmod(0o555 if path.is_dir() else 0o444)
    folder.chmod(0o555)
    return _fingerprint(folder)


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else "dir"
        for p in sorted(folder.rglob("*"))
    }


def test_a_read_only_folder_is_read_exported_and_printed_but_never_changed(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if rerun_unprivileged(request):
        return
    cli, data, out = Cli(tmp_path / "cli"), tmp_path / "D", tmp_path / "out"
    out.mkdir()
    before = _make_read_only(data)
    try:
        exported = ok(cli.run("export", "--out", out / "w.json", "--data-dir", data))
        assert "Exported" in exported.stdout
        assert json.loads((out / "w.json").read_text(encoding="utf-8"))["tables"]["target"]
        ok(cli.run("packet", "--out", out / "p.pdf", "--data-dir", data))
        assert (out / "p.pdf").read_bytes().startswith(b"%PDF")
        ok(
            cli.run(
                "export",
                "--format",
                "csv",
                "--kind",
                "skill",
                "--out",
                out / "s.csv",
                "--data-dir",
                data,
            )
        )
        listed = ok(cli.run("backups", "--data-dir", data))
        assert "backups" in listed.stdout or "no backups" in listed.stdout
        dry = ok(cli.run("import", out / "w.json", "--dry-run", "--data-dir", data))
        assert "already here" in dry.stdout

        for args in (("sample",), ("import", out / "w.json"), ("backup",)):
            refused = cli.run(*args, "--data-dir", data)
            assert refused.returncode == 1, refused.stdout + refused.stderr
            assert "read-only" in refused.stderr
            assert "Traceback" not in refused.stderr
        smoke = cli.run("--smoke-test", "--data-dir", data)
        report = json.loads(smoke.stdout.strip().splitlines()[-1])
        assert report["ok"] and report["read_only"], smoke.stdout + smoke.stderr
        assert _fingerprint(data) == before  # not a byte changed, nothing added
    finally:
        for path in [data, *data.rglob("*")]:
            path.chmod(0o700 if path.is_dir() else 0o600)


def test_a_read_only_data_file_opens_read_only_and_refuses_writes(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if rerun_unprivileged(request):
        return
    folder = tmp_path / "D"
    db = open_database(folder)
    sample.add_sample_target(db)
    db.close()
    (folder / DB_NAME).chmod(0o444)
    db = open_database(folder)
    try:
        assert db.read_only
        assert records.list_records(db, "contact")
        with pytest.raises(ReadOnlyError, match="read-only"):
            records.create_record(db, "contact", {"name": "Someone"})
    finally:
        db.close()
        (folder / DB_NAME).chmod(0o600)
    assert os.access(folder / DB_NAME, os.W_OK)
