"""Record-list benchmark: how listing, sorting and searching scale with the number of rows.

Usage: python bench/records_list.py [--rows N] [--repeat R] [--seed S] [--json FILE]
                                    [--no-profile] [--profile-top K]

A temporary data folder gets one target and N feedback items (default 10 000), inserted in
one transaction through the ORM models, with varied dates, sources, themes, statuses, text,
references to rounds and contacts, and links to a few skills.  Then, each measure repeated R
times (default 5) and interleaved with its baseline (baseline first on even repetitions,
second on odd ones, so drift hits both alike):

  1. ``records.list_records(db, "feedback", target)`` against a bare ``sqlite3``
     ``SELECT * FROM feedback WHERE target_id=?`` plus the ``feedback_skill`` rows;
  2. ``RecordTableModel``: ``set_rows``, ``sort`` on the date and the text column, and the
     search box typed one keystroke at a time ("s", "sq", "sql", then cleared) against
     Python's ``sorted()`` over N ready-made key tuples in the same starting order;
  3. for context, ``QSortFilterProxyModel`` (``setSourceModel`` + ``sort``) over the same
     model against the model's own ``sort``.  Only with N <= 20 000: the proxy calls the
     Python ``data()`` for every comparison and takes too long beyond that.

No view is attached to the model, so the figures are the model's own work (a view adds a
reset and the paint of the ~30 visible rows).  Anything the app does slower than a person
tolerates (a keystroke or header click over 100 ms, opening a list, i.e. list_records +
set_rows, over 1 s) is profiled once with cProfile and its hot spots printed, unless
``--no-profile``.  Step 3 is never flagged: the app doesn't sort that way.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import json
import os
import platform
import pstats
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Before any PySide6 import: the benchmark must run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from secondchance.core import models as m
from secondchance.core.db import Database, open_database
from secondchance.core.services import kinds, records
from secondchance.core.services.records import RecordRow
from secondchance.ui.records.table_model import RecordTableModel

PROXY_MAX_ROWS = 20_000
KEYSTROKE_LIMIT = 0.100  # seconds: a lag a person notices while typing or clicking
OPEN_LIMIT = 1.0  # seconds: a list that takes longer than this feels slow to open
ASC = Qt.SortOrder.AscendingOrder
DESC = Qt.SortOrder.DescendingOrder
DATE_COLUMN = kinds.FEEDBACK.columns.index("received_on")
TEXT_COLUMN = kinds.FEEDBACK.columns.index("text")
SEARCH_STEPS = ("s", "sq", "sql", "")

Action = Callable[[], object]


# --- data -------------------------------------------------------------------------------

# The same sentence parts as the GUI-step bench's workspaces (one source of text).
from workspace_data import CLOSERS, OPENERS, TOPICS  # type: ignore[import-not-found]  # noqa: E402

PLANS = (
    "Take a course and build a small project.",
    "Practise with a friend every week.",
    "Write up two STAR stories about it.",
    "Read the book the interviewer recommended.",
    "Pair with a senior colleague on it at work.",
)
SKILL_NAMES = (
    "SQL",
    "System design",
    "Python",
    "Communication",
    "Kubernetes",
    "Leadership",
    "Testing",
    "Data modelling",
)


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(OPENERS)} {rng.choice(TOPICS)} {rng.choice(CLOSERS)}"


def populate(db: Database, rows: int, seed: int) -> int:
    """Create one target with ``rows`` feedback items; returns the target's id."""
    rng = random.Random(seed)
    first_day = dt.date(2022, 1, 1).toordinal()
    with db.transaction() as session:
        target = m.Target(company="Initech", role="Senior data engineer")
        session.add(target)
        session.flush()
        # Feedback names its round and contact by reference: list_records looks their
        # titles up, so some items point at them.
        rounds = [
            m.InterviewRound(
                target_id=target.id,
                date=dt.date(2024, 3, 4 + i),
                stage=stage,
                format="Video call",
            )
            for i, stage in enumerate(m.RoundStage)
        ]
        contacts = [
            m.Contact(name=name, company="Initech", relationship=relationship)
            for name, relationship in (
                ("Dana Reyes", m.Relationship.recruiter),
                ("Sam Okafor", m.Relationship.hiring_manager),
                ("Lee Novak", m.Relationship.interviewer),
            )
        ]
        skills = [m.Skill(target_id=target.id, name=name) for name in SKILL_NAMES]
        session.add_all([*rounds, *contacts, *skills])
        session.flush()
        round_ids = [r.id for r in rounds]
        contact_ids = [c.id for c in contacts]
        skill_ids = [s.id for s in skills]

        feedback: list[dict[str, Any]] = []
        links: list[dict[str, int]] = []
        for feedback_id in range(1, rows + 1):
            lines = [_sentence(rng) for _ in range(rng.randint(1, 3))]
            text = "\n".join(lines) if rng.random() < 0.3 else " ".join(lines)
            feedback.append(
                {
                    "id": feedback_id,
                    "target_id": target.id,
                    "round_id": rng.choice(round_ids) if rng.random() < 0.6 else None,
                    "contact_id": rng.choice(contact_ids) if rng.random() < 0.3 else None,
                    # A few undated items: empty values sort last, which the model handles
                    # separately.
                    "received_on": None
                    if rng.random() < 0.03
                    else dt.date.fromordinal(first_day + rng.randrange(4 * 365)),
                    "source": rng.choice(list(m.FeedbackSource)),
                    "theme": rng.choice(list(m.FeedbackTheme)),
                    "status": rng.choice(list(m.FeedbackStatus)),
                    "text": text,
                    "response": rng.choice(PLANS) if rng.random() < 0.4 else None,
                }
            )
            for skill_id in rng.sample(skill_ids, rng.randint(0, 3)):
                links.append({"feedback_id": feedback_id, "skill_id": skill_id})
        session.execute(insert(m.Feedback), feedback)
        if links:
            session.execute(insert(m.feedback_skill), links)
        return target.id


# --- timing -----------------------------------------------------------------------------

# A case's prepare puts the model in its starting state (untimed) and returns what to time.
Prepare = Callable[[], Action]


@dataclass
class Measure:
    name: str
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "min": min(self.samples),
            "median": self.median,
            "max": max(self.samples),
            "samples": self.samples,
        }


@dataclass
class Pair:
    """A measured operation and its baseline, timed alternately."""

    step: int
    measured: Measure
    baseline: Measure
    prepare_measured: Prepare
    prepare_baseline: Prepare
    # Runs right after the measured action, untimed (e.g. to detach a proxy model).
    after_measured: Callable[[], None] | None = None
    # What a person would notice: profile the measured action if its median is over this.
    limit: float | None = None
    what: str = ""

    @property
    def ratio(self) -> float:
        return self.measured.median / self.baseline.median

    def run(self, rep: int) -> None:
        # Baseline first on even repetitions, second on odd ones: drift hits both alike.
        if rep % 2 == 0:
            self._run_baseline()
            self._run_measured()
        else:
            self._run_measured()
            self._run_baseline()

    def _run_measured(self) -> None:
        self.measured.samples.append(timed(self.prepare_measured()))
        if self.after_measured is not None:
            self.after_measured()

    def _run_baseline(self) -> None:
        self.baseline.samples.append(timed(self.prepare_baseline()))


def timed(action: Action) -> float:
    # Collect now so garbage left by the previous step isn't collected on this one's clock.
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


# --- baselines --------------------------------------------------------------------------


def sqlite_fetch(conn: sqlite3.Connection, target_id: int) -> int:
    rows = conn.execute("SELECT * FROM feedback WHERE target_id=?", (target_id,)).fetchall()
    links = conn.execute(
        "SELECT fs.* FROM feedback_skill fs JOIN feedback f ON f.id = fs.feedback_id "
        "WHERE f.target_id=?",
        (target_id,),
    ).fetchall()
    return len(rows) + len(links)


def date_key(row: RecordRow) -> int:
    day = row.values.get("received_on")
    return day.toordinal() if isinstance(day, dt.date) else sys.maxsize


def text_key(row: RecordRow) -> str:
    return row.display.get("text", "").casefold()


def visible_rows(model: RecordTableModel) -> list[RecordRow]:
    rows = []
    for position in range(model.rowCount()):
        row = model.row_at(position)
        assert row is not None
        rows.append(row)
    return rows


# --- the cases --------------------------------------------------------------------------


@dataclass
class Bench:
    db: Database
    target_id: int
    rows: list[RecordRow]
    conn: sqlite3.Connection
    model: RecordTableModel
    with_proxy: bool
    pairs: list[Pair] = field(default_factory=list)
    _proxies: list[QSortFilterProxyModel] = field(default_factory=list)

    def build(self) -> None:
        self._list_case()
        self._model_cases()
        if self.with_proxy:
            self._proxy_cases()

    def pair(self, step: int, measured: str, baseline: str, **kw: Any) -> None:
        self.pairs.append(Pair(step, Measure(measured), Measure(baseline), **kw))

    def named(self, name: str) -> Pair:
        return next(p for p in self.pairs if p.measured.name == name)

    # step 1

    def _list_case(self) -> None:
        def listing() -> Action:
            return lambda: records.list_records(self.db, "feedback", self.target_id)

        def fetch() -> Action:
            return lambda: sqlite_fetch(self.conn, self.target_id)

        self.pair(
            1,
            'records.list_records("feedback")',
            "sqlite3 SELECT feedback + feedback_skill",
            prepare_measured=listing,
            prepare_baseline=fetch,
            what="open a list (with set_rows)",
        )

    # step 2

    def _in_order(self, column: int, order: Qt.SortOrder) -> list[RecordRow]:
        self.model.set_filter("")
        self.model.sort(column, order)
        return visible_rows(self.model)

    def _model_cases(self) -> None:
        model = self.model

        def set_rows() -> Action:
            model.set_filter("")
            model.sort(DATE_COLUMN, DESC)  # the feedback list's default order
            return lambda: model.set_rows(self.rows)

        def set_rows_baseline() -> Action:
            tuples = [(date_key(r), r.id) for r in self.rows]
            return lambda: sorted(tuples, reverse=True)

        self.pair(
            2,
            "model.set_rows(rows)",
            "sorted() N (date, id) tuples",
            prepare_measured=set_rows,
            prepare_baseline=set_rows_baseline,
            what="open a list (with list_records)",
        )

        # Each sort starts from another column's order, as after a header click: a list
        # already in the wanted order would let timsort finish in a single pass.
        def sort_date() -> Action:
            self._in_order(TEXT_COLUMN, ASC)
            return lambda: model.sort(DATE_COLUMN, ASC)

        def sort_date_baseline() -> Action:
            tuples = [(date_key(r), r.id) for r in self._in_order(TEXT_COLUMN, ASC)]
            return lambda: sorted(tuples)

        def sort_text() -> Action:
            self._in_order(DATE_COLUMN, DESC)
            return lambda: model.sort(TEXT_COLUMN, ASC)

        def sort_text_baseline() -> Action:
            tuples = [(text_key(r), r.id) for r in self._in_order(DATE_COLUMN, DESC)]
            return lambda: sorted(tuples)

        self.pair(
            2,
            "model.sort(date column)",
            "sorted() N (date, id) tuples",
            prepare_measured=sort_date,
            prepare_baseline=sort_date_baseline,
            limit=KEYSTROKE_LIMIT,
            what="header click",
        )
        self.pair(
            2,
            "model.sort(text column)",
            "sorted() N (text, id) tuples",
            prepare_measured=sort_text,
            prepare_baseline=sort_text_baseline,
            limit=KEYSTROKE_LIMIT,
            what="header click",
        )

        # Typing "sql" calls set_filter once per keystroke, each time over every row, then
        # sorts what matched; clearing the box brings back (and sorts) all of them.
        search_tuples = [(date_key(r), r.id, r.search_text) for r in self.rows]
        previous = ""
        for needle in SEARCH_STEPS:
            self.pair(
                2,
                f'model.set_filter("{needle}")' + ("" if needle else " clear"),
                f'"{needle}" in text + sorted()' if needle else "sorted() N tuples",
                prepare_measured=self._typing(previous, needle),
                prepare_baseline=self._filter_baseline(search_tuples, needle),
                limit=KEYSTROKE_LIMIT,
                what="keystroke in the search box",
            )
            previous = needle

    def _typing(self, before: str, text: str) -> Prepare:
        def prepare() -> Action:
            self._in_order(DATE_COLUMN, DESC)
            self.model.set_filter(before)
            return lambda: self.model.set_filter(text)

        return prepare

    @staticmethod
    def _filter_baseline(tuples: list[tuple[int, int, str]], needle: str) -> Prepare:
        words = needle.split()

        def prepare() -> Action:
            return lambda: sorted(
                (t for t in tuples if all(w in t[2] for w in words)), reverse=True
            )

        return prepare

    # step 3

    def _proxy_cases(self) -> None:
        for column, other, label in (
            (DATE_COLUMN, TEXT_COLUMN, "date"),
            (TEXT_COLUMN, DATE_COLUMN, "text"),
        ):
            self.pair(
                3,
                f"proxy setSourceModel + sort({label})",
                f"model.sort({label} column)",
                prepare_measured=self._proxy_sort(column, other),
                prepare_baseline=self._model_sort(column, other),
                after_measured=self._drop_proxies,
                # Context only: the app doesn't sort this way, so it is never flagged.
                what="header click, if sorting were left to a proxy",
            )

    def _proxy_sort(self, column: int, start: int) -> Prepare:
        def prepare() -> Action:
            self._in_order(start, ASC)

            def run() -> None:
                proxy = QSortFilterProxyModel()
                proxy.setSourceModel(self.model)
                proxy.sort(column, ASC)
                # Kept alive until after the clock stops: its teardown isn't what we time.
                self._proxies.append(proxy)

            return run

        return prepare

    def _drop_proxies(self) -> None:
        # Detach at once: a proxy left on the model would re-sort on the next model.sort().
        for proxy in self._proxies:
            proxy.setSourceModel(None)  # type: ignore[arg-type]
        self._proxies.clear()

    def _model_sort(self, column: int, start: int) -> Prepare:
        def prepare() -> Action:
            self._in_order(start, ASC)
            return lambda: self.model.sort(column, ASC)

        return prepare


# --- profiling --------------------------------------------------------------------------


def profile(action: Action, top: int) -> str:
    """Hot spots by own time, then the app's own functions by cumulative time."""
    profiler = cProfile.Profile()
    gc.collect()
    profiler.enable()
    action()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    by_own = _trim_stats(out.getvalue())
    out.seek(0)
    out.truncate()
    stats.sort_stats("cumulative").print_stats("secondchance", top)
    by_app = _trim_stats(out.getvalue())
    return f"hot spots by own time:\n{by_own}\n\nthe app's functions by cumulative time:\n{by_app}"


_PATH_PREFIX = re.compile(r"\S*?/(?:site-packages|src|python3\.\d+|bench)/")


def _trim_stats(text: str) -> str:
    # Keep pstats' table without its preamble, and shorten paths so lines fit a terminal.
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join(_PATH_PREFIX.sub("", line) for line in lines[start:] if line.strip())


# --- report -----------------------------------------------------------------------------


def fmt(seconds: float) -> str:
    return f"{seconds:9.4f}"


def report(pairs: list[Pair], notes: list[str]) -> str:
    width = max(len(p.measured.name) for p in pairs) + 4
    width = max(width, max(len(p.baseline.name) for p in pairs) + 6)
    head = f"{'step':<5}{'measure':<{width}}{'min s':>9} {'median s':>9} {'max s':>9}  ratio"
    lines = [head, "-" * len(head)]
    step = 0
    for p in pairs:
        if p.step != step and step:
            lines.append("")
        label = str(p.step) if p.step != step else ""
        step = p.step
        a, b = p.measured, p.baseline
        lines.append(
            f"{label:<5}{a.name:<{width}}{fmt(min(a.samples))} {fmt(a.median)} "
            f"{fmt(max(a.samples))}  {p.ratio:7.1f}x"
        )
        lines.append(
            f"{'':<5}{'  vs ' + b.name:<{width}}{fmt(min(b.samples))} {fmt(b.median)} "
            f"{fmt(max(b.samples))}"
        )
    lines.append("")
    lines.extend(f"note: {n}" for n in notes)
    return "\n".join(lines)


def noticeable(bench: Bench) -> list[tuple[str, list[Pair]]]:
    """What a person would feel: (why, the measures to profile)."""
    found: list[tuple[str, list[Pair]]] = []
    listing = bench.named('records.list_records("feedback")')
    set_rows = bench.named("model.set_rows(rows)")
    opening = listing.measured.median + set_rows.measured.median
    if opening > OPEN_LIMIT:
        found.append(
            (
                f"opening the list takes {opening:.2f} s (list_records + set_rows medians), "
                f"over {OPEN_LIMIT:.0f} s",
                [listing, set_rows],
            )
        )
    for p in bench.pairs:
        if p.limit is not None and p.measured.median > p.limit:
            found.append(
                (
                    f"{p.measured.name} ({p.what}) takes {p.measured.median * 1000:.0f} ms, "
                    f"over {p.limit * 1000:.0f} ms",
                    [p],
                )
            )
    return found


# --- main -------------------------------------------------------------------------------


def positive(text: str) -> int:
    value = int(text.replace("_", ""))
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=positive, default=10_000, help="feedback items (10000)")
    parser.add_argument("--repeat", type=positive, default=5, help="timed runs of each (5)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the data (1)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures here")
    parser.add_argument("--no-profile", action="store_true", help="don't profile slow steps")
    parser.add_argument("--profile-top", type=int, default=15, help="hot spots shown (15)")
    args = parser.parse_args(argv)

    # Kept in a name for the whole run: Qt objects need a live application.
    _app = QApplication.instance() or QApplication(sys.argv[:1])
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="sc-bench-records-") as tmp:
        start = time.perf_counter()
        db = open_database(Path(tmp))
        target_id = populate(db, args.rows, args.seed)
        notes.append(f"{args.rows} feedback items created in {time.perf_counter() - start:.1f} s")
        conn = sqlite3.connect(db.path)
        try:
            # One untimed pass of each side: warms SQLAlchemy's statement cache, the page
            # cache and the sqlite3 baseline's connection.
            fetched = sqlite_fetch(conn, target_id)
            rows = records.list_records(db, "feedback", target_id)
            if len(rows) != args.rows:
                raise SystemExit(f"list_records gave {len(rows)} rows, expected {args.rows}")
            notes.append(f"the sqlite3 baseline fetches {fetched} rows (feedback + links)")
            bench = Bench(
                db,
                target_id,
                rows,
                conn,
                RecordTableModel(kinds.FEEDBACK),
                with_proxy=args.rows <= PROXY_MAX_ROWS,
            )
            bench.build()
            if not bench.with_proxy:
                notes.append(
                    f"step 3 (QSortFilterProxyModel) skipped: it only runs with "
                    f"--rows <= {PROXY_MAX_ROWS} (too slow beyond)"
                )
            for needle in ("s", "sq", "sql"):
                matched = sum(1 for r in rows if needle in r.search_text)
                notes.append(f'search "{needle}" matches {matched} of {len(rows)} rows')
            # Rows in the same order step by step, repetition after repetition.
            for rep in range(args.repeat):
                for p in bench.pairs:
                    p.run(rep)

            print(
                f"records list benchmark: {args.rows} feedback rows, {args.repeat} runs each; "
                f"Python {platform.python_version()}, {platform.machine()}, "
                f"{os.cpu_count()} CPUs, Qt platform {QApplication.platformName()}"
            )
            print()
            print(report(bench.pairs, notes))

            slow = noticeable(bench)
            profiles: dict[str, str] = {}
            print()
            if not slow:
                print("Nothing over the noticeable limits (100 ms per keystroke/click, 1 s open).")
            for why, to_profile in slow:
                print(f"NOTICEABLE: {why}")
                if args.no_profile:
                    continue
                for p in to_profile:
                    if p.measured.name in profiles:
                        continue
                    action = p.prepare_measured()
                    text = profile(action, args.profile_top)
                    if p.after_measured is not None:
                        p.after_measured()
                    profiles[p.measured.name] = text
                    print(f"\n  cProfile of one {p.measured.name}")
                    print("\n".join("    " + line for line in text.splitlines()))
                print()

            if args.json:
                args.json.write_text(
                    json.dumps(
                        {
                            "rows": args.rows,
                            "repeat": args.repeat,
                            "seed": args.seed,
                            "python": platform.python_version(),
                            "machine": platform.machine(),
                            "cpus": os.cpu_count(),
                            "results": [
                                {
                                    "step": p.step,
                                    "measured": p.measured.summary(),
                                    "baseline": p.baseline.summary(),
                                    "ratio_of_medians": p.ratio,
                                }
                                for p in bench.pairs
                            ],
                            "noticeable": [why for why, _ in slow],
                            "profiles": profiles,
                            "notes": notes,
                        },
                        indent=2,
                    )
                    + "\n",
                    encoding="utf-8",
                )
        finally:
            conn.close()
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
