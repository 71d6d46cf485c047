"""Alphabetical order for names and titles, without a collation library."""

from __future__ import annotations

import unicodedata

from secondchance.core.text import fold

# A Japanese dictionary files が beside か and lets the voicing mark only break ties; fold
# keeps the mark (the two are different sounds), so the first sort key drops it.
_VOICING = str.maketrans("", "", "\u3099\u309a")


def text_sort_key(text: str) -> tuple[str, str]:
    """Alphabetical as a person expects: Łukasz with the Ls, Zoë with the Zs.

    Accents are ignored first and only break ties; a full collation library would be
    heavier than this list of names needs.
    """
    if text.isascii():
        # No accents, nothing to decompose: both keys are the lower case (fold of ASCII is
        # its lower case), and a sort of 100 000 titles takes a tenth of the time.
        lower = text.lower()
        return (lower, lower)
    if text[-1] == "…" and text[:-1].isascii():
        # A long text cut short for a list: "…" folds to "..." and touches nothing before it.
        lower = text[:-1].lower()
        return (lower + "...", lower + "…")
    return _full_key(text)


def _full_key(text: str) -> tuple[str, str]:
    base = unicodedata.normalize("NFD", fold(text)).translate(_VOICING)
    return (base, text.casefold())
