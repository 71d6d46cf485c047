"""Permission tests that run even where the tests run as root (CI does).

Root may write anywhere, so a test of a read-only folder proves nothing as root.  A test
that starts with ``if rerun_unprivileged(request): return`` is, when run as root, run again
in a subprocess as a throwaway user — a user id with no account at all (no ``useradd``,
nothing on the system changes), no supplementary groups, its own HOME and temporary
folder — and passes only if it passes there.  Run as an ordinary user it simply runs.

It skips only where that is impossible: on Windows (no POSIX permissions to test), or if
the system forbids changing user (reported with the reason).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# A user id nobody has: files it makes belong to no account, and it owns nothing else.
THROWAWAY_UID = 64711


def rerun_unprivileged(request: pytest.FixtureRequest) -> bool:
    """True when the test was run (and passed) as the throwaway user; the caller returns.

    False when this process is not root: the caller goes on and runs the test itself.
    """
    if os.name != "posix":
        pytest.skip("file permissions for other users are a POSIX notion")
    if os.geteuid() != 0:
        return False
    uid = THROWAWAY_UID
    home = Path(tempfile.mkdtemp(prefix="sc-unprivileged-"))
    try:
        os.chown(home, uid, uid)
        home.chmod(0o700)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR", "TMPDIR")
        }
        env.update(
            HOME=str(home),
            TMPDIR=str(home),
            XDG_RUNTIME_DIR=str(home),
            PYTHONDONTWRITEBYTECODE="1",
            QT_QPA_PLATFORM="offscreen",
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
        )
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(home / "pytest"),
            request.node.nodeid,
        ]
        try:
            result = subprocess.run(
                command,
                cwd=ROOT,
                env=env,
                user=uid,
                group=uid,
                extra_groups=[],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
        except PermissionError as exc:  # pragma: no cover - a system that forbids setuid
            pytest.skip(f"this system does not let root switch to another user: {exc}")
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"as user {uid}:\n{output[-6000:]}"
        assert " passed" in output and " skipped" not in output, output[-2000:]
        return True
    finally:
        shutil.rmtree(home, ignore_errors=True)
