"""The command line for the network and timing: import FILE.vcf, export --format vcard|ics,
due [--json] [--today]."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import icalendar
import pytest

from secondchance.core.interop.vcard import read_vcards
from tests.e2e.test_cli import Cli, count, ok

VCARDS = Path(__file__).resolve().parents[1] / "unit" / "vcards"


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "cli")


DB_NAME = "secondchance.sqlite3"


def test_import_vcards_merges_by_email_and_prints_counts(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    google = tmp_path / "google.vcf"
    shutil.copy(VCARDS / "google_contacts_3.0.vcf", google)
    first = ok(cli.run("--data-dir", data, "import", google))
    assert "2 new, 0 merged, 0 skipped" in first.stdout
    again = ok(cli.run("--data-dir", data, "import", google))
    assert "0 new, 0 merged, 2 skipped" in again.stdout
    apple = tmp_path / "apple.VCF"
    shutil.copy(VCARDS / "apple_contacts_3.0.vcf", apple)
    assert "2 new" in ok(cli.run("--data-dir", data, "import", apple)).stdout
    assert count(data / DB_NAME, "contact") == 4
    assert any(p.name.endswith(".sqlite3") for p in (data / "backups").iterdir())


def test_import_lists_bad_cards_by_line(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "mixed.vcf"
    bad.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Good\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nEMAIL:x@y.example\nEND:VCARD\n",
        encoding="utf-8",
    )
    result = ok(cli.run("--data-dir", tmp_path / "data", "import", bad))
    assert "1 new" in result.stdout
    assert "Line 5: this card has no name" in result.stdout


def test_import_of_a_file_that_is_not_a_vcard(cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "junk.vcf"
    junk.write_text("hello, I am a shopping list\n", encoding="utf-8")
    result = cli.run("--data-dir", tmp_path / "data", "import", junk)
    assert result.returncode == 1
    assert "This is not a vCard file" in result.stderr
    assert "Your data was not changed" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_vcard_and_ics(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    ok(cli.run("--data-dir", data, "sample"))
    vcf = tmp_path / "out.vcf"
    result = ok(cli.run("--data-dir", data, "export", "--format", "vcard", "--out", vcf))
    assert "as vCard 4.0" in result.stdout
    cards = read_vcards(vcf.read_bytes()).cards
    assert len(cards) == count(data / DB_NAME, "contact") > 0
    ok(
        cli.run(
            "--data-dir",
            data,
            "export",
            "--format",
            "vcard",
            "--vcard-version",
            "3.0",
            "--out",
            vcf,
        )
    )
    assert "VERSION:3.0" in vcf.read_text(encoding="utf-8")

    ics_file = tmp_path / "plan.ics"
    result = ok(
        cli.run(
            "--data-dir",
            data,
            "export",
            "--format",
            "ics",
            "--reminder-days",
            "2",
            "--out",
            ics_file,
        )
    )
    assert "Exported a calendar of" in result.stdout
    calendar = icalendar.Calendar.from_ical(ics_file.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert events and all(e.walk("VALARM") for e in events)
    uids = sorted(str(e["UID"]) for e in events)
    ok(cli.run("--data-dir", data, "export", "--format", "ics", "--out", ics_file))
    again = icalendar.Calendar.from_ical(ics_file.read_bytes())
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == uids


def test_export_ics_to_a_folder_that_does_not_exist(cli: Cli, tmp_path: Path) -> None:
    result = cli.run(
        "--data-dir",
        tmp_path / "data",
        "export",
        "--format",
        "ics",
        "--out",
        tmp_path / "nowhere" / "plan.ics",
    )
    assert result.returncode == 1
    assert "Could not write" in result.stderr and "Nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    bad = cli.run(
        "--data-dir",
        tmp_path / "data",
        "export",
        "--format",
        "ics",
        "--reminder-days",
        "99",
        "--out",
        tmp_path / "x.ics",
    )
    assert bad.returncode == 2 and "0 to 60 days" in bad.stderr


def test_due_text_and_json(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    empty = ok(cli.run("--data-dir", data, "due", "--today", "2026-03-10"))
    assert empty.stdout.strip() == "Nothing is due up to 2026-03-17."
    ok(cli.run("--data-dir", data, "sample"))
    text = ok(cli.run("--data-dir", data, "due"))
    assert "Overdue" in text.stdout and "This week" in text.stdout
    document = json.loads(ok(cli.run("--data-dir", data, "due", "--json")).stdout)
    assert document["summary"]["overdue"] >= 1
    assert {item["source"] for item in document["items"]} >= {"contact", "follow_up"}
    assert all(set(item) >= {"bucket", "due", "title", "target"} for item in document["items"])
    bad = cli.run("--data-dir", data, "due", "--today", "2026-02-30")
    assert bad.returncode == 2 and "2026-02-30 is not a date on the calendar" in bad.stderr
