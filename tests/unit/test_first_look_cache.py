"""The first look's figures kept between sessions (core/services/first_look_cache.py).

What is kept is used only while it is exactly what reading again would give: the same
change mark (no record changed since), target, day and number of actions, schema and app
version.  Each test below changes one of those, or damages the file, and expects the
usual opening instead (None), never an error and never figures that are out of date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from secondchance.core.backup import connect_readonly
from secondchance.core.db import Database
from secondchance.core.services import due, first_look_cache, readiness, records, settings_store
from secondchance.core.services import first_look as fl
from secondchance.core.services.readiness import load
from tests.unit.test_first_look import KEY, TODAY, _world

ONE_DAY = dt.timedelta(days=1)


def _kept_path(db: Database) -> Path:
    return db.data_dir / "first-look.json"


def _look(db: Database, **kwargs: object) -> fl.FirstLook | None:
    options: dict[str, object] = {
        "prefer": None,
        "show_archived": False,
        "actions": 5,
        "last_target_key": KEY,
        "kept_at": _kept_path(db),
    }
    options.update(kwargs)
    return fl.read_first_look(db.path, TODAY, **options)  # type: ignore[arg-type]


def _uses_kept(db: Database, day: dt.date = TODAY, **kwargs: Any) -> bool:
    """Whether the first look took the kept figures; when it read them instead they must be
    what the services read now (a look is always there to take)."""
    reads: list[object] = []
    real = load.read_facts

    def counted(*args: Any) -> Any:
        reads.append(args)
        return real(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fl, "read_facts", counted)
        look = fl.read_first_look(
            db.path,
            day,
            **{
                "prefer": None,
                "show_archived": False,
                "actions": 5,
                "last_target_key": KEY,
                "kept_at": _kept_path(db),
                **kwargs,
            },
        )
    assert look is not None and look.target_id is not None
    actions = int(kwargs.get("actions", 5))
    assert look.summary == readiness.summary(db, look.target_id, day, actions)
    assert look.due == due.due_items(db, day)
    return not reads


def _token(db: Database) -> int:
    from secondchance.core.change_mark import read_token

    with contextlib.closing(connect_readonly(db.path)) as conn:
        token = read_token(conn)
    assert token is not None
    return token


@pytest.fixture
def world(db: Database) -> dict[str, int]:
    ids = _world(db)
    settings_store.put(db, KEY, str(ids["sample"]))
    return ids


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every target counts as large: kept figures first at start-up."""
    monkeypatch.setattr(fl, "LARGEST", 0)


def test_kept_figures_read_back_equal_to_reading_again(db: Database, world: dict[str, int]) -> None:
    target = world["sample"]
    with contextlib.closing(connect_readonly(db.path)) as conn:
        kept = first_look_cache.work_out(conn, target, TODAY, 5)
    assert kept is not None
    assert kept.summary == readiness.summary(db, target, TODAY, 5)
    assert kept.due == due.due_items(db, TODAY) and kept.due  # something is due
    path = _kept_path(db)
    first_look_cache.store(path, [kept])
    assert first_look_cache.is_current(path, target, [TODAY], 5, kept.token)
    assert not first_look_cache.is_current(path, target, [TODAY, TODAY + ONE_DAY], 5, kept.token)
    assert first_look_cache.load(path, target, TODAY, 5, kept.token) == kept
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600  # titles of the person's records


def test_markup_emoji_and_right_to_left_titles_come_back_as_they_were(
    db: Database, world: dict[str, int]
) -> None:
    title = '<b>Call</b> & "ask" 🚀 محلل بيانات \u202e' + "x" * 200
    records.create_record(db, "activity", {"title": title, "due_date": TODAY}, world["sample"])
    with contextlib.closing(connect_readonly(db.path)) as conn:
        kept = first_look_cache.work_out(conn, world["sample"], TODAY, 5)
    assert kept is not None and any(title[:40] in item.title for item in kept.due)
    first_look_cache.store(_kept_path(db), [kept])
    assert first_look_cache.load(_kept_path(db), world["sample"], TODAY, 5, kept.token) == kept


@pytest.mark.usefixtures("small")
def test_past_the_largest_the_first_look_uses_the_kept_figures_while_current(
    db: Database, world: dict[str, int]
) -> None:
    target = world["sample"]
    assert not _uses_kept(db)  # nothing kept: read
    assert fl.keep_for_next_start(db, _kept_path(db), target, TODAY, 5)
    look = _look(db)
    assert look is not None and look.target_id == target
    assert look.summary == readiness.summary(db, target, TODAY, 5)
    assert look.due == due.due_items(db, TODAY)
    assert look.overview is not None and look.overview.counts  # read, not kept
    assert not fl.keep_for_next_start(db, _kept_path(db), target, TODAY, 5)  # current already

    # Any change to any record (another target's, a shared contact) makes it out of date.
    records.create_record(db, "feedback", {"text": "Later note"}, world["again"])
    assert not _uses_kept(db)
    assert fl.keep_for_next_start(db, _kept_path(db), target, TODAY, 5)
    assert _uses_kept(db)
    contact = records.create_record(db, "contact", {"name": "Ana"}, None)
    assert not _uses_kept(db)
    assert fl.keep_for_next_start(db, _kept_path(db), target, TODAY, 5)
    records.delete_record(db, "contact", contact.id)
    assert not _uses_kept(db)


@pytest.mark.usefixtures("small")
def test_tomorrows_first_look_is_kept_too_and_equals_reading_then(
    db: Database, world: dict[str, int]
) -> None:
    target = world["sample"]
    assert fl.keep_for_next_start(db, _kept_path(db), target, TODAY, 5)
    tomorrow = TODAY + ONE_DAY
    look = fl.read_first_look(
        db.path,
        tomorrow,
        prefer=None,
        show_archived=False,
        actions=5,
        last_target_key=KEY,
        kept_at=_kept_path(db),
    )
    assert look is not None and look.target_id == target
    assert look.summary == readiness.summary(db, target, tomorrow, 5)
    assert look.due == due.due_items(db, tomorrow)
    assert look.summary != readiness.summary(db, target, TODAY, 5)  # the days differ
    # Tomorrow, closing keeps tomorrow and the day after.
    assert fl.keep_for_next_start(db, _kept_path(db), target, tomorrow, 5)
    assert not fl.keep_for_next_start(db, _kept_path(db), target, tomorrow, 5)


@pytest.mark.usefixtures("small")
def test_a_preference_saved_since_keeps_them_current(db: Database, world: dict[str, int]) -> None:
    assert fl.keep_for_next_start(db, _kept_path(db), world["sample"], TODAY, 5)
    settings_store.put(db, "person.name", "Sam")  # no figure reads a preference
    assert _uses_kept(db)


@pytest.mark.usefixtures("small")
def test_another_day_target_or_number_of_actions_reads_them_again(
    db: Database, world: dict[str, int]
) -> None:
    path = _kept_path(db)
    assert fl.keep_for_next_start(db, path, world["sample"], TODAY, 5)
    token = _token(db)
    assert first_look_cache.load(path, world["sample"], TODAY, 5, token) is not None
    assert first_look_cache.load(path, world["sample"], TODAY + 2 * ONE_DAY, 5, token) is None
    assert first_look_cache.load(path, world["sample"], TODAY - ONE_DAY, 5, token) is None
    assert first_look_cache.load(path, world["again"], TODAY, 5, token) is None
    assert first_look_cache.load(path, world["sample"], TODAY, 3, token) is None
    assert first_look_cache.load(path, world["sample"], TODAY, 5, token + 1) is None
    assert not _uses_kept(db, actions=3)
    settings_store.put(db, KEY, str(world["again"]))  # the next start opens another target
    assert not _uses_kept(db)
    assert not _uses_kept(db, TODAY + 2 * ONE_DAY, prefer=world["sample"])


@pytest.mark.usefixtures("small")
def test_another_schema_version_or_format_reads_them_again(
    db: Database, world: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _kept_path(db)
    assert fl.keep_for_next_start(db, path, world["sample"], TODAY, 5)
    assert _uses_kept(db)
    for name, value in (
        ("HEAD_REVISION", "0008_future"),
        ("__version__", "9.9"),
        ("FORMAT", first_look_cache.FORMAT + 1),
    ):
        with monkeypatch.context() as patch:
            patch.setattr(first_look_cache, name, value)
            assert not _uses_kept(db), name
    assert _uses_kept(db)


@pytest.mark.usefixtures("small")
def test_dates_in_another_order_read_them_again(
    db: Database, world: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECONDCHANCE_DATE_ORDER", "dmy")
    assert fl.keep_for_next_start(db, _kept_path(db), world["sample"], TODAY, 5)
    assert _uses_kept(db)
    monkeypatch.setenv("SECONDCHANCE_DATE_ORDER", "mdy")  # "Mar 12, 2026" in every text
    assert not _uses_kept(db)


@pytest.mark.usefixtures("small")
@pytest.mark.parametrize(
    "damage",
    [
        lambda text: "",
        lambda text: "not json\n" + text,
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: text.split("\n")[0] + "\n[1, 2]\n",  # the figures of another shape
        lambda text: text.split("\n")[0] + '\n{"summary": [], "due": []}\n',
        lambda text: text.replace('"Done"', '"Gone"').replace('"done"', '"gone"'),
    ],
)
def test_a_damaged_file_reads_them_again(
    db: Database, world: dict[str, int], damage: object
) -> None:
    path = _kept_path(db)
    assert fl.keep_for_next_start(db, path, world["sample"], TODAY, 5)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    _uses_kept(db)  # kept (if what is left reads as current) or read: what reading gives


@pytest.mark.usefixtures("small")
def test_a_file_that_is_not_text_reads_them_again(db: Database, world: dict[str, int]) -> None:
    path = _kept_path(db)
    path.write_bytes(b"\xff\xfe\x00garbage" * 100)
    assert not _uses_kept(db)
    assert fl.keep_for_next_start(db, path, world["sample"], TODAY, 5)  # replaced
    assert _uses_kept(db)


def test_a_small_target_keeps_nothing(db: Database, world: dict[str, int]) -> None:
    assert not fl.keep_for_next_start(db, _kept_path(db), world["sample"], TODAY, 5)
    assert not _kept_path(db).exists()
    assert _look(db) is not None  # read as always


@pytest.mark.usefixtures("small")
def test_a_file_without_a_change_mark_keeps_nothing(db: Database, world: dict[str, int]) -> None:
    with sqlite3.connect(db.path) as conn:
        conn.execute("DELETE FROM change_mark")
    conn.close()
    assert not fl.keep_for_next_start(db, _kept_path(db), world["sample"], TODAY, 5)
    assert not _kept_path(db).exists()
    assert not _uses_kept(db)


def test_the_key_is_one_short_line(db: Database, world: dict[str, int]) -> None:
    with contextlib.closing(connect_readonly(db.path)) as conn:
        kept = first_look_cache.work_out(conn, world["sample"], TODAY, 5)
    assert kept is not None
    first_look_cache.store(_kept_path(db), [kept])
    first = _kept_path(db).read_text(encoding="utf-8").split("\n")[0]
    assert json.loads(first)[0]["token"] == kept.token and len(first) < 300
