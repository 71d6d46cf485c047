"""Make a packet: read the data, lay it out, append the attached resume, write the file."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from secondchance.core.db import Database
from secondchance.core.packet.brief import BriefText, header_line, subject, write_brief
from secondchance.core.packet.choose import choose, left_out_sentences
from secondchance.core.packet.content import gather
from secondchance.core.packet.data import AttachedResume, PacketData
from secondchance.core.packet.narrative import growth_summary
from secondchance.core.packet.sections import (
    PacketError,
    PacketOptions,
    Paper,
    Preset,
    Tone,
    preset_sections,
)
from secondchance.core.packet.write import check_destination, write_atomically

# (step, steps, what is being done): called between steps, from the layout too.  An
# exception raised by it (the window's Cancel) stops the packet where it stands; the file
# is written only at the end, so nothing is.
Progress = Callable[[int, int, str], None]


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
    data, left_out = choose(data, sections)
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


# --- the one-page brief -------------------------------------------------------------------


@dataclass(frozen=True)
class BriefResult:
    path: Path
    pages: int  # 1 for the PDF; 0 for plain text
    text: str  # what was written (for a PDF, the text it was laid out from)


def brief_data(db: Database, target_id: int, today: dt.date | None = None) -> PacketData:
    """What the brief is written from: the shareable snapshot (it chooses its own points)."""
    return gather(db, target_id, Preset.shareable, today)


def draft_brief(
    db: Database,
    target_id: int,
    tone: Tone = "warm",
    paper: Paper = "a4",
    today: dt.date | None = None,
) -> BriefText:
    """The generated brief, with as many points as fit one page: for the person to edit."""
    from secondchance.core.packet.render.brief import fitting_text

    data = brief_data(db, target_id, today)
    text = fitting_text(lambda n: write_brief(data, tone, n).body, header_line(data), paper)
    full = write_brief(data, tone)
    shown = text.count("\nWhat I did:")
    return BriefText(full.subject, text, shown, full.points + full.left_out - shown)


def build_brief(
    db: Database,
    target_id: int,
    out: Path,
    tone: Tone = "warm",
    paper: Paper = "a4",
    text: str | None = None,
    today: dt.date | None = None,
) -> BriefResult:
    """Write the brief to ``out``: a one-page PDF, or plain text when ``out`` ends in .txt.

    ``text``: the brief as the person edited it; None: the generated one.
    """
    suffix = ".txt" if Path(out).suffix.lower() == ".txt" else ".pdf"
    check_destination(out, suffix)
    data = brief_data(db, target_id, today)
    header = header_line(data)
    if suffix == ".txt":
        body = text if text is not None else draft_brief(db, target_id, tone, paper, today).body
        path = write_atomically((body.rstrip() + "\n").encode("utf-8"), out, suffix)
        return BriefResult(path, 0, body)
    from secondchance.core.packet.render.brief import fitting_text, render_brief

    write = lambda n: write_brief(data, tone, n).body  # noqa: E731
    pdf = render_brief(
        write,
        text,
        header,
        paper,
        subject(data),
        data.person_name,
    )
    body = text if text is not None else fitting_text(write, header, paper)
    return BriefResult(write_atomically(pdf, out, suffix), 1, body)


# --- what the export dialog shows before anything is made ----------------------------------


@dataclass(frozen=True)
class Preview:
    summary: str  # the generated growth summary, to edit
    private: tuple[str, ...]  # what the shareable preset leaves out (empty for personal)
    left_out: tuple[str, ...]  # what the default packet leaves out to stay short


def shareable_leaves_out() -> tuple[str, ...]:
    """What the shareable packet never shows, read from the declarations in kinds.py (so a
    field newly marked private is listed here with no edit) and the packet's own rules."""
    from secondchance.core.packet.phrases import join
    from secondchance.core.services.kinds import KINDS

    lines = [
        "your readiness score and “Notes to myself” (what is still open)",
        "events of your other applications",
    ]
    whole = [k.plural.lower() for k in KINDS.values() if k.private]
    if whole:
        lines.append(f"your {join(whole)}")
    notes = [
        k
        for k in KINDS.values()
        if not k.private and any(f.private and f.name in ("notes", "note") for f in k.fields)
    ]
    if notes:
        lines.append("private notes on every record")
    for k in KINDS.values():
        if k.private:
            continue
        fields = [
            f.label.lower() for f in k.fields if f.private and f.name not in ("notes", "note")
        ]
        if fields:
            lines.append(f"{k.plural.lower()}: {join(fields)}")
    return tuple(lines)


def preview(db: Database, target_id: int, preset: Preset, today: dt.date | None = None) -> Preview:
    """The draft summary and what will be left out, from one read of the data."""
    data, omitted = choose(gather(db, target_id, preset, today), preset_sections(preset))
    private = shareable_leaves_out() if preset is Preset.shareable else ()
    return Preview(growth_summary(data), private, left_out_sentences(omitted))
