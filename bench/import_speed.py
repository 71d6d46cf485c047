"""Workspace import benchmark: ``import_workspace`` against plain ``json`` + ``sqlite3``.

Usage: python bench/import_speed.py [--sizes 10,1k,10k] [--runs N] [--again]
                                    [--profile] [--json FILE]

For each size, ``workspace_data.write_document`` writes a workspace file of about that many
records (every kind, as the GUI-step bench does) and ``gui_steps.measure_import`` times,
``--runs`` times interleaved (floor first on even runs, second on odd ones):

  - ``import_workspace(db, path)`` into a freshly opened copy of an empty, migrated data
    folder (reading and checking the whole file, matching, one transaction);
  - the floor: ``json.loads`` of the same file and plain ``sqlite3`` ``executemany`` of every
    table into a copy of the same empty database, one transaction, no checks.

It prints the medians and the ratio app / floor (the goal of issue 10 is at most 3x).
``--again`` also times importing the same file a second time (everything "already here");
``--profile`` prints the top functions of one more import under cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gui_steps import measure_import, parse_size  # type: ignore[import-not-found]  # noqa: E402
from workspace_data import record_count, write_document  # type: ignore[import-not-found]  # noqa: E402


def _again(data: Path, document: Path, runs: int) -> list[float]:
    from secondchance.core.db import open_database
    from secondchance.core.interop import workspace

    times = []
    db = open_database(data)
    try:
        for _ in range(runs):
            start = time.perf_counter()
            workspace.import_workspace(db, document)
            times.append(time.perf_counter() - start)
    finally:
        db.close()
    return times


def _profile(scratch: Path, document: Path) -> None:
    from secondchance.core.db import open_database
    from secondchance.core.interop import workspace

    target = scratch / "profiled"
    shutil.copytree(scratch / "empty", target)
    db = open_database(target)
    profiler = cProfile.Profile()
    profiler.enable()
    workspace.import_workspace(db, document)
    profiler.disable()
    db.close()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


def bench_size(token: str, args: argparse.Namespace) -> dict[str, Any]:
    label, records, feedback_only = parse_size(token)
    with tempfile.TemporaryDirectory(prefix=f"sc-import-bench-{label}-") as tmp:
        scratch = Path(tmp)
        document = scratch / "workspace.json"
        counts = write_document(records, document, feedback_only=feedback_only)
        app, floor, data = measure_import(document, scratch, args.runs)
        result: dict[str, Any] = {
            "size": label,
            "records": record_count(counts),
            "rows": sum(counts.values()),
            "app": app,
            "floor": floor,
            "ratio": statistics.median(app) / statistics.median(floor),
        }
        line = (
            f"{label:>6}: {result['records']:>7} records  app {statistics.median(app):.4f} s  "
            f"floor {statistics.median(floor):.4f} s  ratio {result['ratio']:.2f}x"
        )
        if args.again:
            again = _again(data, document, args.runs)
            result["again"] = again
            line += f"  again {statistics.median(again):.4f} s"
        print(line, flush=True)
        if args.profile:
            _profile(scratch, document)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10,1k,10k")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--again", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = [bench_size(token, args) for token in args.sizes.split(",")]
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
