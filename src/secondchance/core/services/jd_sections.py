"""The sections of a job posting, read from its headings: what they say about the skills
mentioned under them.

A posting is laid out in sections ("What we're looking for", "Nice to have", "Compensation
and benefits"), and the heading tells how to read what follows: requirements, extras, or
not about skills at all.  A skill named under "Benefits" ("mental health days", "a learning
budget for Python courses") is no part of what the role asks for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

Section = Literal["must", "low", "skip"]

# Headings whose text is not about what the role asks for.
_SKIP = re.compile(
    r"\b(?:benefits?|compensation|perks|salary|pay\s+range|what\s+we\s+offer|we\s+offer|"
    r"why\s+(?:join|work\s+(?:here|with\s+us))|equal\s+opportunit\w*|eeo|how\s+to\s+apply)\b",
    re.IGNORECASE,
)
# Headings of extras: the skills under them are nice to have.
_LOW = re.compile(
    r"\b(?:nice[\s-]to[\s-]haves?|good[\s-]to[\s-]haves?|preferred|bonus(?:\s+points)?|"
    r"desirable|a\s+plus|pluses|extra\s+credit|even\s+better)\b",
    re.IGNORECASE,
)
# Headings of requirements and duties: what the role needs.
_MUST = re.compile(
    r"\b(?:requirements?|required|must[\s-]haves?|qualifications|essential|minimum|"
    r"what\s+(?:we(?:'|’)re|we\s+are)\s+looking\s+for|about\s+you|you\s+(?:have|bring|will\s+need)|"
    r"what\s+you(?:'|’)ll\s+(?:do|bring|need)|responsibilities|duties|skills|experience|"
    r"the\s+role|your\s+role|key\s+skills)\b",
    re.IGNORECASE,
)
_HEADING_LIMIT = 60
# "Benefits: health insurance, a pension…" on one line: the label governs its own line.
_LABEL = re.compile(r"[ \t]*([^\n:]{2,40}):[ \t]+\S")


def classify(heading: str) -> Section | None:
    """What a heading says about the skills under it (None: nothing either way)."""
    if _SKIP.search(heading):
        return "skip"
    if _LOW.search(heading):
        return "low"
    if _MUST.search(heading):
        return "must"
    return None


def heading_of(line: str) -> Section | Literal[False] | None:
    """The section a line opens, None for a heading that says nothing, False if the line is
    no heading (it belongs to the section it is in)."""
    text = line.strip().lstrip("#").strip().strip("*_").strip()
    if not text or len(text) > _HEADING_LIMIT or text[-1] in ".!?;,":
        return False
    ends_with_colon = text.endswith(":")
    section = classify(text.rstrip(":"))
    if section is None and not ends_with_colon:
        return False  # a short line of content ("SQL"), not a heading
    return section


def label_of(line: str) -> Section | None:
    """The section named by a "Label: content" line's label, if it is one we know."""
    match = _LABEL.match(line)
    if match is None:
        return None
    return classify(match.group(1))


def _looks_like_heading(line: str) -> bool:
    text = line.strip()
    return (
        0 < len(text) <= 40
        and text[-1] not in ".!?;,"
        and text[:1].isupper()
        and len(text.split()) <= 5
        and "," not in text
    )


def line_sections(
    text: str, starts: list[int], is_bullet: Callable[[int, int], bool]
) -> dict[int, Section]:
    """Sentence index → the section it sits in, for sentences governed by a heading.

    A heading opens a section that lasts until the next heading.  Under a "nice to have"
    heading only its bullets count as extras: the first line of prose after them ends it (as
    it does under any heading that says nothing).  A section that is not about skills
    (benefits, pay) goes on through prose too, until the next heading.
    """
    result: dict[int, Section] = {}
    current: Section | None = None
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        line = text[start:end]
        if not line.strip():
            continue
        at_line_start = start == 0 or text[start - 1] == "\n"
        bullet = is_bullet(start, end)
        opened = heading_of(line) if at_line_start and not bullet else False
        if opened is not False:
            current = opened
            continue
        if not bullet and at_line_start and (current != "skip" or _looks_like_heading(line)):
            # Prose ends an extras list; a heading of its own ("How we work") ends even a
            # section about pay.
            current = None
        own = label_of(line)
        section = own if own is not None else current
        if section is not None:
            result[index] = section
    return result
