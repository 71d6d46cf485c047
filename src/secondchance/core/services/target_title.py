"""How a target is named ("Acme — Data analyst (attempt 2)"), without SQLAlchemy: the Due
view's first look names targets before the models are imported (``kinds.py`` uses it too)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def title_text(values: Mapping[str, Any], name: str, fallback: str = "(untitled)") -> str:
    """A field as a title reads it: its first line, cut to 80 characters."""
    value = values.get(name)
    if not value:
        return fallback
    first = str(value).strip().splitlines()[0] if str(value).strip() else fallback
    return first if len(first) <= 80 else first[:79] + "…"


def target_title(values: Mapping[str, Any]) -> str:
    title = f"{title_text(values, 'company', '?')} — {title_text(values, 'role', '?')}"
    attempt = values.get("attempt")
    return f"{title} (attempt {attempt})" if isinstance(attempt, int) and attempt > 1 else title
