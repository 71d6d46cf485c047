"""One way to write a file: complete or not at all, and readable by its owner only.

The new contents go to a temporary file in the destination's own folder (so the rename
below never crosses file systems), are flushed to the disk, and the temporary file is then
renamed over the destination with ``os.replace``, which is atomic on POSIX and on Windows.
Last, the folder itself is flushed, so that the rename survives a power cut too.  A reader,
or a crash at any moment, finds either the old file or the complete new one, never a part.
On any failure the temporary file is removed and the destination is left as it was.

The temporary file comes from ``tempfile.mkstemp``, which creates it owner-only (0600) on
POSIX; the rename keeps that mode, so what the app writes (exports, packets, backups: all
private notes) is never readable by other users of the machine.

Three ways in, one implementation:

- :func:`write_bytes` and :func:`write_text` for contents already in memory;
- :func:`open_binary` and :func:`open_text` for writers that stream into a handle;
- :func:`replacing` for writers that need a path of their own (SQLite's backup API).

Standard library only, so the start-up backup can use it before anything heavy loads.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

__all__ = [
    "RefusedDestinationError",
    "ReplaceError",
    "check_destination",
    "open_binary",
    "open_text",
    "replacing",
    "write_bytes",
    "write_text",
]


class ReplaceError(OSError):
    """The new file was complete but could not take the destination's place.

    On Windows this usually means another program has the destination open.  The
    ``OSError`` that ``os.replace`` raised is the ``__cause__``; errno, message and file
    names are copied from it, so ``str(error)`` reads the same.
    """


class RefusedDestinationError(OSError):
    """The destination is not a regular file or a new name; ``str(error)`` says what it is."""


def check_destination(destination: Path) -> None:
    """Raise :class:`RefusedDestinationError` unless ``destination`` is a regular file or
    does not exist yet.  Its folder is not checked here (a missing or unwritable folder is
    reported by the write itself)."""
    destination = Path(destination)
    try:
        mode = os.lstat(destination).st_mode
    except FileNotFoundError:
        return
    except OSError:
        return  # e.g. a folder we can't look into: the write will say so
    if stat.S_ISREG(mode):
        return
    what = (
        "is a link to another file"
        if stat.S_ISLNK(mode)
        else "is a folder"
        if stat.S_ISDIR(mode)
        else "is a device, not a file"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "is a pipe, not a file"
        if stat.S_ISFIFO(mode)
        else "is a socket, not a file"
        if stat.S_ISSOCK(mode)
        else "is not an ordinary file"
    )
    raise RefusedDestinationError(
        f"{destination} {what}, so Second Chance will not write over it. "
        "Choose a new file name, or an ordinary file."
    )


def write_bytes(destination: Path, data: bytes) -> None:
    """Replace ``destination`` with ``data``, atomically (see the module's docstring)."""
    with open_binary(destination) as handle:
        handle.write(data)


def write_text(destination: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``destination`` with ``text``; line ends are written as given (no ``\\r\\n``)."""
    with open_text(destination, encoding=encoding) as handle:
        handle.write(text)


@contextlib.contextmanager
def open_binary(destination: Path) -> Iterator[BinaryIO]:
    """A binary handle on a new file that replaces ``destination`` when the block ends.

    If the block raises, the destination is untouched and the exception goes on.
    """
    folder, fd, temp = _new_temp(Path(destination))
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _replace(temp, Path(destination))
    except BaseException:
        _discard(temp)
        raise
    _fsync_folder(folder)


@contextlib.contextmanager
def open_text(destination: Path, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """Like :func:`open_binary`, for text; ``"\\n"`` is written as is on every system."""
    folder, fd, temp = _new_temp(Path(destination))
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _replace(temp, Path(destination))
    except BaseException:
        _discard(temp)
        raise
    _fsync_folder(folder)


@contextlib.contextmanager
def replacing(destination: Path) -> Iterator[Path]:
    """The path of an empty owner-only file to fill; it replaces ``destination`` after.

    For writers that open files by name themselves.  They must have closed the file when
    the block ends; it is then flushed to disk and renamed over ``destination``.
    """
    folder, fd, temp = _new_temp(Path(destination))
    os.close(fd)
    try:
        yield temp
        _fsync_file(temp)
        _replace(temp, Path(destination))
    except BaseException:
        _discard(temp)
        raise
    _fsync_folder(folder)


# --- internals ------------------------------------------------------------------------


def _new_temp(destination: Path) -> tuple[Path, int, Path]:
    folder = destination.parent
    # Hidden and named after the destination, so a leftover (after a power cut) is easy to
    # recognise, and never mistaken for a finished file by anything that lists the folder.
    fd, name = tempfile.mkstemp(prefix=f".{destination.name[:40]}.", suffix=".tmp", dir=folder)
    return folder, fd, Path(name)


def _replace(temp: Path, destination: Path) -> None:
    try:
        os.replace(temp, destination)
    except OSError as exc:
        if exc.errno is None:
            raise ReplaceError(*exc.args) from exc
        raise ReplaceError(exc.errno, exc.strerror, exc.filename, None, exc.filename2) from exc


def _discard(temp: Path) -> None:
    with contextlib.suppress(OSError):
        temp.unlink()


def _fsync_file(path: Path) -> None:
    # Opened for writing because Windows refuses to flush a read-only handle.
    with path.open("r+b") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows can't open a folder this way.  The
    # new file is already in place, so a file system that refuses (some network shares do)
    # is no reason to report the write as failed.
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
