"""Every script drawn right, and copied out again: the text a reader copies out of the PDF
(pypdf, as a screen reader or a search would) is the text that was typed."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.platypus import SimpleDocTemplate

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.packet import PacketOptions, build_packet, scripts
from secondchance.core.packet.fonts import CJK, SYMBOLS, _to_unicode_cmap, register_fonts
from secondchance.core.packet.render.styles import Styles
from secondchance.core.packet.render.text import Paragraph, markup

TODAY = dt.date(2026, 11, 25)

EXACT = {
    "latin": "Łukasz Żółć — café naïve, Ærøskøbing",
    "cyrillic": "Ольга Петрова: аналитик данных",
    "greek": "Γιώργος Παπαδόπουλος, αναλυτής",
    "chinese": "数据分析师的反馈：需要更快的查询",
    "japanese": "データ分析のフィードバック、ありがとう",
    "korean": "데이터 분석가 피드백을 받았습니다",
    "emoji": "Great progress 🎉👍 keep going 🚀 ❤️",
}
RIGHT_TO_LEFT = {
    "hebrew": "שלום עולם, המשוב היה ברור מאוד",
    "arabic": "شكرا على الملاحظات، لقد تعلمت الكثير",
    "persian": "بازخورد شما بسیار مفید بود",
}


def letters(text: str) -> list[str]:
    return sorted(c for c in unicodedata.normalize("NFKC", text) if c.isalpha())


@pytest.fixture
def packet_text(db: Database, tmp_path: Path) -> tuple[str, Path]:
    with db.transaction() as session:
        target = m.Target(company="Scripts", role="Analyst", first_interview_date=TODAY)
        session.add(target)
        session.flush()
        skill = m.Skill(target_id=target.id, name="Any script", required_level=3)
        session.add(skill)
        session.flush()
        for text in (*EXACT.values(), *RIGHT_TO_LEFT.values()):
            session.add(m.Feedback(target_id=target.id, text=text, skills=[skill]))
            session.add(m.Experience(target_id=target.id, title=text, description=text))
        target_id = target.id
    out = tmp_path / "scripts.pdf"
    build_packet(db, target_id, PacketOptions(sections=("ledger", "experience"), today=TODAY), out)
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    return text, out


@pytest.mark.parametrize("script", sorted(EXACT))
def test_left_to_right_scripts_copy_out_exactly(packet_text: tuple[str, Path], script: str) -> None:
    text, _out = packet_text
    assert EXACT[script] in text, script


@pytest.mark.parametrize("script", sorted(RIGHT_TO_LEFT))
def test_right_to_left_copies_out_the_same_letters_and_words(
    packet_text: tuple[str, Path], script: str
) -> None:
    """Drawn in visual order, copied out by pypdf word by word in reading order: each word
    is there as typed (Arabic presentation forms map back to the letters typed)."""
    text, _out = packet_text
    typed = RIGHT_TO_LEFT[script]
    lines = [line for line in text.splitlines() if letters(line) == letters(typed)]
    assert lines, f"no line holds the letters of {typed!r}"
    for word in typed.replace("،", " ").replace(",", " ").split():
        assert word in lines[0], (word, lines[0])
    forms = [c for c in text if "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufefc"]
    assert not forms, "presentation forms leaked out"


def test_fonts_for_cjk_and_emoji_are_embedded(packet_text: tuple[str, Path]) -> None:
    _text, out = packet_text
    fonts: set[str] = set()
    for page in PdfReader(out).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any(CJK in f for f in fonts) and any(SYMBOLS in f for f in fonts)


def test_to_unicode_writes_surrogates_and_letters() -> None:
    cmap = _to_unicode_cmap("F", [ord("A"), 0x1F389, 0xFEFB])
    assert "<00> <0041>" in cmap
    assert "<01> <D83CDF89>" in cmap  # 🎉 as a UTF-16 surrogate pair
    assert "<02> <06440627>" in cmap  # lam-alef ligature → lam, alef
    register_fonts()
    from reportlab.pdfbase import ttfonts

    assert ttfonts.makeToUnicodeCMap is _to_unicode_cmap


def test_visual_order_of_one_line() -> None:
    # Right-to-left runs reversed, brackets mirrored, numbers left to right.
    assert scripts.visual("abc שלום (עולם) 12", rtl_base=False) == "abc 12 (םלוע) םולש"
    assert scripts.visual("שלום abc", rtl_base=True) == "abc םולש"
    # A combining mark stays after its letter, so it is drawn over it.
    shin, lamed, vav, mem = "ש\u05b8\u05c1", "ל", "ו\u05b9", "ם"
    assert scripts.visual(shin + lamed + vav + mem, rtl_base=True) == mem + vav + lamed + shin
    assert scripts.visual("plain text") == "plain text"


def test_long_right_to_left_paragraph_breaks_in_reading_order(tmp_path: Path) -> None:
    """The first line holds the first words: lines are broken before they are reordered."""
    # Sixty different Hebrew words (no digits: pypdf reorders numbers its own way).
    words = [chr(0x5D0 + n % 22) + chr(0x5D0 + n // 22) + "ים" for n in range(60)]
    buffer = io.BytesIO()
    style = Styles().body
    paragraph = Paragraph(markup(" ".join(words)), style)
    SimpleDocTemplate(buffer).build([paragraph])
    lines = PdfReader(buffer).pages[0].extract_text().splitlines()
    assert len(lines) >= 3
    assert words[0] in lines[0].split() and words[-1] in lines[-1].split()
    assert words[-1] not in lines[0].split()
    assert paragraph.style.alignment == 2  # right-aligned: it reads from the right
