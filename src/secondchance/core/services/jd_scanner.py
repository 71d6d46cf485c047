"""Find the skills a pasted job description asks for, using the vocabulary in resources/skills.

Everything happens on the machine: the posting is matched against a shipped list of skills,
each with its synonyms and abbreviations, and the person decides which findings to keep.

Matching rules (the vocabulary README explains them to people who add entries):

- Ordinary names match case-insensitively as whole words ("Stakeholder Management",
  "stakeholder-management"); a space or hyphen in a name matches any run of spaces or
  hyphens on the same line.
- Names without lowercase letters ("SQL", "R", "C++", "CI/CD"), names of one or two
  characters ("Go") and the names an entry lists under ``case_sensitive`` ("Swift",
  "Excel") match only with that exact capitalisation, so "IT" is not "it", "Go" is not
  "go to market" and "Swift" is not "a swift reply".
- Those exact names must stand alone: "R" is not found in "R&D", "R.NET" or "Roberta";
  "R." followed by a capitalised word after a capitalised word or at the start of a
  sentence is read as a name's initial ("Contact R. Smith"), while "skills in R. We..."
  still counts.
- An entry's ``exclude`` phrases veto a match inside them ("C-suite", "go-live").
- The longest name wins where names overlap ("C++" over "C", "ASP.NET" over ".NET").
- An entry's ``implies`` names are reported too ("PostgreSQL" also means "SQL").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from secondchance.core.services.jd_sections import line_sections
from secondchance.core.services.jd_vocabulary import (
    DEFAULT_LEVEL,
    Matcher,
    Vocabulary,
    VocabularyError,
    VocabularySkill,
    fold,
    load_vocabulary,
    matchable,
    name_key,
)

__all__ = [
    "DEFAULT_LEVEL",
    "Finding",
    "Vocabulary",
    "VocabularyError",
    "VocabularySkill",
    "fold",
    "load_vocabulary",
    "scan_job_description",
    "skill_mentions",
]

HIGH_LEVEL = 4
LOW_LEVEL = 2
SENTENCE_LIMIT = 300

# How far (in characters, within one clause) a word like "expert" or "a plus" reaches.
_CUE_REACH = 80
# Raw characters kept on each side of a match before whitespace is collapsed: bounds the
# work per finding on a megabyte without line breaks.
_RAW_WINDOW = 4 * SENTENCE_LIMIT

# --- sentences ------------------------------------------------------------------------

_BULLET = re.compile(r"[ \t]*(?:[-*•·▪◦‣–—>]+|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t]+")
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "approx",
        "incl",
        "esp",
        "dept",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "inc",
        "ltd",
        "co",
        "no",
        "nr",
        "min",
        "max",
        "cf",
        "al",
    ]
)
_STOP = re.compile(r"[.!?]+[\"'”’)\]]*[ \t]+|\n")


def _is_initial(text: str, letter_at: int) -> bool:
    """Whether the capital at ``letter_at``, followed by ". Word", is a name's initial."""
    before = text[max(0, letter_at - 40) : letter_at].rstrip(" \t")
    line = before.rsplit("\n", 1)[-1]
    if not before or before[-1] in "\n.!?:" or _BULLET.fullmatch(line + " "):
        return True  # a sentence that opens with "R. Smith"
    word = before.split()[-1] if before.split() else ""
    return word[:1].isupper()


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    for stop in _STOP.finditer(text):
        end = stop.end()
        if stop.group() == "\n":
            after = text[end : end + 200].lstrip(" \t")
            line_start = text.rfind("\n", 0, stop.start()) + 1
            line = text[line_start : stop.start()].rstrip()
            joins = (
                after[:1].islower()
                and not _BULLET.match(after)
                and line[-1:] not in (".", "!", "?", ":", ";")
                and line.strip() != ""
            )
            if not joins:
                starts.append(end)
            continue
        following = text[end : end + 1]
        if not following or not (
            following.isupper() or following.isdigit() or following in "\"“‘'(•-*"
        ):
            continue
        words = text[max(0, stop.start() - 20) : stop.start()].split()
        word = words[-1].lower().lstrip("(") if words else ""
        if word in _ABBREVIATIONS:
            continue
        if len(word) == 1 and word.isalpha() and _is_initial(text, stop.start() - 1):
            continue
        starts.append(end)
    return starts


def _clean_sentence(text: str, start: int, end: int, ms: int, me: int) -> str:
    """The sentence around [ms, me), whitespace collapsed, at most SENTENCE_LIMIT characters."""
    bullet = _BULLET.match(text, start, min(end, ms))
    if bullet:
        start = bullet.end()
    lo, hi = max(start, ms - _RAW_WINDOW), min(end, me + _RAW_WINDOW)
    cut_left, cut_right = lo > start, hi < end
    before = re.sub(r"\s+", " ", text[lo:ms]).lstrip()
    match = re.sub(r"\s+", " ", text[ms:me])
    after = re.sub(r"\s+", " ", text[me:hi]).rstrip()
    sentence = before + match + after
    if len(sentence) <= SENTENCE_LIMIT and not cut_left and not cut_right:
        return sentence
    budget = SENTENCE_LIMIT - 2  # room for an ellipsis on each side
    room = max(0, budget - len(match))
    left = min(len(before), room // 2)
    right = min(len(after), room - left)
    left = min(len(before), room - right)
    head, tail = before[len(before) - left :], after[:right]
    if left < len(before):
        # Cut at a word boundary, never through a word.
        space = head.find(" ")
        head = head[space + 1 :] if 0 <= space < len(head) - 1 else head
    if right < len(after):
        space = tail.rfind(" ")
        tail = tail[:space] if space > 0 else tail
    clipped_left = cut_left or left < len(before)
    clipped_right = cut_right or right < len(after)
    return (("…" if clipped_left else "") + head + match + tail + ("…" if clipped_right else ""))[
        :SENTENCE_LIMIT
    ]


# --- suggested level ------------------------------------------------------------------

_CUES = re.compile(
    r"(?P<neutral>\b(?:a\s+)?(?:strong|big|huge|major|definite|real)\s+plus\b|\bstrongly\s+preferred\b)"
    r"|(?P<high>\b(?:expert(?:ise)?|advanced|deep|in[\s-]depth|strong|extensive|mastery|"
    r"senior(?!\s+(?:stakeholders?|leaders(?:hip)?|executives?|management|colleagues)))\b)"
    r"|(?P<low>\b(?:nice[\s-]to[\s-]have|good[\s-]to[\s-]have|familiar(?:ity)?|exposure|bonus|"
    r"a\s+plus|desirable|preferred|basic)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    kind: str  # "high", "low" or "neutral"


def _find_cues(text: str, hits: list[_Hit]) -> tuple[list[int], list[_Cue]]:
    """Cue words outside skill names: "deep learning" and "Visual Basic" are not cues."""
    cues: list[_Cue] = []
    hit_starts = [h.start for h in hits]
    for m in _CUES.finditer(text):
        i = bisect.bisect_right(hit_starts, m.start()) - 1
        inside = i >= 0 and hits[i].end > m.start()
        if not inside and i + 1 < len(hits) and hits[i + 1].start < m.end():
            inside = True
        if not inside:
            cues.append(_Cue(m.start(), m.end(), m.lastgroup or "neutral"))
    return [c.start for c in cues], cues


def _separated(text: str) -> bool:
    """Whether a comma or semicolon outside parentheses splits ``text`` (a list goes on)."""
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char in ",;" and depth == 0:
            return True
    return False


def _nearest_cue(
    text: str,
    starts: list[int],
    cues: list[_Cue],
    hit_starts: list[int],
    ms: int,
    me: int,
    s_start: int,
    s_end: int,
) -> str | None:
    lo = bisect.bisect_left(starts, max(s_start, ms - _CUE_REACH - 40))
    best: tuple[int, str] | None = None
    for cue in cues[lo:]:
        if cue.start > min(s_end, me + _CUE_REACH):
            break
        if cue.start < s_start or cue.end > s_end:
            continue
        if cue.end <= ms:
            gap, between = ms - cue.end, text[cue.end : ms]
        elif cue.start >= me:
            gap, between = cue.start - me, text[me : cue.start]
            # "SQL, Python and Tableau required, Epic preferred": a word after the list
            # speaks of the skill right before it, not of those before the comma.
            last = bisect.bisect_left(hit_starts, cue.start) - 1
            if last >= 0 and hit_starts[last] >= me and _separated(text[me : hit_starts[last]]):
                continue
        else:
            continue
        if gap > _CUE_REACH or ";" in between:
            continue
        if best is None or gap < best[0]:
            best = (gap, cue.kind)
    return None if best is None else best[1]


def _level(base: int, cue: str | None) -> int:
    if cue == "high":
        return max(base, HIGH_LEVEL)
    if cue == "low":
        return min(base, LOW_LEVEL)
    return base


# --- scanning -------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    name: str
    category: str
    matched: str
    sentence: str
    suggested_level: int
    mentions: int
    already_tracked: bool
    # False when every mention reads as an extra: "a plus", "preferred", a "Nice to have"
    # heading.  The posting's must-haves weigh more in keyword coverage.
    must_have: bool = True


@dataclass
class _Hit:
    skill: int
    start: int
    end: int


def _matches(text: str, matcher: Matcher) -> list[_Hit]:
    text = matchable(text)  # same positions: the hits index the caller's text
    hits: list[_Hit] = []
    if matcher.insensitive is not None:
        for m in matcher.insensitive.finditer(text):
            index = matcher.by_key.get(name_key(m.group()).lower())
            if index is not None:
                hits.append(_Hit(index, m.start(), m.end()))
    if matcher.sensitive is not None:
        for m in matcher.sensitive.finditer(text):
            found = m.group()
            index = matcher.by_exact.get(name_key(found))
            if index is None:
                continue
            if (
                len(found) == 1
                and text[m.end() : m.end() + 2].startswith(". ")
                and text[m.end() + 2 : m.end() + 3].isupper()
                and _is_initial(text, m.start())
            ):
                continue
            hits.append(_Hit(index, m.start(), m.end()))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[_Hit] = []
    reach = 0
    for hit in hits:
        if hit.start < reach:
            continue  # inside a longer name found at an earlier or the same position
        exclude = matcher.excludes.get(hit.skill)
        if exclude is not None and _excluded(text, hit, exclude):
            continue
        kept.append(hit)
        reach = hit.end
    return kept


def _excluded(text: str, hit: _Hit, exclude: re.Pattern[str]) -> bool:
    window = exclude.finditer(text, max(0, hit.start - 40), min(len(text), hit.end + 40))
    return any(m.start() <= hit.start and hit.end <= m.end() for m in window)


def scan_job_description(
    text: str, existing: Iterable[str] = (), vocabulary: Vocabulary | None = None
) -> list[Finding]:
    """The vocabulary's skills mentioned in ``text``, in order of first appearance.

    ``existing`` holds the names of skills the person already tracks; a finding whose
    name or any alias matches one of them (case and accents ignored) is marked.
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    matcher = vocab.matcher()
    text = unicodedata.normalize("NFC", text)
    hits = _matches(text, matcher)
    if not hits:
        return []
    starts = _sentence_starts(text)
    cue_starts, cues = _find_cues(text, hits)
    sections = line_sections(text, starts, lambda a, b: _BULLET.match(text, a, b) is not None)
    hit_starts = [h.start for h in hits]

    first: dict[int, _Hit] = {}
    order: list[int] = []
    mentions: dict[int, int] = {}
    cue_seen: dict[int, set[str | None]] = {}
    for hit in hits:
        sentence = bisect.bisect_right(starts, hit.start) - 1
        section = sections.get(sentence)
        if section == "skip":
            continue  # under "Compensation and benefits": not something the role asks for
        s_start = starts[sentence]
        s_end = starts[sentence + 1] if sentence + 1 < len(starts) else len(text)
        cue = _nearest_cue(text, cue_starts, cues, hit_starts, hit.start, hit.end, s_start, s_end)
        if cue is None and section == "low":
            cue = "low"
        for index in (hit.skill, *matcher.implies.get(hit.skill, ())):
            if index not in first:
                first[index] = hit
                order.append(index)
            mentions[index] = mentions.get(index, 0) + 1
            cue_seen.setdefault(index, set()).add(cue)

    if not order:
        return []
    tracked = {fold(name) for name in existing if name and name.strip()}
    findings: list[Finding] = []
    for skill_index in order:
        skill = vocab.skills[skill_index]
        hit = first[skill_index]
        sentence = bisect.bisect_right(starts, hit.start) - 1
        s_start = starts[sentence]
        s_end = starts[sentence + 1] if sentence + 1 < len(starts) else len(text)
        seen = cue_seen[skill_index]
        # One emphatic mention is enough to raise the level; "a plus" lowers it only when
        # every mention says so.
        if "high" in seen:
            level = _level(skill.level, "high")
        elif seen == {"low"}:
            level = _level(skill.level, "low")
        else:
            level = skill.level
        findings.append(
            Finding(
                name=skill.name,
                category=skill.category,
                matched=re.sub(r"\s+", " ", text[hit.start : hit.end]),
                sentence=_clean_sentence(text, s_start, s_end, hit.start, hit.end),
                suggested_level=level,
                mentions=mentions[skill_index],
                already_tracked=any(fold(form) in tracked for form in skill.forms),
                must_have=not seen <= {"low", "neutral"},
            )
        )
    return findings


def skill_mentions(text: str, vocabulary: Vocabulary | None = None) -> dict[str, int]:
    """The vocabulary's skills named in ``text`` (a resume, an experience), with how often.

    The same matching as the posting scan, without reading levels or sections: a resume's
    "Skills" line is as good a mention as a sentence.
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    matcher = vocab.matcher()
    counts: dict[str, int] = {}
    for hit in _matches(unicodedata.normalize("NFC", text), matcher):
        for index in (hit.skill, *matcher.implies.get(hit.skill, ())):
            name = vocab.skills[index].name
            counts[name] = counts.get(name, 0) + 1
    return counts
