"""GUI-step benchmark: every step a person takes, at 10, 1k and 10k records (100k on request).

Usage: python bench/gui_steps.py [--sizes 10,1k,10k] [--big] [--runs N] [--json FILE]
                                 [--timeout S] [--skip-import]

For each size a workspace of about that many records (bench/workspace_data.py: every kind,
one main target) is written as a workspace file and brought in through the real importer.
Then, measured in this run, side by side:

  import     ``import_workspace`` of that file, against its floor: ``json.load`` of the same
             file and ``executemany`` of every table's rows into an empty database of the
             same schema with plain ``sqlite3``, in one transaction;
  export     ``write_export`` in a child process: its peak RSS over the floor of a child
             that made the same imports and opened the same database;
  start      round-robin children: a bare QMainWindow with seven empty tabs, the same then
             ``import sqlalchemy.orm``, and the app on the imported data; first paint and
             "ready" (the Overview filled and painted) are stamped here as each child's
             line arrives; the app child also reports the longest freeze of its GUI thread
             between paint and ready (5 ms heartbeat) and its RSS when ready;
  steps      children that drive the real window (bench/gui_driver.py): every tab and
             sub-tab, sorting, searching and filtering the feedback list, an edit and its
             autosave, the packet dialog; each step's time, longest freeze and RSS.

``--big`` adds 100k records and a workspace of 100k feedback items ("f100k").  Medians of
``--runs`` (default 3) are printed per step, then a summary against the goals of issue 10.
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


def parse_size(token: str) -> tuple[str, int, bool]:
    text = token.strip().lower()
    feedback_only = text.startswith("f")
    number = text.removeprefix("f")
    scale = 1000 if number.endswith("k") else 1
    return token.strip(), int(number.removesuffix("k")) * scale, feedback_only


# --- children ------------------------------------------------------------------------------


def child_env(config: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECONDCHANCE_", "PYTHON"))}
    env.update(
        QT_QPA_PLATFORM=os.environ.get("BENCH_QPA_PLATFORM", "offscreen"),
        XDG_CONFIG_HOME=str(config),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(HERE)]),
        PYTHONUNBUFFERED="1",
        PYTHONFAULTHANDLER="1",  # a crash in a child shows where it was
    )
    return env


def run_child(
    args: list[str], env: dict[str, str], timeout: float, echo_stderr: bool = False
) -> list[tuple[float, str]]:
    """(seconds since spawn, line) for every line the child prints; raises on failure."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-u", str(HERE / "gui_child.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    lines: list[tuple[float, str]] = []
    assert proc.stdout is not None and proc.stderr is not None
    try:
        for raw in iter(proc.stdout.readline, b""):
            lines.append((time.perf_counter() - start, raw.decode("utf-8", "replace").strip()))
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait()
    finally:
        timer.cancel()
    if code != 0:
        err = "\n".join(line for line in err.splitlines() if "propagateSizeHints" not in line)
        raise RuntimeError(f"child {args[0]} failed ({code}):\n{err[-6000:]}")
    if echo_stderr:
        print("\n".join(line for line in err.splitlines() if "propagateSizeHints" not in line))
    return lines


def records_of(lines: list[tuple[float, str]]) -> list[dict[str, Any]]:
    return [json.loads(text) for _t, text in lines if text.startswith("{")]


def stamp(lines: list[tuple[float, str]], word: str) -> float:
    return next(t for t, text in lines if text == word)


# --- import ----------------------------------------------------------------------------------

SMALL_IMPORT_RUNS = 7  # below 1k records (see bench_size)
# The start is three children a round, each a fraction of a second, whose ratio is the goal:
# with five rounds the same code measured 0.85x-1.42x of the bare window from one bench to the
# next (a minute of a busy machine landed on one child); nine keep the median steadier.
START_RUNS = 9  # below 50k records
# At 100k a round is a few seconds; of three, two bare children painting at 0.37 and 0.84 s
# (a busy moment) made the app look 0.38x of the bare window.
BIG_START_RUNS = 5


def plain_import(document_path: Path, empty_db: Path, into: Path) -> float:
    """The floor: json.load + sqlite3 executemany into a copy of an empty database, without
    the change mark's triggers (the floor stays what it was before them; the app pays them)."""
    shutil.copy(empty_db, into)
    with contextlib.closing(sqlite3.connect(into)) as conn:
        triggers = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        for (name,) in triggers.fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.commit()
    start = time.perf_counter()
    document = json.loads(document_path.read_text(encoding="utf-8"))
    conn = sqlite3.connect(into)
    now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
    try:
        with conn:
            for table, rows in document["tables"].items():
                if not rows:
                    continue
                stamped = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")} & {
                    "created_at",
                    "updated_at",
                }
                columns = sorted({c for row in rows for c in row} | stamped)
                sql = (
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' for _ in columns)})"
                )
                values = [
                    tuple(now if c in stamped else row.get(c) for c in columns) for row in rows
                ]
                conn.executemany(sql, values)
    finally:
        conn.close()
    return time.perf_counter() - start


def measure_import(
    document_path: Path, scratch: Path, runs: int
) -> tuple[list[float], list[float], Path]:
    from secondchance.core.db import open_database
    from secondchance.core.interop import workspace
    from secondchance.paths import DataPaths

    empty = scratch / "empty"
    open_database(empty).close()
    empty_db = DataPaths(empty).database
    app_times, floor_times = [], []
    data = scratch / "data"
    for run in range(runs):
        target = scratch / f"import-{run}"
        shutil.copytree(empty, target)
        db = open_database(target)
        floor_first = run % 2 == 0
        if floor_first:
            floor_times.append(plain_import(document_path, empty_db, scratch / "plain.db"))
        start = time.perf_counter()
        workspace.import_workspace(db, document_path)
        app_times.append(time.perf_counter() - start)
        db.close()
        if not floor_first:
            floor_times.append(plain_import(document_path, empty_db, scratch / "plain.db"))
        if run == 0:
            target.rename(data)
        else:
            shutil.rmtree(target)
    return app_times, floor_times, data


# --- one size ---------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def bench_size(
    label: str, records: int, feedback_only: bool, args: argparse.Namespace
) -> dict[str, Any]:
    from workspace_data import record_count, write_document  # type: ignore[import-not-found]

    result: dict[str, Any] = {"size": label}
    with tempfile.TemporaryDirectory(prefix=f"sc-bench-gui-{label}-") as tmp:
        scratch = Path(tmp)
        document = scratch / "workspace.json"
        counts = write_document(records, document, feedback_only=feedback_only)
        result["records"] = record_count(counts)
        result["counts"] = counts
        print(f"\n== {label}: {result['records']} records ==", flush=True)

        # A 100k size takes minutes a run: one unless asked (each step then has one sample,
        # which moved by up to half between benches; --big-runs 3 gives medians).
        runs = args.big_runs if records >= 50_000 else args.runs
        # An import of a few records takes 5-8 ms, its floor 3 ms, and the first of a process
        # pays its set-up (a connection, the column processors) once: of three runs one
        # noisy sample decided the median (3.9x in one bench, 2.0-2.5x in three).
        import_runs = max(runs, SMALL_IMPORT_RUNS) if records < 1_000 else runs
        app_times, floor_times, data = measure_import(
            document, scratch, 1 if args.skip_import else import_runs
        )
        result["import"] = {"app": app_times, "floor": floor_times}
        print(f"import {median(app_times):.2f} s vs plain {median(floor_times):.2f} s", flush=True)

        config = scratch / "config"
        config.mkdir()
        env = child_env(config)
        out = scratch / "export.json"
        exported = records_of(run_child(["export", str(data), str(out)], env, args.timeout))[0]
        floor = records_of(run_child(["floor", str(data)], env, args.timeout))[0]
        result["export"] = {**exported, "floor_kb": floor["peak_kb"]}
        out.unlink(missing_ok=True)

        start: dict[str, list[dict[str, float]]] = defaultdict(list)
        start_runs = max(args.runs, START_RUNS if records < 50_000 else BIG_START_RUNS)
        variants = [
            ("bare", ["bare"]),
            ("bare+orm", ["bare", "orm"]),
            ("app", ["app", str(data)]),
        ]
        if records >= 50_000:
            # Past first_look.LARGEST a start after a close uses the figures kept then; a
            # start with none kept (the first, or after a change by another program, or two
            # days later) reads them: both are measured.
            variants.append(("app, nothing kept", ["app", str(data)]))
        kept = data / "first-look.json"
        for run in range(start_runs):
            for variant, child in variants:
                if variant == "app, nothing kept":
                    kept.unlink(missing_ok=True)  # the run keeps them again on closing
                lines = run_child(child, env, args.timeout)
                extra = {k: v for record in records_of(lines) for k, v in record.items()}
                start[variant].append(
                    {
                        "paint": stamp(lines, "paint"),
                        "ready": stamp(lines, "ready"),
                        **(
                            {"interactive": stamp(lines, "interactive")}
                            if variant.startswith("app")
                            else {}
                        ),
                        **extra,
                    }
                )
            print(f"start run {run + 1}: app ready {start['app'][-1]['ready']:.2f} s", flush=True)
        result["start"] = start

        steps: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for run in range(runs):
            shutil.rmtree(config, ignore_errors=True)
            config.mkdir()
            env = child_env(config)
            if args.profile:
                env["BENCH_PROFILE"] = args.profile
            lines = run_child(["steps", str(data)], env, args.timeout, bool(args.profile))
            for record in records_of(lines):
                steps[record.pop("step")].append(record)
            print(f"steps run {run + 1} done", flush=True)
        result["steps"] = steps
    return result


# --- report -----------------------------------------------------------------------------------


def step_median(result: dict[str, Any], name: str, key: str = "seconds") -> float:
    return median([r[key] for r in result["steps"].get(name, []) if key in r])


def print_steps(result: dict[str, Any]) -> None:
    print(f"\n{result['size']} ({result['records']} records): medians per step")
    print(f"{'step':<52}{'time s':>9}{'freeze s':>10}{'RSS MB':>9}  rows")
    for name, samples in result["steps"].items():
        if "seconds" not in samples[0]:
            continue
        rows = samples[0].get("rows")
        row_text = "" if rows is None else str(rows)
        print(
            f"{name:<52}{median([s['seconds'] for s in samples]):9.3f}"
            f"{median([s['freeze'] for s in samples]):10.3f}"
            f"{median([s['rss_kb'] for s in samples]) / 1024:9.0f}  {row_text}"
        )


def summary_rows(result: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    """(step, goal, measured, met) as in the issue's table."""
    start = result["start"]
    paint = {v: median([s["paint"] for s in start[v]]) for v in start}
    ready = {v: median([s["ready"] for s in start[v]]) for v in start}
    floor_rss = median([s["rss_kb"] for s in start["bare+orm"]]) / 1024
    rows: list[tuple[str, str, str, bool | None]] = []
    ratio = paint["app"] / paint["bare"]
    rows.append(
        (
            "first paint vs bare window",
            "≤1.3×",
            f"{ratio:.2f}× ({paint['app']:.2f} s)",
            ratio <= 1.3,
        )
    )
    ratio = ready["app"] / ready["bare+orm"]
    rows.append(
        (
            "data ready vs bare + sqlalchemy.orm",
            "≤1.2×",
            f"{ratio:.2f}× ({ready['app']:.2f} s)",
            ratio <= 1.2,
        )
    )
    if "app, nothing kept" in ready:
        ratio = ready["app, nothing kept"] / ready["bare+orm"]
        rows.append(
            (
                "data ready, no figures kept vs bare + orm",
                "≤1.2×",
                f"{ratio:.2f}× ({ready['app, nothing kept']:.2f} s)",
                ratio <= 1.2,
            )
        )
        cold = median([s["freeze"] for s in start["app, nothing kept"]])
        rows.append(
            ("frozen paint → ready, nothing kept", "≤100 ms", f"{cold * 1000:.0f} ms", cold <= 0.1)
        )
    freeze = median([s["freeze"] for s in start["app"]])
    rows.append(
        ("frozen between paint and ready", "≤100 ms", f"{freeze * 1000:.0f} ms", freeze <= 0.1)
    )
    # Not a goal of the issue, shown so that "ready" hides nothing: with the first look the
    # data is on screen before it is attached; the window answers from "interactive" on.
    answers = median([s["interactive"] for s in start["app"] if "interactive" in s])
    rows.append(
        (
            "window answers (data attached) vs bare + orm",
            "—",
            f"{answers / ready['bare+orm']:.2f}× ({answers:.2f} s)",
            None,
        )
    )
    after = median([s["freeze_after_ready"] for s in start["app"] if "freeze_after_ready" in s])
    rows.append(("frozen between ready and answering", "—", f"{after * 1000:.0f} ms", None))

    # Views with a goal of their own in the table are measured against it below
    # (Feedback → evidence: ≤0.2 s), not against a tab's.
    own_goal = ("Feedback → evidence",)
    views = [
        n
        for n in result["steps"]
        if n.startswith("open ")
        and not any(w in n for w in ("again", "after", "packet", "brief"))  # dialogs: below
        and not any(w in n for w in own_goal)
    ]
    slowest = max(((step_median(result, n), n) for n in views), default=(0.0, ""))
    rows.append(
        (
            "open the slowest tab/sub-tab",
            "≤0.1 s",
            f"{slowest[0]:.3f} s ({slowest[1]})",
            slowest[0] <= 0.1,
        )
    )
    # A list of more than 4 000 records shows its first rows at once and is read whole off
    # the GUI thread (ui/records/record_view.WHOLE_UP_TO): "shown" is until those rows are
    # painted, the step's time until the whole list is in place.
    slowest_shown = max(
        ((step_median(result, n, "shown_seconds"), n) for n in views), default=(0.0, "")
    )
    rows.append(
        (
            "the slowest tab/sub-tab shows its rows",
            "≤0.1 s",
            f"{slowest_shown[0]:.3f} s ({slowest_shown[1]})",
            slowest_shown[0] <= 0.1,
        )
    )
    feedback_rows = _rows_of(result, "feedback")
    goal = 0.3 if (feedback_rows or 0) >= 50_000 else 0.1
    opened = step_median(result, "open Feedback")
    rows.append(
        (
            "open the feedback list (rows): all of it",
            "≤0.1 s*",
            f"{opened:.3f} s ({feedback_rows})",
            opened <= goal,
        )
    )
    shown = step_median(result, "open Feedback", "shown_seconds")
    rows.append(
        ("open the feedback list: first rows shown", "≤0.1 s*", f"{shown:.3f} s", shown <= goal)
    )
    freeze = step_median(result, "open Feedback", "freeze")
    rows.append(("open the feedback list: longest freeze", "—", f"{freeze * 1000:.0f} ms", None))
    for name in ("sort feedback by text", "sort feedback by date"):
        value = step_median(result, name)
        rows.append((name, "≤0.1 s", f"{value:.3f} s", value <= 0.1))
    keys = ['search "s"', 'search "sq"', 'search "sql"', "clear the search"]
    worst = max(step_median(result, k) for k in keys)
    rows.append(("search per keystroke (worst)", "≤0.1 s", f"{worst:.3f} s", worst <= 0.1))
    worst = max(step_median(result, k) for k in ("filter: only unaddressed", "filter: all again"))
    rows.append(("filter (only unaddressed, and back)", "≤0.1 s", f"{worst:.3f} s", worst <= 0.1))
    for name, label in (
        ("autosave and what follows", "autosave after typing: longest stall"),
        ("autosave again", "the next autosave: longest stall"),
    ):
        freeze = step_median(result, name, "freeze")
        rows.append((label, "≤50 ms", f"{freeze * 1000:.0f} ms", freeze <= 0.05))
    for name, goal_s in (
        ("open Skills › Gap matrix", 0.1),
        ("open Skills › Gap matrix again", 0.1),
        ("open Feedback › Feedback → evidence", 0.2),
        ("open Feedback › Feedback → evidence again", 0.2),
    ):
        value = step_median(result, name)
        rows.append((name.removeprefix("open "), f"≤{goal_s} s", f"{value:.3f} s", value <= goal_s))
        if "evidence" in name and "again" not in name:
            # A long ledger shows its first screenful, then the whole (ledger_view.py).
            shown = step_median(result, name, "shown_seconds")
            label = name.removeprefix("open ") + ": first lines"
            rows.append((label, f"≤{goal_s} s", f"{shown:.3f} s", shown <= goal_s))
    for step, name, filled in (
        ("open the packet dialog", "packet dialog", "its preview filled"),
        ("open the brief", "brief dialog", "its draft filled"),
    ):
        shown = step_median(result, step, "shown_seconds")
        value = step_median(result, step)
        freeze = step_median(result, step, "freeze")
        rows.append((f"{name} shown (no goal in the issue)", "—", f"{shown:.3f} s", None))
        rows.append((f"{name}: {filled}", "—", f"{value:.3f} s", None))
        rows.append((f"{name}: longest freeze", "—", f"{freeze * 1000:.0f} ms", None))
    at_start = median([s["rss_kb"] for s in start["app"]]) / 1024 - floor_rss
    rows.append(("RSS at start over the floor", "≤60 MB", f"+{at_start:.0f} MB", at_start <= 60))
    after = step_median(result, "rss after every tab", "rss_kb") / 1024 - floor_rss
    rows.append(("RSS after every tab over the floor", "≤250 MB", f"+{after:.0f} MB", after <= 250))
    imp = result["import"]
    ratio = median(imp["app"]) / median(imp["floor"])
    rows.append(
        (
            "import vs sqlite3 + json",
            "≤3×",
            f"{ratio:.1f}× ({median(imp['app']):.2f} s)",
            ratio <= 3,
        )
    )
    export = result["export"]
    over = (export["peak_kb"] - export["floor_kb"]) / 1024
    rows.append(
        (
            "export peak memory over its floor",
            "bounded",
            f"+{over:.0f} MB ({export['seconds']:.2f} s)",
            None,
        )
    )
    return rows


def _rows_of(result: dict[str, Any], kind: str) -> int | None:
    samples = result["steps"].get("open Feedback" if kind == "feedback" else kind)
    rows = samples[0].get("rows") if samples else None
    return int(rows) if rows is not None else None


def print_summary(results: list[dict[str, Any]]) -> None:
    print("\nSummary (medians; goals from issue 10; * ≤0.3 s for a list of 50 000 rows or more)")
    table = {r["size"]: summary_rows(r) for r in results}
    names = [row[0] for row in next(iter(table.values()))]
    width = max(len(n) for n in names) + 2
    head = f"{'step':<{width}}{'goal':<10}" + "".join(f"{size:>26}" for size in table)
    print(head)
    print("-" * len(head))
    for i, name in enumerate(names):
        goal = next(iter(table.values()))[i][1]
        cells = []
        for rows in table.values():
            _n, _g, measured, met = rows[i] if i < len(rows) else ("", "", "—", None)
            mark = "" if met is None else (" ok" if met else " NO")
            cells.append(f"{measured + mark:>26}")
        print(f"{name:<{width}}{goal:<10}" + "".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10,1k,10k", help="comma-separated sizes (10,1k,10k)")
    parser.add_argument("--big", action="store_true", help="add 100k records and 100k feedback")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (3)")
    parser.add_argument(
        "--big-runs", type=int, default=1, help="runs of the steps at 50k records or more (1)"
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per child (1800)")
    parser.add_argument("--skip-import", action="store_true", help="time the import only once")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every sample here")
    parser.add_argument(
        "--profile", metavar="TEXT", help="cProfile the GUI steps whose name holds TEXT"
    )
    args = parser.parse_args(argv)
    sizes = [parse_size(t) for t in args.sizes.split(",") if t.strip()]
    if args.big:
        sizes += [parse_size("100k"), parse_size("f100k")]
    print(
        f"GUI-step bench: Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, {args.runs} runs"
    )
    results = []
    for label, records, feedback_only in sizes:
        result = bench_size(label, records, feedback_only, args)
        print_steps(result)
        results.append(result)
    print_summary(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
