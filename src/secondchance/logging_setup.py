"""Log to a file in the data folder: a windowed frozen app has no stdout to print to."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

_configured = False


def configure(log_dir: Path, verbose: bool = False) -> Path:
    global _configured
    log_file = log_dir / "secondchance.log"
    if _configured:
        return log_file
    log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if sys.stderr is not None and verbose:
        root.addHandler(logging.StreamHandler(sys.stderr))
    _configured = True
    return log_file
