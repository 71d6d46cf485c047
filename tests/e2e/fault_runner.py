"""kill -9 at random moments during import, backup, restore, packet and export.

Run by tests/e2e/test_fault_injection.py (POSIX only): ``python fault_runner.py WORK SEED N``
prints one JSON object with every trial's outcome.

The runner imports everything first, then for each trial forks a child that runs the real
command (``secondchance.__main__.main([...])``: lock, backup, checks, journal and all) on a
fresh copy of a prepared data folder, and kills it with SIGKILL after a random delay
(seeded): for half the trials from 0 to 1.1 × the time that command takes when left
alone (the median of three runs), for the other half from 0.6 to 1.0 × that time, where
files are written and transactions commit.  Then a
"next start" (``secondchance backup``, run to the end) and the checks:

- the data file passes ``integrity_check``;
- its rows are exactly those before the command or exactly those after it ran to the end
  (for a restore: those of the backup restored) — nothing committed is lost or half-done;
- no temporary file (``.*.tmp``), no staging folder of an import, no attached file that
  no record names, and no pending-write note is left anywhere;
- an export or packet file that exists is complete (valid JSON, or a PDF with its end).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[2] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import secondchance.__main__ as cli  # noqa: E402
from secondchance.core import backup_files, fileio, safety  # noqa: E402
from secondchance.core.backup import integrity_check  # noqa: E402
from secondchance.core.db import open_database  # noqa: E402
from secondchance.core.interop import sample  # noqa: E402
from secondchance.core.interop.workspace import write_export  # noqa: E402
from secondchance.core.packet import api as _packet_api  # noqa: E402, F401
from secondchance.core.packet.render import document as _render  # noqa: E402, F401
from secondchance.paths import DB_FILENAME  # noqa: E402

OPERATIONS = ("import", "backup", "restore", "packet", "export")


def rows_of(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    uri = db_path.resolve().as_uri() + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
        names = [
            str(r[0])
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                # Not the change mark: its token is random, new with every write.
                " AND name != 'change_mark' ORDER BY name"
            )
        ]
        return {
            name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in names
        }


def run_child(argv: list[str], kill_after: float | None) -> tuple[int | None, float]:
    """Fork, run the command in the child; kill it after ``kill_after`` seconds."""
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: the real command, then out without any cleanup of ours
        code = 1
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            code = cli.main(argv)
        finally:
            os._exit(code)
    if kill_after is not None:
        deadline = started + kill_after
        while time.perf_counter() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status), time.perf_counter() - started
            time.sleep(0.001)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), time.perf_counter() - started


def leftovers(*folders: Path) -> list[str]:
    found: list[str] = []
    for folder in folders:
        if not folder.exists():
            continue
        for path in folder.rglob("*"):
            if fileio.TEMP_NAME.match(path.name) or path.name.startswith(safety.INCOMING_PREFIX):
                found.append(str(path))
            if path.parent.name == "pending-writes":
                found.append(str(path))
    return found


def orphans(data: Path) -> list[str]:
    attachments = data / "attachments"
    if not attachments.is_dir():
        return []
    used = set(backup_files.referenced(data / DB_FILENAME))
    return sorted(p.name for p in attachments.iterdir() if p.is_file() and p.name not in used)


def complete(path: Path) -> bool:
    if path.suffix == ".json":
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return True
    data = path.read_bytes()
    return data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]


def prepare(work: Path) -> dict[str, Any]:
    """The template folder, the file to import, the backup to restore, and the states."""
    template = work / "template"
    db = open_database(template)
    try:
        sample.add_sample_target(db)
        restore_to = safety.make_backup(template, "manual").path
        sample.add_sample_target(db)  # the data now differs from that backup
    finally:
        db.close()
    # The file to import: another workspace, with attached files, about 2 000 records.
    other = work / "other"
    db = open_database(other)
    try:
        for _ in range(12):
            sample.add_sample_target(db)
        # Attached files big enough for a kill to land while they are being written.
        with contextlib.closing(sqlite3.connect(db.path)) as connection, connection:
            ids = [r[0] for r in connection.execute("SELECT id FROM resume_version")]
            for i in ids:
                name = f"resume-{i}.pdf"
                (db.attachments_dir / name).write_bytes(b"%PDF-1.4\n" + os.urandom(150_000))
                connection.execute("UPDATE resume_version SET file = ? WHERE id = ?", (name, i))
        write_export(db, work / "import.json")
    finally:
        db.close()
    before = rows_of(template / DB_FILENAME)
    restored = rows_of(restore_to)
    return {"template": template, "before": before, "restored": restored, "restore_to": restore_to}


def fresh(work: Path, template: Path) -> Path:
    data = work / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(template, data)
    out = work / "out"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    return data


def argv_for(op: str, data: Path, work: Path, setup: dict[str, Any]) -> list[str]:
    out = work / "out"
    return {
        "import": ["import", str(work / "import.json"), "--data-dir", str(data)],
        "backup": ["backup", "--data-dir", str(data)],
        "restore": [
            "restore",
            str(data / "backups" / Path(setup["restore_to"]).name),
            "--data-dir",
            str(data),
        ],
        "packet": ["packet", "--out", str(out / "packet.pdf"), "--data-dir", str(data)],
        "export": ["export", "--out", str(out / "export.json"), "--data-dir", str(data)],
    }[op]


def trial(op: str, work: Path, setup: dict[str, Any], kill_after: float | None) -> dict[str, Any]:
    data = fresh(work, setup["template"])
    code, took = run_child(argv_for(op, data, work, setup), kill_after)
    killed = code == -signal.SIGKILL
    # What the kill left (swept by the next start): shows where in the work it landed.
    left_by_kill = leftovers(data, work / "out")
    # The next start: a command run to its end, which sweeps and tidies as any start does.
    next_code, _ = run_child(["backup", "--data-dir", str(data)], None)
    db_path = data / DB_FILENAME
    state = rows_of(db_path)
    problems = integrity_check(db_path)
    outputs = list((work / "out").iterdir())
    return {
        "killed": killed,
        "code": code,
        "seconds": round(took, 4),
        "next_start": next_code,
        "integrity": problems[:3],
        "state": state,
        "left_by_kill": len(left_by_kill),
        "staged_files_left_by_kill": sum(safety.INCOMING_PREFIX in p for p in left_by_kill),
        "leftovers": leftovers(data, work / "out"),
        "orphans": orphans(data),
        "incomplete_outputs": [p.name for p in outputs if not complete(p)],
    }


def main(argv: list[str]) -> int:
    work, seed, per_op = Path(argv[0]), int(argv[1]), int(argv[2])
    only = argv[3].split(",") if len(argv) > 3 else list(OPERATIONS)
    work.mkdir(parents=True, exist_ok=True)
    setup = prepare(work)
    report: dict[str, Any] = {"seed": seed, "trials": {}}
    for op in only:
        rng = random.Random(f"{seed}-{op}")
        # The time the command takes left alone: the fastest of three runs. The kills are
        # placed by it, and on a busy machine (the suite runs beside this) a slow reference
        # put most kills after the work had ended.
        runs = [trial(op, work, setup, None) for _ in range(3)]
        reference = min(runs, key=lambda r: r["seconds"])
        after = reference["state"]
        expected: list[dict[str, Any]] = [setup["before"], after]
        if op == "restore":
            expected = [setup["before"], setup["restored"]]
        duration = reference["seconds"]
        results = []
        for index in range(per_op):
            # Half anywhere, half near the end, where the files are written and committed
            # (a short stretch that uniform delays would seldom hit).
            low, high = (0.0, 1.1) if index % 2 == 0 else (0.6, 1.0)
            delay = rng.uniform(low * duration, high * duration)
            result = trial(op, work, setup, delay)
            state = result.pop("state")
            # Backups of the next start change only backups, never the rows compared here.
            result["rows"] = (
                "before" if state == expected[0] else "after" if state == expected[1] else "OTHER"
            )
            result["delay"] = round(delay, 4)
            results.append(result)
        reference.pop("state")
        report["trials"][op] = {"reference": reference, "results": results}
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
