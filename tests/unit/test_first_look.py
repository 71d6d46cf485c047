"""The window's first look (core/services/first_look.py) reads what the services read.

It runs on a plain, read-only ``sqlite3`` connection before SQLAlchemy is imported, so each
of its figures is checked here against the service that reads it through the models: the
targets and their order, the chosen target, the Overview's heading, dates and counts, the
readiness summary and what is due.  It steps aside (None) for a file it must not read.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.services import due, readiness, records, settings_store, targets
from secondchance.core.services import first_look as fl
from secondchance.core.services.kinds import KINDS

TODAY = dt.date(2026, 3, 31)
KEY = "ui.last_target"
D = dt.date


def _read(db: Database, **kwargs: object) -> fl.FirstLook | None:
    options: dict[str, object] = {
        "prefer": None,
        "show_archived": False,
        "actions": 5,
        "last_target_key": KEY,
    }
    options.update(kwargs)
    return fl.read_first_look(db.path, TODAY, **options)  # type: ignore[arg-type]


def _world(db: Database) -> dict[str, int]:
    """Several targets: the sample, an archived one named with markup, emoji and Arabic,
    a second attempt, and one that sorts first by its accented name."""
    ids = {"sample": add_sample_target(db, TODAY)}
    ids["archived"] = targets.create_target(
        db,
        {
            "company": "<b>Acme</b> & Co 🚀",
            "role": "محلل بيانات",
            "archived_on": D(2026, 1, 1),
            "eligible_date": D(2026, 4, 2),
        },
    ).id
    ids["again"] = targets.create_target(
        db,
        {
            "company": "Northwind",
            "role": "Analyst",
            "attempt": 2,
            "rejection_date": D(2026, 2, 1),
            "first_interview_date": D(2026, 1, 10),
            "feedback_requested_on": D(2026, 2, 3),
            "eligible_date": D(2026, 4, 3),
        },
    ).id
    ids["accented"] = targets.create_target(db, {"company": "Ábaco", "role": "Dev"}).id
    for target_id in (ids["again"], ids["accented"]):
        records.create_record(db, "feedback", {"text": "Go deeper on SQL"}, target_id)
        records.create_record(db, "activity", {"title": "SQL course", "due_date": TODAY}, target_id)
        records.create_record(
            db, "question", {"question": "Why us?", "practice_due": TODAY}, target_id
        )
    return ids


def test_the_counted_kinds_are_the_overviews() -> None:
    expected = [(k.name, k.plural) for k in KINDS.values() if k.scope != "root"]
    assert [(kind, plural) for kind, plural, _sql in fl.COUNTED] == expected


@pytest.mark.parametrize("show_archived", [False, True])
def test_every_figure_equals_the_services(db: Database, show_archived: bool) -> None:
    ids = _world(db)
    rows = targets.list_targets(db)
    for prefer in (None, *ids.values()):
        look = _read(db, prefer=prefer, show_archived=show_archived)
        assert look is not None
        assert [(t.id, t.title, t.archived) for t in look.targets] == [
            (r.id, r.title, r.values.get("archived_on") is not None) for r in rows
        ]
        assert look.target_id is not None
        expected = targets.overview(db, look.target_id, TODAY)
        assert look.overview == expected
        assert look.summary == readiness.summary(db, look.target_id, TODAY, 5)
        assert look.due == due.due_items(db, TODAY)
        if prefer is not None and (show_archived or prefer != ids["archived"]):
            assert look.target_id == prefer
        # The archived target is listed only when asked for, or when it is the one chosen.
        listed = {t.id for t in look.shown}
        assert (ids["archived"] in listed) == (show_archived or prefer == ids["archived"])


def test_the_stored_last_target_is_the_one_opened(db: Database) -> None:
    ids = _world(db)
    look = _read(db)
    assert look is not None and look.target_id == look.shown[0].id  # none stored: the first
    settings_store.put(db, KEY, str(ids["again"]))
    look = _read(db)
    assert look is not None and look.target_id == ids["again"]
    settings_store.put(db, KEY, "999")  # deleted since
    look = _read(db)
    assert look is not None and look.target_id == look.shown[0].id


def test_no_target_reads_the_list_alone(db: Database) -> None:
    look = _read(db)
    assert look is not None
    assert (look.targets, look.target_id, look.overview, look.summary, look.due) == (
        [],
        None,
        None,
        None,
        [],
    )


def test_choose_target_keeps_the_selectors_rules() -> None:
    a, b, c = (
        fl.TargetLine(1, "A", False),
        fl.TargetLine(2, "B", True),
        fl.TargetLine(3, "C", False),
    )
    assert fl.choose_target([a, b, c], None, False) == ([a, c], 1)
    assert fl.choose_target([a, b, c], 2, False) == ([a, b, c], 2)
    assert fl.choose_target([a, b, c], 3, False) == ([a, c], 3)
    assert fl.choose_target([a, b, c], None, True) == ([a, b, c], 1)
    assert fl.choose_target([b], None, False) == ([b], 2)  # only archived ones: all shown
    assert fl.choose_target([], 5, False) == ([], None)


def test_steps_aside_for_a_file_it_must_not_read(db: Database, tmp_path: Path) -> None:
    add_sample_target(db, TODAY)
    assert _read(db) is not None
    with sqlite3.connect(db.path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0005_interview_prep'")
    assert _read(db) is None  # a migration comes first
    with sqlite3.connect(db.path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    assert _read(db) is None
    missing = tmp_path / "none.sqlite3"
    assert (
        fl.read_first_look(
            missing, TODAY, prefer=None, show_archived=False, actions=5, last_target_key=KEY
        )
        is None
    )
    not_a_database = tmp_path / "text.sqlite3"
    not_a_database.write_text("hello")
    assert (
        fl.read_first_look(
            not_a_database, TODAY, prefer=None, show_archived=False, actions=5, last_target_key=KEY
        )
        is None
    )


def test_a_value_the_models_would_refuse_steps_aside(db: Database) -> None:
    target_id = add_sample_target(db, TODAY)
    with sqlite3.connect(db.path) as conn:
        conn.execute("UPDATE target SET status = 'no_such_status' WHERE id = ?", (target_id,))
    assert _read(db) is None  # the usual opening meets it and explains


def test_it_writes_nothing(db: Database) -> None:
    add_sample_target(db, TODAY)
    db.close()
    before = db.path.read_bytes()
    stamp = db.path.stat().st_mtime_ns
    look = fl.read_first_look(
        db.path, TODAY, prefer=None, show_archived=False, actions=5, last_target_key=KEY
    )
    assert look is not None
    assert db.path.read_bytes() == before and db.path.stat().st_mtime_ns == stamp


def test_the_first_look_and_its_widgets_import_no_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "import secondchance.core.services.first_look\n"
        "import secondchance.ui.first_look\n"
        "import secondchance.ui.tabs.overview.tab\n"
        "import secondchance.ui.tabs.agenda.tab\n"
        "import secondchance.ui.tabs.agenda.reminders\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic'))\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


def test_a_large_workspace_without_kept_figures_reads_them(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    target_id = add_sample_target(db, TODAY)
    size = sum(c.count for c in targets.overview(db, target_id, TODAY).counts)
    monkeypatch.setattr(fl, "LARGEST", size)
    small = _read(db)
    assert small is not None
    monkeypatch.setattr(fl, "LARGEST", size - 1)
    assert _read(db) == small  # nothing kept (none asked for): read as for a small one
