"""Write a finished file atomically: a temporary file in the same folder, then a rename.

A reader (or a crash, or a cancel) never sees half a PDF, and an existing packet is replaced
only by a complete one.  What is at the destination must be a regular file of ours or
nothing (``fileio.check_destination``): a device, a pipe, a folder or a link is refused
before any work is done, and checked again just before the rename.
"""

from __future__ import annotations

import errno
from pathlib import Path

from secondchance.core import fileio
from secondchance.core.packet.sections import PacketError


def _why(exc: OSError, folder: Path) -> str:
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"Second Chance isn't allowed to write in the folder {folder}. "
            "Choose another folder, for example your Documents folder."
        )
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"The disk holding {folder} is full. Free some space or choose another folder."
    return (
        f"The file could not be written in {folder} ({exc.strerror or exc}). Choose another folder."
    )


def check_destination(destination: Path, suffix: str = ".pdf") -> Path:
    """The destination as the write will use it, or a PacketError saying why it can't be."""
    destination = Path(destination).expanduser()
    folder = destination.parent.resolve() if destination.parent != Path("") else Path.cwd()
    if destination.is_dir() and not destination.is_symlink():
        raise PacketError(f"{destination} is a folder. Choose a file name ending in {suffix}.")
    if not folder.is_dir():
        raise PacketError(f"The folder {folder} doesn't exist. Choose an existing folder.")
    final = folder / destination.name
    try:
        fileio.check_destination(final)
    except fileio.RefusedDestinationError as exc:
        raise PacketError(str(exc)) from exc
    return final


def write_atomically(data: bytes, destination: Path, suffix: str = ".pdf") -> Path:
    # fileio's temporary file is owner-only (0600): right for a packet full of private notes.
    final = check_destination(destination, suffix)
    folder = final.parent
    try:
        fileio.write_bytes(final, data)
    except fileio.ReplaceError as exc:
        if isinstance(exc.__cause__, PermissionError) and final.exists():
            raise PacketError(
                f"{final.name} couldn't be replaced: it may be open in another program. "
                "Close it there, or choose another file name, and try again."
            ) from exc
        raise PacketError(_why(exc, folder)) from exc
    except fileio.RefusedDestinationError as exc:
        raise PacketError(str(exc)) from exc
    except OSError as exc:
        raise PacketError(_why(exc, folder)) from exc
    return final
