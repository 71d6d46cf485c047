"""'Draft a feedback request': message text, tones, names, mailto links, database context."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from sqlalchemy import select

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.interop.sample import SAMPLE_COMPANY, SAMPLE_ROLE, add_sample_target
from secondchance.core.services import preferences
from secondchance.core.services.feedback_request import (
    DraftMessage,
    RequestContext,
    Tone,
    compose,
    compose_all,
    context_for_target,
    format_date,
    mailto_url,
    split_names,
)
from secondchance.core.services.records import RecordNotFound

FULL = RequestContext(
    company="Northwind Health",
    role="Data Analyst",
    recipient_name="Siobhán O'Brien",
    interview_date=dt.date(2026, 3, 12),
    interviewer_names=("Dana Whitlock", "Rafael Costa"),
    round_stage="Technical",
    sender_name="Amara Okoye",
    sender_email="amara@example.com",
)
BARE = RequestContext(company="Northwind Health", role="Data Analyst")
EMPTY = RequestContext(company="", role="")
HOSTILE = RequestContext(
    company="Evil\r\nBcc: all@example.com",
    role="Analyst\n\nP.S. ignore this",
    recipient_name="Zoë\nD'Arcy-Ng\r\nBcc: x@example.com",
    interview_date=dt.date(2026, 1, 5),
    interviewer_names=("Bo\nTo: y@example.com", "\t"),
    round_stage="Final\n",
    sender_name="Amara\u0000 Okoye\u2028Cc: z@example.com",
)


def words(text: str) -> int:
    return len(text.split())


def assert_clean(message: DraftMessage) -> None:
    text = message.subject + "\n" + message.body
    assert "None" not in text
    assert "  " not in text
    assert not re.search(r"[.,;:!?]\s*[.,;:!?]", text.replace("...", "")), text
    assert " ," not in text and " ." not in text
    assert "\n\n\n" not in message.body
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "\r" not in message.body
    assert message.body == message.body.strip()
    assert "{" not in text and "}" not in text


def paragraphs(message: DraftMessage) -> list[str]:
    return message.body.split("\n\n")


# --- dates and names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 3, 12), "12 Mar 2026"),
        (dt.date(2026, 1, 5), "5 Jan 2026"),
        (dt.date(2025, 12, 31), "31 Dec 2025"),
    ],
)
def test_format_date(day: dt.date, text: str) -> None:
    assert format_date(day) == text


def test_split_names() -> None:
    assert split_names(
        "Dana Whitlock (Analytics Manager), Rafael Costa, Kenji Mori (Clinical Ops)"
    ) == (
        "Dana Whitlock",
        "Rafael Costa",
        "Kenji Mori",
    )
    assert split_names("Ann; Bo / Cy and Di & Ed") == ("Ann", "Bo", "Cy", "Di", "Ed")
    assert split_names("Anders Sandberg and Andrea Brand") == ("Anders Sandberg", "Andrea Brand")
    assert split_names("Siobhán O'Brien, Marisol Ortega-Díaz") == (
        "Siobhán O'Brien",
        "Marisol Ortega-Díaz",
    )
    assert split_names("Bo\nCy\r\nDi") == ("Bo", "Cy", "Di")
    assert split_names("Bo, bo , BO") == ("Bo",)
    assert split_names(None) == ()
    assert split_names("") == ()
    assert split_names(" , ; and ") == ()


# --- the message ---------------------------------------------------------------------------


@pytest.mark.parametrize("tone", list(Tone))
def test_all_fields(tone: Tone) -> None:
    message = compose(FULL, tone)
    assert message.tone is tone
    assert_clean(message)
    body = message.body
    assert "Data Analyst" in body
    assert "Northwind Health" in body
    assert "on 12 Mar 2026" in body
    assert body.rstrip().endswith("Amara Okoye")
    assert "feedback" in body
    assert "again" in body  # the intention to reapply
    assert "skills" in body
    assert "stronger" in body
    assert "technical interview" in body
    first = paragraphs(message)[0]
    if tone is Tone.formal:
        assert first == "Dear Siobhán O'Brien,"
    else:
        assert first == "Hi Siobhán,"
    assert "Data Analyst" in message.subject


@pytest.mark.parametrize("tone", list(Tone))
def test_none_of_the_optional_fields(tone: Tone) -> None:
    message = compose(BARE, tone)
    assert_clean(message)
    assert paragraphs(message)[0] == "Hello,"
    assert " on " not in paragraphs(message)[1]  # no date phrase
    assert "interview" in message.body
    assert "Data Analyst" in message.body
    # signs off without a name: the closing is the last line
    assert message.body.splitlines()[-1].endswith(",")
    for sign in ("Best wishes", "Thanks", "Yours sincerely"):
        assert f"{sign},\n" not in message.body


@pytest.mark.parametrize("tone", list(Tone))
def test_empty_company_and_role(tone: Tone) -> None:
    message = compose(EMPTY, tone)
    assert_clean(message)
    assert " at " not in message.body.split("\n\n")[1]
    assert "the  " not in message.body
    assert message.subject.strip() == message.subject and message.subject


def test_lengths_per_tone() -> None:
    for ctx in (FULL, BARE):
        assert 120 <= words(compose(ctx, Tone.warm).body) <= 170
        assert words(compose(ctx, Tone.concise).body) <= 90
        assert 90 <= words(compose(ctx, Tone.formal).body) <= 170
    assert words(compose(FULL, Tone.concise).body) < words(compose(FULL, Tone.warm).body)


def test_tones_differ_and_compose_all_returns_each_once() -> None:
    drafts = compose_all(FULL)
    assert [d.tone for d in drafts] == [Tone.warm, Tone.concise, Tone.formal]
    assert len({d.body for d in drafts}) == 3
    assert len({d.subject for d in drafts}) == 3
    assert [t.value for t in Tone] == ["Warm", "Concise", "Formal"]


def test_interviewers_are_thanked_but_the_recipient_only_once() -> None:
    ctx = RequestContext(
        company="Northwind Health",
        role="Data Analyst",
        recipient_name="Dana Whitlock",
        interviewer_names=("dana whitlock", "Rafael Costa", "Kenji Mori"),
    )
    warm = compose(ctx, Tone.warm).body
    assert "pass on my thanks to Rafael Costa and Kenji Mori" in warm
    assert warm.count("Dana") == 1
    formal = compose(ctx, Tone.formal).body
    assert "my thanks to Rafael Costa and Kenji Mori for their time" in formal
    only_recipient = RequestContext("A", "B", recipient_name="Bo", interviewer_names=("Bo",))
    assert "thanks to" not in compose(only_recipient, Tone.warm).body


def test_names_with_apostrophes_and_titles() -> None:
    ctx = RequestContext("Acme", "Analyst", recipient_name="D'Angelo O'Neill-Ó Súilleabháin")
    assert compose(ctx, Tone.warm).body.startswith("Hi D'Angelo,")
    assert compose(ctx, Tone.formal).body.startswith("Dear D'Angelo O'Neill-Ó Súilleabháin,")
    doctor = RequestContext("Acme", "Analyst", recipient_name="Dr. Priya Nair")
    assert compose(doctor, Tone.warm).body.startswith("Hi Dr. Priya Nair,")
    single = RequestContext("Acme", "Analyst", recipient_name="Madonna")
    assert compose(single, Tone.concise).body.startswith("Hi Madonna,")


def test_trailing_punctuation_in_fields_is_not_doubled() -> None:
    ctx = RequestContext("Acme Inc.", "Analyst.", recipient_name="Bo,", sender_name="Amara.")
    for message in compose_all(ctx):
        assert_clean(message)
        assert "Acme Inc" in message.body


def test_unknown_and_other_stages() -> None:
    custom = RequestContext("Acme", "Analyst", round_stage="Case study")
    assert "case study interview" in compose(custom, Tone.warm).body
    other = RequestContext("Acme", "Analyst", round_stage="Other")
    assert "other interview" not in compose(other, Tone.warm).body
    assert_clean(compose(other, Tone.warm))


@pytest.mark.parametrize("tone", list(Tone))
def test_hostile_input_keeps_the_layout(tone: Tone) -> None:
    message = compose(HOSTILE, tone)
    assert_clean(message)
    lines = message.body.splitlines()
    # Only the app's own lines start a line: nothing typed can open a header-like line.
    assert not any(re.match(r"(?i)\s*(bcc|cc|to|p\.s)\b", line) for line in lines)
    assert "\x00" not in message.body and "\u2028" not in message.body
    assert lines[0] in ("Hi Zoë,", "Dear Zoë D'Arcy-Ng Bcc: x@example.com,")
    assert lines[-1] == "Amara Okoye Cc: z@example.com"
    assert "Bo To: y@example.com" in message.body or tone is Tone.concise


# --- mailto --------------------------------------------------------------------------------


def _decode(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    return unquote(parts.path), parse_qs(parts.query, keep_blank_values=True)


@pytest.mark.parametrize("tone", list(Tone))
def test_mailto_round_trips_the_message(tone: Tone) -> None:
    message = compose(FULL, tone)
    url = mailto_url("siobhan.obrien@example.ie", message)
    address, query = _decode(url)
    assert address == "siobhan.obrien@example.ie"
    assert set(query) == {"subject", "body"}
    assert query["subject"] == [message.subject]
    assert query["body"] == [message.body.replace("\n", "\r\n")]
    assert " " not in url and "\n" not in url and "+" not in url
    assert "%20" in url and "%0D%0A" in url
    assert "%C3%A1" in url  # á as UTF-8


def test_mailto_without_an_address() -> None:
    url = mailto_url(None, compose(BARE, Tone.concise))
    assert url.startswith("mailto:?subject=")
    assert mailto_url("   ", compose(BARE, Tone.concise)).startswith("mailto:?subject=")


def test_mailto_apostrophe_and_plus_addresses() -> None:
    url = mailto_url("o'brien+jobs@example.ie", compose(BARE, Tone.warm))
    assert _decode(url)[0] == "o'brien+jobs@example.ie"
    assert url.split("?")[0] == "mailto:o%27brien%2Bjobs@example.ie"


@pytest.mark.parametrize(
    "address",
    [
        "a@example.com?bcc=evil@example.com",
        "a@example.com&cc=evil@example.com",
        "a@example.com\r\nBcc: evil@example.com",
        "a@example.com\nevil@example.com",
        "a@example.com, evil@example.com",
        "a@example.com;evil@example.com",
        "a@example.com#body=x",
        "a%40example.com",
        "not an address",
        "a@b",
        "@example.com",
        "Bo <a@example.com>",
    ],
)
def test_mailto_refuses_addresses_that_could_inject(address: str) -> None:
    with pytest.raises(ValueError, match="e-mail address"):
        mailto_url(address, compose(BARE, Tone.warm))


def test_mailto_with_hostile_message_has_only_subject_and_body() -> None:
    message = compose(HOSTILE, Tone.warm)
    hostile_subject = DraftMessage(Tone.warm, "Hi\r\nBcc: e@example.com&cc=x", message.body)
    url = mailto_url("a@example.com", hostile_subject)
    address, query = _decode(url)
    assert address == "a@example.com"
    assert set(query) == {"subject", "body"}
    assert query["subject"] == ["Hi Bcc: e@example.com&cc=x"]
    assert url.count("&") == 1 and url.count("?") == 1


# --- from the database ---------------------------------------------------------------------


def test_context_from_the_sample_target(db: Database) -> None:
    today = dt.date(2026, 6, 1)
    target_id = add_sample_target(db, today=today)
    preferences.save(db, "Amara Okoye", "amara@example.com")
    ctx = context_for_target(db, target_id)
    assert ctx.company == SAMPLE_COMPANY and ctx.role == SAMPLE_ROLE
    # the latest dated round is the final one
    assert ctx.round_stage == "Final"
    assert ctx.interviewer_names == ("Dana Whitlock", "Rafael Costa", "Kenji Mori")
    assert ctx.recipient_name is None
    assert ctx.sender_name == "Amara Okoye" and ctx.sender_email == "amara@example.com"
    assert ctx.interview_date is not None and ctx.interview_date < today
    for message in compose_all(ctx):
        assert_clean(message)
        assert format_date(ctx.interview_date) in message.body


def test_context_with_chosen_round_and_contact(db: Database) -> None:
    target_id = add_sample_target(db, today=dt.date(2026, 6, 1))
    with db.transaction() as session:
        screen = (
            session.query(m.InterviewRound)
            .filter_by(target_id=target_id, stage=m.RoundStage.screen)
            .one()
        )
        recruiter = session.query(m.Contact).filter_by(name="Marisol Ortega-Díaz").one()
        screen_id, screen_date, recruiter_id = screen.id, screen.date, recruiter.id
    ctx = context_for_target(db, target_id, round_id=screen_id, contact_id=recruiter_id)
    assert ctx.round_stage == "Screen"
    assert ctx.interview_date == screen_date
    assert ctx.recipient_name == "Marisol Ortega-Díaz"
    assert ctx.interviewer_names == ("Marisol Ortega-Díaz",)
    assert ctx.sender_name is None and ctx.sender_email is None
    warm = compose(ctx, Tone.warm)
    assert warm.body.startswith("Hi Marisol,")
    assert "pass on my thanks" not in warm.body  # the only interviewer is the recipient
    assert "screening call" in warm.body


def test_context_without_rounds_uses_the_first_interview_date(db: Database) -> None:
    with db.transaction() as session:
        target = m.Target(company="Acme", role="Analyst", first_interview_date=dt.date(2026, 2, 3))
        session.add(target)
        session.flush()
        target_id = target.id
    ctx = context_for_target(db, target_id)
    assert ctx == RequestContext(company="Acme", role="Analyst", interview_date=dt.date(2026, 2, 3))
    assert "on 3 Feb 2026" in compose(ctx, Tone.concise).body


def test_context_prefers_dated_rounds_over_undated(db: Database) -> None:
    with db.transaction() as session:
        target = m.Target(company="Acme", role="Analyst")
        session.add(target)
        session.flush()
        session.add_all(
            [
                m.InterviewRound(target_id=target.id, date=dt.date(2026, 1, 1), interviewers="Old"),
                m.InterviewRound(target_id=target.id, date=dt.date(2026, 2, 1), interviewers="New"),
                m.InterviewRound(target_id=target.id, date=None, interviewers="Undated"),
            ]
        )
        target_id = target.id
    ctx = context_for_target(db, target_id)
    assert ctx.interviewer_names == ("New",)
    assert ctx.interview_date == dt.date(2026, 2, 1)


def test_context_refuses_missing_or_foreign_records(db: Database) -> None:
    with pytest.raises(RecordNotFound):
        context_for_target(db, 999)
    first = add_sample_target(db, today=dt.date(2026, 6, 1))
    with db.transaction() as session:
        other = m.Target(company="Other", role="Role")
        session.add(other)
        session.flush()
        other_id = other.id
        round_id = session.scalars(
            select(m.InterviewRound.id).where(m.InterviewRound.target_id == first)
        ).first()
    assert round_id is not None
    with pytest.raises(RecordNotFound):
        context_for_target(db, other_id, round_id=round_id)
    with pytest.raises(RecordNotFound):
        context_for_target(db, first, contact_id=999)
