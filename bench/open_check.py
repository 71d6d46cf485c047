"""Open = check: what the damage check at every open costs, on 10 and on 100 000 records.

Usage: python bench/open_check.py [--sizes 10,100000] [--repeat R] [--json FILE]

For each size a temporary data folder gets one target and that many records (feedback
items with a sentence or three of text, a third of them linked to one of 50 skills), in
one transaction, then is closed (checkpointed).  Then, R times each, interleaved (the
baseline first on even repetitions, second on odd ones), in this process:

  - ``open_database(folder)`` as the app opens it: the damage check (file headers, the
    ``-wal``/``-shm`` pair, ``PRAGMA quick_check``) then the schema revision, then the engine;
  - the baseline: ``open_database(folder, check=False)``, the same without the check;
  - the weekly thorough check alone: ``PRAGMA integrity_check`` (read-only connection),
    which an open adds once every seven days.

It prints the medians, the check's cost (check − baseline) and the ratio check / baseline,
for each size.

Then the whole start (unless ``--no-app``): ``python -m secondchance --data-dir D`` on each
folder, timed from outside as bench/startup.py does (first paint and data ready), with the
check and without it (``SECONDCHANCE_BENCH_NO_OPEN_CHECK=1``, which exists for this
measurement only), interleaved, ``--app-runs`` times each.  The window starts the check in
a thread before it builds itself (``damage.EarlyCheck``), so most of it overlaps the
window's own work and the import of the database layer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import startup  # bench/startup.py: the same child timing as the start-up benchmark
from sqlalchemy import insert, select

from secondchance.core import models as m
from secondchance.core.backup import integrity_check
from secondchance.core.db import open_database
from secondchance.core.services.targets import create_target


def build(folder: Path, records: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    db = open_database(folder)
    try:
        target = create_target(db, {"company": "Bench", "role": "Analyst"}, None).id
        now = dt.datetime.now(dt.UTC)
        with db.transaction() as s:
            s.execute(
                insert(m.Skill),
                [
                    {
                        "target_id": target,
                        "name": f"Skill {i}",
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in range(50)
                ],
            )
            skills = list(s.scalars(select(m.Skill.id)))
            rows = [
                {
                    "target_id": target,
                    "text": f"Feedback {i}: " + "words and more words. " * rng.randint(1, 6),
                    "received_on": dt.date(2026, 1, 1) + dt.timedelta(days=i % 365),
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(max(records - 51, 1))
            ]
            for start in range(0, len(rows), 10_000):
                s.execute(insert(m.Feedback), rows[start : start + 10_000])
            ids = list(s.scalars(select(m.Feedback.id)))
            links = [{"feedback_id": f, "skill_id": rng.choice(skills)} for f in ids[::3]]
            if links:
                s.execute(insert(m.feedback_skill), links)
    finally:
        db.close()


def timed(fn: object) -> float:
    started = time.perf_counter()
    result = fn()  # type: ignore[operator]
    elapsed = time.perf_counter() - started
    close = getattr(result, "close", None)
    if callable(close):
        close()
    return elapsed


def time_app(folder: Path, scratch: Path, runs: int) -> dict[str, object]:
    """First paint and data ready of the real app on ``folder``, with and without the check."""
    config = scratch / "config"
    config.mkdir(exist_ok=True)
    with_check = startup.child_env(config)
    without = dict(with_check, SECONDCHANCE_BENCH_NO_OPEN_CHECK="1")
    args = ["-m", "secondchance", "--data-dir", str(folder)]
    samples: dict[str, list[float]] = {"check": [], "baseline": []}
    startup.run_child("warm-up", args, with_check, scratch, 300)
    for run in range(runs):
        steps = [("baseline", without), ("check", with_check)]
        for key, env in steps if run % 2 == 0 else steps[::-1]:
            sample = startup.run_child(key, args, env, scratch, 300)
            samples[key].append(sample.times["ready"])
    medians = {k: statistics.median(v) for k, v in samples.items()}
    print(
        f"         whole start, data ready: {medians['baseline']:.3f} s without the check, "
        f"{medians['check']:.3f} s with it ({medians['check'] / medians['baseline']:.2f}x)"
    )
    return {"samples": samples, "medians": medians}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10,100000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-app", action="store_true", help="skip the whole-start timing")
    parser.add_argument("--app-runs", type=int, default=5)
    args = parser.parse_args(argv)
    report: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="sc-open-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = Path(tmp) / f"d{size}"
            build(folder, size)
            db_path = folder / "secondchance.sqlite3"
            open_database(folder).close()  # warm the file cache and the imports
            samples: dict[str, list[float]] = {"check": [], "baseline": [], "integrity": []}
            for run in range(args.repeat):
                steps = [
                    ("baseline", lambda f=folder: open_database(f, check=False)),
                    ("check", lambda f=folder: open_database(f)),
                ]
                for key, fn in steps if run % 2 == 0 else steps[::-1]:
                    samples[key].append(timed(fn))
                samples["integrity"].append(timed(lambda p=db_path: integrity_check(p)))
            medians = {k: statistics.median(v) for k, v in samples.items()}
            size_mb = db_path.stat().st_size / 1e6
            cost = medians["check"] - medians["baseline"]
            print(
                f"{size:>7} records ({size_mb:.1f} MB): open {medians['baseline'] * 1000:.1f} ms, "
                f"with the check {medians['check'] * 1000:.1f} ms (+{cost * 1000:.1f} ms, "
                f"{medians['check'] / medians['baseline']:.2f}x); weekly integrity_check "
                f"{medians['integrity'] * 1000:.1f} ms"
            )
            report[str(size)] = {"mb": size_mb, "samples": samples, "medians": medians}
            if not args.no_app:
                report[str(size)]["app"] = time_app(folder, Path(tmp), args.app_runs)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
