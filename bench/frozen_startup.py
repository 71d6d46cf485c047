"""Start-up of the frozen (PyInstaller) app against the source app, timed in one run.

Usage: python bench/frozen_startup.py [--app PATH] [--runs N] [--warmup N] [--json FILE]

Both run ``--smoke-test`` (open the data, build the window and every tab, print one JSON line,
exit) on their own fresh copy of a data folder holding the sample data:
  source  ``python -m secondchance --smoke-test`` with ``src/`` on PYTHONPATH (this Python)
  frozen  ``<app> --smoke-test``; by default dist/secondchance/secondchance (built by
          ``python installer/build.py app``), else the installed /opt/secondchance/secondchance

Runs alternate (source, frozen, source, …) after untimed warm-up rounds, so machine noise and
disk caches hit both alike. Each time is the child's whole life, from just before spawn to
its exit, measured here. The figure to quote is frozen median / source median.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE = "secondchance.exe" if os.name == "nt" else "secondchance"
DEFAULT_APPS = (ROOT / "dist" / "secondchance" / EXE, Path("/opt/secondchance") / EXE)


class BenchError(Exception):
    pass


def child_env(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECONDCHANCE_", "PYTHON"))}
    env.update(
        QT_QPA_PLATFORM=os.environ.get("BENCH_QPA_PLATFORM", "offscreen"),
        XDG_CONFIG_HOME=str(scratch / "config"),
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def run_once(cmd: list[str], data: Path, env: dict[str, str], timeout: float) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [*cmd, "--smoke-test", "--data-dir", str(data)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    elapsed = time.perf_counter() - started
    lines = result.stdout.strip().splitlines()
    try:
        ok = result.returncode == 0 and json.loads(lines[-1])["ok"] is True
    except (IndexError, ValueError, KeyError):
        ok = False
    if not ok:
        raise BenchError(f"{cmd[0]} --smoke-test failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def find_app(explicit: Path | None) -> Path:
    for candidate in [explicit] if explicit else DEFAULT_APPS:
        if candidate is not None and candidate.is_file():
            return candidate
    raise BenchError(
        "No frozen app found: build one with `python installer/build.py app` or pass --app"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--app", type=Path, help="the frozen executable")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--json", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        app = find_app(args.app)
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 1
    commands = {
        "source": [sys.executable, "-m", "secondchance"],
        "frozen": [str(app)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory(prefix="secondchance-frozen-bench-") as tmp:
        scratch = Path(tmp)
        env = child_env(scratch)
        template = scratch / "template"
        made = subprocess.run(
            [*commands["source"], "sample", "--data-dir", str(template)],
            env=env,
            capture_output=True,
            text=True,
            timeout=args.timeout,
            check=False,
        )
        if made.returncode != 0:
            print(f"could not make the sample data:\n{made.stderr}", file=sys.stderr)
            return 1
        print(
            f"source: {sys.executable} -m secondchance\nfrozen: {app}\n"
            f"{args.runs} timed runs each (+{args.warmup} warm-up), alternating…",
            file=sys.stderr,
            flush=True,
        )
        try:
            for round_ in range(args.warmup + args.runs):
                for name, cmd in commands.items():
                    data = scratch / f"run-{round_}-{name}"
                    shutil.copytree(template, data)
                    elapsed = run_once(cmd, data, env, args.timeout)
                    if round_ >= args.warmup:
                        times[name].append(elapsed)
        except (BenchError, subprocess.TimeoutExpired) as exc:
            print(f"frozen start-up bench failed: {exc}", file=sys.stderr)
            return 1

    summary = {
        name: {
            "min": min(values),
            "median": statistics.median(values),
            "max": max(values),
        }
        for name, values in times.items()
    }
    ratio = summary["frozen"]["median"] / summary["source"]["median"]
    print(f"\n--smoke-test wall time, seconds ({args.runs} runs)")
    print(f"  {'':8} {'min':>7} {'median':>7} {'max':>7}")
    for name, figures in summary.items():
        print(f"  {name:8} {figures['min']:7.3f} {figures['median']:7.3f} {figures['max']:7.3f}")
    print(f"  frozen / source (medians): {ratio:.2f}")
    if args.json:
        payload = {
            "app": str(app),
            "runs": args.runs,
            "warmup": args.warmup,
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "qpa_platform": os.environ.get("BENCH_QPA_PLATFORM", "offscreen"),
            "samples": times,
            "summary": summary,
            "ratio_of_medians": ratio,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
        print(f"\nWrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
