"""One accessor for files under ``resources/``: source tree, installed wheel, frozen app."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    here = Path(__file__).resolve().parent
    candidates = []
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        candidates.append(Path(frozen_base) / "resources")
    candidates.append(here / "_resources")  # installed wheel (force-included)
    candidates.append(here.parent.parent / "resources")  # source tree / editable install
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Second Chance's resources folder is missing from this installation")


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
