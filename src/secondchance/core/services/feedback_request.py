"""'Draft a feedback request': a short, courteous, specific message after a rejection.

The message is composed from the target and interview round; the person copies it or opens
their own mail client through a ``mailto:`` link. Nothing is sent by the app.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import select

from secondchance.core import models as m
from secondchance.core.dates import medium_date
from secondchance.core.db import Database
from secondchance.core.services import preferences
from secondchance.core.services.kinds import kind
from secondchance.core.services.records import RecordNotFound
from secondchance.core.text import fold

__all__ = [
    "DraftMessage",
    "RequestContext",
    "Tone",
    "compose",
    "compose_all",
    "context_for_target",
    "format_date",
    "mailto_url",
    "split_names",
]

_HONORIFICS = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "miss", "sir", "dame"})
_STAGE_PHRASES = {
    "screen": "screening call",
    "technical": "technical interview",
    "onsite": "onsite interview",
    "final": "final-round interview",
}
# Separators inside a round's "interviewers" text; names themselves may contain hyphens and
# apostrophes ("Marisol Ortega-Díaz", "Siobhán O'Brien").
_NAME_SPLIT = re.compile(r"\s*(?:[,;/&\n\r]|\band\b)\s*", re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# RFC 6068 addresses: no characters that would start another header or a second address.
_ADDRESS_PART = r"[^\s@?&#%,;:<>\"()\[\]\\/=]+"
_ADDRESS = re.compile(rf"{_ADDRESS_PART}@{_ADDRESS_PART}(?:\.{_ADDRESS_PART})+")


class Tone(enum.Enum):
    warm = "Warm"
    concise = "Concise"
    formal = "Formal"

    @property
    def label(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class RequestContext:
    company: str
    role: str
    recipient_name: str | None = None
    interview_date: dt.date | None = None
    interviewer_names: tuple[str, ...] = ()
    round_stage: str | None = None
    sender_name: str | None = None
    sender_email: str | None = None


@dataclass(frozen=True)
class DraftMessage:
    tone: Tone
    subject: str
    body: str


def _line(value: str | None) -> str:
    """One tidy line: control characters and line breaks become spaces, runs collapse."""
    if not value:
        return ""
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in value)
    return " ".join(text.split())


def _phrase(value: str | None) -> str:
    """A field placed inside a sentence: no trailing full stop or comma to double up."""
    return _line(value).rstrip(" .,;:!")


def _fold(text: str) -> str:
    return " ".join(fold(text).split())


def format_date(day: dt.date) -> str:
    """The one date style ("12 Mar 2026", core/dates.py): messages read like the screen."""
    return medium_date(day)


def split_names(text: str | None) -> tuple[str, ...]:
    """Names in a round's interviewers text, without job titles in parentheses.

    "Dana Whitlock (Analytics Manager), Rafael Costa and Kenji Mori" gives three names.
    """
    if not text:
        return ()
    without_titles = _PARENTHESES.sub(" ", text)
    names: list[str] = []
    seen: set[str] = set()
    for part in _NAME_SPLIT.split(without_titles):
        name = _phrase(part).strip(" -–—()[]\"'")
        if name and _fold(name) not in seen:
            seen.add(_fold(name))
            names.append(name)
    return tuple(names)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _first_name(name: str) -> str:
    words = name.split()
    if len(words) > 1 and words[0].rstrip(".").casefold() in _HONORIFICS:
        return name  # "Dr. Priya Nair", not "Dr."
    return words[0]


@dataclass(frozen=True)
class _Parts:
    recipient: str
    company: str
    role: str
    date: str
    others: list[str]
    stage: str
    sender: str


def _parts(ctx: RequestContext) -> _Parts:
    recipient = _phrase(ctx.recipient_name)
    stage_label = _phrase(ctx.round_stage)
    stage = _STAGE_PHRASES.get(stage_label.casefold(), "")
    if not stage and stage_label and stage_label.casefold() != "other":
        stage = f"{stage_label.casefold()} interview"
    others = [
        name
        for name in (_phrase(n) for n in ctx.interviewer_names)
        if name and _fold(name) != _fold(recipient)
    ]
    return _Parts(
        recipient=recipient,
        company=_phrase(ctx.company),
        role=_phrase(ctx.role),
        date=format_date(ctx.interview_date) if ctx.interview_date else "",
        others=others,
        stage=stage,
        sender=_phrase(ctx.sender_name),
    )


def _role_phrase(p: _Parts, formal: bool) -> str:
    """'the Data Analyst role at Northwind Health', degrading gracefully when fields are blank."""
    if formal:
        text = f"the position of {p.role}" if p.role else "the position"
    else:
        text = f"the {p.role} role" if p.role else "the role"
    if p.company:
        text += f" at {p.company}"
    return text


def _when(p: _Parts) -> str:
    return f" on {p.date}" if p.date else ""


def _sign(closing: str, p: _Parts) -> str:
    return f"{closing},\n{p.sender}" if p.sender else f"{closing},"


def _subject(tone: Tone, p: _Parts) -> str:
    if tone is Tone.concise:
        return f"Feedback request: {p.role} interview" if p.role else "Feedback request"
    if tone is Tone.formal:
        subject = (
            f"Request for feedback: {p.role} application" if p.role else "Request for feedback"
        )
        return f"{subject} at {p.company}" if p.company else subject
    about = f"my {p.role} interview" if p.role else "my interview"
    return f"Thank you, and a request for feedback on {about}"


def _warm(p: _Parts) -> str:
    greeting = f"Hi {_first_name(p.recipient)}," if p.recipient else "Hello,"
    thanks = (
        f"Thank you again for the opportunity to interview for {_role_phrase(p, False)}{_when(p)}"
    )
    if p.others:
        thanks += f", and please pass on my thanks to {_join(p.others)}"
    thanks += (
        ". I enjoyed learning about the team and its work, and although I was disappointed "
        "not to be selected, I appreciated how the process was run."
    )
    answers = f"my answers in the {p.stage}" if p.stage else "my answers"
    where = p.company or "the team"
    return "\n\n".join(
        [
            greeting,
            thanks,
            "I'm keen to keep growing, and I would be grateful for any feedback you can share. "
            "In particular:\n"
            f"- What would have made {answers} stronger?\n"
            "- Which skills or experience would you most recommend I develop?",
            f"I'm still very interested in {where} and intend to apply again when the time is "
            "right, so your perspective would really help me prepare. Even a few lines would be "
            "valuable, and I understand if time is short.",
            "Thank you for your time and help.",
            _sign("Best wishes", p),
        ]
    )


def _concise(p: _Parts) -> str:
    greeting = f"Hi {_first_name(p.recipient)}," if p.recipient else "Hello,"
    answers = f"my {p.stage} answers" if p.stage else "my answers"
    again = f"apply to {p.company} again" if p.company else "apply again"
    return "\n\n".join(
        [
            greeting,
            f"Thank you for interviewing me for {_role_phrase(p, False)}{_when(p)}. Could you "
            f"share any feedback? Specifically: what would have made {answers} stronger, and "
            f"which skills should I develop most? I plan to {again} and want to be better "
            "prepared.",
            _sign("Thanks", p),
        ]
    )


def _formal(p: _Parts) -> str:
    greeting = f"Dear {p.recipient}," if p.recipient else "Hello,"
    thanks = f"Thank you for the opportunity to interview for {_role_phrase(p, True)}{_when(p)}."
    if p.others:
        thanks += f" I would also like to extend my thanks to {_join(p.others)} for their time."
    joining = f"joining {p.company}" if p.company else "joining your organisation"
    responses = f"my responses in the {p.stage}" if p.stage else "my responses"
    return "\n\n".join(
        [
            greeting,
            thanks,
            f"Although I was not selected on this occasion, I remain very interested in "
            f"{joining}, and I intend to apply again in future. To prepare as well as "
            "possible, I would be grateful for any feedback you are able to share, in "
            "particular:\n"
            f"- In which areas could {responses} have been stronger?\n"
            "- Which skills or experience would you recommend I develop before applying again?",
            "I appreciate that your time is valuable, and I would be thankful for any "
            "observations, however brief.",
            _sign("Yours sincerely", p),
        ]
    )


_BODIES = {Tone.warm: _warm, Tone.concise: _concise, Tone.formal: _formal}


def compose(ctx: RequestContext, tone: Tone) -> DraftMessage:
    p = _parts(ctx)
    return DraftMessage(tone=tone, subject=_subject(tone, p), body=_BODIES[tone](p))


def compose_all(ctx: RequestContext) -> list[DraftMessage]:
    return [compose(ctx, tone) for tone in Tone]


def _encode(text: str) -> str:
    crlf = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    return quote(crlf, safe="", encoding="utf-8")


def mailto_url(to: str | None, message: DraftMessage) -> str:
    """A ``mailto:`` link (RFC 6068) that opens the person's own mail client with the draft.

    Raises ValueError when ``to`` is not a single plain e-mail address, so that nothing
    typed into a contact's address can add headers or recipients.
    """
    address = (to or "").strip()
    if address and not _ADDRESS.fullmatch(address):
        raise ValueError(f"“{_line(address)}” doesn't look like a single e-mail address.")
    subject = _line(message.subject)
    return (
        f"mailto:{quote(address, safe='@', encoding='utf-8')}"
        f"?subject={_encode(subject)}&body={_encode(message.body)}"
    )


def context_for_target(
    db: Database, target_id: int, round_id: int | None = None, contact_id: int | None = None
) -> RequestContext:
    """What the draft needs: the target, one round (chosen, else the latest dated), the
    recipient contact if chosen, and the person's own name and e-mail."""
    with db.transaction() as session:
        target = session.get(m.Target, target_id)
        if target is None:
            raise RecordNotFound(kind("target"), target_id)
        round_: m.InterviewRound | None
        if round_id is not None:
            round_ = session.get(m.InterviewRound, round_id)
            if round_ is None or round_.target_id != target_id:
                raise RecordNotFound(kind("round"), round_id)
        else:
            round_ = session.scalars(
                select(m.InterviewRound)
                .where(m.InterviewRound.target_id == target_id)
                .order_by(
                    m.InterviewRound.date.is_(None),
                    m.InterviewRound.date.desc(),
                    m.InterviewRound.id.desc(),
                )
                .limit(1)
            ).first()
        recipient: str | None = None
        if contact_id is not None:
            contact = session.get(m.Contact, contact_id)
            if contact is None:
                raise RecordNotFound(kind("contact"), contact_id)
            recipient = contact.name
        company, role = target.company, target.role
        # Without any round, the first interview is the only date known to be right.
        interview_date = round_.date if round_ is not None else target.first_interview_date
        interviewers = split_names(round_.interviewers) if round_ is not None else ()
        stage = round_.stage.label if round_ is not None else None
    person = preferences.load(db)
    return RequestContext(
        company=company,
        role=role,
        recipient_name=recipient or None,
        interview_date=interview_date,
        interviewer_names=interviewers,
        round_stage=stage,
        sender_name=person.name or None,
        sender_email=person.email or None,
    )
