"""Where the person's data lives.

Order of precedence: an explicit ``--data-dir``, then ``SECONDCHANCE_HOME``, then the
platform's per-user data folder.  The folder is created owner-only on POSIX because it
holds notes about a job search that nobody else on the machine should read.
"""

from __future__ import annotations

import os
from pathlib import Path

from secondchance import APP_ID

ENV_HOME = "SECONDCHANCE_HOME"
DB_FILENAME = "secondchance.sqlite3"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_ID, appauthor=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` owner-only; a folder that already exists keeps its permissions
    (a person may point --data-dir at a folder of their own, like Documents)."""
    if not path.exists():
        path.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(path, 0o700)
    return path


class DataPaths:
    """The files inside one data folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def database(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def lock_file(self) -> Path:
        return self.root / "secondchance.lock"

    def ensure(self) -> DataPaths:
        ensure_private_dir(self.root)
        for sub in (self.backups, self.attachments, self.logs):
            ensure_private_dir(sub)
        return self
