"""The import contracts in pyproject.toml catch each violation the design forbids.

Each case plants one forbidden import in a copy of src/ and runs lint-imports on the copy
(grimp parses the files; nothing is imported, so it is fast and offline).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("importlinter", reason="import-linter is a lint tool (dev.py lint/test)")

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command as c; c()"

# (contract id, file under src/secondchance, line planted at its end)
PLANTS = {
    "core imports Qt": ("core-without-ui", "core/db.py", "import PySide6.QtCore"),
    "core imports the UI": (
        "core-without-ui",
        "core/services/planted.py",
        "from secondchance.ui import app",
    ),
    "core imports the UI through a helper": (
        "core-without-ui",
        "core/dates.py",
        "import secondchance.planted_helper",
    ),
    "ui imports sqlalchemy": ("ui-without-storage", "ui/planted.py", "import sqlalchemy.orm"),
    "ui imports alembic": ("ui-without-storage", "ui/planted.py", "from alembic import op"),
    "ui imports reportlab": (
        "ui-without-storage",
        "ui/planted.py",
        "from reportlab.pdfgen import canvas",
    ),
    "bottom floor imports services": (
        "core-layers",
        "core/db.py",
        "import secondchance.core.services",
    ),
    "optional bottom module imports services": (
        "core-layers",
        "core/fileio.py",
        "import secondchance.core.services",
    ),
    "services import the packet": (
        "core-layers",
        "core/services/planted.py",
        "import secondchance.core.packet",
    ),
    "services import interop": (
        "core-layers",
        "core/services/planted.py",
        "import secondchance.core.interop",
    ),
    "packet imports interop": (
        "core-layers",
        "core/packet/planted.py",
        "import secondchance.core.interop",
    ),
    "interop imports the packet": (
        "core-layers",
        "core/interop/planted.py",
        "import secondchance.core.packet",
    ),
    "a core module with no floor": ("core-layers", "core/planted.py", "VALUE = 1"),
}


def _copy(tmp_path: Path) -> Path:
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "src" / "secondchance",
        tmp_path / "src" / "secondchance",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    # The helper that forwards an import from core to the UI.
    (tmp_path / "src" / "secondchance" / "planted_helper.py").write_text(
        "import secondchance.ui\n", encoding="utf-8"
    )
    return tmp_path


def _lint_imports(copy: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    selected = [arg for contract in contracts for arg in ("--contract", contract)]
    return subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache", "--no-logo", *selected],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_unmodified_tree_keeps_every_contract(tmp_path: Path) -> None:
    result = _lint_imports(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


@pytest.mark.parametrize("case", sorted(PLANTS))
def test_a_planted_forbidden_import_breaks_its_contract(tmp_path: Path, case: str) -> None:
    contract, relative, line = PLANTS[case]
    copy = _copy(tmp_path)
    target = copy / "src" / "secondchance" / relative
    before = target.read_text(encoding="utf-8") if target.exists() else ""
    target.write_text(f"{before}\n{line}\n", encoding="utf-8")

    result = _lint_imports(copy, contract)

    assert result.returncode != 0, f"{case} was not caught:\n{result.stdout}"
    assert "1 broken" in result.stdout, result.stdout + result.stderr
