"""The packet's voice: whole-sentence templates, numbers and names as a person writes them.

Every sentence the packet generates is one template with named fields, passed through
:func:`_` (or :func:`n_` where it depends on a count), so a translator could one day work
with the catalogue (``xgettext --keyword=_ --keyword=n_:1,2``) without meeting a sentence
that was glued together from parts.  Lists are joined by a template too (:func:`join`).

Rules of the voice (the issue that asked for it lists them):

- first person ("I completed…"); the reader is only addressed as "you" in the personal
  packet's "Notes to myself";
- skill names in sentence case inside a sentence ("I raised stakeholder communication…"),
  names of tools and languages as they are written ("Python", "SQL");
- no status names or app terms ("Addressing", "readiness") in prose;
- small counts in words ("one other skill", "three people"), larger ones in figures.
"""

from __future__ import annotations

import functools
import gettext
import json

from secondchance.resources import resource_path

_catalogue = gettext.NullTranslations()


def _(message: str) -> str:
    """A sentence template, looked up in the catalogue (English as written, for now)."""
    return _catalogue.gettext(message)


def n_(singular: str, plural: str, count: int) -> str:
    """The template for ``count`` (a language may have more than two plural forms)."""
    return _catalogue.ngettext(singular, plural, count)


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number(count: int) -> str:
    """``3`` → "three", ``12`` → "12", ``1500`` → "1,500": as a style guide writes counts."""
    if 0 <= count < len(_WORDS):
        return _(_WORDS[count])
    return f"{count:,}"


def join(items: list[str]) -> str:
    """``["a", "b", "c"]`` → "a, b and c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return _("{items} and {last}").format(items=_(", ").join(items[:-1]), last=items[-1])


def quoted(title: str) -> str:
    return _("“{title}”").format(title=title.strip())


def titles(items: list[str], limit: int = 3) -> str:
    """Up to ``limit`` quoted titles, then "and N more"."""
    shown = [quoted(t) for t in items[:limit]]
    more = len(items) - limit
    if more > 0:
        shown.append(n_("{count} more", "{count} more", more).format(count=number(more)))
    return join(shown)


@functools.cache
def _proper_words() -> frozenset[str]:
    """Words written with a capital anywhere in a sentence: the one-word names of tools
    and languages in the skills vocabulary ("Python", "Tableau", "Excel")."""
    try:
        with resource_path("skills", "vocabulary.json").open(encoding="utf-8") as handle:
            skills = json.load(handle)["skills"]
    except (OSError, ValueError, KeyError):
        return frozenset()
    names: set[str] = set()
    for skill in skills:
        name = str(skill.get("name", ""))
        words = name.split()
        if skill.get("category") == "technical" and (
            len(words) == 1 or (len(words) > 1 and words[1][:1].isupper())
        ):
            names.add(words[0])  # "Python"; "Power" of "Power BI"
        # Capitalised words after the first are proper nouns: "Microsoft Excel", "Power BI".
        names.update(w for w in name.split()[1:] if w[:1].isupper())
    return frozenset(names)


def skill(name: str) -> str:
    """A skill name as it reads inside a sentence: "Stakeholder communication" →
    "stakeholder communication"; "SQL (window functions)", "Python" and "Power BI" stay."""
    name = " ".join(name.split())
    first, _space, _rest = name.partition(" ")
    word = first.strip("()[]\"'“”‘’,.:;")
    if (
        len(word) > 1
        and word[0].isupper()
        and word[1:] == word[1:].lower()
        and word.isalpha()
        and word not in _proper_words()
    ):
        index = name.index(word)
        return name[:index] + word[0].lower() + name[index + 1 :]
    return name


def capitalised(sentence: str) -> str:
    """The first letter of a sentence upper-case (a template may start with a field)."""
    for index, char in enumerate(sentence):
        if char.isalpha():
            return sentence[:index] + char.upper() + sentence[index + 1 :]
    return sentence
