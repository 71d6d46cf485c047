"""Readiness benchmark: how long the Overview's readiness, actions and steps take to work out.

Usage: python bench/readiness.py [--scale N] [--repeat R] [--seed S]

A temporary data folder gets the sample target and a large one: N feedback items, N/2
skills with level histories, N development activities, N/2 contacts linked to it with four
interactions each, N questions with practice sessions (default N = 2 000, far more than a
person records).  Then, R times each (default 7), interleaved:

  1. ``readiness.summary`` (everything the Overview shows, one read) on each target;
  2. ``compute_readiness`` + ``next_actions`` + ``checklist`` separately (three reads);
  3. the facts read on a plain ``sqlite3`` connection (``load.read_facts``, start-up's
     first look) and worked out, without a session.

(The Overview tab's own refresh runs off the GUI thread now, in ``FiguresFeed``; the
GUI-step bench, bench/gui_steps.py, times the window.)

It also counts the SQL statements one ``summary`` issues.  Nothing asserts a time: the
figures depend on the machine.  Output: min / median / max milliseconds per measure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event

from secondchance.core import models as m
from secondchance.core.db import Database, open_database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.services import readiness
from secondchance.core.services.readiness import load
from secondchance.paths import DB_FILENAME


def build_large(db: Database, n: int, rng: random.Random) -> int:
    today = dt.date.today()

    def day(back: int) -> dt.date:
        return today - dt.timedelta(days=rng.randint(0, back))

    with db.transaction() as session:
        target = m.Target(
            company="Large Co",
            role="Analyst",
            rejection_date=today - dt.timedelta(days=120),
            eligible_date=today + dt.timedelta(days=60),
        )
        session.add(target)
        session.flush()
        skills = [
            m.Skill(
                target_id=target.id,
                name=f"Skill {i}",
                required_level=rng.randint(2, 5),
                current_level=rng.randint(0, 5),
                importance=rng.randint(1, 3),
                level_changes=[
                    m.SkillLevelChange(date=day(200), level=rng.randint(0, 5)) for _ in range(3)
                ],
            )
            for i in range(max(1, n // 2))
        ]
        session.add_all(skills)
        session.flush()
        statuses = list(m.FeedbackStatus)
        session.add_all(
            m.Feedback(
                target_id=target.id,
                text=f"Feedback item {i} " * 5,
                status=rng.choice(statuses),
                skills=rng.sample(skills, k=min(2, len(skills))),
            )
            for i in range(n)
        )
        session.add_all(
            m.LearningActivity(
                target_id=target.id,
                skill_id=rng.choice(skills).id,
                title=f"Activity {i}",
                status=rng.choice(list(m.ActivityStatus)),
                due_date=day(60) + dt.timedelta(days=rng.randint(0, 90)),
                hours_planned=10,
                hours_spent=rng.randint(0, 10),
            )
            for i in range(n)
        )
        session.add_all(
            m.Experience(target_id=target.id, title=f"Project {i}", skills=rng.sample(skills, 1))
            for i in range(max(1, n // 10))
        )
        contacts = [
            m.Contact(
                name=f"Contact {i}",
                company=rng.choice(["Large Co", "large co ", "Elsewhere"]),
                relationship=rng.choice(list(m.Relationship)),
                keep_in_touch_days=rng.choice([None, 30, 60, 90]),
                targets=[target],
            )
            for i in range(max(1, n // 2))
        ]
        session.add_all(contacts)
        session.flush()
        session.add_all(
            m.Interaction(
                contact_id=c.id,
                date=day(200),
                follow_up_date=day(30) if rng.random() < 0.2 else None,
                follow_up_done=rng.random() < 0.5,
            )
            for c in contacts
            for _ in range(4)
        )
        questions = [
            m.Question(
                target_id=target.id,
                question=f"Question {i}?",
                situation="s",
                task="t" if rng.random() < 0.8 else None,
                action="a",
                result="r",
                practice_due=day(20) + dt.timedelta(days=rng.randint(0, 40)),
            )
            for i in range(n)
        ]
        session.add_all(questions)
        session.flush()
        session.add_all(
            m.PracticeSession(question_id=q.id, practiced_on=day(60))
            for q in questions
            if rng.random() < 0.6
        )
        return target.id


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def count_statements(db: Database, fn: Callable[[], object]) -> int:
    """The SQL statements ``fn`` runs, counted by the driver (the facts are read on the
    driver's connection, past SQLAlchemy's own events)."""
    seen: list[str] = []

    def checkout(dbapi_connection: sqlite3.Connection, *_args: object) -> None:
        dbapi_connection.set_trace_callback(seen.append)

    def checkin(dbapi_connection: sqlite3.Connection, *_args: object) -> None:
        dbapi_connection.set_trace_callback(None)

    event.listen(db.engine, "checkout", checkout)
    event.listen(db.engine, "checkin", checkin)
    try:
        fn()
    finally:
        event.remove(db.engine, "checkout", checkout)
        event.remove(db.engine, "checkin", checkin)
    return sum(1 for sql in seen if sql.lstrip().upper().startswith("SELECT"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-readiness-"))
    db = open_database(folder)
    sample = add_sample_target(db)
    large = build_large(db, args.scale, random.Random(args.seed))

    def separately(target: int) -> None:
        readiness.compute_readiness(db, target)
        readiness.next_actions(db, target)
        readiness.checklist(db, target)

    def plain(target: int) -> None:
        conn = sqlite3.connect(f"file:{db.data_dir / DB_FILENAME}?mode=ro", uri=True)
        try:
            facts = load.read_facts(conn, target, dt.date.today())
        finally:
            conn.close()
        readiness.readiness_of(facts)
        readiness.actions_of(facts, 5)
        readiness.steps_of(facts)

    rows: list[tuple[str, list[float]]] = []
    for name, target in (("sample", sample), (f"large (N={args.scale})", large)):
        statements = count_statements(db, lambda t=target: readiness.summary(db, t))
        print(f"{name}: one summary() issues {statements} SQL statements")
        for label, fn in (
            ("summary()", lambda t=target: readiness.summary(db, t)),
            ("three separate calls", lambda t=target: separately(t)),
            ("plain sqlite3 read + rules", lambda t=target: plain(t)),
        ):
            rows.append((f"{name}: {label}", timed(fn, args.repeat)))

    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'min':>8} {'median':>8} {'max':>8}   (ms)")
    for label, samples in rows:
        print(
            f"{label:<{width}}  {min(samples):8.1f} {statistics.median(samples):8.1f} "
            f"{max(samples):8.1f}"
        )
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
