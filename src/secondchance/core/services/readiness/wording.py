"""Small pieces of wording shared by the score's sentences, the actions and the steps."""

from __future__ import annotations

import datetime as dt

from secondchance.core import dates


def day_label(day: dt.date, today: dt.date) -> str:
    """The one date style ("3 Apr 2026"): a sentence reads the same date as the list."""
    del today  # kept for callers: the year is always shown now, so dates never mislead
    return dates.medium_date(day)


def shorten(text: str | None, limit: int = 60) -> str:
    """A user's text cut to one line for a sentence, at a word boundary where possible."""
    line = " ".join((text or "").split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"


def n_days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def one_or_many(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def all_are(n: int, one: str, many: str, what: str) -> str:
    """ "The skill gap is closed." / "All 3 skill gaps are closed." """
    return f"The {one} {what}." if n == 1 else f"All {n} {many} {what}."


def count_of(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"
