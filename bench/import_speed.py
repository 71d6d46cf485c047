"""Workspace import benchmark: ``import_workspace`` against plain ``json`` + ``sqlite3``.

Usage: python bench/import_speed.py [--records N] [--repeat R] [--json FILE]

A temporary data folder gets one target with about N records spread over the record
kinds a person has most of (feedback, skills, activities, experiences, contacts with
their conversations, questions, journal entries) plus their links, and is exported with
``write_export``.  Then, R times each, interleaved (baseline first on even repetitions,
second on odd ones), into a fresh copy of an empty, migrated data folder:

  - ``import_workspace(db, path)``: reading and checking the whole file (every value's
    type, the forms' rules, references, uniqueness), matching uuids, one transaction of
    ``executemany`` per table;
  - the baseline: ``json.load`` of the same file and ``sqlite3`` ``executemany`` of every
    row of every table, as stored in the file, in one transaction — no checks at all.

Also timed: importing the same file a second time (everything "already here").  It
prints the medians and the ratio import / baseline (the aim is at most 3×).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select

from secondchance.core import models as m
from secondchance.core.db import Database, open_database
from secondchance.core.interop.workspace import import_workspace, write_export
from secondchance.core.services.targets import create_target


def populate(db: Database, records: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    target = create_target(db, {"company": "Bench", "role": "Analyst"}, None).id
    n = max(records // 8, 1)
    now = dt.datetime.now(dt.UTC)
    stamp = {"created_at": now, "updated_at": now}
    day = dt.date(2026, 1, 1)
    with db.transaction() as s:

        def ids(model: type[m.Base]) -> list[int]:
            return list(s.scalars(select(model.id)))  # type: ignore[attr-defined]

        s.execute(
            insert(m.Skill),
            [
                {"target_id": target, "name": f"Skill {i}", "required_level": 4, **stamp}
                for i in range(n)
            ],
        )
        skills = ids(m.Skill)
        s.execute(
            insert(m.Feedback),
            [
                {
                    "target_id": target,
                    "text": f"Feedback {i}: " + "words " * rng.randint(5, 40),
                    "received_on": day + dt.timedelta(days=i % 300),
                    "theme": rng.choice(list(m.FeedbackTheme)),
                    **stamp,
                }
                for i in range(2 * n)
            ],
        )
        s.execute(
            insert(m.feedback_skill),
            [{"feedback_id": f, "skill_id": rng.choice(skills)} for f in ids(m.Feedback)],
        )
        s.execute(
            insert(m.LearningActivity),
            [
                {
                    "target_id": target,
                    "skill_id": rng.choice(skills),
                    "title": f"Course {i}",
                    "hours_planned": 10.0,
                    **stamp,
                }
                for i in range(n)
            ],
        )
        s.execute(
            insert(m.Experience),
            [
                {"target_id": target, "title": f"Project {i}", "description": "Did it. " * 20}
                | stamp
                for i in range(n // 2)
            ],
        )
        s.execute(
            insert(m.Contact),
            [{"name": f"Person {i}", "email": f"p{i}@example.invalid", **stamp} for i in range(n)],
        )
        s.execute(
            insert(m.Interaction),
            [
                {"contact_id": c, "date": day, "summary": "Coffee and a chat.", **stamp}
                for c in ids(m.Contact)
            ],
        )
        s.execute(
            insert(m.Question),
            [
                {"target_id": target, "question": f"Tell me about {i}", "situation": "S" * 200}
                | stamp
                for i in range(n)
            ],
        )
        s.execute(
            insert(m.JournalEntry),
            [{"target_id": target, "date": day, "text": f"Win {i}", **stamp} for i in range(n)],
        )


def baseline_import(path: Path, db_path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        document = json.load(handle)
    rows = 0
    with contextlib.closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        for table in m.Base.metadata.sorted_tables:
            data = document["tables"].get(table.name, [])
            if not data:
                continue
            columns = list(data[0])
            statement = (
                f'INSERT INTO "{table.name}" ({", ".join(columns)}) '
                f"VALUES ({', '.join('?' for _ in columns)})"
            )
            connection.executemany(statement, [tuple(r[c] for c in columns) for r in data])
            rows += len(data)
    return rows


def _fresh(template: Path, work: Path) -> Path:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(template, work)
    return work


def _time(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sc-import-bench-") as tmp:
        root = Path(tmp)
        source = open_database(root / "source")
        populate(source, args.records)
        export = root / "export.json"
        summary = write_export(source, export)
        source.close()
        template = root / "template"
        open_database(template).close()
        samples: dict[str, list[float]] = {"import": [], "baseline": [], "again": []}
        for run in range(args.repeat):

            def ours() -> None:
                db = open_database(_fresh(template, root / "work"))
                try:
                    samples["import"].append(_time(lambda: import_workspace(db, export)))
                    samples["again"].append(_time(lambda: import_workspace(db, export)))
                finally:
                    db.close()

            def theirs() -> None:
                work = _fresh(template, root / "work")
                path = work / "secondchance.sqlite3"
                samples["baseline"].append(_time(lambda: baseline_import(export, path)))

            for step in (theirs, ours) if run % 2 == 0 else (ours, theirs):
                step()
        medians = {k: statistics.median(v) for k, v in samples.items()}
        rows = summary.total_rows
        print(f"export: {rows} rows, {export.stat().st_size / 1e6:.1f} MB")
        for key, label in (
            ("baseline", "json.load + sqlite3 executemany"),
            ("import", "import_workspace (new workspace)"),
            ("again", "import_workspace (same file again)"),
        ):
            print(f"{label:<38} median {medians[key]:.3f} s  (min {min(samples[key]):.3f})")
        ratio = medians["import"] / medians["baseline"]
        print(f"ratio import / baseline: {ratio:.2f}x")
        if args.json:
            args.json.write_text(
                json.dumps({"rows": rows, "samples": samples, "medians": medians, "ratio": ratio})
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
