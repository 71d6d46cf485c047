"""Right-to-left text for a PDF library that draws glyphs left to right, one after another.

ReportLab lays a paragraph out in the order its characters are stored.  Hebrew and Arabic
are stored in *logical* order (the order they are typed and read), so drawn as stored they
come out backwards, and Arabic letters come out in their isolated shapes.  Two steps fix
that, each done by a library:

- **shaping** (Arabic only): ``arabic_reshaper`` replaces each letter by the presentation
  form its neighbours call for (initial, medial, final, isolated) and joins lam-alef, so
  DejaVu Sans, which carries those forms, draws connected script;
- **ordering**: the Unicode bidirectional algorithm (``python-bidi``) resolves each
  character's embedding level, and :func:`visual_order` reverses the right-to-left runs of
  *one line* (rule L2), keeping combining marks after their base letter and mirroring
  brackets.  It is applied per line at drawing time, after the paragraph was broken into
  lines in logical order, so the first line of a long Hebrew paragraph holds its first words.

Why these two rather than HarfBuzz (``uharfbuzz``, which ReportLab 5 can drive for shaping):
ReportLab's own right-to-left path needs ``rlbidi``, which the package registry does not
carry, so the ordering would be ours either way; and DejaVu carries the presentation forms,
so connected Arabic needs no 3 MB HarfBuzz wheel.  Measured here: reshaping 2,000 Arabic
characters takes about 2 ms, ordering one 100-character line about 0.2 ms (python-bidi's
pure-Python levels; the Rust function only returns the reordered string).  Paragraphs
without Hebrew or Arabic never come here.  What HarfBuzz would add is mark positioning and
the scripts that need OpenType shaping (Devanagari, Thai…); those are drawn unshaped.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence

# Strong right-to-left letters: Hebrew, Arabic (with its supplements and presentation
# forms), Syriac, Thaana, N'Ko.
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")


def has_rtl(text: str) -> bool:
    return RTL.search(text) is not None


@functools.cache
def _reshaper(covered: frozenset[int]) -> Callable[[str], str]:
    import arabic_reshaper
    from arabic_reshaper.ligatures import LIGATURES

    config: dict[str, object] = {"delete_harakat": False, "support_ligatures": True}
    # A ligature the font can't draw would be a box: keep those letters apart instead.
    for name, (_letters, forms) in LIGATURES:
        config[name] = all(ord(form) in covered for form in forms if len(form) == 1) and all(
            len(form) <= 1 for form in forms
        )
    reshape: Callable[[str], str] = arabic_reshaper.ArabicReshaper(configuration=config).reshape
    return reshape


def shape(text: str, covered: frozenset[int]) -> str:
    """Arabic letters in the shapes their neighbours call for (other text unchanged).

    ``covered``: the code points the font draws; a presentation form outside it goes back
    to its plain letter, which the font has.
    """
    if _ARABIC.search(text) is None:
        return text
    shaped = _reshaper(covered)(text)

    def fallback(match: re.Match[str]) -> str:
        char = match.group(0)
        return char if ord(char) in covered else unicodedata.normalize("NFKC", char)

    return _PRESENTATION.sub(fallback, shaped)


def base_is_rtl(text: str) -> bool:
    """The paragraph direction (rules P2–P3): that of its first strong letter."""
    from bidi.algorithm import get_base_level

    return bool(get_base_level(text))


def _levels(text: str, rtl_base: bool) -> list[int]:
    """Each character's resolved embedding level (rules X1–I2 of UAX #9)."""
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl_base else 0
    storage["base_dir"] = "R" if rtl_base else "L"
    uba.get_embedding_levels(text, storage)
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels = [int(c["level"]) for c in storage["chars"]]
    # L1: trailing white space goes back to the paragraph level.
    index = len(text)
    while index > 0 and text[index - 1] in " \t":
        index -= 1
        levels[index] = storage["base_level"]
    return levels


def visual_order(text: str, rtl_base: bool) -> tuple[list[int], list[bool]]:
    """For one line: the logical index of the character drawn at each position, and
    whether it is drawn mirrored (a bracket inside a right-to-left run)."""
    n = len(text)
    if n == 0:
        return [], []
    levels = _levels(text, rtl_base)
    # Units: a base character with the combining marks after it, kept in that order so a
    # mark is still drawn over its own letter once the run is reversed.
    units: list[list[int]] = []
    for i, char in enumerate(text):
        if units and unicodedata.combining(char) and levels[i] == levels[units[-1][0]]:
            units[-1].append(i)
        else:
            units.append([i])
    unit_levels = [levels[u[0]] for u in units]
    top = max(unit_levels)
    lowest_odd = min((lv for lv in unit_levels if lv % 2), default=top + 1)
    order = list(range(len(units)))
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if unit_levels[order[i]] >= level:
                j = i
                while j < len(order) and unit_levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    logical = [index for u in order for index in units[u]]
    mirrored = [levels[i] % 2 == 1 and unicodedata.mirrored(text[i]) == 1 for i in logical]
    return logical, mirrored


_MIRROR_PAIRS = "()<>[]{}«»‹›⁅⁆⁽⁾₍₎⟨⟩⟪⟫"
MIRROR = {a: b for a, b in zip(_MIRROR_PAIRS[::2], _MIRROR_PAIRS[1::2], strict=True)}
MIRROR.update({b: a for a, b in list(MIRROR.items())})


def mirror(char: str) -> str:
    return MIRROR.get(char, char)


def visual(text: str, rtl_base: bool | None = None) -> str:
    """One line of (already shaped) text in the order it is drawn, left to right."""
    if not has_rtl(text):
        return text
    base = base_is_rtl(text) if rtl_base is None else rtl_base
    logical, mirrored = visual_order(text, base)
    return "".join(
        mirror(text[i]) if flip else text[i] for i, flip in zip(logical, mirrored, strict=True)
    )


def reorder_runs(runs: Sequence[tuple[object, str]], rtl_base: bool) -> list[tuple[object, str]]:
    """A line made of (style, text) runs, in drawing order: the characters are reordered as
    one line and regrouped by the run they came from."""
    owners: list[int] = []
    for index, (_style, piece) in enumerate(runs):
        owners.extend([index] * len(piece))
    text = "".join(piece for _style, piece in runs)
    if not has_rtl(text):
        return list(runs)
    logical, mirrored = visual_order(text, rtl_base)
    result: list[tuple[object, str]] = []
    current = -1
    chars: list[str] = []
    for i, flip in zip(logical, mirrored, strict=True):
        owner = owners[i]
        if owner != current and chars:
            result.append((runs[current][0], "".join(chars)))
            chars = []
        current = owner
        chars.append(mirror(text[i]) if flip else text[i])
    if chars:
        result.append((runs[current][0], "".join(chars)))
    return result
