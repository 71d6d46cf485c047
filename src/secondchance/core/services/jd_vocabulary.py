"""The skills vocabulary (resources/skills) and the matcher built from it.

The vocabulary lists each skill with its synonyms, abbreviations, the phrases that veto a
match and the skills it implies; ``jd_scanner`` uses the compiled matcher to find them in a
job description (its docstring gives the matching rules).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from secondchance.core.text import fold as text_fold
from secondchance.resources import resource_path

CATEGORIES = ("technical", "soft", "industry")
DEFAULT_LEVEL = 3  # the level a skill is suggested at unless the posting says more or less

# Between the words of a name: spaces, tabs, no-break spaces, hyphens.  The Unicode hyphens
# U+2010 and U+2011 are not in the class: text is matched after ``matchable`` maps them to
# "-" (one character each, so every position stays where it was).  A class holding a code
# point past U+00FF compiles through Python's 64 K-entry map, ~30 µs under IGNORECASE, and
# the vocabulary's patterns hold ~4 500 separators: 0.42 → 0.26 s to build the matcher.
_SEPARATOR = "[ \\t\\u00a0\\-]+"
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})
_SEPARATOR_RE = re.compile(r"[\s\-\u2010\u2011]+")
_CI_START = r"(?<!\w)"
_CI_END = r"(?!\w)"
_CS_START = r"(?<![\w&@+#.])"
# "R's" is fine; "R&D", "R.NET", "C#x" and "O'Neil"-like glued letters are not.
_CS_END = r"(?![\w&@+#]|\.\w|['’](?!s\b)\w)"


class VocabularyError(ValueError):
    """The skills vocabulary file is missing or malformed."""


def fold(text: str) -> str:
    """Case-, accent- and separator-insensitive form, for comparing names a person typed."""
    return _SEPARATOR_RE.sub(" ", text_fold(text)).strip()


def name_key(text: str) -> str:
    return _SEPARATOR_RE.sub(" ", text).strip()


def matchable(text: str) -> str:
    """``text`` as the matcher's patterns read it: the same length, character for character,
    with the Unicode hyphens written as "-" (see ``_SEPARATOR``)."""
    if "\u2010" in text or "\u2011" in text:  # rare: two scans cost a tenth of a translate
        return text.translate(_HYPHENS)
    return text


@dataclass(frozen=True)
class VocabularySkill:
    name: str
    category: str
    aliases: tuple[str, ...]
    level: int = DEFAULT_LEVEL
    case_sensitive: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """The name and every alias: all the spellings that count as this skill."""
        return (self.name, *self.aliases)

    def is_case_sensitive(self, form: str) -> bool:
        # Abbreviations of three letters or more count in any case ("sql", "Sql" are SQL):
        # people write them that way in resumes and postings.  The ones that are also
        # everyday words ("REST", "SAP", "SOLID") are listed under ``case_sensitive``.
        return form in self.case_sensitive or len(form.strip()) <= 2


class _Trie:
    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.end = False

    def add(self, tokens: list[str]) -> None:
        node = self
        for token in tokens:
            node = node.children.setdefault(token, _Trie())
        node.end = True

    def pattern(self, end: str) -> str:
        branches = [
            (_SEPARATOR if token == " " else re.escape(token)) + child.pattern(end)
            for token, child in sorted(self.children.items())
        ]
        if self.end:
            branches.append(end)  # last: the longer names are tried first
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"


def _tokens(form: str, lower: bool) -> list[str]:
    text = name_key(form)
    return [(c.lower() if lower else c) for c in text]


@dataclass(frozen=True)
class Matcher:
    insensitive: re.Pattern[str] | None
    sensitive: re.Pattern[str] | None
    by_key: dict[str, int]  # lower-cased key for ordinary names
    by_exact: dict[str, int]  # exact key for case-sensitive names
    excludes: dict[int, re.Pattern[str]]
    implies: dict[int, tuple[int, ...]]
    by_fold: dict[str, int]


@dataclass(frozen=True)
class Vocabulary:
    skills: tuple[VocabularySkill, ...]
    _matcher: list[Matcher] = field(default_factory=list, compare=False, repr=False)

    def matcher(self) -> Matcher:
        # Built on first use and kept: compiling several thousand spellings is the slow part.
        if not self._matcher:
            self._matcher.append(_build_matcher(self.skills))
        return self._matcher[0]

    def find(self, name: str) -> VocabularySkill | None:
        """The skill a name or alias stands for (case, accents and hyphens ignored)."""
        index = self.matcher().by_fold.get(fold(name))
        return None if index is None else self.skills[index]


def _phrase_pattern(phrase: str) -> str:
    parts = [re.escape(p) for p in name_key(phrase).split(" ")]
    return _SEPARATOR.join(parts)


def _build_matcher(skills: tuple[VocabularySkill, ...]) -> Matcher:
    insensitive, sensitive = _Trie(), _Trie()
    by_key: dict[str, int] = {}
    by_exact: dict[str, int] = {}
    by_fold: dict[str, int] = {}
    excludes: dict[int, re.Pattern[str]] = {}
    names = {fold(s.name): i for i, s in enumerate(skills)}
    implies: dict[int, tuple[int, ...]] = {}
    for index, skill in enumerate(skills):
        for form in skill.forms:
            by_fold.setdefault(fold(form), index)
            if skill.is_case_sensitive(form):
                sensitive.add(_tokens(form, lower=False))
                by_exact.setdefault(name_key(form), index)
            else:
                insensitive.add(_tokens(form, lower=True))
                by_key.setdefault(name_key(form).lower(), index)
        if skill.exclude:
            joined = "|".join(_phrase_pattern(p) for p in skill.exclude)
            excludes[index] = re.compile(f"(?<!\\w)(?:{joined})(?!\\w)", re.IGNORECASE)
        implied = tuple(names[fold(n)] for n in skill.implies if fold(n) in names)
        if implied:
            implies[index] = implied
    return Matcher(
        insensitive=(
            re.compile(_CI_START + insensitive.pattern(_CI_END), re.IGNORECASE)
            if insensitive.children
            else None
        ),
        sensitive=(
            re.compile(_CS_START + sensitive.pattern(_CS_END)) if sensitive.children else None
        ),
        by_key=by_key,
        by_exact=by_exact,
        excludes=excludes,
        implies=implies,
        by_fold=by_fold,
    )


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabularyError(f"{what} should be a list of non-empty texts")
    return tuple(v.strip() for v in value)


def parse_vocabulary(data: Any) -> Vocabulary:
    if not isinstance(data, dict) or not isinstance(data.get("skills"), list):
        raise VocabularyError("The skills vocabulary should be an object with a 'skills' list")
    skills: list[VocabularySkill] = []
    for number, entry in enumerate(data["skills"], start=1):
        if not isinstance(entry, dict):
            raise VocabularyError(f"Skill {number} should be an object")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise VocabularyError(f"Skill {number} has no name")
        category = entry.get("category")
        if category not in CATEGORIES:
            raise VocabularyError(f"{name}: category should be one of {', '.join(CATEGORIES)}")
        level = entry.get("level", DEFAULT_LEVEL)
        if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
            raise VocabularyError(f"{name}: level should be a whole number from 1 to 5")
        skills.append(
            VocabularySkill(
                name=name.strip(),
                category=category,
                aliases=_strings(entry.get("aliases"), f"{name}: aliases"),
                level=level,
                case_sensitive=_strings(entry.get("case_sensitive"), f"{name}: case_sensitive"),
                exclude=_strings(entry.get("exclude"), f"{name}: exclude"),
                implies=_strings(entry.get("implies"), f"{name}: implies"),
            )
        )
    return Vocabulary(skills=tuple(skills))


@cache
def _default_vocabulary() -> Vocabulary:
    return _read(resource_path("skills", "vocabulary.json"))


def _read(path: Path) -> Vocabulary:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise VocabularyError(f"The skills list {path.name} could not be read: {exc}") from exc
    except ValueError as exc:
        raise VocabularyError(f"The skills list {path.name} is not valid JSON: {exc}") from exc
    return parse_vocabulary(data)


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """The shipped vocabulary (read once per process), or the one at ``path``."""
    return _default_vocabulary() if path is None else _read(path)
