"""The cover letter drafted from the growth chain (first person, three tones, no app words,
nothing private) and the packet's "what changed since the version I sent" line."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pypdf import PdfReader

from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.packet import PacketOptions, Preset, build_packet
from secondchance.core.packet.letter import Tone, draft_letters
from secondchance.core.packet.resume_change import resume_change_line
from secondchance.core.services import field_names as F
from secondchance.core.services import records

TODAY = dt.date(2026, 3, 20)
# What the app calls things, which a letter to a company never says.
JARGON = re.compile(
    r"\b(?:Open|Addressing|Addressed|In progress|Planned|Dropped|Done|level \d|gap|"
    r"readiness|ledger|target)\b"
)


def test_three_drafts_in_the_first_person_with_the_growth_facts(db: Database) -> None:
    target = add_sample_target(db, TODAY)
    drafts = draft_letters(db, target, TODAY)
    assert [d.tone for d in drafts] == [Tone.warm, Tone.concise, Tone.formal]
    bodies = [d.body for d in drafts]
    assert len(set(bodies)) == 3
    assert bodies[0].startswith("Dear Hiring Team,")
    assert bodies[2].startswith("Dear Hiring Manager,") and "Yours sincerely," in bodies[2]
    for body in bodies:
        assert " I " in body and "Northwind Health" in body
        assert "Advanced SQL: window functions and query tuning" in body  # completed
        assert "from a basic to a strong level" in body  # a level raised, in words
        assert JARGON.search(body) is None, JARGON.search(body)
    # Private notes never reach a letter meant for the company.
    assert "Timed drills three times a week since the course" not in " ".join(bodies)
    assert "stakeholder communication was a strength" in bodies[0]


def test_the_packet_says_what_changed_since_the_version_sent(db: Database, tmp_path: Path) -> None:
    target = add_sample_target(db, TODAY)
    line = resume_change_line(db, target)
    assert line is not None
    assert line.startswith("Since the version I sent (“Resume as sent to Northwind (v1)”")
    assert re.search(r"has \d+ words added and \d+ removed", line)
    assert re.search(r"keyword coverage of the job description \d+% → \d+%", line)
    result = build_packet(
        db, target, PacketOptions(preset=Preset.shareable, sections=("resume",)), tmp_path / "p.pdf"
    )
    text = " ".join(page.extract_text() or "" for page in PdfReader(result.path).pages)
    assert "Since the version I sent" in " ".join(text.split())


def test_no_line_when_the_newest_version_is_the_one_sent(db: Database) -> None:
    target = add_sample_target(db, TODAY)
    for row in records.list_records(db, "resume", target):
        if row.values[F.resume.sent_on] is None:
            records.delete_record(db, "resume", row.id)
    assert resume_change_line(db, target) is None


def test_the_persons_own_notes_are_not_called_your_feedback(db: Database) -> None:
    target = add_sample_target(db, TODAY)
    warm = draft_letters(db, target, TODAY)[0].body
    # "My take-home dashboard was crowded" is the sample's own note (source: self).
    pointed = warm.split("Your feedback pointed me to ", 1)[1].split(", and I took it", 1)[0]
    assert "Data visualisation (Tableau)" not in pointed
    assert "SQL (window functions)" in pointed
    assert "I have acted on every point of the feedback (4 in all)." in warm
