"""Make a packet: read the data, lay it out, append the attached resume, write the file."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from secondchance.core.db import Database
from secondchance.core.packet.choose import choose, left_out_sentences
from secondchance.core.packet.content import gather
from secondchance.core.packet.data import AttachedResume, PacketData
from secondchance.core.packet.narrative import growth_summary
from secondchance.core.packet.sections import PacketError, PacketOptions, Preset
from secondchance.core.packet.write import check_destination, write_atomically

# (step, steps, what is being done): called between steps; raising PacketCancelled from it
# stops the packet before anything is written.
Progress = Callable[[int, int, str], None]


class PacketCancelled(Exception):
    """The person cancelled: nothing was written."""


@dataclass(frozen=True)
class PacketResult:
    path: Path
    pages: int
    # Things the person should know (e.g. a resume that could not be appended).
    notes: tuple[str, ...] = ()
    # What the default packet left out to stay short, one sentence per section.
    left_out: tuple[str, ...] = ()


def draft_summary(
    db: Database, target_id: int, preset: Preset = Preset.personal, today: dt.date | None = None
) -> str:
    """The generated growth summary, for the person to edit before exporting."""
    return growth_summary(gather(db, target_id, preset, today))


def suggested_file_name(company: str, day: dt.date | None = None) -> str:
    """``Second Chance – <Company> – <YYYY-MM-DD>.pdf``, safe on every file system."""
    day = day or dt.date.today()
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", company).strip(" .")
    safe = re.sub(r"\s+", " ", safe)[:80].strip() or "Packet"
    return f"Second Chance – {safe} – {day.isoformat()}.pdf"


@dataclass(frozen=True)
class _Attachment:
    reader_bytes: bytes | None
    pages: int
    note: str | None


def _check_resume(resume: AttachedResume | None) -> _Attachment:
    """Open the attached PDF before layout: its pages count towards "page X of Y", and a
    broken or locked file becomes a sentence in the packet instead of a failure."""
    if resume is None:
        return _Attachment(None, 0, None)
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    name = resume.file_name
    try:
        raw = resume.path.read_bytes()
    except OSError:
        return _Attachment(
            None,
            0,
            f"The PDF resume “{name}” could not be found in the data folder, so it "
            "is not attached.",
        )
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            return _Attachment(
                None,
                0,
                f"The PDF resume “{name}” is password-protected, so it is not "
                "attached. Attach a copy without a password to include it.",
            )
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, OSError):
        return _Attachment(
            None,
            0,
            f"The PDF resume “{name}” could not be read (it may be damaged), so it "
            "is not attached.",
        )
    if pages == 0:
        return _Attachment(None, 0, f"The PDF resume “{name}” has no pages, so it is not attached.")
    plural = "s" if pages != 1 else ""
    return _Attachment(
        raw,
        pages,
        f"The latest PDF resume, “{resume.label}” ({name}, {pages} page{plural}), is attached "
        "at the end of this packet.",
    )


def _append(packet: bytes, attachment: bytes, label: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(packet)))
    start = len(writer.pages)
    writer.append(PdfReader(io.BytesIO(attachment)), import_outline=False)
    writer.add_outline_item(title=f"Attached resume: {label}", page_number=start)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_packet(
    data: PacketData, options: PacketOptions, progress: Progress | None = None
) -> tuple[bytes, int, tuple[str, ...]]:
    """The finished PDF's bytes, its page count and notes for the person."""
    from secondchance.core.packet.render import Renderer

    sections = options.chosen_sections()
    steps = len(sections) + 3
    attachment = _check_resume(data.attached_resume if "resume" in sections else None)
    summary = options.summary_text if options.summary_text is not None else growth_summary(data)
    renderer = Renderer(
        data,
        sections,
        options.paper,
        summary,
        attachment_note=attachment.note,
        extra_pages=attachment.pages,
        brief_text=options.brief_text,
        tone=options.tone,
    )
    pdf = renderer.render(progress, 1, steps)
    if progress is not None:
        progress(steps - 1, steps, "Attaching the resume" if attachment.pages else "Finishing")
    notes: tuple[str, ...] = ()
    if attachment.reader_bytes is not None and data.attached_resume is not None:
        try:
            pdf = _append(pdf, attachment.reader_bytes, data.attached_resume.label)
        except Exception as exc:  # pypdf raises many kinds on odd files
            raise PacketError(
                f"The attached resume “{data.attached_resume.file_name}” could not be added "
                f"({exc}). Try again without the Resume section."
            ) from exc
    elif attachment.note and data.attached_resume is not None:
        notes = (attachment.note,)
    return pdf, renderer.total_pages, notes


def build_packet(
    db: Database,
    target_id: int,
    options: PacketOptions,
    out: Path,
    progress: Progress | None = None,
) -> PacketResult:
    """Write the packet for ``target_id`` to ``out`` (atomically) and say how many pages."""
    sections = options.chosen_sections()  # refuses private sections for Shareable early
    check_destination(out, ".pdf")  # before the work, so a refusal costs nothing
    steps = len(sections) + 3
    if progress is not None:
        progress(0, steps, "Reading your records")
    data = gather(db, target_id, options.preset, options.today)
    data, left_out = choose(data, appendix="appendix" in sections)
    pdf, pages, notes = render_packet(data, options, progress)
    if progress is not None:
        progress(steps - 1, steps, "Saving the file")
    path = write_atomically(pdf, out)
    if progress is not None:
        progress(steps, steps, "Done")
    return PacketResult(
        path=path,
        pages=pages,
        notes=notes,
        left_out=left_out_sentences(left_out, appendix="appendix" in sections),
    )
