"""vCard import benchmark: the import's bulk write against the generic unit of work.

Usage: python bench/vcard_import.py [--cards N] [--repeat R]

A file of N cards (default 2 000, each a name and an e-mail) is read and planned once.  Each
repetition, in a fresh copy of an empty database, times (interleaved: one first on even
repetitions, the other on odd ones):

  - ``vcard_import.apply_plan``: one transaction, rows written directly (what the import
    does; the backup it makes first is included);
  - the baseline: the same Creates through ``records.apply_changes``, the generic unit of
    work that reads each new record back for its undo step.

It also times reading and planning the file.  It prints the medians and the ratio
baseline / import: why a 10 000-card address book is written in one direct transaction
(with a backup) rather than as one undo step.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from secondchance.core.db import open_database
from secondchance.core.interop import vcard_import as vi
from secondchance.core.interop.vcard import read_vcards
from secondchance.core.services import records


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nN:{i};Person;;;\r\n"
        f"EMAIL;TYPE=INTERNET:p{i}@example.org\r\nORG:Company {i % 50};Unit\r\nEND:VCARD\r\n"
        for i in range(args.cards)
    ).encode()
    root = Path(tempfile.mkdtemp(prefix="bench-vcard-"))
    template = root / "template"
    open_database(template).close()

    start = time.perf_counter()
    read = read_vcards(data)
    read_s = time.perf_counter() - start

    bulk: list[float] = []
    generic: list[float] = []
    for repetition in range(args.repeat):
        order = ("bulk", "generic") if repetition % 2 == 0 else ("generic", "bulk")
        for which in order:
            folder = root / f"{which}-{repetition}"
            shutil.copytree(template, folder)
            db = open_database(folder)
            try:
                plan = vi.plan_import(db, read)
                start = time.perf_counter()
                if which == "bulk":
                    vi.apply_plan(db, plan)
                else:
                    records.apply_changes(db, vi.changes_for(plan))
                (bulk if which == "bulk" else generic).append(time.perf_counter() - start)
            finally:
                db.close()
    shutil.rmtree(root, ignore_errors=True)
    b, g = statistics.median(bulk), statistics.median(generic)
    print(f"{args.cards} cards: read and parse {read_s:.2f} s")
    print(f"  import (bulk, with backup)  median {b:.2f} s")
    print(f"  apply_changes (baseline)    median {g:.2f} s")
    print(f"  baseline / import = {g / b:.1f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
