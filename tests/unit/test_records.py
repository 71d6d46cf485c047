"""The generic record service, over every kind of record the app edits."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.services import records
from secondchance.core.services.fields import FieldSpec, ValidationError
from secondchance.core.services.fields import FieldType as T
from secondchance.core.services.kinds import KINDS, RecordKind
from secondchance.core.services.records import RecordNotFound, RecordRow

TODAY = dt.date(2026, 3, 31)
DAY = dt.date(2026, 3, 12)
ALL_KINDS = sorted(KINDS)
# Fields a kind's own rule fills in when a new record leaves them empty (kind_rules.py):
# a new question is due at once, a session or a mock logged without a day was today.
FILLED_ON_CREATE = {
    ("question", "practice_due"): TODAY,
    ("practice", "practiced_on"): TODAY,
    ("mock", "held_on"): TODAY,
}
OWNED_KINDS = sorted(name for name, k in KINDS.items() if k.scope == "target")


# --- databases --------------------------------------------------------------------------


def new_target(db: Database, company: str = "Northwind", role: str = "Analyst") -> int:
    return records.create_record(db, "target", {"company": company, "role": role}).id


# --- minimal valid records --------------------------------------------------------------


def required_value(db: Database, spec: FieldSpec, target_id: int) -> Any:
    """A valid value for a required field, chosen by its type (not by its default)."""
    if spec.type in (T.TEXT, T.MULTILINE):
        return f"{spec.label} (required)"
    if spec.type is T.ENUM:
        assert spec.enum is not None
        return list(spec.enum)[-1]
    if spec.type in (T.RATING, T.INTEGER, T.NUMBER):
        assert spec.maximum is not None
        return int(spec.maximum)
    if spec.type is T.DATE:
        return DAY
    if spec.type is T.URL:
        return "https://example.com/required"
    if spec.type is T.EMAIL:
        return "required@example.com"
    if spec.type is T.BOOL:
        return True
    if spec.type is T.REFERENCE:
        assert spec.ref_kind is not None
        return create_minimal(db, spec.ref_kind, target_id).id
    if spec.type is T.LINKS:
        return []
    raise AssertionError(f"no sample value for {spec.type}")


def minimal_values(db: Database, k: RecordKind, target_id: int) -> dict[str, Any]:
    return {
        spec.name: required_value(db, spec, target_id)
        for spec in k.editable_fields
        if spec.required
    }


def create_minimal(db: Database, kind_name: str, target_id: int) -> RecordRow:
    k = KINDS[kind_name]
    values = minimal_values(db, k, target_id)
    scope_target = target_id if k.scope == "target" else None
    return records.create_record(db, kind_name, values, target_id=scope_target, today=TODAY)


def list_for(db: Database, kind_name: str, target_id: int | None) -> list[RecordRow]:
    k = KINDS[kind_name]
    return records.list_records(db, kind_name, target_id if k.scope != "root" else None)


def a_text_field(k: RecordKind) -> FieldSpec:
    return next(s for s in k.editable_fields if s.type in (T.TEXT, T.MULTILINE))


# --- every kind: create, get, list, update, delete ---------------------------------------


@pytest.mark.parametrize("kind_name", ALL_KINDS)
def test_create_with_minimal_values_then_get_and_list(db: Database, kind_name: str) -> None:
    k = KINDS[kind_name]
    target_id = new_target(db)
    values = minimal_values(db, k, target_id)

    row = create_minimal(db, kind_name, target_id) if not values else None
    if row is None:
        scope_target = target_id if k.scope == "target" else None
        row = records.create_record(db, kind_name, values, target_id=scope_target, today=TODAY)

    assert row.kind == kind_name
    assert isinstance(row.id, int)
    for name, value in values.items():
        assert row.values[name] == value, name
    for spec in k.editable_fields:
        if spec.name in values:
            continue
        expected = [] if spec.type is T.LINKS else spec.default
        if spec.type is T.BOOL:
            expected = bool(spec.default)
        expected = FILLED_ON_CREATE.get((kind_name, spec.name), expected)
        assert row.values[spec.name] == expected, spec.name
    assert set(row.display) == {s.name for s in k.fields}
    assert isinstance(row.title, str) and row.title
    assert row.search_text == row.search_text.casefold()

    assert records.get_record(db, kind_name, row.id) == row
    assert row in list_for(db, kind_name, target_id)


@pytest.mark.parametrize("kind_name", ALL_KINDS)
def test_required_fields_left_empty_are_all_named(db: Database, kind_name: str) -> None:
    k = KINDS[kind_name]
    target_id = new_target(db)
    required = {s.name: s for s in k.editable_fields if s.required}
    assert required, f"{kind_name} has no required field"
    before = list_for(db, kind_name, target_id)

    with pytest.raises(ValidationError) as info:
        records.create_record(
            db, kind_name, dict.fromkeys(required, None), target_id=target_id, today=TODAY
        )

    assert info.value.errors == {name: f"{s.label} is needed" for name, s in required.items()}
    assert list_for(db, kind_name, target_id) == before


@pytest.mark.parametrize("kind_name", ALL_KINDS)
def test_defaults_fill_required_choices_and_ratings(db: Database, kind_name: str) -> None:
    k = KINDS[kind_name]
    target_id = new_target(db)
    without_default = {s.name for s in k.editable_fields if s.required and s.default is None}
    scope_target = target_id if k.scope == "target" else None

    if not without_default:  # e.g. a competency rating: every choice has a default
        row = records.create_record(db, kind_name, {}, target_id=scope_target)
        assert all(row.values[s.name] == s.default for s in k.editable_fields if s.required)
        return
    with pytest.raises(ValidationError) as info:
        records.create_record(db, kind_name, {}, target_id=scope_target)

    assert set(info.value.errors) == without_default


@pytest.mark.parametrize("kind_name", ALL_KINDS)
def test_update_changes_only_what_was_given(db: Database, kind_name: str) -> None:
    k = KINDS[kind_name]
    target_id = new_target(db)
    row = create_minimal(db, kind_name, target_id)
    spec = a_text_field(k)

    updated = records.update_record(db, kind_name, row.id, {spec.name: "Changed ✓"}, today=TODAY)

    assert updated.values[spec.name] == "Changed ✓"
    assert updated.display[spec.name] == "Changed ✓"
    assert {n: v for n, v in updated.values.items() if n != spec.name} == {
        n: v for n, v in row.values.items() if n != spec.name
    }
    assert records.get_record(db, kind_name, row.id) == updated


@pytest.mark.parametrize("kind_name", ALL_KINDS)
def test_update_without_changes_returns_the_record_as_is(db: Database, kind_name: str) -> None:
    target_id = new_target(db)
    row = create_minimal(db, kind_name, target_id)

    assert records.update_record(db, kind_name, row.id, {}, today=TODAY) == row
    same = {name: row.values[name] for name in minimal_values(db, KINDS[kind_name], target_id)}
    same.pop("contact_id", None)  # a fresh parent would be a real change
    same.pop("question_id", None)
    assert records.update_record(db, kind_name, row.id, same, today=TODAY) == row


@pytest.mark.parametrize("kind_name", ALL_KINDS)
def test_update_ignores_names_that_are_not_editable_fields(db: Database, kind_name: str) -> None:
    other_target = new_target(db, "Elsewhere")
    target_id = new_target(db)
    row = create_minimal(db, kind_name, target_id)

    same = records.update_record(
        db, kind_name, row.id, {"id": 10_000, "target_id": other_target, "created_at": None}
    )

    assert same == row


@pytest.mark.parametrize("kind_name", ALL_KINDS)
def test_delete_then_restore_a_minimal_record(db: Database, kind_name: str) -> None:
    target_id = new_target(db)
    row = create_minimal(db, kind_name, target_id)

    snapshot = records.delete_record(db, kind_name, row.id)

    assert snapshot.kind == kind_name
    assert snapshot.record_id == row.id
    assert snapshot.title == row.title
    with pytest.raises(RecordNotFound):
        records.get_record(db, kind_name, row.id)
    assert row not in list_for(db, kind_name, target_id)

    assert records.restore_snapshot(db, snapshot) == row
    assert records.get_record(db, kind_name, row.id) == row


@pytest.mark.parametrize("kind_name", ALL_KINDS)
def test_a_missing_record_is_reported_plainly(db: Database, kind_name: str) -> None:
    message = f"That {KINDS[kind_name].label} no longer exists (it may have been deleted)."
    for call in (
        lambda: records.get_record(db, kind_name, 9999),
        lambda: records.update_record(db, kind_name, 9999, {}),
        lambda: records.delete_record(db, kind_name, 9999),
    ):
        with pytest.raises(RecordNotFound) as info:
            call()
        assert str(info.value) == message


@pytest.mark.parametrize("kind_name", OWNED_KINDS)
def test_a_targets_record_needs_an_existing_target(db: Database, kind_name: str) -> None:
    values = minimal_values(db, KINDS[kind_name], new_target(db))
    for target_id in (None, 9999):
        with pytest.raises(ValidationError) as info:
            records.create_record(db, kind_name, values, target_id=target_id)
        assert info.value.errors == {"": "Choose or create a target first"}


@pytest.mark.parametrize("kind_name", OWNED_KINDS)
def test_listing_a_targets_records_needs_a_target(db: Database, kind_name: str) -> None:
    with pytest.raises(ValueError, match="belong to a target; choose one first"):
        records.list_records(db, kind_name)


def test_unknown_kind_is_refused(db: Database) -> None:
    with pytest.raises(KeyError, match="unknown record kind 'nonsense'"):
        records.list_records(db, "nonsense")


# --- lists: scopes --------------------------------------------------------------------


@pytest.mark.parametrize("kind_name", OWNED_KINDS)
def test_lists_are_scoped_by_target(db: Database, kind_name: str) -> None:
    first, second = new_target(db, "First"), new_target(db, "Second")
    mine = create_minimal(db, kind_name, first)
    theirs = create_minimal(db, kind_name, second)

    assert [r.id for r in records.list_records(db, kind_name, first)] == [mine.id]
    assert [r.id for r in records.list_records(db, kind_name, second)] == [theirs.id]


@pytest.mark.parametrize("kind_name", ["contact", "event"])
def test_shared_kinds_are_listed_for_every_target(db: Database, kind_name: str) -> None:
    first, second = new_target(db, "First"), new_target(db, "Second")
    row = create_minimal(db, kind_name, first)

    for target_id in (None, first, second):
        assert records.list_records(db, kind_name, target_id) == [row]


def test_targets_list_in_creation_order(db: Database) -> None:
    ids = [new_target(db, name) for name in ("Zeta", "alpha", "Beta")]
    assert [r.id for r in records.list_records(db, "target")] == ids


def test_practice_is_filtered_by_question_and_by_the_questions_target(db: Database) -> None:
    first, second = new_target(db, "First"), new_target(db, "Second")
    q1 = records.create_record(db, "question", {"question": "Why us?"}, target_id=first)
    q2 = records.create_record(db, "question", {"question": "Why now?"}, target_id=first)
    q3 = records.create_record(db, "question", {"question": "Why?"}, target_id=second)
    sessions = {
        q.id: [
            records.create_record(db, "practice", {"question_id": q.id, "practiced_on": DAY}).id
            for _ in range(n)
        ]
        for q, n in ((q1, 2), (q2, 1), (q3, 1))
    }

    def ids(**scope: int) -> list[int]:
        return [r.id for r in records.list_records(db, "practice", **scope)]

    assert ids(parent_id=q1.id) == sessions[q1.id]
    assert ids(parent_id=q3.id) == sessions[q3.id]
    assert ids(target_id=first) == sessions[q1.id] + sessions[q2.id]
    assert ids(target_id=second) == sessions[q3.id]
    assert ids() == sessions[q1.id] + sessions[q2.id] + sessions[q3.id]
    # Both apply: another target's question shows nothing here (a stale filter after a
    # target switch must not list, or let you edit, the other target's sessions).
    assert ids(target_id=second, parent_id=q1.id) == []
    assert ids(target_id=first, parent_id=q1.id) == sessions[q1.id]


def test_interactions_are_filtered_by_contact(db: Database) -> None:
    target_id = new_target(db)
    ana = records.create_record(db, "contact", {"name": "Ana"})
    ben = records.create_record(db, "contact", {"name": "Ben"})
    talks = [
        records.create_record(db, "interaction", {"contact_id": c.id, "summary": s}).id
        for c, s in ((ana, "Coffee"), (ben, "Call"), (ana, "Follow-up"))
    ]

    def ids(**scope: int) -> list[int]:
        return [r.id for r in records.list_records(db, "interaction", **scope)]

    assert ids(parent_id=ana.id) == [talks[0], talks[2]]
    assert ids(parent_id=ben.id) == [talks[1]]
    # Contacts are shared, so their conversations are too.
    assert ids(target_id=target_id) == talks
    assert ids() == talks


def test_references_are_shown_by_title(db: Database) -> None:
    target_id = new_target(db)
    round_ = records.create_record(
        db, "round", {"date": DAY, "stage": "final"}, target_id=target_id
    )
    ana = records.create_record(db, "contact", {"name": "Ana Lima"})
    sql = records.create_record(db, "skill", {"name": "SQL"}, target_id=target_id)
    talk = records.create_record(db, "skill", {"name": "Storytelling"}, target_id=target_id)

    row = records.create_record(
        db,
        "feedback",
        {
            "text": "Slow on SQL",
            "round_id": round_.id,
            "contact_id": ana.id,
            "skills": [talk.id, sql.id],
        },
        target_id=target_id,
    )

    assert row.values["skills"] == sorted([sql.id, talk.id])
    assert row.display["skills"] == "SQL, Storytelling"
    assert row.display["round_id"] == "12 Mar 2026 · Final"
    assert row.display["contact_id"] == "Ana Lima"
    # The titles it was read with, for a form to name its choices without reading again.
    listed = records.list_records(db, "feedback", target_id)[0]
    assert listed.named_title("round_id", round_.id) == "12 Mar 2026 · Final"
    assert listed.named_title("contact_id", ana.id) == "Ana Lima"
    assert listed.named_title("skills", talk.id) == "Storytelling"
    assert listed.named_title("round_id", 999) is None  # not a round this read named
    assert listed.named_title("text", 1) is None
    assert records.title_of(db, "skill", sql.id) == "SQL"
    assert records.title_of(db, "round", round_.id) == "12 Mar 2026 · Final"
    records.delete_record(db, "skill", sql.id)
    assert records.title_of(db, "skill", sql.id) is None


# --- validation ---------------------------------------------------------------------------


def test_experience_ending_before_it_starts_is_refused(db: Database) -> None:
    target_id = new_target(db)
    values = {"title": "Food bank", "start_date": "2026-03-10", "end_date": "2026-03-01"}

    with pytest.raises(ValidationError) as info:
        records.create_record(db, "experience", values, target_id=target_id)

    assert info.value.errors == {"end_date": "End date is before start date"}
    assert records.list_records(db, "experience", target_id) == []


def test_update_revalidates_the_whole_record(db: Database) -> None:
    target_id = new_target(db)
    row = records.create_record(
        db,
        "experience",
        {"title": "Food bank", "start_date": "2026-03-01", "end_date": "2026-03-10"},
        target_id=target_id,
    )

    with pytest.raises(ValidationError) as info:
        records.update_record(db, "experience", row.id, {"start_date": "2026-03-20"})

    assert info.value.errors == {"end_date": "End date is before start date"}
    assert records.get_record(db, "experience", row.id) == row


def test_update_cannot_blank_a_required_field(db: Database) -> None:
    target_id = new_target(db)
    row = records.create_record(db, "journal", {"text": "A win"}, target_id=target_id)

    with pytest.raises(ValidationError) as info:
        records.update_record(db, "journal", row.id, {"text": "  \n "})

    assert info.value.errors == {"text": "Entry is needed"}
    assert records.get_record(db, "journal", row.id) == row


def test_every_bad_field_is_reported_at_once(db: Database) -> None:
    values = {
        "name": "",
        "email": "not-an-address",
        "linkedin_url": "linkedin.com/in/someone",
        "keep_in_touch_days": 0,
        "relationship": "Best friend",
    }

    with pytest.raises(ValidationError) as info:
        records.create_record(db, "contact", values)

    assert info.value.errors == {
        "name": "Name is needed",
        "email": "Enter an e-mail address like name@example.com",
        "linkedin_url": "Enter a full web address starting with https:// or http://",
        "keep_in_touch_days": "Keep in touch every (days) should be between 1 and 3650",
        "relationship": "Choose one of the listed relationship options",
    }


def test_values_are_cleaned_before_they_are_stored(db: Database) -> None:
    target_id = new_target(db)
    row = records.create_record(
        db,
        "activity",
        {
            "title": "  SQL course  ",
            "kind": "certification",
            "status": "in_progress",
            "start_date": "2026-3-1",
            "hours_planned": "12,5",
            "cost": "0",
        },
        target_id=target_id,
    )

    assert row.values["title"] == "SQL course"
    assert row.values["kind"] is m.ActivityKind.certification
    assert row.values["status"] is m.ActivityStatus.in_progress
    assert row.values["start_date"] == dt.date(2026, 3, 1)
    assert row.values["hours_planned"] == 12.5
    assert row.values["cost"] == 0.0
    assert row.display["status"] == "In progress"
    assert row.display["hours_planned"] == "12.5"


@pytest.mark.parametrize(
    ("kind_name", "field", "message"),
    [
        ("feedback", "round_id", "The chosen interview round no longer exists"),
        ("feedback", "contact_id", "The chosen contact no longer exists"),
        ("feedback", "skills", "The chosen skill no longer exists"),
        ("activity", "skill_id", "The chosen skill no longer exists"),
        ("question", "experience_id", "The chosen experience no longer exists"),
        ("contact", "targets", "The chosen target no longer exists"),
        ("event", "contacts", "The chosen contact no longer exists"),
        ("interaction", "contact_id", "The chosen contact no longer exists"),
        ("practice", "question_id", "The chosen question no longer exists"),
    ],
)
def test_references_to_missing_records_are_refused(
    db: Database, kind_name: str, field: str, message: str
) -> None:
    k = KINDS[kind_name]
    target_id = new_target(db)
    values = minimal_values(db, k, target_id)
    values[field] = [9999] if k.field(field).type is T.LINKS else 9999
    scope_target = target_id if k.scope == "target" else None
    before = list_for(db, kind_name, target_id)

    with pytest.raises(ValidationError) as info:
        records.create_record(db, kind_name, values, target_id=scope_target)

    assert info.value.errors == {field: message}
    assert list_for(db, kind_name, target_id) == before


def test_a_reference_to_a_deleted_record_is_refused_on_update(db: Database) -> None:
    target_id = new_target(db)
    skill = records.create_record(db, "skill", {"name": "SQL"}, target_id=target_id)
    activity = records.create_record(db, "activity", {"title": "Course"}, target_id=target_id)
    records.delete_record(db, "skill", skill.id)

    with pytest.raises(ValidationError) as info:
        records.update_record(db, "activity", activity.id, {"skill_id": skill.id})

    assert info.value.errors == {"skill_id": "The chosen skill no longer exists"}


def test_references_to_another_targets_records_are_refused(db: Database) -> None:
    mine, theirs = new_target(db, "Mine"), new_target(db, "Theirs")
    their_round = records.create_record(db, "round", {}, target_id=theirs)
    their_skill = records.create_record(db, "skill", {"name": "SQL"}, target_id=theirs)

    with pytest.raises(ValidationError) as info:
        records.create_record(
            db,
            "feedback",
            {"text": "x", "round_id": their_round.id, "skills": [their_skill.id]},
            target_id=mine,
        )

    assert set(info.value.errors) == {"round_id", "skills"}


def test_an_impossibly_large_reference_is_refused_plainly(db: Database) -> None:
    target_id = new_target(db)
    with pytest.raises(ValidationError) as info:
        records.create_record(db, "feedback", {"text": "x", "round_id": 2**63}, target_id=target_id)
    assert set(info.value.errors) == {"round_id"}


# --- deleting: what goes, what stays --------------------------------------------------


def _count(db: Database, model: type[m.Base]) -> int:
    with db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_deleting_a_target_deletes_its_records_but_keeps_contacts_and_events(
    db: Database,
) -> None:
    doomed, kept = new_target(db, "Doomed"), new_target(db, "Kept")
    for kind_name in OWNED_KINDS:
        create_minimal(db, kind_name, doomed)
        create_minimal(db, kind_name, kept)
    ana = records.create_record(db, "contact", {"name": "Ana", "targets": [doomed, kept]})
    meetup = records.create_record(db, "event", {"name": "Meetup", "contacts": [ana.id]})
    talk = records.create_record(db, "interaction", {"contact_id": ana.id})
    kept_rows = {name: records.list_records(db, name, kept) for name in OWNED_KINDS}

    records.delete_record(db, "target", doomed)

    for kind_name in OWNED_KINDS:
        assert records.list_records(db, kind_name, doomed) == [], kind_name
        assert records.list_records(db, kind_name, kept) == kept_rows[kind_name], kind_name
    assert records.get_record(db, "contact", ana.id).values["targets"] == [kept]
    assert records.get_record(db, "event", meetup.id).values["contacts"] == [ana.id]
    assert records.get_record(db, "interaction", talk.id) == talk
    assert [r.id for r in records.list_records(db, "target")] == [kept]


def test_deleting_a_skill_unlinks_it_and_keeps_what_pointed_at_it(db: Database) -> None:
    target_id = new_target(db)
    sql = records.create_record(db, "skill", {"name": "SQL"}, target_id=target_id, today=DAY)
    other = records.create_record(db, "skill", {"name": "Python"}, target_id=target_id)
    linked = {"skills": [sql.id, other.id]}
    feedback = records.create_record(db, "feedback", {"text": "x", **linked}, target_id=target_id)
    experience = records.create_record(
        db, "experience", {"title": "x", **linked}, target_id=target_id
    )
    portfolio = records.create_record(
        db, "portfolio", {"title": "x", **linked}, target_id=target_id
    )
    activity = records.create_record(
        db, "activity", {"title": "x", "skill_id": sql.id}, target_id=target_id
    )
    history_before = _count(db, m.SkillLevelChange)

    records.delete_record(db, "skill", sql.id)

    for kind_name, row in (
        ("feedback", feedback),
        ("experience", experience),
        ("portfolio", portfolio),
    ):
        after = records.get_record(db, kind_name, row.id)
        assert after.values["skills"] == [other.id]
        assert after.display["skills"] == "Python"
    after_activity = records.get_record(db, "activity", activity.id)
    assert after_activity.values["skill_id"] is None
    assert after_activity.display["skill_id"] == ""
    assert _count(db, m.SkillLevelChange) == history_before - 1


def test_deleting_a_round_unlinks_feedback_and_self_assessment(db: Database) -> None:
    target_id = new_target(db)
    round_ = records.create_record(db, "round", {}, target_id=target_id)
    feedback = records.create_record(
        db, "feedback", {"text": "x", "round_id": round_.id}, target_id=target_id
    )
    reflection = records.create_record(
        db, "reflection", {"question": "x", "round_id": round_.id}, target_id=target_id
    )

    records.delete_record(db, "round", round_.id)

    assert records.get_record(db, "feedback", feedback.id).values["round_id"] is None
    assert records.get_record(db, "reflection", reflection.id).values["round_id"] is None


def test_deleting_a_contact_deletes_its_interactions_only(db: Database) -> None:
    target_id = new_target(db)
    ana = records.create_record(db, "contact", {"name": "Ana"})
    ben = records.create_record(db, "contact", {"name": "Ben"})
    records.create_record(db, "interaction", {"contact_id": ana.id})
    bens_talk = records.create_record(db, "interaction", {"contact_id": ben.id})
    feedback = records.create_record(
        db, "feedback", {"text": "x", "contact_id": ana.id}, target_id=target_id
    )
    event = records.create_record(db, "event", {"name": "x", "contacts": [ana.id, ben.id]})

    records.delete_record(db, "contact", ana.id)

    assert records.list_records(db, "interaction") == [bens_talk]
    assert records.get_record(db, "feedback", feedback.id).values["contact_id"] is None
    assert records.get_record(db, "event", event.id).values["contacts"] == [ben.id]


def test_deleting_a_question_deletes_its_practice_and_an_experience_unlinks(
    db: Database,
) -> None:
    target_id = new_target(db)
    experience = records.create_record(db, "experience", {"title": "x"}, target_id=target_id)
    question = records.create_record(
        db, "question", {"question": "x", "experience_id": experience.id}, target_id=target_id
    )
    records.create_record(db, "practice", {"question_id": question.id})

    records.delete_record(db, "experience", experience.id)
    assert records.get_record(db, "question", question.id).values["experience_id"] is None

    records.delete_record(db, "question", question.id)
    assert records.list_records(db, "practice") == []


# --- undo: a delete is restored exactly ---------------------------------------------------


def _everything(db: Database) -> dict[str, list[RecordRow]]:
    """What every list in the app shows, for every target."""
    target_ids = [r.id for r in records.list_records(db, "target")]
    seen: dict[str, list[RecordRow]] = {}
    for name, k in sorted(KINDS.items()):
        if k.scope == "target":
            seen[name] = [r for t in target_ids for r in records.list_records(db, name, t)]
        else:
            seen[name] = records.list_records(db, name)
    return seen


def _tables(db: Database, *, updated_at: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as stored."""
    dumps = {}
    with db.engine.connect() as conn:
        for table in m.Base.metadata.sorted_tables:
            columns = [c for c in table.c if updated_at or c.name != "updated_at"]
            dumps[table.name] = [
                tuple(row) for row in conn.execute(select(*columns).order_by(*table.primary_key))
            ]
    return dumps


@pytest.fixture
def sample_db(db: Database) -> Database:
    add_sample_target(db, TODAY)
    add_sample_target(db, TODAY)  # a second target sharing the contacts and events
    return db


@pytest.mark.parametrize("kind_name", ALL_KINDS)
def test_delete_then_restore_brings_back_children_and_links(
    sample_db: Database, kind_name: str
) -> None:
    db = sample_db
    first_target = records.list_records(db, "target")[0].id
    victim = list_for(db, kind_name, first_target)[0]
    shown, stored = _everything(db), _tables(db, updated_at=False)

    snapshot = records.delete_record(db, kind_name, victim.id)
    assert _tables(db, updated_at=False) != stored

    restored = records.restore_snapshot(db, snapshot)

    assert restored == victim
    assert _everything(db) == shown
    assert _tables(db, updated_at=False) == stored


def test_restore_puts_back_updated_at_of_relinked_rows(sample_db: Database) -> None:
    db = sample_db
    skill = records.list_records(db, "skill", records.list_records(db, "target")[0].id)[0]
    stored = _tables(db)

    records.restore_snapshot(db, records.delete_record(db, "skill", skill.id))

    assert _tables(db)["learning_activity"] == stored["learning_activity"]


def test_deleting_a_target_snapshots_its_children_and_nothing_shared(sample_db: Database) -> None:
    db = sample_db
    first_target = records.list_records(db, "target")[0].id

    snapshot = records.delete_record(db, "target", first_target)

    tables = {name for name, _row in snapshot.rows}
    assert "contact" not in tables
    assert "event" not in tables
    assert {"target", "skill", "skill_level_change", "feedback_skill", "contact_target"} <= tables
    assert snapshot.rows[0][0] == "target"


def test_ids_are_never_reused_so_undo_works_after_new_records(db: Database) -> None:
    target_id = new_target(db)
    skill = records.create_record(db, "skill", {"name": "SQL"}, target_id=target_id)
    snapshot = records.delete_record(db, "skill", skill.id)
    newer = records.create_record(db, "skill", {"name": "Python"}, target_id=target_id)

    assert newer.id != skill.id
    restored = records.restore_snapshot(db, snapshot)
    assert restored.id == skill.id
    names = {row.values["name"] for row in records.list_records(db, "skill", target_id)}
    assert names == {"SQL", "Python"}


def test_undo_whose_target_is_gone_fails_with_a_plain_message(db: Database) -> None:
    target_id = new_target(db)
    skill = records.create_record(db, "skill", {"name": "SQL"}, target_id=target_id)
    snapshot = records.delete_record(db, "skill", skill.id)
    records.delete_record(db, "target", target_id)

    with pytest.raises(ValueError, match="can't be brought back"):
        records.restore_snapshot(db, snapshot)


# --- skill level history ----------------------------------------------------------------


def _history(db: Database, skill_id: int) -> list[tuple[dt.date, int]]:
    with db.transaction() as session:
        changes = session.scalars(
            select(m.SkillLevelChange)
            .where(m.SkillLevelChange.skill_id == skill_id)
            .order_by(m.SkillLevelChange.date, m.SkillLevelChange.id)
        ).all()
        return [(c.date, c.level) for c in changes]


D1, D2, D3 = dt.date(2026, 1, 5), dt.date(2026, 2, 9), dt.date(2026, 3, 16)


@pytest.fixture
def skill(db: Database) -> RecordRow:
    target_id = new_target(db)
    return records.create_record(
        db, "skill", {"name": "SQL", "current_level": 1}, target_id=target_id, today=D1
    )


def test_creating_a_skill_records_its_level_once(db: Database, skill: RecordRow) -> None:
    assert _history(db, skill.id) == [(D1, 1)]
    assert skill.values["level_history"] == "5 Jan 2026: 1"
    assert skill.display["level_history"] == "5 Jan 2026: 1"


def test_level_changes_on_different_days_append(db: Database, skill: RecordRow) -> None:
    records.update_record(db, "skill", skill.id, {"current_level": 2}, today=D2)
    row = records.update_record(db, "skill", skill.id, {"current_level": "4"}, today=D3)

    assert _history(db, skill.id) == [(D1, 1), (D2, 2), (D3, 4)]
    assert row.values["level_history"] == "5 Jan 2026: 1 → 9 Feb 2026: 2 → 16 Mar 2026: 4"
    assert records.get_record(db, "skill", skill.id) == row


def test_level_changes_on_the_same_day_collapse(db: Database, skill: RecordRow) -> None:
    for level in (2, 3, 5, 4):
        row = records.update_record(db, "skill", skill.id, {"current_level": level}, today=D2)

    assert _history(db, skill.id) == [(D1, 1), (D2, 4)]
    assert row.values["level_history"] == "5 Jan 2026: 1 → 9 Feb 2026: 4"


def test_an_unchanged_level_adds_nothing(db: Database, skill: RecordRow) -> None:
    records.update_record(db, "skill", skill.id, {"current_level": 1}, today=D2)
    records.update_record(db, "skill", skill.id, {"notes": "Drills", "required_level": 5}, today=D3)

    assert _history(db, skill.id) == [(D1, 1)]


def test_a_change_on_the_day_a_skill_was_added_keeps_where_it_started(
    db: Database, skill: RecordRow
) -> None:
    for level in (3, 2):
        records.update_record(db, "skill", skill.id, {"current_level": level}, today=D1)
    assert _history(db, skill.id) == [(D1, 1), (D1, 2)]
    records.update_record(db, "skill", skill.id, {"current_level": 1}, today=D1)
    assert _history(db, skill.id) == [(D1, 1)]  # back where it started: no trace


def test_a_same_day_change_back_leaves_no_trace(db: Database, skill: RecordRow) -> None:
    records.update_record(db, "skill", skill.id, {"current_level": 2}, today=D2)
    records.update_record(db, "skill", skill.id, {"current_level": 1}, today=D2)

    assert _history(db, skill.id) == [(D1, 1)]


def test_a_skill_created_without_a_day_uses_today(db: Database) -> None:
    target_id = new_target(db)
    row = records.create_record(db, "skill", {"name": "SQL"}, target_id=target_id)
    [(day, level)] = _history(db, row.id)
    assert level == 0
    assert abs((day - dt.date.today()).days) <= 1


# --- unique skill names -------------------------------------------------------------------


def test_skill_names_are_unique_per_target(db: Database) -> None:
    first, second = new_target(db, "First"), new_target(db, "Second")
    records.create_record(db, "skill", {"name": "SQL"}, target_id=first)

    with pytest.raises(ValidationError) as info:
        records.create_record(db, "skill", {"name": "  SQL "}, target_id=first)
    assert info.value.errors == {"name": "There is already a skill called “SQL”"}

    assert records.create_record(db, "skill", {"name": "SQL"}, target_id=second)
    assert len(records.list_records(db, "skill", first)) == 1


def test_renaming_onto_another_skill_is_refused_but_keeping_the_name_is_fine(
    db: Database,
) -> None:
    target_id = new_target(db)
    records.create_record(db, "skill", {"name": "SQL"}, target_id=target_id)
    python = records.create_record(db, "skill", {"name": "Python"}, target_id=target_id)

    with pytest.raises(ValidationError) as info:
        records.update_record(db, "skill", python.id, {"name": "SQL"})
    assert info.value.errors == {"name": "There is already a skill called “SQL”"}

    same = records.update_record(db, "skill", python.id, {"name": "Python", "notes": "ok"})
    assert same.values["name"] == "Python"
    assert same.values["notes"] == "ok"


# --- a sent resume is frozen --------------------------------------------------------------


@pytest.fixture
def sent_resume(db: Database) -> RecordRow:
    target_id = new_target(db)
    return records.create_record(
        db,
        "resume",
        {"label": "v1", "created_on": "2026-02-01", "sent_on": "2026-03-01", "plain_text": "SQL"},
        target_id=target_id,
    )


@pytest.mark.parametrize(("field", "value"), [("label", "v1 edited"), ("plain_text", "Python")])
def test_editing_a_sent_resume_is_refused(
    db: Database, sent_resume: RecordRow, field: str, value: str
) -> None:
    with pytest.raises(ValidationError) as info:
        records.update_record(db, "resume", sent_resume.id, {field: value})

    assert list(info.value.errors) == [field]
    message = info.value.errors[field]
    assert message.startswith("This version was sent on 1 Mar 2026, so it is kept as sent.")
    assert "Add a new version" in message
    assert records.get_record(db, "resume", sent_resume.id) == sent_resume


def test_clearing_sent_on_unfreezes_a_resume(db: Database, sent_resume: RecordRow) -> None:
    cleared = records.update_record(db, "resume", sent_resume.id, {"sent_on": None})
    assert cleared.values["sent_on"] is None

    edited = records.update_record(db, "resume", sent_resume.id, {"label": "v1 edited"})
    assert edited.values["label"] == "v1 edited"


def test_a_sent_resume_may_be_saved_unchanged_or_redated(
    db: Database, sent_resume: RecordRow
) -> None:
    same = records.update_record(db, "resume", sent_resume.id, {"label": " v1 "})
    assert same == sent_resume
    redated = records.update_record(db, "resume", sent_resume.id, {"sent_on": "2026-03-02"})
    assert redated.values["sent_on"] == dt.date(2026, 3, 2)


def test_an_unsent_resume_is_editable(db: Database) -> None:
    target_id = new_target(db)
    row = records.create_record(db, "resume", {"label": "draft"}, target_id=target_id)
    assert records.update_record(db, "resume", row.id, {"label": "v2"}).values["label"] == "v2"


# --- search text ------------------------------------------------------------------------


def test_search_text_holds_all_multiline_text_casefolded(db: Database) -> None:
    target_id = new_target(db)
    sql = records.create_record(db, "skill", {"name": "Window FUNCTIONS"}, target_id=target_id)
    row = records.create_record(
        db,
        "feedback",
        {
            "text": "First line\nThe SECOND line mentions Straße and ΣΊΣΥΦΟΣ",
            "theme": "industry_knowledge",
            "skills": [sql.id],
            "received_on": DAY,
        },
        target_id=target_id,
    )

    search = row.search_text
    assert "the second line mentions strasse" in search
    assert "σίσυφοσ" in search
    assert "industry knowledge" in search
    assert "window functions" in search
    assert "2026-03-12" in search
    assert search == search.casefold()
    assert "Straße" not in search


# --- hostile text -------------------------------------------------------------------------


HOSTILE = [
    "<b>bold</b> &amp; <script>alert('x')</script> %s {0} ${HOME} '; DROP TABLE target; --",
    "Progress 🎉👩🏽‍💻🏳️‍🌈 and flags 🇵🇱",
    "مرحبا بالعالم — שלום עולם (RTL) \u202ereversed\u202c",
    "Zero\u200bwidth, combining é, line\u2028separator, para\u2029graph, tab\tend",
    "Windows\r\nline\rendings\n",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_is_stored_and_returned_exactly(db: Database, value: str) -> None:
    target_id = new_target(db)
    row = records.create_record(
        db,
        "journal",
        {"text": value, "kind": "lesson"},
        target_id=target_id,
    )
    assert row.values["text"] == value
    assert records.get_record(db, "journal", row.id).values["text"] == value
    assert records.list_records(db, "journal", target_id)[0].values["text"] == value

    one_line = value.replace("\n", " ").replace("\r", " ").strip()[:200]
    contact = records.create_record(db, "contact", {"name": one_line})
    assert records.get_record(db, "contact", contact.id).values["name"] == one_line
    assert one_line.startswith(contact.title.rstrip("…"))


def test_a_megabyte_of_text_in_a_multiline_field(db: Database) -> None:
    target_id = new_target(db)
    line = "Ünïcödé line with emoji 🚀 and RTL שלום\n"
    big = (line * (1_048_576 // len(line) + 1))[:1_048_576]

    row = records.create_record(
        db, "cover_letter", {"title": "Long", "body": big}, target_id=target_id
    )

    assert len(row.values["body"]) == 1_048_576
    assert records.get_record(db, "cover_letter", row.id).values["body"] == big
    assert row.display["body"] == line.rstrip("\n")


# --- pick lists ---------------------------------------------------------------------------


def test_choices_are_sorted_by_title_ignoring_case(db: Database) -> None:
    target_id = new_target(db)
    other = new_target(db, "Other")
    names = ["beta", "Alpha", "gamma", "Äpfel", "alpha 2"]
    ids = {
        name: records.create_record(db, "skill", {"name": name}, target_id=target_id).id
        for name in names
    }
    records.create_record(db, "skill", {"name": "Aardvark"}, target_id=other)

    pairs = records.choices(db, "skill", target_id)

    titles = [title for _id, title in pairs]
    # Case and accents don't decide the order: Äpfel sorts with the As.
    assert titles == ["Alpha", "alpha 2", "Äpfel", "beta", "gamma"]
    assert dict((title, id_) for id_, title in pairs) == ids


def test_choices_for_targets_and_shared_kinds(db: Database) -> None:
    new_target(db, "zeta", "Role")
    new_target(db, "Acme", "Role")
    records.create_record(db, "contact", {"name": "bea"})
    records.create_record(db, "contact", {"name": "Al"})

    assert [t for _i, t in records.choices(db, "target")] == ["Acme — Role", "zeta — Role"]
    assert [t for _i, t in records.choices(db, "contact")] == ["Al", "bea"]


class _Watched(dict[str, Any]):
    """Values that note which fields are read."""

    def __init__(self, values: dict[str, Any]) -> None:
        super().__init__(values)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.read.add(str(key))
        return super().__contains__(key)


@pytest.mark.parametrize("kind_name", ALL_KINDS)
def test_a_title_is_made_of_its_title_fields_alone(db: Database, kind_name: str) -> None:
    """Pick lists and the names a list shows read only a kind's title fields."""
    k = KINDS[kind_name]
    assert k.title_fields, "declare the fields the title reads"
    assert set(k.title_fields) <= {f.name for f in k.fields}
    target_id = add_sample_target(db)
    rows = list_for(db, kind_name, target_id) or [create_minimal(db, kind_name, target_id)]
    empty = {f.name: None for f in k.fields}
    for values in [row.values for row in rows] + [empty]:
        watched = _Watched(values)
        whole = k.title(watched)
        assert watched.read <= set(k.title_fields), watched.read - set(k.title_fields)
        assert k.title({name: values.get(name) for name in k.title_fields}) == whole
        assert records.title_of(db, kind_name, rows[0].id) == rows[0].title
