"""A target's interview questions as an Anki deck: an ``.apkg`` (with ``genanki``) or a
tab-separated file Anki imports.

The front of each card is the question (with its "what they are really asking" hint), the
back the STAR+R answer.  Fields are HTML (Anki's own), so the person's text is escaped and
its line breaks become ``<br>``.  Notes keep the same id (guid) from one export to the next,
so importing again updates the cards instead of adding copies.

Both files are written with ``fileio`` (complete or not at all, owner-only): an unwritable
destination raises ``OSError`` and leaves nothing behind.  genanki's own ``write_to_file``
would leave a copy of the collection in the system's temporary folder; the collection is
built in a private temporary folder here instead, and removed.
"""

from __future__ import annotations

import html
import itertools
import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from sqlalchemy import select

from secondchance.core import fileio
from secondchance.core import models as m
from secondchance.core.db import Database

MODEL_NAME = "Second Chance interview question"
# Fixed, so every export uses the same note type in Anki (a new id would add a copy).
MODEL_ID = 1_607_392_351
STAR_PARTS = (
    ("situation", "Situation"),
    ("task", "Task"),
    ("action", "Action"),
    ("result", "Result"),
    ("reflection", "Reflection"),
)
NO_ANSWER = "No answer written yet: draft it in Second Chance (Interview Prep)."


@dataclass(frozen=True)
class Card:
    guid: str
    front: str  # HTML
    back: str  # HTML
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Deck:
    name: str
    deck_id: int
    cards: tuple[Card, ...]


def _html(text: str) -> str:
    return html.escape(text.strip()).replace("\r\n", "\n").replace("\n", "<br>")


def _tag(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text.strip()).strip("_") or "other"


def _stable_id(*parts: object) -> int:
    digest = sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    # Anki ids are positive 63-bit integers; keep clear of genanki's small built-in ids.
    return 1 << 30 | int.from_bytes(digest[:6], "big")


def deck_of(db: Database, target_id: int) -> Deck:
    """The target's questions as cards, in the order Interview Prep lists them."""
    with db.transaction() as session:
        target = session.get(m.Target, target_id)
        if target is None:
            raise LookupError("That target no longer exists (it may have been deleted).")
        name = f"Second Chance::{target.company.strip() or 'Target'} — {target.role.strip()}"
        questions = session.scalars(
            select(m.Question).where(m.Question.target_id == target_id).order_by(m.Question.id)
        ).all()
        cards = []
        for q in questions:
            front = _html(q.question)
            if q.hint:
                front += f'<br><br><span class="hint">{_html(q.hint)}</span>'
            parts = [
                f"<b>{label}</b>: {_html(getattr(q, field))}"
                for field, label in STAR_PARTS
                if (getattr(q, field) or "").strip()
            ]
            back = "<br><br>".join(parts) if parts else _html(NO_ANSWER)
            cards.append(
                Card(
                    guid=_guid(target_id, q.id),
                    front=front,
                    back=back,
                    tags=("second_chance", _tag(q.category.label)),
                )
            )
        return Deck(name, _stable_id("deck", target_id, target.created_at), tuple(cards))


def _guid(target_id: int, question_id: int) -> str:
    import genanki

    return str(genanki.guid_for("secondchance", target_id, question_id))


def write_apkg(db: Database, target_id: int, destination: Path) -> int:
    """Write the target's deck as an Anki package; returns the number of cards."""
    import genanki

    deck = deck_of(db, target_id)
    model = genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": "Question"}, {"name": "Answer"}],
        templates=[
            {
                "name": "Question → answer",
                "qfmt": "{{Question}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}',
            }
        ],
        css=".card { font-family: sans-serif; font-size: 20px; text-align: left; }\n"
        ".hint { font-size: 15px; opacity: 0.7; }",
    )
    anki_deck = genanki.Deck(deck.deck_id, deck.name)
    for card in deck.cards:
        anki_deck.add_note(
            genanki.Note(
                model=model, fields=[card.front, card.back], guid=card.guid, tags=list(card.tags)
            )
        )
    package = genanki.Package(anki_deck)
    timestamp = time.time()
    with tempfile.TemporaryDirectory(prefix="secondchance-anki-") as folder:
        collection = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            connection.commit()
        finally:
            connection.close()
        with (
            fileio.open_binary(destination) as handle,
            zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            archive.write(collection, "collection.anki2")
            archive.writestr("media", "{}")
    return len(deck.cards)


def tsv_text(deck: Deck) -> str:
    """The deck as Anki's tab-separated import file (with its header lines)."""
    lines = [
        "#separator:tab",
        "#html:true",
        f"#deck:{deck.name}",
        "#guid column:1",
        "#tags column:4",
    ]
    for card in deck.cards:
        fields = (card.guid, card.front, card.back, " ".join(card.tags))
        # No field holds a tab or a line break: text is HTML-escaped and breaks are <br>.
        lines.append("\t".join(f.replace("\t", " ") for f in fields))
    return "\n".join(lines) + "\n"


def write_tsv(db: Database, target_id: int, destination: Path) -> int:
    """Write the target's deck as a TSV file for Anki's File → Import; returns the count."""
    deck = deck_of(db, target_id)
    fileio.write_text(destination, tsv_text(deck))
    return len(deck.cards)
