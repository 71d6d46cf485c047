"""The one-page brief "Since we last spoke": it chooses, it never overflows, it reads as a
person writes, and the command line writes it as a PDF or an e-mail body."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from secondchance.__main__ import main
from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.packet import (
    PacketError,
    PacketOptions,
    Preset,
    build_brief,
    build_packet,
    draft_brief,
)
from secondchance.core.services import preferences

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def sample(db: Database) -> int:
    preferences.save(db, "Amara Okoye", "amara@example.com")
    return add_sample_target(db, today=TODAY)


def heavy(db: Database, text_size: int = 3000) -> int:
    """A target whose feedback would fill many pages: 60 points, long words everywhere,
    evidence with long titles and links, one piece of feedback a megabyte long."""
    with db.transaction() as session:
        target = m.Target(
            company="Heavy Co " * 10,
            role="Principal " * 12,
            first_interview_date=dt.date(2026, 3, 1),
            eligible_date=dt.date(2027, 3, 1),
        )
        session.add(target)
        session.flush()
        skills = [
            m.Skill(
                target_id=target.id,
                name=f"Skill {n} " + "with a long name " * 6,
                required_level=5,
                current_level=3,
                importance=1 + n % 3,
            )
            for n in range(12)
        ]
        session.add_all(skills)
        session.flush()
        for n, skill in enumerate(skills):
            session.add(
                m.LearningActivity(
                    target_id=target.id,
                    skill_id=skill.id,
                    title=f"Course {n} " + "on a very specific subject " * 8,
                    status=m.ActivityStatus.done,
                    completed_on=dt.date(2026, 6, 1),
                    evidence_url="https://example.org/" + "long/path/" * 30,
                )
            )
        for n in range(60):
            text = ("They said something important at length. " * (text_size // 40))[:text_size]
            if n == 0:
                text = "word " * 210_000  # a megabyte in one field
            session.add(
                m.Feedback(
                    target_id=target.id,
                    text=text,
                    status=m.FeedbackStatus.addressed,
                    skills=[skills[n % len(skills)]],
                )
            )
        return target.id


def pdf_pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("tone", ["warm", "concise", "formal"])
def test_the_sample_brief_is_one_page_with_the_points_that_matter(
    db: Database, sample: int, tmp_path: Path, paper: str, tone: str
) -> None:
    out = tmp_path / "b.pdf"
    result = build_brief(db, sample, out, tone=tone, paper=paper, today=TODAY)  # type: ignore[arg-type]
    assert result.pages == 1
    (page,) = pdf_pages(tmp_path / "b.pdf")
    assert page.startswith("Since we last spoke")
    assert "Amara Okoye" in page
    assert page.count("The feedback:") >= 2
    assert "What I did: I completed" in page and "The proof:" in page
    # The three tones differ in their greeting and close; none uses the app's words.
    closing = {"warm": "Kind regards,", "concise": "Best regards,", "formal": "Yours sincerely,"}
    assert closing[tone] in page
    for app_word in ("Addressing", "Addressed", "readiness", "Readiness", "Marked"):
        assert app_word not in page


def test_a_heavy_record_still_fits_one_page_by_choosing(db: Database, tmp_path: Path) -> None:
    target = heavy(db)
    draft = draft_brief(db, target, today=TODAY)
    assert 1 <= draft.points <= 4
    assert draft.left_out >= 56  # it chose: the rest did not fit
    result = build_brief(db, target, tmp_path / "h.pdf", today=TODAY)
    assert result.pages == 1 and len(PdfReader(tmp_path / "h.pdf").pages) == 1
    (page,) = pdf_pages(tmp_path / "h.pdf")
    assert page.count("The feedback:") == draft.points
    assert "…" in page  # long quotes and titles were shortened, not overflowing
    # The plain-text version is the same text the PDF was laid out from.
    text = build_brief(db, target, tmp_path / "h.txt", today=TODAY)
    assert text.pages == 0
    assert (tmp_path / "h.txt").read_text(encoding="utf-8").rstrip() == result.text.rstrip()


def test_the_brief_is_the_shareable_packets_first_page(
    db: Database, sample: int, tmp_path: Path
) -> None:
    build_packet(
        db, sample, PacketOptions(preset=Preset.shareable, today=TODAY), tmp_path / "s.pdf"
    )
    pages = pdf_pages(tmp_path / "s.pdf")
    assert "Since we last spoke Amara Okoye · Data Analyst at Northwind Health" in pages[0]
    assert "Reapplication packet" in pages[1]
    assert "Reapplication packet ·" not in pages[0]  # a letter: no running header


def test_edited_text_is_printed_as_typed_and_refused_when_too_long(
    db: Database, sample: int, tmp_path: Path
) -> None:
    edited = (
        "Dear Sam,\n\n1. The feedback: “Faster SQL.”\n"
        "What I did: a <b>course</b> & more.\n\nBest,\nA."
    )
    build_brief(db, sample, tmp_path / "e.pdf", text=edited, today=TODAY)
    (page,) = pdf_pages(tmp_path / "e.pdf")
    assert "What I did: a <b>course</b> & more." in page
    assert "Dear Sam," in page
    too_long = "\n\n".join("A paragraph that goes on and on. " * 12 for _ in range(30))
    with pytest.raises(PacketError, match="one page"):
        build_brief(db, sample, tmp_path / "long.pdf", text=too_long, today=TODAY)
    assert not (tmp_path / "long.pdf").exists()
    with pytest.raises(PacketError, match="Shorten it"):
        build_packet(
            db,
            sample,
            PacketOptions(preset=Preset.shareable, brief_text=too_long, today=TODAY),
            tmp_path / "p.pdf",
        )
    assert not (tmp_path / "p.pdf").exists()


def test_a_target_with_nothing_done_gets_a_short_honest_brief(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        target = m.Target(company="Empty", role="Analyst")
        session.add(target)
        session.flush()
        session.add(m.Feedback(target_id=target.id, text="Needs more SQL."))
        target_id = target.id
    draft = draft_brief(db, target_id, today=TODAY)
    assert draft.points == 0
    assert "The feedback:" not in draft.body  # no self-criticism: nothing to show, no point
    assert "I have been working through the feedback" in draft.body


def test_command_line_writes_pdf_and_text(
    db: Database,
    sample: int,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = data_dir
    db.close()
    pdf, txt = tmp_path / "b.pdf", tmp_path / "b.txt"
    assert main(["brief", "--data-dir", str(folder), "--out", str(pdf), "--tone", "concise"]) == 0
    out = capsys.readouterr().out
    assert str(pdf.resolve()) in out and "(1 page)" in out
    assert main(["brief", "--data-dir", str(folder), "--out", str(txt)]) == 0
    body = txt.read_text(encoding="utf-8")
    assert body.startswith("Dear Marisol,") and "The feedback:" in body
    # A destination that is not an ordinary file (here a folder): refused in one sentence,
    # exit code 5, no traceback.
    assert main(["brief", "--data-dir", str(folder), "--out", str(tmp_path)]) == 5
    err = capsys.readouterr().err
    assert "is a folder" in err and "Traceback" not in err
