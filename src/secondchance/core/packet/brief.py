""" "Since we last spoke": a one-page brief for the recruiter or hiring manager.

What they said → what I did → the proof, for the two to four points that matter most, the
skills gained and one line of intent, in the first person and a professional tone.  It is
written from the *shareable* snapshot (see ``content.gather``), so it can only hold what
that preset may show.

The brief is plain text (an e-mail body the person can edit, copy or send); the PDF is laid
out from that text (``render/brief.py``), so what was edited is what is printed.  The text's
shape is simple enough to edit freely: paragraphs are separated by blank lines, and a
paragraph starting "1. " is a point whose lines may start with a short label ("What I
did:").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from secondchance.core.packet.data import PacketData, format_date
from secondchance.core.packet.narrative import skills_gained
from secondchance.core.packet.phrases import _, capitalised, join, quoted
from secondchance.core.packet.sections import Tone
from secondchance.core.services.ledger import Evidence, LedgerEntry, LedgerSkill

MAX_POINTS = 4
QUOTE_LIMIT = 220  # characters of what they said
TITLE_LIMIT = 90  # characters of an activity's or project's title
PROOF_LIMIT = 120

# People whose feedback weighs most: they decide.
_SOURCE_WEIGHT = {"Hiring manager": 3, "Interviewer": 3, "Recruiter": 2}
_READERS = ("Recruiter", "Hiring manager")


@dataclass(frozen=True)
class BriefText:
    subject: str
    body: str
    points: int  # how many points it chose
    left_out: int  # points that had something to show but did not fit


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return _("{text}…").format(text=text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:."))


def _said(entry: LedgerEntry) -> str:
    """Their words, up to the first full stop if that is enough."""
    text = " ".join(entry.text.split())
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if 40 <= len(first) <= QUOTE_LIMIT:
        text = first
    return _short(text, QUOTE_LIMIT)


def _done(entry: LedgerEntry) -> list[Evidence]:
    seen: set[tuple[str, int]] = set()
    result = []
    for skill in entry.skills:
        for e in skill.evidence:
            if (e.kind, e.id) not in seen and (
                e.done or (e.kind == "experience" and not e.dropped)
            ):
                seen.add((e.kind, e.id))
                result.append(e)
    return result


def _under_way(entry: LedgerEntry) -> list[Evidence]:
    return [
        e
        for skill in entry.skills
        for e in skill.evidence
        if not e.done and not e.dropped and e.kind == "activity" and e.status == "In progress"
    ]


def _weight(entry: LedgerEntry) -> tuple[int, int, int, int, int]:
    """Higher first: something finished to show, the people who decide, how important the
    skills are, how far they moved, and the newest feedback."""
    importance = max((s.importance for s in entry.skills), default=0)
    day = entry.received_on.toordinal() if entry.received_on else 0
    return (
        1 if _done(entry) else 0,
        _SOURCE_WEIGHT.get(entry.source, 1),
        importance,
        sum(1 for s in entry.skills if s.gap == 0),
        day,
    )


def choose_points(data: PacketData, limit: int = MAX_POINTS) -> tuple[list[LedgerEntry], int]:
    """The points worth telling (something done or under way), most important first, and
    how many such points did not make the cut."""
    worth = [e for e in data.ledger if _done(e) or _under_way(e)]
    worth.sort(key=_weight, reverse=True)
    return worth[:limit], max(len(worth) - limit, 0)


def _did(evidence: list[Evidence], going: list[Evidence]) -> str:
    done_titles = [quoted(_short(e.title, TITLE_LIMIT)) for e in evidence[:2]]
    if done_titles:
        return _("I completed {titles}.").format(titles=join(done_titles))
    going_titles = [quoted(_short(e.title, TITLE_LIMIT)) for e in going[:2]]
    return _("I am working through {titles}.").format(titles=join(going_titles))


def _level(s: LedgerSkill) -> str:
    from secondchance.core.packet.phrases import skill as skill_name

    if s.current_level >= s.required_level:
        text = _("{skill} is at level {now}, the level the role asks for")
    else:
        text = _("{skill} is at level {now} of the {needed} the role asks for")
    return text.format(skill=skill_name(s.name), now=s.current_level, needed=s.required_level)


def _proof(entry: LedgerEntry, evidence: list[Evidence]) -> str:
    moved = [_level(s) for s in entry.skills if s.current_level > 0][:2]
    links = [_short(e.proof, PROOF_LIMIT) for e in evidence if e.proof][:2]
    if links and moved:
        return capitalised(_("{levels}. See {links}").format(levels=join(moved), links=join(links)))
    if links:
        return _("See {links}").format(links=join(links))
    if moved:
        return capitalised(_("{levels}.").format(levels=join(moved)))
    return ""


def _reader(data: PacketData) -> str:
    for relationship in _READERS:
        for c in data.contacts:
            if c.relationship == relationship and c.name.strip():
                return c.name.split()[0]
    return ""


def _opening(data: PacketData, tone: Tone) -> list[str]:
    t = data.target
    day = data.interview_date
    reader = _reader(data)
    if tone == "formal":
        greeting = _("Dear {name},").format(name=reader) if reader else _("Dear hiring team,")
        lead = (
            _(
                "Thank you for your feedback following my interview for the {role} position "
                "on {date}. I would like to share the steps I have taken since."
            )
            if day
            else _(
                "Thank you for your feedback on my application for the {role} position. "
                "I would like to share the steps I have taken since."
            )
        )
    elif tone == "concise":
        greeting = _("Hello {name},").format(name=reader) if reader else _("Hello,")
        lead = (
            _("A short update on what I have done since my {role} interview on {date}.")
            if day
            else _("A short update on what I have done since my {role} application.")
        )
    else:
        greeting = _("Dear {name},").format(name=reader) if reader else _("Dear hiring team,")
        lead = (
            _(
                "Thank you again for the feedback after my interview for the {role} role on "
                "{date}. I took it to heart, and this is what I have done since."
            )
            if day
            else _(
                "Thank you again for the feedback on my application for the {role} role. "
                "I took it to heart, and this is what I have done since."
            )
        )
    return [greeting, lead.format(role=t.role.strip(), date=format_date(day))]


def _closing(data: PacketData, tone: Tone) -> list[str]:
    t = data.target
    eligible = t.eligible_date if t.eligible_date and t.eligible_date > data.today else None
    when = format_date(eligible) if eligible else ""
    if tone == "formal":
        intent = (
            _(
                "I intend to apply again on or after {date}, and I would welcome the "
                "opportunity to discuss my progress."
            )
            if eligible
            else _(
                "I intend to apply again, and I would welcome the opportunity to discuss "
                "my progress."
            )
        )
        sign = _("Yours sincerely,")
    elif tone == "concise":
        intent = (
            _("I plan to apply again from {date}.")
            if eligible
            else _("I plan to apply again soon.")
        )
        sign = _("Best regards,")
    else:
        intent = (
            _(
                "I would love the chance to show {company} what has changed, and I plan to "
                "apply again from {date}."
            )
            if eligible
            else _(
                "I would love the chance to show {company} what has changed, and I plan "
                "to apply again."
            )
        )
        sign = _("Kind regards,")
    name = data.person_name.strip()
    ending = f"{sign}\n{name}" if name else sign
    return [intent.format(company=t.company.strip(), date=when), ending]


def _point(number: int, entry: LedgerEntry) -> str:
    evidence = _done(entry)
    lines = [
        _("{number}. The feedback: “{said}”").format(number=number, said=_said(entry)),
        _("What I did: {did}").format(did=_did(evidence, _under_way(entry))),
    ]
    proof = _proof(entry, evidence)
    if proof:
        lines.append(_("The proof: {proof}").format(proof=proof))
    return "\n".join(lines)


def subject(data: PacketData) -> str:
    t = data.target
    return _("Since we last spoke: {role} at {company}").format(
        role=t.role.strip(), company=t.company.strip()
    )


def write_brief(data: PacketData, tone: Tone = "warm", points: int = MAX_POINTS) -> BriefText:
    """The brief as plain text, with at most ``points`` points."""
    chosen, beyond = choose_points(data, points)
    paragraphs = _opening(data, tone)
    paragraphs += [_point(n, e) for n, e in enumerate(chosen, 1)]
    if not chosen:
        paragraphs.append(
            _("I have been working through the feedback, and I would be glad to tell you more.")
        )
    gained = skills_gained(data)
    if gained:
        paragraphs.append(_("Along the way I have grown in {skills}.").format(skills=join(gained)))
    paragraphs += _closing(data, tone)
    body = "\n\n".join(p for p in paragraphs if p.strip())
    return BriefText(subject(data), body, len(chosen), beyond)


def header_line(data: PacketData) -> str:
    """The line under the brief's title: who, for which role, when."""
    t = data.target
    who = data.person_name.strip()
    role = _("{role} at {company}").format(role=t.role.strip(), company=t.company.strip())
    day = format_date(data.today)
    if who:
        return _("{name} · {role} · {date}").format(name=who, role=role, date=day)
    return _("{role} · {date}").format(role=role, date=day)
