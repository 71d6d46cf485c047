"""``secondchance export --format anki|anki-tsv``, run as a person would."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.e2e.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "cli")


def test_anki_exports_write_the_same_deck_as_the_window(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli.run("sample", "--data-dir", data).returncode == 0
    deck = tmp_path / "deck.apkg"
    result = cli.run(
        "export",
        "--data-dir",
        data,
        "--format",
        "anki",
        "--target",
        "northwind health",
        "--out",
        deck,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Exported 8 questions to ")
    with zipfile.ZipFile(deck) as archive:
        assert "collection.anki2" in archive.namelist()

    tsv = tmp_path / "deck.tsv"
    result = cli.run("export", "--data-dir", data, "--format", "anki-tsv", "--out", tsv)
    assert result.returncode == 0, result.stderr
    rows = [r for r in tsv.read_text(encoding="utf-8").splitlines() if not r.startswith("#")]
    assert len(rows) == 8
    assert rows[0].split("\t")[1].startswith("What has changed since you last applied?")


def test_anki_export_failures_are_one_sentence(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    empty = cli.run("export", "--data-dir", data, "--format", "anki", "--out", tmp_path / "x")
    assert empty.returncode == 1
    assert "no targets yet" in empty.stderr and "Traceback" not in empty.stderr

    assert cli.run("sample", "--data-dir", data).returncode == 0
    unwritable = tmp_path / "missing folder" / "deck.apkg"
    result = cli.run("export", "--data-dir", data, "--format", "anki", "--out", unwritable)
    assert result.returncode == 1
    assert "Nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert not unwritable.parent.exists()

    wrong = cli.run(
        "export",
        "--data-dir",
        data,
        "--format",
        "anki",
        "--target",
        "nobody",
        "--out",
        tmp_path / "y.apkg",
    )
    assert wrong.returncode == 1 and "No target matches" in wrong.stderr
