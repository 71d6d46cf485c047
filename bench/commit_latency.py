"""How long a one-row commit holds its thread, as the app commits (``synchronous=NORMAL``,
the log flushed afterwards by ``core/durability.py``) against ``synchronous=FULL`` (the fsync
inside the commit), with another program writing to the same disk and without.

Usage: python bench/commit_latency.py [--commits N] [--folder DIR]

Round-robin, both settings in each round, in the folder given (default: a temporary folder,
which should be on the disk the data folder lives on). The "busy disk" rounds run a writer
beside them: a child process writing 400 MB files with an fsync each. Nothing asserts a time.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WRITER = """
import os, sys
path = sys.argv[1]
block = b"\\0" * (1 << 20)
while True:
    with open(path, "wb") as out:
        for _ in range(400):
            out.write(block)
        out.flush()
        os.fsync(out.fileno())
"""


def commits(folder: Path, mode: str, count: int, label: str) -> list[float]:
    connection = sqlite3.connect(folder / f"{label}-{mode}.sqlite3", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(f"PRAGMA synchronous={mode}")
    connection.execute("CREATE TABLE IF NOT EXISTS saved (text TEXT)")
    times = []
    for i in range(count):
        started = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute("INSERT INTO saved VALUES (?)", (f"typed {i}",))
        connection.execute("COMMIT")
        times.append(time.perf_counter() - started)
        time.sleep(0.01)  # an autosave at a time, not a burst
    connection.close()
    return times


def report(label: str, times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[int(len(ordered) * 0.9)]
    return (
        f"{label:<26} median {statistics.median(ordered) * 1000:7.1f} ms"
        f"   p90 {p90 * 1000:7.1f} ms   longest {ordered[-1] * 1000:7.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, default=30, help="commits per setting a round")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.folder) as scratch:
        folder = Path(scratch)
        results: dict[str, list[float]] = {}
        for busy in (False, True):
            writer = (
                subprocess.Popen([sys.executable, "-c", WRITER, str(folder / "other-program")])
                if busy
                else None
            )
            try:
                if writer is not None:
                    time.sleep(0.5)  # the writer under way
                for round_ in range(args.rounds):
                    for mode in ("FULL", "NORMAL"):
                        key = f"{mode}, {'busy' if busy else 'quiet'} disk"
                        results.setdefault(key, []).extend(
                            commits(folder, mode, args.commits, f"{round_}-{busy}")
                        )
            finally:
                if writer is not None:
                    writer.kill()
                    writer.wait()
        for key, times in results.items():
            print(report(key, times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
