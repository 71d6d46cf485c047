"""The Anki export, read back: the .apkg is a zip holding an SQLite collection; the TSV is
what Anki's File → Import reads."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest

from secondchance.core.db import Database
from secondchance.core.interop import anki
from secondchance.core.services import records

FIELD_SEPARATOR = "\x1f"


@pytest.fixture
def target(db: Database) -> int:
    target = records.create_record(db, "target", {"company": "Contoso", "role": "Analyst"}).id
    records.create_record(
        db,
        "question",
        {
            "question": "What has changed since you last applied?",
            "hint": "Proof, not promises",
            "situation": "I was told my SQL was <slow> & careful",
            "task": "Get faster",
            "action": "Drilled\nevery day\twith a timer",
            "result": "6 minutes, not 20 📉",
            "reflection": "שינוי אמיתי",  # right-to-left text survives
        },
        target,
    )
    records.create_record(db, "question", {"question": "Why us?"}, target)
    return target


def _notes(path: Path) -> list[tuple[str, str, str]]:
    with zipfile.ZipFile(path) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        assert json.loads(archive.read("media")) == {}
        data = archive.read("collection.anki2")
    copy = path.with_suffix(".anki2")
    copy.write_bytes(data)
    connection = sqlite3.connect(copy)
    try:
        rows = connection.execute("SELECT guid, flds, tags FROM notes ORDER BY id").fetchall()
        decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
        cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
    finally:
        connection.close()
    assert cards == len(rows)
    assert any(d["name"] == "Second Chance::Contoso — Analyst" for d in decks.values())
    return rows


def test_apkg_reads_back(db: Database, target: int, tmp_path: Path) -> None:
    path = tmp_path / "deck.apkg"
    assert anki.write_apkg(db, target, path) == 2
    notes = _notes(path)
    assert len(notes) == 2
    _guid, fields, tags = notes[0]
    front, back = fields.split(FIELD_SEPARATOR)
    assert front.startswith("What has changed since you last applied?")
    assert "Proof, not promises" in front
    assert "<b>Situation</b>: I was told my SQL was &lt;slow&gt; &amp; careful" in back
    assert "Drilled<br>every day\twith a timer" in back
    assert "6 minutes, not 20 📉" in back and "שינוי אמיתי" in back
    assert "second_chance" in tags.split()
    assert anki.NO_ANSWER.split(":")[0] in notes[1][1]
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0  # owner-only, like every file the app writes

    again = tmp_path / "again.apkg"
    anki.write_apkg(db, target, again)
    assert [n[0] for n in _notes(again)] == [n[0] for n in notes]  # same notes, updated


def test_tsv_reads_back(db: Database, target: int, tmp_path: Path) -> None:
    path = tmp_path / "deck.tsv"
    assert anki.write_tsv(db, target, path) == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    headers = [line for line in lines if line.startswith("#")]
    assert "#separator:tab" in headers and "#html:true" in headers
    rows = [line.split("\t") for line in lines if not line.startswith("#")]
    assert len(rows) == 2 and all(len(r) == 4 for r in rows)
    guid, front, back, _tags = rows[0]
    assert front.startswith("What has changed")
    assert "Drilled<br>every day with a timer" in back
    deck = anki.deck_of(db, target)
    assert guid == deck.cards[0].guid


def test_an_unwritable_destination_writes_nothing(
    db: Database, target: int, tmp_path: Path
) -> None:
    missing = tmp_path / "no such folder" / "deck.apkg"
    with pytest.raises(OSError):
        anki.write_apkg(db, target, missing)
    with pytest.raises(OSError):
        anki.write_tsv(db, target, missing.with_suffix(".tsv"))
    assert not missing.parent.exists()
    folder = tmp_path / "a folder"
    folder.mkdir()
    with pytest.raises(OSError):
        anki.write_apkg(db, target, folder)  # a folder is not a file
    assert list(folder.iterdir()) == []


def test_a_missing_target_says_so(db: Database, tmp_path: Path) -> None:
    with pytest.raises(LookupError, match="no longer exists"):
        anki.write_tsv(db, 999, tmp_path / "x.tsv")
