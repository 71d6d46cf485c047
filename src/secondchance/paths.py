"""Where the person's data lives.

Order of precedence: an explicit ``--data-dir``, then ``SECONDCHANCE_HOME``, then the
platform's per-user data folder.  The folder is created owner-only on POSIX because it
holds notes about a job search that nobody else on the machine should read.
"""

from __future__ import annotations

import os
import tempfile
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


def make_private(path: Path) -> None:
    """Owner-only for a file or folder the app made (0600 / 0700); quietly skipped where
    it can't be changed (someone else's file, a read-only disk, Windows)."""
    if os.name != "posix":
        return
    try:
        mode = 0o700 if path.is_dir() else 0o600
        if (os.stat(path).st_mode & 0o777) != mode:
            os.chmod(path, mode)
    except OSError:
        pass


def is_writable_dir(path: Path) -> bool:
    """Whether new files can be made in ``path`` (False for a read-only folder or disk)."""
    if not path.is_dir():
        return False
    if not os.access(path, os.W_OK | os.X_OK):
        return False
    # os.access says yes to root on a read-only mount; a real attempt does not.
    try:
        fd, name = tempfile.mkstemp(prefix=".secondchance-probe-", dir=path)
    except OSError:
        return False
    os.close(fd)
    Path(name).unlink(missing_ok=True)
    return True


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

    @property
    def lock_holder_file(self) -> Path:
        """Who holds the lock ("the window", "the import command"), for a plain message."""
        return self.root / "secondchance.lock.who"

    @property
    def damaged(self) -> Path:
        """Where a damaged database is moved aside, never to be written to again."""
        return self.root / "damaged"

    @property
    def first_look_cache(self) -> Path:
        """The first look's figures kept at the last close (core/services/first_look_cache)."""
        return self.root / "first-look.json"

    @property
    def pending_writes(self) -> Path:
        """Notes of temporary files being written (see core.fileio.keep_journal)."""
        return self.root / "pending-writes"

    def writable(self) -> bool:
        return is_writable_dir(self.root)

    def ensure(self) -> DataPaths:
        """Create the folder and its subfolders owner-only.

        A folder that exists but can't be written (read-only folder or disk) is left as it
        is: the data then opens read-only instead of failing here.
        """
        ensure_private_dir(self.root)
        if not self.writable():
            return self
        for sub in (self.backups, self.attachments, self.logs):
            ensure_private_dir(sub)
            make_private(sub)  # ours, so owner-only even if an older version made it 0755
        return self


def note_lock_holder(paths: DataPaths, what: str) -> None:
    """Record, next to the lock just taken, who holds it (``what``) and our process id."""
    try:
        fd = os.open(paths.lock_holder_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n{what}\n")
    except OSError:
        pass  # only used to word a message


def lock_holder(paths: DataPaths, pid: int) -> str | None:
    """What :func:`note_lock_holder` recorded, if it was process ``pid``."""
    try:
        recorded_pid, what = paths.lock_holder_file.read_text(encoding="utf-8").split("\n")[:2]
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return (what.strip() or None) if recorded_pid.strip() == str(pid) else None
