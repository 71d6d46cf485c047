"""The packet's sections, the two presets and the options a person chooses.

``SECTIONS`` is the one list of sections: the renderer lays out ``render/sections/<key>.py``
for each key, the export dialog shows a box per entry, the command line's ``--sections``
help and checks use the keys, and a test holds README's list to it.  Keys are stable;
titles are what the PDF and the export dialog show.

Loads nothing heavy, so the command line can describe ``--sections`` at start-up.
"""

from __future__ import annotations

import datetime as dt
import enum
import locale
import os
from dataclasses import dataclass
from typing import Literal

Paper = Literal["a4", "letter"]
Tone = Literal["warm", "concise", "formal"]
TONES: tuple[Tone, ...] = ("warm", "concise", "formal")
TONE_LABELS: dict[Tone, str] = {"warm": "Warm", "concise": "Concise", "formal": "Formal"}
PAPERS: tuple[Paper, ...] = ("a4", "letter")
PAPER_LABELS: dict[Paper, str] = {"a4": "A4", "letter": "US Letter"}


class PacketError(Exception):
    """Something a person can act on went wrong (the message says what and what to do)."""


class Preset(enum.Enum):
    personal = "Personal prep"
    shareable = "Shareable"

    @property
    def label(self) -> str:
        return str(self.value)

    @property
    def description(self) -> str:
        if self is Preset.personal:
            return "Everything, for you to read before the interview."
        return (
            "For a recruiter or hiring manager: opens with a one-page brief, and leaves out "
            "readiness, what is still open, private notes, your plans and change notes, "
            "contacts' details, the self-assessment and the journal."
        )


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    description: str
    # The record kinds it shows (the target's own fields aside).
    kinds: tuple[str, ...] = ()
    # Notes the person writes to themselves (coaching, readiness): never shared.
    personal: bool = False
    # Which presets include it unless the person unticks it.
    in_personal: bool = True
    in_shareable: bool = True

    @property
    def personal_only(self) -> bool:
        """Never in the shareable packet: declared personal, or showing only kinds that
        kinds.py declares private."""
        if self.personal:
            return True
        # Imported here: the kinds bring the database layer, which start-up does without.
        from secondchance.core.services.kinds import kind

        return bool(self.kinds) and all(kind(name).private for name in self.kinds)


SECTIONS: tuple[Section, ...] = (
    Section(
        "brief",
        "Since we last spoke",
        "A one-page letter: what they said, what I did, the proof",
        ("feedback", "skill", "activity", "experience"),
        in_personal=False,
    ),
    Section(
        "cover",
        "Cover",
        "Your name, the company and role, and the key dates",
        ("round",),
    ),
    Section(
        "summary",
        "Growth summary",
        "What you have done since the interview, in a paragraph",
        ("round",),
    ),
    Section(
        "notes",
        "Notes to myself",
        "Readiness and what is still open, in a coach's words",
        personal=True,
    ),
    Section(
        "ledger",
        "Feedback → action → evidence",
        "Each piece of feedback and what you did",
        ("feedback", "skill", "activity", "experience"),
    ),
    Section("skills", "Skills before and after", "Levels then and now, with a chart", ("skill",)),
    Section(
        "plan",
        "Development plan",
        "Courses, practice, mentoring and certifications",
        ("activity",),
    ),
    Section(
        "experience",
        "Experience highlights",
        "Projects and their measurable outcomes",
        ("experience",),
    ),
    Section(
        "network",
        "Network summary",
        "People you met and events you took part in",
        ("contact", "interaction", "event"),
    ),
    Section(
        "resume",
        "Resume and portfolio",
        "Resume versions, portfolio, an attached PDF resume",
        ("resume", "portfolio"),
    ),
    Section("cover_letter", "Cover letter", "Your latest cover letter", ("cover_letter",)),
    Section(
        "interview",
        "Interview preparation",
        "Questions with STAR answers",
        ("question", "practice"),
    ),
    Section(
        "self_assessment",
        "Self-assessment appendix",
        "Your interview debrief, competency ratings and journal",
        ("reflection", "competency", "journal"),
    ),
    Section(
        "appendix",
        "Appendix: everything else",
        "The items each section left out to stay short, listed briefly",
        in_personal=False,
        in_shareable=False,
    ),
)
SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS)
_BY_KEY = {s.key: s for s in SECTIONS}


def section(key: str) -> Section:
    return _BY_KEY[key]


def preset_sections(preset: Preset) -> tuple[str, ...]:
    """The sections a preset includes by default."""
    if preset is Preset.personal:
        return tuple(s.key for s in SECTIONS if s.in_personal)
    return tuple(s.key for s in SECTIONS if s.in_shareable and not s.personal_only)


def allowed_sections(preset: Preset) -> tuple[str, ...]:
    """The sections a person may tick with this preset."""
    if preset is Preset.personal:
        return SECTION_KEYS
    return tuple(s.key for s in SECTIONS if not s.personal_only)


def parse_sections(text: str, preset: Preset) -> tuple[str, ...]:
    """``"cover,ledger"`` → ``("cover", "ledger")`` in document order, or a PacketError."""
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    if not wanted:
        raise PacketError(f"Name at least one section: {', '.join(SECTION_KEYS)}.")
    unknown = [key for key in wanted if key not in _BY_KEY]
    if unknown:
        raise PacketError(
            f"Unknown section{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            f"Choose from: {', '.join(SECTION_KEYS)}."
        )
    return normalise_sections(wanted, preset)


def normalise_sections(keys: list[str] | tuple[str, ...], preset: Preset) -> tuple[str, ...]:
    private = [key for key in keys if key not in allowed_sections(preset)]
    if private:
        raise PacketError(
            f"The shareable packet never includes: {', '.join(private)}. "
            "Choose the personal preset to include it."
        )
    chosen = set(keys)
    return tuple(key for key in SECTION_KEYS if key in chosen)


# Countries that use US Letter (CLDR's paper-size data).
LETTER_COUNTRIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "CR", "GT", "PA", "PR", "SV", "VE", "BZ", "DO", "NI"}
)


def paper_for_locale(name: str | None) -> Paper:
    """``"en_US.UTF-8"`` → letter, ``"de_DE"`` → a4; unknown → a4."""
    if not name:
        return "a4"
    base = name.split(".")[0].split("@")[0].replace("-", "_")
    parts = base.split("_")
    country = parts[-1].upper() if len(parts) > 1 else ""
    return "letter" if country in LETTER_COUNTRIES else "a4"


def default_paper() -> Paper:
    """The paper size of this computer's locale (for the command line; the window asks Qt)."""
    for variable in ("LC_ALL", "LC_PAPER", "LANG"):
        value = os.environ.get(variable)
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return paper_for_locale(value)
    try:
        name = locale.getlocale()[0]
    except ValueError:
        name = None
    return paper_for_locale(name)


@dataclass(frozen=True)
class PacketOptions:
    preset: Preset = Preset.personal
    # None: every section the preset includes.
    sections: tuple[str, ...] | None = None
    paper: Paper = "a4"
    # The growth summary as the person edited it; None: the generated text.
    summary_text: str | None = None
    # The one-page brief as the person edited it (plain text); None: the generated text.
    brief_text: str | None = None
    tone: Tone = "warm"
    today: dt.date | None = None

    def chosen_sections(self) -> tuple[str, ...]:
        if self.sections is None:
            return preset_sections(self.preset)
        return normalise_sections(self.sections, self.preset)
