#!/usr/bin/env python3
"""Developer commands that work on a fresh clone with nothing but Python >= 3.11.

    python3 dev.py run          install into .venv (first time) and open the app
    python3 dev.py test         install into .venv and run the whole test suite headless
    python3 dev.py lint         ruff, ruff format --check, mypy, import-linter
    python3 dev.py screenshots  render docs/screenshots/*.png with the sample data
    python3 dev.py bench        run the benchmarks in bench/ (every GUI step at 10, 1k and 10k
                                records, start-up, lists, packet, ledger); ``dev.py bench
                                --big`` adds the GUI steps at 100k records
    python3 dev.py installer    build this system's installer into dist/ (installer/build.py;
                                default target "native", e.g. ``dev.py installer app``)

Windows: use ``py dev.py …`` instead of ``python3 dev.py …``.
Extra arguments after the command go to the tool (e.g. ``dev.py test -k feedback``).
"""

from __future__ import annotations

import hashlib
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


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - run by any python3
        sys.exit(f"Second Chance needs Python 3.11 or newer (this is {sys.version.split()[0]}).")
    if not PY.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    print("Installing Second Chance and its tools into .venv …", flush=True)
    subprocess.check_call([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    subprocess.check_call(
        [str(PY), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test,dev,installer]"]
    )
    STAMP.write_text(_fingerprint())


def run(cmd: list[str], env: dict[str, str] | None = None) -> int:
    return subprocess.call(cmd, cwd=ROOT, env={**os.environ, **(env or {})})


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    ensure_venv()
    headless = {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    if command == "run":
        return run([str(PY), "-m", "secondchance", *rest])
    if command == "test":
        return run([str(PY), "-m", "pytest", *rest], env=headless)
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
    print(f"Unknown command {command!r}.\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
