"""The generated field-name constants match the kinds they name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from secondchance.core.services import field_names
from secondchance.core.services.kinds import KINDS

ROOT = Path(__file__).resolve().parents[2]


def test_every_kind_and_field_has_its_constant() -> None:
    for k in KINDS.values():
        names = getattr(field_names, k.name)
        for spec in k.fields:
            assert getattr(names, spec.name) == spec.name


def test_the_generated_file_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_field_names.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
