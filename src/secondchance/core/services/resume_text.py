"""The text of an attached resume, so nobody has to retype it: PDF (pypdf), Word .docx
(python-docx), plain text and Markdown as they are.

Either the whole text comes back or an ``ExtractionError`` with one sentence a person can act
on (a scanned PDF, a password, a damaged file); never part of a document.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from secondchance.core.services.attachments import MAX_BYTES

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
SUFFIXES = frozenset({".pdf", ".docx", *TEXT_SUFFIXES})


class ExtractionError(ValueError):
    """The file's text can't be read; ``str()`` is one sentence for the person."""


def can_extract(name: str) -> bool:
    return Path(name).suffix.lower() in SUFFIXES


def extract_text(path: Path, shown_name: str | None = None) -> str:
    """The text of the resume at ``path`` (``shown_name``: how to name it in a message)."""
    name = shown_name or path.name
    suffix = Path(name).suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractionError(f"“{name}” can't be opened ({exc.strerror}).") from exc
    if size > MAX_BYTES:
        raise ExtractionError(
            f"“{name}” is larger than 50 MB, too large to read; paste its text instead."
        )
    if suffix == ".pdf":
        text = _pdf(path, name)
    elif suffix == ".docx":
        text = _docx(path, name)
    elif suffix in TEXT_SUFFIXES:
        text = _plain(path, name)
    elif suffix == ".doc":
        raise ExtractionError(
            f"“{name}” is in the old Word format (.doc); save it as .docx or PDF, or paste "
            "its text."
        )
    else:
        raise ExtractionError(
            f"Text can be read from PDF, Word (.docx), plain text and Markdown files, not "
            f"from “{name}”; paste its text instead."
        )
    return tidy(text)


def tidy(text: str) -> str:
    """Line ends unified, no control characters, no trailing spaces or runs of blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _pdf(path: Path, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError(
                f"“{name}” is password-protected, so its text can't be read; save a copy "
                "without the password, or paste its text."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionError:
        raise
    except FileNotDecryptedError as exc:
        raise ExtractionError(
            f"“{name}” is password-protected, so its text can't be read; save a copy without "
            "the password, or paste its text."
        ) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ExtractionError(
            f"“{name}” could not be read as a PDF (it may be damaged); paste its text instead."
        ) from exc
    except RecursionError as exc:
        raise ExtractionError(
            f"“{name}” is built in a way that can't be read; paste its text instead."
        ) from exc
    if not pages:
        raise ExtractionError(f"“{name}” has no pages; paste its text instead.")
    text = "\n\n".join(p.strip() for p in pages)
    if not text.strip():
        raise ExtractionError(
            f"“{name}” has no text to read — it looks like a scanned image; paste or type its "
            "text below (or export a text PDF from your editor)."
        )
    return text


def _docx(path: Path, name: str) -> str:
    if not zipfile.is_zipfile(path):
        raise ExtractionError(
            f"“{name}” is not a Word document that can be read (a .docx is a zip archive, and "
            "this file isn't one); save it again as .docx or PDF, or paste its text."
        )
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        parts: list[str] = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if text and text not in cells:  # merged cells repeat their text
                        cells.append(text)
                if cells:
                    parts.append(" · ".join(cells))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise ExtractionError(
            f"“{name}” could not be read as a Word document (it may be damaged); paste its "
            "text instead."
        ) from exc
    except Exception as exc:  # lxml's parse errors and other damage inside the archive
        if type(exc).__module__.startswith(("lxml", "docx")):
            raise ExtractionError(
                f"“{name}” could not be read as a Word document (it may be damaged); paste "
                "its text instead."
            ) from exc
        raise
    text = "\n".join(parts)
    if not text.strip():
        raise ExtractionError(f"“{name}” has no text in it; paste or type its text instead.")
    return text


def _plain(path: Path, name: str) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"“{name}” can't be opened ({exc.strerror}).") from exc
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
    if "\x00" in text[:4096]:
        raise ExtractionError(
            f"“{name}” doesn't look like a text file; attach the PDF or Word file instead."
        )
    if not text.strip():
        raise ExtractionError(f"“{name}” is empty; paste or type its text instead.")
    return text
