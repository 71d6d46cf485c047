"""Growth-ledger benchmark: ``build_ledger`` against the bare queries it needs.

Usage: python bench/ledger.py [--feedback N] [--repeat R]

A temporary data folder gets one target with N feedback items (default 2 000), N/4
skills, N/2 development activities and N/8 experiences; each feedback item links two
skills and each experience three.  Each repetition times, interleaved (baseline first on
even repetitions, second on odd ones):

  - ``build_ledger(db, target)``: the ORM queries plus building the frozen dataclasses
    and the "still open" sentences;
  - the baseline: the same five SELECTs with ``sqlite3`` and ``fetchall()``, no objects.

It prints the medians and their ratio.  The ledger is rebuilt whenever a record changes
while the Feedback → evidence page is on screen, so it must stay well under the ~100 ms
a person notices at realistic sizes (tens of feedback items), and degrade gently beyond.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from secondchance.core import models as m
from secondchance.core.db import Database, open_database
from secondchance.core.services.ledger import build_ledger
from secondchance.core.services.targets import create_target


def populate(db: Database, feedback: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    target = create_target(db, {"company": "Bench", "role": "Analyst"}, None).id
    skills, activities, experiences = max(feedback // 4, 1), feedback // 2, feedback // 8
    now = dt.datetime.now(dt.UTC)
    stamp = {"created_at": now, "updated_at": now}
    with db.transaction() as session:
        session.execute(
            insert(m.Skill),
            [
                {
                    "target_id": target,
                    "name": f"Skill {i}",
                    "category": m.SkillCategory.technical,
                    "required_level": rng.randint(2, 5),
                    "current_level": rng.randint(0, 5),
                    "importance": rng.randint(1, 3),
                    **stamp,
                }
                for i in range(skills)
            ],
        )
        skill_ids = list(session.scalars(m.Skill.__table__.select().with_only_columns(m.Skill.id)))
        session.execute(
            insert(m.Feedback),
            [
                {
                    "target_id": target,
                    "text": f"Feedback {i}: " + "words " * rng.randint(5, 40),
                    "received_on": dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
                    "source": m.FeedbackSource.recruiter,
                    "theme": rng.choice(list(m.FeedbackTheme)),
                    "status": rng.choice(list(m.FeedbackStatus)),
                    "response": rng.choice([None, "Did the thing."]),
                    **stamp,
                }
                for i in range(feedback)
            ],
        )
        feedback_ids = list(
            session.scalars(m.Feedback.__table__.select().with_only_columns(m.Feedback.id))
        )
        session.execute(
            m.feedback_skill.insert(),
            [
                {"feedback_id": f, "skill_id": s}
                for f in feedback_ids
                for s in set(rng.sample(skill_ids, min(2, len(skill_ids))))
            ],
        )
        session.execute(
            insert(m.LearningActivity),
            [
                {
                    "target_id": target,
                    "skill_id": rng.choice(skill_ids),
                    "title": f"Activity {i}",
                    "kind": m.ActivityKind.course,
                    "status": rng.choice(list(m.ActivityStatus)),
                    "due_date": dt.date(2026, 6, 1),
                    **stamp,
                }
                for i in range(activities)
            ],
        )
        session.execute(
            insert(m.Experience),
            [
                {
                    "target_id": target,
                    "title": f"Experience {i}",
                    "kind": m.ExperienceKind.side_project,
                    "end_date": rng.choice([None, dt.date(2026, 3, 1)]),
                    **stamp,
                }
                for i in range(experiences)
            ],
        )
        experience_ids = list(
            session.scalars(m.Experience.__table__.select().with_only_columns(m.Experience.id))
        )
        session.execute(
            m.experience_skill.insert(),
            [
                {"experience_id": x, "skill_id": s}
                for x in experience_ids
                for s in set(rng.sample(skill_ids, min(3, len(skill_ids))))
            ],
        )
    return target


def bare(path: Path, target: int) -> int:
    connection = sqlite3.connect(path)
    try:
        rows = 0
        for sql in (
            "SELECT * FROM feedback WHERE target_id = ?",
            "SELECT * FROM skill WHERE target_id = ?",
            "SELECT * FROM interview_round WHERE target_id = ?",
            "SELECT fs.* FROM feedback_skill fs JOIN feedback f ON f.id = fs.feedback_id "
            "WHERE f.target_id = ?",
            "SELECT * FROM learning_activity WHERE target_id = ? AND skill_id IS NOT NULL",
            "SELECT e.*, es.skill_id FROM experience e JOIN experience_skill es "
            "ON es.experience_id = e.id WHERE e.target_id = ?",
        ):
            rows += len(connection.execute(sql, (target,)).fetchall())
        return rows
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feedback", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder))
        target = populate(db, args.feedback)
        path = Path(folder) / "secondchance.sqlite3"
        ledger_times: list[float] = []
        bare_times: list[float] = []

        def time_ledger() -> None:
            start = time.perf_counter()
            ledger = build_ledger(db, target)
            ledger_times.append(time.perf_counter() - start)
            assert len(ledger.entries) == args.feedback

        def time_bare() -> None:
            start = time.perf_counter()
            bare(path, target)
            bare_times.append(time.perf_counter() - start)

        for i in range(args.repeat):
            for step in (time_bare, time_ledger) if i % 2 == 0 else (time_ledger, time_bare):
                step()
        db.close()
    led, base = statistics.median(ledger_times), statistics.median(bare_times)
    print(f"feedback items: {args.feedback}, repetitions: {args.repeat}")
    print(f"build_ledger:       {led * 1000:8.1f} ms (median)")
    print(f"bare sqlite3 reads: {base * 1000:8.1f} ms (median)")
    print(f"ratio: {led / base:.1f}x the bare reads")


if __name__ == "__main__":
    main()
