"""Targets and the Overview figures, the person's preferences, settings and attachments."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import stat
from pathlib import Path

import pytest

from secondchance.core.dates import add_months
from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.services import (
    attachments,
    preferences,
    records,
    settings_store,
    targets,
)
from secondchance.core.services.attachments import MAX_BYTES, AttachmentError
from secondchance.core.services.fields import ValidationError
from secondchance.core.services.kinds import KINDS
from secondchance.core.services.target_overview import SHOWN_FIELDS

TODAY = dt.date(2026, 3, 31)
POSIX = os.name == "posix"


# --- calendar arithmetic ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 48, dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 4, 30)),
        (dt.date(2026, 1, 15), 0, dt.date(2026, 1, 15)),
        (dt.date(2026, 11, 30), 2, dt.date(2027, 1, 30)),
        (dt.date(2026, 12, 31), 12, dt.date(2027, 12, 31)),
        (dt.date(2026, 12, 31), 36, dt.date(2029, 12, 31)),
        (dt.date(2026, 1, 31), -2, dt.date(2025, 11, 30)),
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
        (dt.date(2024, 3, 31), -1, dt.date(2024, 2, 29)),
        (dt.date(2000, 2, 29), 12 * 100, dt.date(2100, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected


def test_add_months_never_lands_in_the_wrong_month() -> None:
    start = dt.date(2023, 1, 1)
    for offset in range(0, 3 * 366, 7):
        day = start + dt.timedelta(days=offset)
        for months in (-13, -1, 1, 6, 11, 12, 25):
            result = add_months(day, months)
            year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
            assert (result.year, result.month) == (year, month_index + 1)
            last = calendar.monthrange(year, month_index + 1)[1]
            assert result.day == min(day.day, last)


def test_eligible_date_from_rejection_and_cooldown() -> None:
    assert targets.eligible_date_from(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert targets.eligible_date_from(dt.date(2026, 3, 12), 0) == dt.date(2026, 3, 12)
    assert targets.eligible_date_from(None, 6) is None
    assert targets.eligible_date_from(dt.date(2026, 3, 12), None) is None


# --- creating targets ---------------------------------------------------------------------


def test_create_target_fills_the_eligible_date_from_the_cooldown(db: Database) -> None:
    row = targets.create_target(
        db,
        {"company": "Northwind", "role": "Analyst", "rejection_date": dt.date(2025, 8, 31)},
        cooldown_months=6,
    )
    assert row.values["eligible_date"] == dt.date(2026, 2, 28)
    assert records.get_record(db, "target", row.id) == row


def test_an_eligible_date_given_wins_over_the_cooldown(db: Database) -> None:
    row = targets.create_target(
        db,
        {
            "company": "Northwind",
            "role": "Analyst",
            "rejection_date": dt.date(2025, 8, 31),
            "eligible_date": dt.date(2026, 6, 1),
        },
        cooldown_months=6,
    )
    assert row.values["eligible_date"] == dt.date(2026, 6, 1)


def test_without_a_rejection_date_the_cooldown_has_nothing_to_count_from(db: Database) -> None:
    row = targets.create_target(db, {"company": "A", "role": "B"}, cooldown_months=6)
    assert row.values["eligible_date"] is None


@pytest.mark.parametrize("months", [-1, 37])
def test_cooldown_out_of_range_is_refused(db: Database, months: int) -> None:
    with pytest.raises(ValidationError) as info:
        targets.create_target(
            db,
            {"company": "A", "role": "B", "rejection_date": dt.date(2026, 1, 1)},
            cooldown_months=months,
        )
    assert info.value.errors == {"cooldown": "The waiting period should be 0 to 36 months"}
    assert targets.list_targets(db) == []


def test_create_target_accepts_a_typed_rejection_date_with_a_cooldown(db: Database) -> None:
    row = targets.create_target(
        db,
        {"company": "Northwind", "role": "Analyst", "rejection_date": "2025-08-31"},
        cooldown_months=6,
    )
    assert row.values["eligible_date"] == dt.date(2026, 2, 28)


def test_create_target_validates_like_any_record(db: Database) -> None:
    with pytest.raises(ValidationError) as info:
        targets.create_target(
            db,
            {
                "company": "",
                "role": "Analyst",
                "first_interview_date": dt.date(2026, 3, 1),
                "rejection_date": dt.date(2026, 2, 1),
            },
            cooldown_months=6,
        )
    assert info.value.errors == {
        "company": "Company is needed",
        "rejection_date": "The rejection can't come before the first interview",
    }


def test_list_targets_is_sorted_by_title_ignoring_case(db: Database) -> None:
    for company in ("zeta", "Acme", "beta"):
        targets.create_target(db, {"company": company, "role": "Role"})
    assert [r.values["company"] for r in targets.list_targets(db)] == ["Acme", "beta", "zeta"]
    first = targets.list_targets(db)[0].id
    assert targets.target_exists(db, first)
    assert not targets.target_exists(db, 9999)


# --- overview -----------------------------------------------------------------------------


def test_overview_counts_every_kind_of_the_sample_target(db: Database) -> None:
    target_id = add_sample_target(db, TODAY)
    other = targets.create_target(db, {"company": "Other", "role": "Role"}).id

    view = targets.overview(db, target_id, today=TODAY)

    row = records.get_record(db, "target", target_id)
    assert (view.target.id, view.target.title) == (row.id, row.title)
    for name in SHOWN_FIELDS:  # what the Overview shows beside the name, as the list shows it
        assert view.target.values[name] == row.values[name]
        assert view.target.display[name] == row.display.get(name, "")
    assert [c.kind for c in view.counts] == [k for k in KINDS if k != "target"]
    for count in view.counts:
        assert count.label == KINDS[count.kind].plural
        assert count.count == len(records.list_records(db, count.kind, target_id)), count.kind
        assert count.count > 0, count.kind

    empty = {c.kind: c.count for c in targets.overview(db, other, today=TODAY).counts}
    for name, n in empty.items():
        shared = KINDS[name].scope in ("shared", "parent") and name != "practice"
        expected = len(records.list_records(db, name)) if shared else 0
        assert n == expected, name


def test_days_to_eligible_counts_from_a_fixed_today(db: Database) -> None:
    target_id = add_sample_target(db, TODAY)
    eligible = records.get_record(db, "target", target_id).values["eligible_date"]
    # The sample's story: final round 5 months ago, rejected a week later, 6 months' wait.
    assert eligible == dt.date(2026, 5, 7)

    view = targets.overview(db, target_id, today=TODAY)
    assert view.days_to_eligible == 37
    assert not view.eligible_now

    assert targets.overview(db, target_id, today=eligible).days_to_eligible == 0
    assert targets.overview(db, target_id, today=eligible).eligible_now
    later = targets.overview(db, target_id, today=dt.date(2026, 6, 1))
    assert later.days_to_eligible == -25
    assert later.eligible_now


def test_days_to_eligible_is_unknown_without_a_date(db: Database) -> None:
    target_id = targets.create_target(db, {"company": "A", "role": "B"}).id
    view = targets.overview(db, target_id, today=TODAY)
    assert view.days_to_eligible is None
    assert not view.eligible_now


def test_overview_of_a_missing_target(db: Database) -> None:
    with pytest.raises(records.RecordNotFound):
        targets.overview(db, 9999, today=TODAY)


# --- preferences --------------------------------------------------------------------------


def test_preferences_start_empty(db: Database) -> None:
    assert preferences.load(db) == preferences.Preferences(name="", email="")


@pytest.mark.parametrize(
    ("name", "email"),
    [
        ("Łukasz Żółć", "lukasz@example.pl"),
        ("José Ñúñez-O'Brien", "jose.nunez+jobs@example.es"),
        ("محمد الأحمد", "m@example.ae"),
        ("李小龍 🐉", ""),
        ("", ""),
    ],
)
def test_preferences_round_trip(db: Database, name: str, email: str) -> None:
    saved = preferences.save(db, name, email)
    assert saved == preferences.Preferences(name=name, email=email)
    assert preferences.load(db) == saved


def test_preferences_are_trimmed_and_can_be_cleared(db: Database) -> None:
    assert preferences.save(db, "  Sam  ", " sam@example.com ") == preferences.Preferences(
        "Sam", "sam@example.com"
    )
    preferences.save(db, "", "")
    assert preferences.load(db) == preferences.Preferences("", "")


@pytest.mark.parametrize("email", ["sam", "sam@example", "sam @example.com", "a\x00@b.cd"])
def test_preferences_refuse_a_bad_email_and_keep_the_old_values(db: Database, email: str) -> None:
    preferences.save(db, "Sam", "sam@example.com")

    with pytest.raises(ValidationError) as info:
        preferences.save(db, "Samantha", email)

    assert list(info.value.errors) == ["email"]
    assert preferences.load(db) == preferences.Preferences("Sam", "sam@example.com")


def test_preferences_refuse_a_too_long_name(db: Database) -> None:
    with pytest.raises(ValidationError) as info:
        preferences.save(db, "x" * 201, "")
    assert info.value.errors == {"name": "Keep your name under 200 characters"}


def test_preferences_live_in_the_settings_store(db: Database) -> None:
    preferences.save(db, "Łukasz Żółć", "lukasz@example.pl")
    assert settings_store.get(db, "person.name") == "Łukasz Żółć"
    assert settings_store.get(db, "person.email") == "lukasz@example.pl"


# --- settings store -----------------------------------------------------------------------


def test_settings_get_put(db: Database) -> None:
    assert settings_store.get(db, "ui.last_target") is None

    settings_store.put(db, "ui.last_target", "3")
    assert settings_store.get(db, "ui.last_target") == "3"

    settings_store.put(db, "ui.last_target", "7")
    settings_store.put(db, "other", "ünïcödé\nline two")
    assert settings_store.get(db, "ui.last_target") == "7"
    assert settings_store.get(db, "other") == "ünïcödé\nline two"

    settings_store.put(db, "ui.last_target", None)
    assert settings_store.get(db, "ui.last_target") is None


def test_settings_survive_reopening(db: Database) -> None:
    settings_store.put(db, "k", "v")
    reopened = Database(db.path, db.data_dir)
    try:
        assert settings_store.get(reopened, "k") == "v"
    finally:
        reopened.close()


# --- attachments --------------------------------------------------------------------------


# A generated prefix (never collides), then the original name made safe, then the suffix.
STORED_NAME = re.compile(r"[0-9a-f]{32}(-[\w\- ]{1,40})?(\.[a-z0-9]{1,8})?")


def test_store_file_copies_under_a_generated_name(db: Database, tmp_path: Path) -> None:
    source = tmp_path / "My Resume (final).PDF"
    content = b"%PDF-1.4\n\x00\xff binary \r\n"
    source.write_bytes(content)

    stored = attachments.store_file(db, source)

    assert STORED_NAME.fullmatch(stored)
    assert stored.endswith(".pdf")
    assert attachments.display_name(stored) == "My Resume _final.pdf"
    copy = attachments.path_of(db, stored)
    assert copy == db.attachments_dir / stored
    assert copy.read_bytes() == content
    assert source.read_bytes() == content  # the original is left alone
    source.unlink()
    assert copy.read_bytes() == content  # and the copy doesn't depend on it


def test_the_same_file_twice_gets_two_names(db: Database, tmp_path: Path) -> None:
    source = tmp_path / "resume.pdf"
    source.write_bytes(b"x")
    first, second = attachments.store_file(db, source), attachments.store_file(db, source)
    assert first != second
    assert sorted(p.name for p in db.attachments_dir.iterdir()) == sorted([first, second])


@pytest.mark.parametrize(
    ("name", "suffix"),
    [("notes", ""), ("archive.tar.gz", ".gz"), ("odd.p d f", ""), ("x.verylongext", "")],
)
def test_only_a_safe_suffix_is_kept(db: Database, tmp_path: Path, name: str, suffix: str) -> None:
    source = tmp_path / name
    source.write_text("x")
    stored = attachments.store_file(db, source)
    match = STORED_NAME.fullmatch(stored)
    assert match is not None
    assert (match.group(2) or "") == suffix


@pytest.mark.skipif(not POSIX, reason="owner-only permissions are a POSIX notion")
def test_a_stored_file_is_readable_by_its_owner_only(db: Database, tmp_path: Path) -> None:
    source = tmp_path / "resume.pdf"
    source.write_bytes(b"x")
    os.chmod(source, 0o644)

    stored = attachments.store_file(db, source)

    assert stat.S_IMODE(attachments.path_of(db, stored).stat().st_mode) == 0o600
    assert stat.S_IMODE(db.attachments_dir.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.txt", "<b>bold</b>.pdf", "名前 ファイル.pdf", "x" * 300 + ".pdf"]
)
def test_the_kept_original_name_is_harmless(db: Database, tmp_path: Path, name: str) -> None:
    source = tmp_path / Path(name).name[:200]
    source.write_text("x")
    stored = attachments.store_file(db, source)
    assert STORED_NAME.fullmatch(stored)
    assert "/" not in stored and "<" not in stored
    assert len(stored.encode()) < 255
    assert attachments.path_of(db, stored).parent == db.attachments_dir


def test_a_missing_file_or_a_folder_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(
        AttachmentError, match=re.escape("“gone.pdf” can't be found or isn't a file.")
    ):
        attachments.store_file(db, tmp_path / "gone.pdf")
    with pytest.raises(AttachmentError, match="isn't a file"):
        attachments.store_file(db, tmp_path)
    assert list(db.attachments_dir.iterdir()) == []


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_file_over_50_mb_is_refused(db: Database, tmp_path: Path) -> None:
    source = _sparse(tmp_path / "huge.pdf", 80 * 1024 * 1024)

    with pytest.raises(AttachmentError) as info:
        attachments.store_file(db, source)

    assert str(info.value).startswith("“huge.pdf” is larger than 50 MB")
    assert isinstance(info.value, OSError)
    assert list(db.attachments_dir.iterdir()) == []


def test_a_file_just_over_the_limit_is_not_called_50_mb(db: Database, tmp_path: Path) -> None:
    source = _sparse(tmp_path / "big.pdf", MAX_BYTES + 1)

    with pytest.raises(AttachmentError) as info:
        attachments.store_file(db, source)

    assert "is 50 MB;" not in str(info.value)


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "../" + "a" * 32,
        "/etc/passwd",
        "a" * 32 + "/../../x",
        "a" * 32 + ".pdf/..",
        "..\\" + "a" * 32,
        "..",
        ".hidden",
        "C:evil",
        "",
    ],
)
def test_path_of_refuses_names_that_leave_the_folder(db: Database, name: str) -> None:
    with pytest.raises(AttachmentError, match="not one Second Chance can open"):
        attachments.path_of(db, name)


@pytest.mark.parametrize(
    "name", ["0123456789abcdef" * 2 + ".pdf", "resume-7f3a.pdf", "A" * 32, "CV final.PDF"]
)
def test_path_of_accepts_generated_and_imported_names(db: Database, name: str) -> None:
    # An imported attachment keeps its exported name (the format doc's own example).
    assert attachments.path_of(db, name) == db.attachments_dir / name
