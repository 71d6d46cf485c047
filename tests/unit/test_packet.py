"""The reapplication packet, read back with pypdf: sections, privacy, hostile text, files."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, IndirectObject, StreamObject

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.packet import (
    SECTION_KEYS,
    SECTIONS,
    PacketError,
    PacketOptions,
    Preset,
    allowed_sections,
    build_packet,
    draft_summary,
    paper_for_locale,
    parse_sections,
    preset_sections,
    suggested_file_name,
)
from secondchance.core.services import attachments, preferences
from tests.unprivileged import rerun_unprivileged

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def sample(db: Database) -> int:
    return add_sample_target(db, today=TODAY)


def make(db: Database, target: int, out: Path, **options: Any) -> tuple[PdfReader, str]:
    options.setdefault("today", TODAY)
    result = build_packet(db, target, PacketOptions(**options), out)
    assert result.path == out.resolve()
    reader = PdfReader(out)
    assert len(reader.pages) == result.pages
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, text


def flat(text: str) -> str:
    """Extracted text with line breaks folded, so wrapped phrases can be found."""
    return re.sub(r"\s+", " ", text)


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def raw_streams(path: Path) -> Iterator[bytes]:
    """Every object of the file, streams decompressed: what a determined reader could see."""
    reader = PdfReader(path)
    for number in range(1, len(reader.xref_objStm) + 2000):
        try:
            obj = reader.get_object(IndirectObject(number, 0, reader))
        except Exception:
            continue
        if obj is None:
            continue
        if isinstance(obj, StreamObject):
            yield obj.get_data()
        yield repr(obj).encode("utf-8", "replace")


# --- content of each section -------------------------------------------------------------


def test_personal_packet_has_every_section_and_its_key_content(
    db: Database, sample: int, tmp_path: Path
) -> None:
    preferences.save(db, "Amara Okoye", "amara@example.com")
    reader, text = make(db, sample, tmp_path / "p.pdf")
    words = flat(text)
    personal = [s for s in SECTIONS if s.key in preset_sections(Preset.personal)]
    for s in personal:
        if s.key != "cover":
            assert s.title in words, s.title
    for expected in [
        "Reapplication packet",
        "Northwind Health — Data Analyst",
        "Amara Okoye",
        "Readiness",
        "Notes to myself",
        "Since my interview at Northwind Health on",
        "The panel felt your SQL was correct but slow",
        "What I did:",
        "Advanced SQL: window functions and query tuning",
        "Healthcare data and metrics",
        "At the interview",
        "Public hospital wait-time analysis",
        "Marisol Ortega-Díaz",
        "marisol.ortega-diaz@example.com",
        "Healthcare Data Summit",
        "Reworked after feedback (v2)",
        "Dear Hiring Team,",
        "What has changed since you last applied?",
        "Situation:",
        "Competency ratings",
        "Specific means fixable.",
    ]:
        assert expected in words, expected
    assert "None" not in re.findall(r"\bNone\b", words)
    top_level = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top_level == [s.title for s in personal]
    assert {"Interview debrief", "Confidence journal"} <= set(outline_titles(reader))


def test_only_the_chosen_sections_are_included(db: Database, sample: int, tmp_path: Path) -> None:
    reader, text = make(db, sample, tmp_path / "p.pdf", sections=("ledger", "cover_letter"))
    titles = outline_titles(reader)
    assert titles == ["Feedback → action → evidence", "Cover letter"]
    words = flat(text)
    assert "Dear Hiring Team," in words
    for absent in ("Development plan", "Interview preparation", "Competency ratings", "Readiness"):
        assert absent not in words


def test_empty_target_says_plainly_there_is_nothing_yet(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        target = m.Target(company="Acme", role="Analyst")
        session.add(target)
        session.flush()
        target_id = target.id
    _reader, text = make(db, target_id, tmp_path / "p.pdf")
    words = flat(text)
    for sentence in (
        "No feedback recorded yet.",
        "No cover letter yet.",
        "No skills recorded yet.",
    ):
        assert sentence in words
    assert not re.search(r"\bNone\b", words)


def test_edited_summary_replaces_the_generated_one(
    db: Database, sample: int, tmp_path: Path
) -> None:
    draft = draft_summary(db, sample, today=TODAY)
    assert draft.startswith("Since my interview at Northwind Health on")
    assert "Advanced SQL" in draft
    _reader, text = make(
        db,
        sample,
        tmp_path / "p.pdf",
        sections=("summary",),
        summary_text="My own words & <b>x</b>",
    )
    assert "My own words & <b>x</b>" in text
    assert "Since my interview" not in text


# --- the shareable preset ----------------------------------------------------------------

# The privacy of the shareable packet is tested from kinds.py's declarations in
# test_packet_privacy.py.


def test_raw_stream_check_can_fail(db: Database, sample: int, tmp_path: Path) -> None:
    # The same probe finds a secret that is meant to be there (the title in the metadata).
    out = tmp_path / "p.pdf"
    make(db, sample, out, preset=Preset.shareable)
    assert b"Reapplication packet" in b"\n".join(raw_streams(out)) or (
        "Reapplication packet".encode("utf-16-be") in b"\n".join(raw_streams(out))
    )


def test_shareable_refuses_private_sections(db: Database, sample: int, tmp_path: Path) -> None:
    with pytest.raises(PacketError, match="self_assessment"):
        build_packet(
            db,
            sample,
            PacketOptions(preset=Preset.shareable, sections=("cover", "self_assessment")),
            tmp_path / "x.pdf",
        )
    assert not (tmp_path / "x.pdf").exists()


# --- hostile text ---------------------------------------------------------------------------

HOSTILE = [
    "<b>&amp; <img src=x>",
    "Łukasz Żółć",
    "Zoë",
    "Ольга",
    "שלום עולם",
    "مرحبا بالعالم",
    "</para><para> & < > \" '",
    "x <font size=80>big</font> y",
]


def test_markup_and_every_script_come_out_as_typed(db: Database, tmp_path: Path) -> None:
    preferences.save(db, "Łukasz Żółć", "")
    with db.transaction() as session:
        target = m.Target(company="<b>&amp; <img src=x>", role="Zoë & Ольга")
        session.add(target)
        session.flush()
        for index, text in enumerate(HOSTILE):
            session.add(m.Feedback(target_id=target.id, text=f"F{index}: {text}\nnext line"))
            session.add(m.Contact(name=f"{text} {index}", targets=[target]))
        session.add(m.CoverLetter(target_id=target.id, title="<i>T</i>", body="\n".join(HOSTILE)))
        target_id = target.id
    reader, text = make(db, target_id, tmp_path / "h.pdf")
    for index, hostile in enumerate(HOSTILE):
        # pypdf hands right-to-left runs back in visual order (reversed): either is intact.
        assert f"F{index}: {hostile}" in text or f"F{index}: {hostile[::-1]}" in text, hostile
        assert hostile in text or hostile[::-1] in text, hostile  # contact name
        assert f"{index}: {hostile}".endswith(hostile)
    assert "<b>&amp; <img src=x> — Zoë & Ольга" in text
    assert "<i>T</i>" in text
    assert reader.metadata is not None
    assert reader.metadata.title == "Reapplication packet — <b>&amp; <img src=x>, Zoë & Ольга"
    assert reader.metadata.author == "Łukasz Żółć"
    assert "Łukasz Żółć" in text  # running header


def test_emoji_keeps_the_text_around_it(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        target = m.Target(company="Emoji 🚀 Co", role="Role 👩‍💻")
        session.add(target)
        session.flush()
        session.add(m.Feedback(target_id=target.id, text="Great 👍🏽 start, then 🙂 ok"))
        target_id = target.id
    reader, text = make(db, target_id, tmp_path / "e.pdf")
    assert "Emoji" in text and "Co — Role" in flat(text)
    assert "start, then" in text and " ok" in text
    # What DejaVu can't draw is drawn with the bundled Symbola: a shape, not a box.
    # (ReportLab's ToUnicode map can't name characters beyond U+FFFF, so extraction
    # doesn't give the emoji back; the fonts used say they were drawn.)
    fonts: set[str] = set()
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        for font in resources.get("/Font", {}).get_object().values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any(name.endswith("+Symbola") for name in fonts), fonts


def test_fallback_font_wraps_only_what_dejavu_lacks() -> None:
    from secondchance.core.packet.fonts import with_fallback

    assert with_fallback("plain &amp; <b>ascii</b>") == "plain &amp; <b>ascii</b>"
    # ✓, Ż and Cyrillic are DejaVu's; the rocket and the thumbs-up are not.
    assert with_fallback("Żółć ✓ Ольга") == "Żółć ✓ Ольга"
    assert with_fallback("go 🚀👍 now &lt;3") == 'go <font name="Symbola">🚀👍</font> now &lt;3'
    assert with_fallback("🚀") == '<font name="Symbola">🚀</font>'


def test_a_megabyte_in_one_field_is_cut_and_says_so(db: Database, tmp_path: Path) -> None:
    words = " ".join(f"word{n}" for n in range(140_000))  # about 1 MB
    body = "START-MARK " + words + " MIDDLE-MARK " + words + " END-MARK"
    assert len(body) > 1_000_000
    with db.transaction() as session:
        target = m.Target(company="Big", role="Text")
        session.add(target)
        session.flush()
        session.add(m.CoverLetter(target_id=target.id, title="Long", body=body))
        session.add(m.Feedback(target_id=target.id, text="short " + "x" * 5000))
        target_id = target.id
    out = tmp_path / "big.pdf"
    result = build_packet(
        db, target_id, PacketOptions(sections=("cover_letter", "ledger"), today=TODAY), out
    )
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    # The beginning is there, then a plain sentence about the rest: a readable packet.
    assert "START-MARK" in text and "END-MARK" not in text
    assert "more characters are left out here to keep the packet short" in flat(text)
    assert len(reader.pages) <= 6
    assert "x" * 300 in text.replace("\n", "")
    assert any("very long text" in line for line in result.left_out)


def test_two_thousand_records_stay_short_and_the_appendix_lists_the_rest(
    db: Database, tmp_path: Path
) -> None:
    with db.transaction() as session:
        target = m.Target(company="Many", role="Records")
        session.add(target)
        session.flush()
        skill = m.Skill(target_id=target.id, name="Skill & <b>", required_level=4)
        session.add(skill)
        session.flush()
        session.add_all(
            m.LearningActivity(
                target_id=target.id, skill_id=skill.id, title=f"Activity number {n:04d}"
            )
            for n in range(2000)
        )
        session.add_all(
            m.Feedback(target_id=target.id, text=f"Feedback number {n:04d}", skills=[skill])
            for n in range(2000)
        )
        target_id = target.id
    short = build_packet(db, target_id, PacketOptions(today=TODAY), tmp_path / "short.pdf")
    assert short.pages <= 25
    said = " ".join(short.left_out)
    assert "1,990 more pieces of feedback" in said and "1,982 more plan activities" in said
    short_text = flat(" ".join(p.extract_text() for p in PdfReader(tmp_path / "short.pdf").pages))
    assert "1,982 more activities, planned or stopped, are left out." in short_text
    # The ledger lists a few pieces of evidence per skill, then says how many more.
    assert "… and 1,996 more in the development plan and experience" in short_text

    # With the appendix, every item is there, in tables whose header repeats on each page.
    out = tmp_path / "many.pdf"
    result = build_packet(
        db, target_id, PacketOptions(sections=("plan", "appendix"), today=TODAY), out
    )
    reader = PdfReader(out)
    assert len(reader.pages) == result.pages
    raw = [page.extract_text() for page in reader.pages]
    text = "\n".join(raw)
    for n in (0, 999, 1999):
        assert f"Activity number {n:04d}" in text
    pages = [flat(page) for page in raw]
    start = next(i for i, p in enumerate(pages) if "Appendix: everything else" in p)
    appendix_pages = pages[start + 1 :]
    assert len(appendix_pages) > 10
    assert all(p.count("Activity Kind Status Due or done") == 1 for p in appendix_pages)


# --- the document ---------------------------------------------------------------------------


def test_page_x_of_y_metadata_and_paper(db: Database, sample: int, tmp_path: Path) -> None:
    preferences.save(db, "Amara Okoye", "")
    reader, _text = make(db, sample, tmp_path / "p.pdf", paper="letter")
    total = len(reader.pages)
    assert total > 5
    for number, page in enumerate(reader.pages, 1):
        assert re.search(rf"Page {number} of\s*{total}\b", page.extract_text()), number
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
            612,
            792,
        )
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Reapplication packet — Northwind Health, Data Analyst"
    assert meta.author == "Amara Okoye"
    assert meta.subject and "Northwind Health" in meta.subject
    # Running header on every page but the cover.
    assert "Reapplication packet · Northwind Health" in reader.pages[1].extract_text()
    a4, _ = make(db, sample, tmp_path / "a4.pdf", sections=("cover",))
    assert round(float(a4.pages[0].mediabox.width)) == 595


def _attach(db: Database, target_id: int, tmp_path: Path, name: str, data: bytes) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    stored = attachments.store_file(db, source)
    with db.transaction() as session:
        session.add(
            m.ResumeVersion(target_id=target_id, label="PDF resume", created_on=TODAY, file=stored)
        )


def _two_page_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_attached_pdf_resume_pages_are_appended(db: Database, sample: int, tmp_path: Path) -> None:
    _attach(db, sample, tmp_path, "My resume.pdf", _two_page_pdf())
    without, _ = make(db, sample, tmp_path / "a.pdf", sections=("cover", "summary"))
    reader, text = make(db, sample, tmp_path / "b.pdf", sections=("cover", "resume"))
    own = len(reader.pages) - 2
    assert round(float(reader.pages[-1].mediabox.width)) == 200
    assert "My resume.pdf, 2 pages" in flat(text)
    assert re.search(rf"Page 1 of\s*{own + 2}\b", reader.pages[0].extract_text())
    assert "Attached resume: PDF resume" in outline_titles(reader)
    assert len(without.pages) < len(reader.pages)


@pytest.mark.parametrize("kind", ["broken", "encrypted"])
def test_unreadable_resume_is_skipped_with_a_note(
    db: Database, sample: int, tmp_path: Path, kind: str
) -> None:
    if kind == "broken":
        data = b"%PDF-1.4 this is not really a pdf"
    else:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_two_page_pdf())))
        writer.encrypt("secret")
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    _attach(db, sample, tmp_path, "cv.pdf", data)
    result = build_packet(
        db, sample, PacketOptions(sections=("resume",), today=TODAY), tmp_path / "r.pdf"
    )
    text = flat("\n".join(p.extract_text() for p in PdfReader(result.path).pages))
    expected = "could not be read" if kind == "broken" else "password-protected"
    assert expected in text
    assert result.notes and expected in result.notes[0]


# --- writing the file -----------------------------------------------------------------------


def test_missing_folder_gives_a_clear_message(db: Database, sample: int, tmp_path: Path) -> None:
    with pytest.raises(PacketError, match="doesn't exist"):
        build_packet(db, sample, PacketOptions(), tmp_path / "nowhere" / "p.pdf")


def test_unwritable_folder_gives_a_clear_message(
    db: Database, sample: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()

    def refuse(*_a: object, **_k: object) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("secondchance.core.fileio._create", refuse)
    with pytest.raises(PacketError, match="isn't allowed to write in the folder"):
        build_packet(db, sample, PacketOptions(sections=("cover",)), folder / "p.pdf")
    assert list(folder.iterdir()) == []


def test_read_only_folder(
    db: Database, sample: int, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if rerun_unprivileged(request):  # root ignores permissions: run as a throwaway user
        return
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PacketError, match="isn't allowed"):
            build_packet(db, sample, PacketOptions(sections=("cover",)), folder / "p.pdf")
    finally:
        folder.chmod(0o700)


def test_failed_write_leaves_no_partial_file_and_keeps_the_old_one(
    db: Database, sample: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "p.pdf"
    out.write_bytes(b"the previous packet")

    def fail(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("secondchance.core.fileio.os.replace", fail)
    with pytest.raises(PacketError, match="full"):
        build_packet(db, sample, PacketOptions(sections=("cover",)), out)
    assert out.read_bytes() == b"the previous packet"
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == ["p.pdf"]


# --- small parts ------------------------------------------------------------------------------


def test_sections_and_paper_and_file_name() -> None:
    assert parse_sections("Ledger, cover", Preset.personal) == ("cover", "ledger")
    with pytest.raises(PacketError, match="Unknown section: nope"):
        parse_sections("cover,nope", Preset.personal)
    assert paper_for_locale("en_US.UTF-8") == "letter"
    assert paper_for_locale("fr_CA") == "letter"
    assert paper_for_locale("en_GB.UTF-8") == "a4"
    assert paper_for_locale(None) == "a4"
    assert suggested_file_name("A/B: C?", dt.date(2026, 3, 12)) == (
        "Second Chance – A B C – 2026-03-12.pdf"
    )


README = Path(__file__).resolve().parents[2] / "README.md"


def test_one_list_of_sections_drives_the_renderer_the_command_line_and_readme(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import pkgutil

    from secondchance.cli.parser import build_parser
    from secondchance.core.packet.render import section_builder
    from secondchance.core.packet.render import sections as section_modules

    # The renderer lays out render/sections/<key>.py for each key, and has no other module.
    modules = {info.name for info in pkgutil.iter_modules(section_modules.__path__)}
    assert modules == set(SECTION_KEYS)
    assert all(callable(section_builder(key)) for key in SECTION_KEYS)
    # The command line's help names them in order (and parse_sections checks against them).
    with pytest.raises(SystemExit):
        build_parser().parse_args(["packet", "--help"])
    assert ", ".join(SECTION_KEYS) in " ".join(capsys.readouterr().out.split())
    # README's list, word for word.
    match = re.search(r"`packet` sections: (.*?)\.\s", README.read_text("utf-8"), re.S)
    assert match, "README has no “`packet` sections: …” line"
    listed = [name.strip() for name in match.group(1).split(",")]
    assert listed == list(SECTION_KEYS), (
        f"README should say: `packet` sections: {', '.join(SECTION_KEYS)}."
    )


def test_personal_only_sections_are_declared_or_of_private_kinds() -> None:
    assert [s.key for s in SECTIONS if s.personal_only] == ["notes", "self_assessment"]
    shareable = preset_sections(Preset.shareable)
    assert "self_assessment" not in shareable and "notes" not in shareable
    assert shareable[0] == "brief"  # the brief is the shareable packet's first page
    assert "brief" not in preset_sections(Preset.personal)
    assert "appendix" not in preset_sections(Preset.personal) + shareable
    assert set(allowed_sections(Preset.personal)) == set(SECTION_KEYS)


def test_answers_to_feedback_come_first_with_what_it_said(db: Database) -> None:
    """Questions name the feedback they answer; the packet reads only those items."""
    from secondchance.core.packet.content import gather
    from secondchance.core.services import records
    from secondchance.core.services.targets import create_target

    target = create_target(db, {"company": "Acme", "role": "Analyst"}, None).id
    other = create_target(db, {"company": "Else", "role": "Analyst"}, None).id

    def feedback(owner: int, text: str, day: dt.date | None) -> int:
        values = {"text": text, "received_on": day}
        return records.create_record(db, "feedback", values, target_id=owner).id

    late = feedback(target, "Late <b>point</b> ✓", dt.date(2026, 3, 2))
    early = feedback(target, "Early point", dt.date(2026, 3, 1))
    for n in range(5):
        feedback(target, f"unanswered {n}", None)
    feedback(other, "Someone else's", dt.date(2026, 1, 1))
    for question, linked in (
        ("Plain question", None),
        ("About the late one", late),
        ("About the early one", early),
    ):
        values = {"question": question, "feedback_id": linked}
        records.create_record(db, "question", values, target_id=target)
    data = gather(db, target, Preset.personal, dt.date(2026, 6, 1))
    shown = [(q.question, q.feedback) for q in data.questions]
    assert shown[:2] == [
        ("About the early one", "Early point"),
        ("About the late one", "Late <b>point</b> ✓"),
    ]
    assert shown[2:] == [("Plain question", None)]


def test_the_command_line_names_the_packets_sections() -> None:
    """``cli/parser.py`` lists them itself (parsing before the window's first paint must not
    load the packet package); this keeps its list the packet's own."""
    from secondchance.cli.parser import SECTION_KEYS as named
    from secondchance.core.packet.sections import SECTION_KEYS

    assert named == SECTION_KEYS
