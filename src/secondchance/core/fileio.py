"""One way to write a file: complete or not at all, and readable by its owner only.

The new contents go to a temporary file in the destination's own folder (so the rename
below never crosses file systems), are flushed to the disk, and the temporary file is then
renamed over the destination with ``os.replace``, which is atomic on POSIX and on Windows.
Last, the folder itself is flushed, so that the rename survives a power cut too.  A reader,
or a crash at any moment, finds either the old file or the complete new one, never a part.
On any failure the temporary file is removed and the destination is left as it was.

The temporary file is created exclusively and owner-only (0600) on POSIX, with a random
name; the rename keeps that mode, so what the app writes (exports, packets, backups: all
private notes) is never readable by other users of the machine.

Three ways in, one implementation:

- :func:`write_bytes` and :func:`write_text` for contents already in memory;
- :func:`open_binary` and :func:`open_text` for writers that stream into a handle;
- :func:`replacing` for writers that need a path of their own (SQLite's backup API).

Only what is ours is ever replaced: the destination must be a regular file or a new name.
A symlink, folder, device node, FIFO or socket is refused with :class:`RefusedDestinationError`
(checked before the temporary file is made and again just before the rename), so
``--out /dev/null`` can never turn a device into a file, and a link is never followed to
overwrite whatever it points at.

A write that is killed (power cut, ``kill -9``) can't remove its temporary file.  When
:func:`keep_journal` names a folder (the app's data folder does), every temporary file is
noted there while it exists, and :func:`sweep_journal` (run at the next start) removes the
leftovers of processes that are gone, wherever they were being written.

Standard library only, so the start-up backup can use it before anything heavy loads.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO, TypeVar

__all__ = [
    "RefusedDestinationError",
    "ReplaceError",
    "check_destination",
    "keep_journal",
    "open_binary",
    "open_text",
    "replacing",
    "sweep_folder",
    "sweep_journal",
    "write_bytes",
    "write_text",
]

# The temporary files _new_temp makes: ".<name>.<random>.tmp".
TEMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}\.tmp$")


_Handle = TypeVar("_Handle", BinaryIO, TextIO)


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
    with _replacing_handle(destination, lambda fd: os.fdopen(fd, "wb")) as handle:
        yield handle


@contextlib.contextmanager
def open_text(destination: Path, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """Like :func:`open_binary`, for text; ``"\\n"`` is written as is on every system."""

    def opener(fd: int) -> TextIO:
        return os.fdopen(fd, "w", encoding=encoding, newline="\n")

    with _replacing_handle(destination, opener) as handle:
        yield handle


@contextlib.contextmanager
def _replacing_handle(destination: Path, opener: Callable[[int], _Handle]) -> Iterator[_Handle]:
    folder, fd, temp = _new_temp(Path(destination))
    try:
        with opener(fd) as handle:
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


_journal: Path | None = None
_entries: dict[Path, Path] = {}
_counter = itertools.count()


def keep_journal(folder: Path | None) -> None:
    """Note every temporary file in ``folder`` while it exists (``None``: stop noting).

    The folder is created owner-only.  If it can't be written (a read-only data folder),
    nothing is noted: the write itself goes on as usual.
    """
    global _journal
    if folder is None:
        _journal = None
        return
    folder = Path(folder)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        _journal = None
        return
    _journal = folder if os.access(folder, os.W_OK) else None


def sweep_journal(folder: Path) -> list[Path]:
    """Remove the temporary files noted in ``folder`` by processes that are gone; return them.

    Only files named like this module's temporary files are ever removed, so an entry
    that was tampered with can't make the sweep delete anything else.
    """
    folder = Path(folder)
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for entry in sorted(folder.iterdir()):
        pid_text = entry.name.partition("-")[0]
        if not pid_text.isdigit():
            continue
        pid = int(pid_text)
        if pid != os.getpid() and process_alive(pid):
            continue
        if pid == os.getpid() and entry in _entries.values():
            continue
        try:
            temp = Path(entry.read_text(encoding="utf-8").strip())
        except (OSError, UnicodeDecodeError):
            temp = None
        if temp is not None and temp.is_absolute() and TEMP_NAME.match(temp.name):
            with contextlib.suppress(FileNotFoundError):
                if stat.S_ISREG(os.lstat(temp).st_mode):
                    temp.unlink()
                    removed.append(temp)
        with contextlib.suppress(OSError):
            entry.unlink()
    return removed


def sweep_folder(folder: Path, *, min_age_s: float = 3600.0) -> list[Path]:
    """Remove this module's temporary files in ``folder`` older than ``min_age_s``.

    For the app's own folders, to catch leftovers written before the journal existed or
    while it could not be written; the age keeps a write in progress elsewhere safe.
    """
    import time

    removed: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    now = time.time()
    for path in entries:
        if not TEMP_NAME.match(path.name):
            continue
        with contextlib.suppress(OSError):
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime >= min_age_s:
                path.unlink()
                removed.append(path)
    return removed


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (never signals it, on any system)."""
    if os.name == "nt":
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    except OSError:
        return False
    return True


def _alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    # os.kill(pid, 0) would end the process on Windows; ask the kernel instead.
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return False
        return bool(code.value == 259)  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _note(temp: Path) -> None:
    journal = _journal
    if journal is None:
        return
    entry = journal / f"{os.getpid()}-{next(_counter)}"
    try:
        with entry.open("x", encoding="utf-8") as handle:
            handle.write(str(temp.resolve()))
    except OSError:
        return  # only a help for the next start; the write itself goes on
    _entries[temp] = entry


def _forget(temp: Path) -> None:
    entry = _entries.pop(temp, None)
    if entry is not None:
        with contextlib.suppress(OSError):
            entry.unlink()


def _create(path: Path) -> int:
    """A new, empty, owner-only file (never an existing one, never through a link)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, 0o600)


def _new_temp(destination: Path) -> tuple[Path, int, Path]:
    check_destination(destination)
    folder = destination.parent
    for _ in range(100):
        # Hidden and named after the destination, so a leftover (after a power cut) is easy
        # to recognise, and never mistaken for a finished file by anything listing the folder.
        temp = folder / f".{destination.name[:40]}.{secrets.token_hex(5)}.tmp"
        # Noted before it exists, so a kill at any moment leaves nothing un-noted behind.
        _note(temp)
        try:
            fd = _create(temp)
        except FileExistsError:
            _forget(temp)
            continue
        except BaseException:
            _forget(temp)
            raise
        return folder, fd, temp
    raise FileExistsError(errno.EEXIST, "No free name for a temporary file", str(folder))


def _replace(temp: Path, destination: Path) -> None:
    # Again at the last moment: something may have taken the name while we wrote.
    check_destination(destination)
    try:
        os.replace(temp, destination)
    except OSError as exc:
        if exc.errno is None:
            raise ReplaceError(*exc.args) from exc
        raise ReplaceError(exc.errno, exc.strerror, exc.filename, None, exc.filename2) from exc
    _forget(temp)


def _discard(temp: Path) -> None:
    with contextlib.suppress(OSError):
        temp.unlink()
    _forget(temp)


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
