"""Files a person attaches (resumes, certificates) are copied into the data folder.

The copy gets a generated name so two files called ``resume.pdf`` never collide and the
original can move or vanish without breaking the record.  Files are owner-only (0600).
An imported file keeps the name it had in the export (``resume-7f3a.pdf``), so any plain
file name inside the folder is accepted when reading; only names that could point outside
it are refused.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from pathlib import Path

from secondchance.core.backup_files import is_plain_name
from secondchance.core.db import Database

MAX_BYTES = 50 * 1024 * 1024


class AttachmentError(OSError):
    pass


_STORED = re.compile(r"[0-9a-f]{32}(-[\w\- ]{1,40})?(\.[a-z0-9]{1,8})?")


def _safe_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def _safe_stem(name: str) -> str:
    """The original name, kept readable but harmless on every file system."""
    stem = re.sub(r"[^\w\- ]+", "_", Path(name).stem).strip(" _-")
    return stem[:40].strip(" _-")


def display_name(stored_name: str) -> str:
    """What a person recognises: the original file name, without the generated prefix."""
    match = _STORED.fullmatch(stored_name)
    if match is None or not match.group(1):
        return stored_name
    return match.group(1)[1:] + (match.group(2) or "")


def store_file(db: Database, source: Path) -> str:
    """Copy ``source`` into attachments/ and return the stored name."""
    if not source.is_file():
        raise AttachmentError(f"“{source.name}” can't be found or isn't a file.")
    size = source.stat().st_size
    if size > MAX_BYTES:
        raise AttachmentError(
            f"“{source.name}” is larger than 50 MB, the most an attachment can be. "
            "Attach a smaller copy (e.g. a PDF export) instead."
        )
    folder = db.attachments_dir
    folder.mkdir(parents=True, exist_ok=True)
    stem = _safe_stem(source.name)
    stored = f"{uuid.uuid4().hex}{'-' + stem if stem else ''}{_safe_suffix(source.name)}"
    destination = folder / stored
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(destination, flags, 0o600)
        with os.fdopen(fd, "wb") as out, source.open("rb") as handle:
            shutil.copyfileobj(handle, out)
        if os.name == "posix":
            os.chmod(destination, 0o600)  # whatever the umask
    except OSError as exc:
        destination.unlink(missing_ok=True)
        raise AttachmentError(f"“{source.name}” could not be copied: {exc.strerror}") from exc
    return stored


def path_of(db: Database, stored_name: str) -> Path:
    # Refuse anything that could climb out of the folder (a separator, "..", a hidden name).
    if not is_plain_name(stored_name):
        raise AttachmentError("That attachment name is not one Second Chance can open.")
    return db.attachments_dir / stored_name
