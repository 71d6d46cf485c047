"""`coverage`, `export --format json-resume` and `import` of a JSON Resume, run as a person
would run them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from secondchance.core.interop.json_resume.schema import schema
from tests.e2e.test_cli import Cli, cli, count, ok  # noqa: F401 - the fixture

SAMPLE = Path(__file__).resolve().parents[1] / "unit" / "data" / "json_resume_sample.json"
STATES = {"in_resume_proven", "proven_missing", "in_resume_unproven", "absent"}


def test_coverage_of_the_sample_story(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    data = tmp_path / "data"
    ok(cli.run("--data-dir", data, "sample"))
    result = json.loads(ok(cli.run("--data-dir", data, "coverage", "--json")).stdout)
    assert result["version"] == "Reworked after feedback (v2)"
    assert result["compared_with"]["version"] == "Resume as sent to Northwind (v1)"
    assert result["coverage"] > result["compared_with"]["coverage"]
    assert {s["state"] for s in result["skills"]} == STATES  # each of the four, at least once
    assert all(set(s) == {"name", "state", "must_have"} for s in result["skills"])
    assert any(not s["must_have"] for s in result["skills"])
    sent = json.loads(
        ok(cli.run("--data-dir", data, "coverage", "--version", "v1", "--json")).stdout
    )
    assert sent["coverage"] == result["compared_with"]["coverage"]
    table = ok(cli.run("--data-dir", data, "coverage")).stdout
    assert "→" in table and "Proven, missing from the resume" in table
    missing = cli.run("--data-dir", data, "coverage", "--version", "v9")
    assert missing.returncode == 1 and "No resume version is called “v9”" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_coverage_says_what_to_add_first(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    result = cli.run("--data-dir", tmp_path / "empty", "coverage")
    assert result.returncode == 1 and "no targets yet" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_resume_out_and_in(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    data = tmp_path / "data"
    ok(cli.run("--data-dir", data, "sample"))
    out = tmp_path / "résumé.json"
    said = ok(cli.run("--data-dir", data, "export", "--format", "json-resume", "--out", out))
    assert "Wrote a JSON Resume with" in said.stdout
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema()).validate(document)
    assert len(document["projects"]) + len(document["volunteer"]) == 3

    db_file = data / "secondchance.sqlite3"
    before = count(db_file, "experience")
    imported = ok(cli.run("--data-dir", data, "import", SAMPLE, "--target", "Northwind Health"))
    assert "Imported 3 experiences" in imported.stdout
    assert count(db_file, "experience") == before + 3

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"work": {"name": "x"}}), encoding="utf-8")
    refused = cli.run("--data-dir", data, "import", bad)
    assert refused.returncode == 1
    assert "work should be a list" in refused.stderr and "not changed" in refused.stderr
    assert count(db_file, "experience") == before + 3
