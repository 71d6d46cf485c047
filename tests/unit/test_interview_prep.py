"""Interview Prep's rules: the mock draw (weighted as documented), a finished mock as one unit
of work, the question bank (and its errors by line), and questions born from feedback."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.services import field_names as F
from secondchance.core.services import mock, question_bank, questions, records
from secondchance.core.services.changes import Create, apply_changes
from secondchance.core.services.mock import Answer, AnswerSummary, Candidate, draw, weight_of
from secondchance.core.services.question_bank import BankError, parse

DAY = dt.date(2026, 3, 2)
R = m.PracticeRating


def _candidate(qid: int, text: str = "", **kw: object) -> Candidate:
    values: dict[str, object] = {
        "id": qid,
        "question": text or f"Question {qid}",
        "category": m.QuestionCategory.behavioural,
        "hint": "",
        "goal_seconds": 120,
        "due": False,
        "confidence": 5,
        "feedback_linked": False,
    }
    values.update(kw)
    return Candidate(**values)  # type: ignore[arg-type]


# --- the draw ------------------------------------------------------------------------------


def test_weights_are_as_documented() -> None:
    assert weight_of(due=False, confidence=5, feedback_linked=False) == 1.0
    assert weight_of(due=True, confidence=5, feedback_linked=False) == 3.0
    assert weight_of(due=False, confidence=1, feedback_linked=False) == 3.0
    assert weight_of(due=False, confidence=None, feedback_linked=False) == 2.0
    assert weight_of(due=False, confidence=5, feedback_linked=True) == 3.0
    assert weight_of(due=True, confidence=1, feedback_linked=True) == 7.0


def test_each_pick_is_proportional_to_weight() -> None:
    pool = [
        _candidate(1),  # weight 1
        _candidate(2, due=True),  # 3
        _candidate(3, confidence=1, feedback_linked=True),  # 5
        _candidate(4, due=True, confidence=1, feedback_linked=True),  # 7
    ]
    total = sum(c.weight for c in pool)
    runs = 8000
    first = Counter(draw(pool, 1, seed)[0].id for seed in range(runs))
    for c in pool:
        assert first[c.id] / runs == pytest.approx(c.weight / total, abs=0.02), c.id


def test_what_has_changed_is_always_asked_first() -> None:
    pool = [_candidate(i, due=True, confidence=1) for i in range(1, 12)]
    pool.append(_candidate(20, "What has CHANGED since  you last applied?"))  # weight 1
    for seed in range(200):
        picked = draw(pool, 5, seed)
        assert picked[0].id == 20
        assert len({c.id for c in picked}) == 5


def test_the_draw_is_seeded_and_never_repeats() -> None:
    pool = [_candidate(i, due=i % 2 == 0) for i in range(1, 30)]
    assert draw(pool, 5, "same") == draw(pool, 5, "same")
    assert len(draw(pool, 40, 1)) == 29
    assert len({c.id for c in draw(pool, 40, 1)}) == 29
    assert draw([], 5, 1) == []
    assert draw(pool, 0, 1) == []


def test_candidates_know_what_is_due(db: Database) -> None:
    target = records.create_record(db, "target", {"company": "A", "role": "B"}).id
    fresh = records.create_record(db, "question", {"question": "Fresh"}, target, today=DAY).id
    done = records.create_record(db, "question", {"question": "Done"}, target, today=DAY).id
    records.create_record(
        db, "practice", {"question_id": done, "practiced_on": DAY, "rating": R.easy}, today=DAY
    )
    pool = {c.id: c for c in mock.candidates(db, target, DAY)}
    assert pool[fresh].due and not pool[done].due
    assert pool[fresh].goal_seconds == 120


# --- a finished mock -------------------------------------------------------------------------


def test_a_finished_mock_is_one_unit_of_work(db: Database) -> None:
    target = records.create_record(db, "target", {"company": "A", "role": "B"}).id
    q1 = records.create_record(db, "question", {"question": "One"}, target, today=DAY).id
    q2 = records.create_record(db, "question", {"question": "Two"}, target, today=DAY).id
    changes = mock.record_mock(
        target, DAY, 2, [Answer(q1, 95, R.good), Answer(q2, 200, R.again, "lost it")]
    )
    applied = apply_changes(db, changes, today=DAY)
    assert applied.kinds >= {"mock", "practice", "question"}
    mock_row = applied.rows[0]
    assert mock_row is not None
    answers = mock.summary(db, mock_row.id)
    assert [(a.question_id, a.seconds, a.rating) for a in answers] == [
        (q1, 95, R.good),
        (q2, 200, R.again),
    ]
    assert [a.question_id for a in mock.practise_next(answers)] == [q2]
    sessions = records.list_records(db, "practice", target)
    assert {s.values[F.practice.mock_id] for s in sessions} == {mock_row.id}

    apply_changes(db, applied.inverse, today=DAY)  # one undo
    assert records.list_records(db, "practice", target) == []
    assert records.list_records(db, "mock", target) == []


def test_practise_next_names_weak_and_long_answers() -> None:
    def a(qid: int, seconds: int, rating: m.PracticeRating) -> AnswerSummary:
        return AnswerSummary(qid, f"Q{qid}", seconds, 120, rating)

    answers = [a(1, 100, R.good), a(2, 160, R.easy), a(3, 90, R.hard), a(4, 100, R.again)]
    assert [x.question_id for x in mock.practise_next(answers)] == [4, 3, 2]
    assert mock.format_seconds(125) == "2:05"
    assert mock.answer_goal(m.QuestionCategory.technical, None) == 180
    assert mock.answer_goal(m.QuestionCategory.technical, 45) == 45


# --- the bank ---------------------------------------------------------------------------------


def test_the_shipped_bank_is_complete() -> None:
    bank = question_bank.load()
    assert len(bank) >= 80
    assert all(q.hint and q.question for q in bank)
    texts = {q.question for q in bank}
    assert "What has changed since you last applied?" in texts
    assert "Why are you applying again?" in texts
    assert "What did you learn from the feedback we gave you?" in texts
    groups = question_bank.groups(bank)
    assert {"Openers", "Closers", "Motivation", "Reapplying"} <= set(groups)
    assert sum(1 for g in groups if g not in ("Openers", "Closers", "Motivation")) >= 8
    assert {q.category for q in bank} == set(m.QuestionCategory)
    assert sum(1 for q in bank if q.category is m.QuestionCategory.previous_application) >= 8


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("behavioural | Team | Just a question", "line 3: expected 4 parts"),
        ("feelings | Team | Q? | Hint", "line 3: “feelings” is not a category"),
        ("behavioural | Team |  | Hint", "line 3: the question is empty"),
        ("behavioural | Team | Q? | " + "h" * 600, "line 3: the hint is longer"),
        ("behavioural | Team | first  question? | Hint", "line 3: the same question is already"),
    ],
)
def test_a_broken_bank_names_the_line(line: str, message: str) -> None:
    text = "# comment\nbehavioural | Team | First question? | Hint\n" + line + "\n"
    with pytest.raises(BankError, match=message):
        parse(text)


def test_a_bank_that_is_not_text_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bank.txt"
    path.write_bytes(b"behavioural | T | Q? | H\n\xff\xfe broken\n")
    with pytest.raises(BankError, match="line 2: not valid UTF-8"):
        question_bank.load(path)
    with pytest.raises(BankError, match="can't be read"):
        question_bank.load(tmp_path / "missing.txt")
    path.write_text("# only comments\n", encoding="utf-8")
    with pytest.raises(BankError, match="holds no questions"):
        question_bank.load(path)


def test_bank_questions_are_added_once_with_their_hint(db: Database) -> None:
    target = records.create_record(db, "target", {"company": "A", "role": "B"}).id
    records.create_record(db, "question", {"question": "why are you applying AGAIN?"}, target)
    bank = question_bank.load()
    picked = [q for q in bank if q.group == "Reapplying"][:3]
    changes = questions.from_bank(db, target, picked + picked)
    assert [c.values[F.question.question] for c in changes] == [
        q.question for q in picked if q.question != "Why are you applying again?"
    ]
    apply_changes(db, changes)
    rows = records.list_records(db, "question", target)
    assert {r.values[F.question.hint] for r in rows} >= {q.hint for q in picked[:1]}
    assert questions.from_bank(db, target, picked) == []


# --- from feedback -------------------------------------------------------------------------


def test_feedback_becomes_a_linked_question_once(db: Database) -> None:
    target = records.create_record(db, "target", {"company": "A", "role": "B"}).id
    skill = records.create_record(db, "skill", {"name": "SQL"}, target).id
    feedback = records.create_record(
        db,
        "feedback",
        {
            "text": "Your SQL was <slow>\n& long — 🐢",
            "theme": m.FeedbackTheme.technical,
            "skills": [skill],
            "response": "Course done",
        },
        target,
    ).id
    change = questions.from_feedback(db, feedback)
    assert isinstance(change, Create)
    values = change.values
    assert values[F.question.feedback_id] == feedback
    assert values[F.question.skills] == [skill]
    assert values[F.question.category] is m.QuestionCategory.technical
    assert "“Your SQL was <slow> & long — 🐢”" in values[F.question.question]
    assert values[F.question.action] == "Draft from my plan: Course done"
    created = apply_changes(db, [change]).rows[0]
    assert created is not None
    assert created.display[F.question.feedback_id].startswith("Your SQL was")
    assert questions.from_feedback(db, feedback) == created.id


def test_long_feedback_is_quoted_short(db: Database) -> None:
    text = questions.feedback_question("word " * 200)
    assert len(text) < 260 and "…" in text


# --- the sample ----------------------------------------------------------------------------


def test_the_sample_has_fsrs_history_and_a_mock(db: Database) -> None:
    target = add_sample_target(db, DAY)
    with db.transaction() as session:
        from sqlalchemy import select

        scheduled = session.scalars(
            select(m.Question).where(
                m.Question.target_id == target, m.Question.practice_state.is_not(None)
            )
        ).all()
        mocks = session.scalars(
            select(m.MockInterview).where(m.MockInterview.target_id == target)
        ).all()
        linked = session.scalars(
            select(m.Question.id).where(
                m.Question.target_id == target, m.Question.feedback_id.is_not(None)
            )
        ).all()
    assert len(scheduled) >= 4
    assert all(
        q.practice_due is not None and q.practice_due > DAY - dt.timedelta(30) for q in scheduled
    )
    [one] = mocks
    answers = mock.summary(db, one.id)
    assert len(answers) == one.planned == 4
    assert mock.practise_next(answers)  # the sample shows what to practise next
    assert len(linked) >= 4


# --- the packet's interview section ------------------------------------------------------


def test_packet_groups_answers_by_the_feedback_they_answer(db: Database, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from secondchance.core.packet import PacketOptions, Preset, build_packet
    from secondchance.core.packet.content import gather

    target = add_sample_target(db, DAY)
    data = gather(db, target, Preset.personal, DAY)
    groups = [q.feedback for q in data.questions]
    linked = [g for g in groups if g]
    assert linked and groups[: len(linked)] == linked  # the answers to feedback come first
    # Each feedback item's answers sit together.
    runs = [g for i, g in enumerate(linked) if i == 0 or linked[i - 1] != g]
    assert len(runs) == len(set(linked))

    out = tmp_path / "packet.pdf"
    build_packet(db, target, PacketOptions(preset=Preset.personal, sections=("interview",)), out)
    text = " ".join((page.extract_text() or "") for page in PdfReader(out).pages)
    assert "Answering the feedback" in " ".join(text.split())


# --- the confidence trend ------------------------------------------------------------------


def test_confidence_trend_is_the_weekly_mean_self_rating(db: Database) -> None:
    from secondchance.core.services import confidence

    monday = dt.date(2026, 3, 2)
    sessions = [
        (monday, R.again),  # 1
        (monday + dt.timedelta(days=6), R.good),  # 3, same week (Sunday)
        (monday + dt.timedelta(days=14), R.easy),  # 4
        (monday - dt.timedelta(weeks=20), R.easy),  # too old to show
    ]
    weeks = confidence.weekly(sessions, monday + dt.timedelta(days=15), weeks=3)
    assert [(w.start, w.mean, w.sessions) for w in weeks] == [
        (monday, 2.0, 2),
        (monday + dt.timedelta(weeks=1), None, 0),
        (monday + dt.timedelta(weeks=2), 4.0, 1),
    ]
    target = add_sample_target(db, DAY)
    trend = confidence.confidence_trend(db, target, DAY)
    assert len(trend) == confidence.WEEKS_SHOWN
    assert sum(w.sessions for w in trend) == 14


# --- the workspace file ----------------------------------------------------------------------


def test_a_version_2_export_still_imports(db: Database) -> None:
    from secondchance.core.interop.workspace import FORMAT_NAME, export_workspace, import_workspace

    older = {
        "format": FORMAT_NAME,
        "version": 2,
        "tables": {
            "target": [{"id": 1, "company": "Acme", "role": "Analyst"}],
            "question": [{"id": 4, "target_id": 1, "question": "Why us?", "confidence": 3}],
            "practice_session": [{"id": 2, "question_id": 4, "rating": "hard"}],
        },
        "attachments": {},
    }
    summary = import_workspace(db, older)
    assert summary.counts["question"] == 1 and summary.counts["practice_session"] == 1
    document = export_workspace(db)
    [question] = document["tables"]["question"]
    assert question["feedback_id"] is None and question["target_seconds"] is None
    assert document["tables"]["mock_interview"] == []
