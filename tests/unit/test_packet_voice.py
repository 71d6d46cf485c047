"""One voice: the packet's generated prose is first person, in sentence case, without the
app's status names, with counts as a person writes them, and made of whole templates."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.packet import draft_brief, draft_summary
from secondchance.core.packet.phrases import join, number, skill, titles

TODAY = dt.date(2026, 11, 25)
PACKET = Path(__file__).resolve().parents[2] / "src" / "secondchance" / "core" / "packet"
STATUS_WORDS = ("Addressing", "Addressed", "In progress", "Planned", "Marked", "readiness")


def test_phrases() -> None:
    assert number(1) == "one" and number(9) == "nine" and number(12) == "12"
    assert number(1500) == "1,500"
    assert join(["a"]) == "a" and join(["a", "b", "c"]) == "a, b and c"
    assert titles(["A", "B", "C", "D", "E"]) == "“A”, “B”, “C” and two more"
    assert skill("Stakeholder communication") == "stakeholder communication"
    assert skill("Telling impact with numbers") == "telling impact with numbers"
    for kept in ("SQL (window functions)", "Python (pandas)", "Tableau", "Power BI", "iOS"):
        assert skill(kept) == kept


def test_growth_summary_speaks_in_one_voice(db: Database) -> None:
    target = add_sample_target(db, today=TODAY)
    text = draft_summary(db, target, today=TODAY)
    assert text.startswith("Since my interview at Northwind Health on")
    assert re.search(r"\bI (completed|raised|got to know|have acted)\b", text)
    assert not re.search(r"\byou\b|\byour\b", text, re.IGNORECASE)
    for word in STATUS_WORDS:
        assert word not in text, word
    # Skill names in sentence case inside the sentence; tools keep their capitals.
    assert "I raised SQL (window functions)" in text
    assert "telling impact with numbers from level" in text
    assert "Telling impact with numbers from level" not in text
    # Small counts in words.
    assert not re.search(r"\b[1-9] (other|people|person|point|conversation)", text)


def test_brief_speaks_in_one_voice(db: Database) -> None:
    target = add_sample_target(db, today=TODAY)
    body = draft_brief(db, target, today=TODAY).body
    for word in STATUS_WORDS:
        assert word not in body, word
    assert "I completed" in body


def test_sentences_are_whole_templates() -> None:
    """No sentence is glued from parts: the prose modules never add a string to a string
    or join sentence parts, they pass whole templates through ``_``/``n_``."""
    for name in ("narrative.py", "brief.py", "phrases.py", "choose.py"):
        tree = ast.parse((PACKET / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
                sides = (node.left, node.right)
                assert not any(
                    isinstance(s, ast.Constant) and isinstance(s.value, str) and s.value.strip()
                    for s in sides
                ), f"{name}:{node.lineno} glues text to a sentence"
