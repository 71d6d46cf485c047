"""Unit tests share the suite's databases (tests/conftest.py)."""

from __future__ import annotations

# Tests import it from here.
from tests.conftest import copy_template, open_copy

__all__ = ["copy_template", "open_copy"]
