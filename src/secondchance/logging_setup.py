"""Log to a file in the data folder: a windowed frozen app has no stdout to print to.

The log is for diagnosing the app, never a second copy of the person's notes:

- the file is owner-only (0600), like the data, and so are its rotated copies;
- SQLAlchemy and Alembic log only warnings (at INFO they would write every statement with
  its parameters, i.e. record text), and the engine hides parameters from its error
  messages too (``hide_parameters`` in core/db.py);
- an exception's message is written only for kinds that speak of the program or the
  system (an ``OSError``, a ``TypeError``, SQLite's errors); the message of any other kind
  (a ``ValueError`` quoting a refused value, an import error quoting a file) is withheld
  and only its type and traceback are logged — in tracebacks and in ``%s`` arguments alike;
- a data folder that can't be written (read-only folder or disk) is no reason to fail:
  the app then runs without a log file.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import sqlite3
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

_configured = False

# Loggers of libraries that would write SQL parameters (record text) at INFO or DEBUG.
QUIET_LOGGERS = ("sqlalchemy", "alembic")

# Exception kinds whose message is about the program or the system, not the person's data.
_SAFE_KINDS: tuple[type[BaseException], ...] = (
    OSError,
    sqlite3.Error,
    TypeError,
    AttributeError,
    NameError,
    ImportError,
    NotImplementedError,
    RecursionError,
    MemoryError,
    ZeroDivisionError,
    AssertionError,
    KeyboardInterrupt,
    SystemExit,
)
_SAFE_MODULE_PREFIXES = ("sqlalchemy.", "alembic.")


def exception_message(exc: BaseException) -> str:
    """``str(exc)`` when it can't hold record text, else a placeholder naming its length."""
    module = type(exc).__module__ + "."
    if isinstance(exc, _SAFE_KINDS) or module.startswith(_SAFE_MODULE_PREFIXES):
        return str(exc)
    text = str(exc)
    return f"(message withheld from the log: {len(text)} characters)" if text else ""


def format_exception(exc: BaseException) -> str:
    """A traceback like Python's own, with :func:`exception_message` for each message."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "cause"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "context"
        else:
            current = None
    parts: list[str] = []
    for position, (item, _link) in enumerate(reversed(chain)):
        if position:
            # The link that joins this exception to the one before it in time.
            joined = chain[len(chain) - position][1]
            parts.append(
                "\nThe above exception was the direct cause of the following exception:\n\n"
                if joined == "cause"
                else "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        if item.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(item.__traceback__))
        kind = type(item)
        name = (
            kind.__qualname__
            if kind.__module__ == "builtins"
            else (f"{kind.__module__}.{kind.__qualname__}")
        )
        message = exception_message(item)
        parts.append(f"{name}: {message}\n" if message else f"{name}\n")
    return "".join(parts).rstrip("\n")


class PrivateFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached its own rendering of the traceback on the record
        # (Formatter.format does); ours must not reuse it.
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        value = ei[1]
        if value is None:
            return ""
        return format_exception(value)


class WithholdRecordText(logging.Filter):
    """Exceptions passed as ``%s`` arguments are logged by :func:`exception_message`."""

    def filter(self, record: logging.LogRecord) -> bool:
        args: Any = record.args
        if isinstance(args, tuple) and any(isinstance(a, BaseException) for a in args):
            record.args = tuple(
                f"{type(a).__name__}: {exception_message(a)}" if isinstance(a, BaseException) else a
                for a in args
            )
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created owner-only (0600)."""

    def _open(self) -> Any:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        if os.name == "posix":
            # A log written by an older version may still be 0644.
            with contextlib.suppress(OSError):
                os.fchmod(fd, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def configure(log_dir: Path, verbose: bool = False) -> Path | None:
    """Send the app's log to ``log_dir``; returns the file, or None when it can't be written."""
    global _configured
    log_file = log_dir / "secondchance.log"
    if _configured:
        return log_file
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    formatter = PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler: logging.Handler | None
    try:
        log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = PrivateRotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        # A read-only data folder: keep going without a log file.
        handler, log_file_or_none = None, None
    else:
        log_file_or_none = log_file
    if handler is not None:
        handler.setFormatter(formatter)
        handler.addFilter(WithholdRecordText())
        root.addHandler(handler)
    if sys.stderr is not None and verbose:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(formatter)
        stream.addFilter(WithholdRecordText())
        root.addHandler(stream)
    if not root.handlers:
        # Otherwise Python's last-resort handler would print warnings, even tracebacks, on
        # stderr next to a command's own one-sentence message.
        root.addHandler(logging.NullHandler())
    _configured = True
    return log_file_or_none
