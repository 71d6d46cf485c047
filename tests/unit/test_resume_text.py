"""Resume text from real files made here: a ReportLab PDF, a python-docx document, text and
Markdown; and one clear sentence, never half a text, for files that can't be read."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from secondchance.core.services import attachments
from secondchance.core.services.resume_text import ExtractionError, can_extract, extract_text

LINES = ["Amara Okoye — Data Analyst", "SQL (window functions), Python (pandas)", "Zoë Ünal 数据"]


def _pdf(path: Path, pages: list[list[str]], image_only: bool = False) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        if image_only:
            c.rect(72, 600, 300, 100, fill=1)  # a drawing, no text layer: a "scan"
        else:
            y = 780
            for line in lines:
                c.setFont("Helvetica", 11)
                c.drawString(72, y, line.encode("latin-1", "replace").decode("latin-1"))
                y -= 16
        c.showPage()
    c.save()
    return path


def test_text_of_a_pdf_made_with_reportlab(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "resume.pdf", [LINES[:2], ["Experience", "- Built a dashboard"]])
    text = extract_text(path)
    assert "Amara Okoye" in text and "Data Analyst" in text
    assert "SQL (window functions), Python (pandas)" in text
    assert text.index("Amara") < text.index("Built a dashboard")  # pages in order
    assert text.endswith("\n") and "\r" not in text


def test_text_of_a_docx_made_with_python_docx(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Amara Okoye", level=1)
    for line in LINES[1:]:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Skills"
    table.rows[0].cells[1].text = "SQL <b>&amp; emoji 🎉"
    path = tmp_path / "resume.docx"
    document.save(str(path))
    text = extract_text(path)
    assert text.startswith("Amara Okoye\n")
    assert "Zoë Ünal 数据" in text
    assert "Skills · SQL <b>&amp; emoji 🎉" in text


def test_plain_text_and_markdown_as_they_are(tmp_path: Path) -> None:
    md = tmp_path / "resume.md"
    md.write_text("# Amara\r\n\r\n- **SQL**\r\n\n\n\n\nعربي\n", encoding="utf-8-sig")
    assert extract_text(md) == "# Amara\n\n- **SQL**\n\nعربي\n"
    legacy = tmp_path / "resume.txt"
    legacy.write_bytes("Café\n".encode("cp1252"))
    assert extract_text(legacy) == "Café\n"


def _problem(path: Path) -> str:
    with pytest.raises(ExtractionError) as caught:
        extract_text(path)
    message = str(caught.value)
    # One sentence: no full stop followed by another sentence, and the file named.
    assert re.search(r"[.!?] [A-Z]", message) is None, message
    assert "\n" not in message and path.name in message
    return message


def test_a_scanned_pdf_gets_a_clear_note(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "scan.pdf", [[]], image_only=True)
    assert "scanned" in _problem(path)


def test_an_encrypted_pdf(tmp_path: Path) -> None:
    plain = _pdf(tmp_path / "plain.pdf", [LINES[:1]])
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert "password" in _problem(path)


def test_a_corrupt_pdf_and_a_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage" + bytes(range(256)))
    assert "damaged" in _problem(broken)
    fake = tmp_path / "resume.docx"
    fake.write_text("I am not a zip archive")
    assert "zip" in _problem(fake)
    # A zip that is no Word document.
    other = tmp_path / "other.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    other.write_bytes(buffer.getvalue())
    assert "Word document" in _problem(other)


def test_too_large_and_unknown_kinds(tmp_path: Path) -> None:
    big = tmp_path / "huge.pdf"
    with big.open("wb") as handle:
        handle.truncate(attachments.MAX_BYTES + 1)  # sparse: 50 MB without writing them
    assert "50 MB" in _problem(big)
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    assert "old Word format" in _problem(tmp_path / "old.doc")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    assert "PDF, Word" in _problem(tmp_path / "photo.png")
    assert can_extract("CV.PDF") and can_extract("cv.docx") and not can_extract("cv.pages")
