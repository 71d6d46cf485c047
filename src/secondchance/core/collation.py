"""Alphabetical order for names and titles, without a collation library."""

from __future__ import annotations

import unicodedata

# Letters that are not "a base letter plus an accent" in Unicode, so NFKD leaves them alone.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "ı": "i",
        "ŧ": "t",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
    }
)


def text_sort_key(text: str) -> tuple[str, str]:
    """Alphabetical as a person expects: Łukasz with the Ls, Zoë with the Zs.

    Accents are ignored first and only break ties; a full collation library would be
    heavier than this list of names needs.
    """
    folded = text.casefold().translate(_FOLD)
    base = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return (base, folded)
