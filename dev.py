#!/usr/bin/env python3
"""Developer commands that work on a fresh clone with nothing but Python >= 3.11.

    python3 dev.py run          install into .venv (first time) and open the app
    python3 dev.py test         add the test and lint tools; run the whole suite headless,
                                in parallel (pytest-xdist; ``dev.py test -n 0`` for one process)
    python3 dev.py lint         ruff, ruff format --check, mypy, import-linter
    python3 dev.py screenshots  render docs/screenshots/*.png with the sample data
    python3 dev.py bench        run the benchmarks in bench/ (every GUI step at 10, 1k and 10k
                                records, start-up, lists, packet, ledger); ``dev.py bench
                                --big`` adds the GUI steps at 100k records
    python3 dev.py installer    build this system's installer into dist/ (installer/build.py;
                                default target "native", e.g. ``dev.py installer app``)

Each command installs only what it needs into .venv, and adds what is missing when another
command needs more (``run`` installs the app alone; ``test`` and ``lint`` add the test and
lint tools; ``installer`` the build tools).

Windows: use ``py dev.py …`` instead of ``python3 dev.py …``.
Extra arguments after the command go to the tool (e.g. ``dev.py test -k feedback``).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".secondchance-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")

# The optional extras (pyproject.toml) each command needs on top of what running needs.
# lint type-checks tests/ too, so it needs the test tools' types; the installer test
# (SECONDCHANCE_PACKAGING=1) builds the installer.
NEEDS: dict[str, tuple[str, ...]] = {
    "run": (),
    "test": ("test", "lint"),
    "lint": ("test", "lint"),
    "screenshots": (),
    "bench": (),
    "installer": ("installer",),
}


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def _installed() -> tuple[str, set[str]]:
    """The pyproject fingerprint and the extras the stamp says are installed."""
    try:
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
        return str(stamp["pyproject"]), set(stamp["extras"])
    except (OSError, ValueError, KeyError, TypeError):
        return "", set()  # no stamp, or one written before extras were recorded


def ensure_venv(extras: set[str]) -> None:
    """Create .venv if needed and install the app with ``extras`` (and any already there)."""
    if sys.version_info < (3, 11):  # noqa: UP036 - run by any python3
        sys.exit(f"Second Chance needs Python 3.11 or newer (this is {sys.version.split()[0]}).")
    if not PY.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint, installed = _installed()
    if fingerprint == _fingerprint() and extras <= installed:
        return
    # Keep what is there: switching commands must not uninstall another command's tools.
    wanted = sorted(extras | installed)
    what = f"Second Chance with {', '.join(wanted)} tools" if wanted else "Second Chance"
    print(f"Installing {what} into .venv (the first time takes a minute or two) …", flush=True)
    spec = f"{ROOT}[{','.join(wanted)}]" if wanted else str(ROOT)
    subprocess.check_call([str(PY), "-m", "pip", "install", "--quiet", "-e", spec])
    STAMP.write_text(json.dumps({"pyproject": _fingerprint(), "extras": wanted}), encoding="utf-8")


def _parallel(args: list[str]) -> list[str]:
    """pytest-xdist options, unless the caller chose how to run (-n 0, -p no:xdist, …)."""
    chosen = any(
        a in ("-n", "--numprocesses", "--dist", "no:xdist")
        or a.startswith(("-n", "--numprocesses=", "--dist="))
        for a in args
    )
    # loadfile keeps each file's tests on one worker, in order: the installer tests share one
    # system-wide installation (the xdist_group marker, tried first, did not keep them together
    # with this pytest and xdist).
    return [] if chosen else ["-n", "auto", "--dist", "loadfile"]


def run(cmd: list[str], env: dict[str, str] | None = None) -> int:
    return subprocess.call(cmd, cwd=ROOT, env={**os.environ, **(env or {})})


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command not in NEEDS:
        print(f"Unknown command {command!r}.\n{__doc__}", file=sys.stderr)
        return 2
    extras = set(NEEDS[command])
    if command == "test" and os.environ.get("SECONDCHANCE_PACKAGING") == "1":
        extras.add("installer")  # tests/packaging builds the .deb
    ensure_venv(extras)
    headless = {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    if command == "run":
        return run([str(PY), "-m", "secondchance", *rest])
    if command == "test":
        return run([str(PY), "-m", "pytest", *_parallel(rest), *rest], env=headless)
    if command == "lint":
        steps = [
            [
                str(PY),
                "-m",
                "ruff",
                "check",
                "src",
                "tests",
                "tools",
                "bench",
                "installer",
                "dev.py",
            ],
            [
                str(PY),
                "-m",
                "ruff",
                "format",
                "--check",
                "src",
                "tests",
                "tools",
                "bench",
                "installer",
                "dev.py",
            ],
            [str(PY), "-m", "mypy"],
            [str(BIN / "lint-imports")],
        ]
        failed = [" ".join(Path(s[0]).name for s in [step]) for step in steps if run(step) != 0]
        if failed:
            print(f"lint failed: {len(failed)} step(s)", file=sys.stderr)
            return 1
        return 0
    if command == "screenshots":
        return run([str(PY), "tools/screenshots.py", *rest], env=headless)
    if command == "bench":
        big = "--big" in rest
        rest = [a for a in rest if a != "--big"]
        codes = [
            run([str(PY), "bench/gui_steps.py", *(["--big"] if big else [])], env=headless),
            run([str(PY), "bench/startup.py", *rest], env=headless),
            run([str(PY), "bench/records_list.py"], env=headless),
            run([str(PY), "bench/packet.py"], env=headless),
            run([str(PY), "bench/ledger.py"], env=headless),
        ]
        return max(codes)
    if command == "installer":
        return run([str(PY), "installer/build.py", *(rest or ["native"])])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
