"""Errors a person is told about that code without SQLAlchemy raises or catches too (the
window's first look, ``core/services/first_look.py``); ``core.db`` re-exports them."""

from __future__ import annotations


class StorageError(OSError):
    """The data file could not be read or written (locked, full, read-only, damaged)."""
