"""Ask the database once, ahead of the person, what a first click and a first save ask.

SQLAlchemy compiles each statement on its first use and caches it; a first save of a kind
also sets up its unit of work.  ``statements`` does both with reads and no-op updates (each
compared with what is stored, nothing written), so the window can run it off the GUI
thread while the person is still reading the Overview (``ui/prefetch.py``).
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import configure_mappers

from secondchance.core.db import Database
from secondchance.core.services.changes import Update, apply_changes
from secondchance.core.services.jd_vocabulary import load_vocabulary
from secondchance.core.services.kinds import KINDS
from secondchance.core.services.record_rows import prepare_statements

log = logging.getLogger(__name__)


def mappers() -> None:
    """Set the ORM's mappers up now (they are otherwise set up by the first query)."""
    configure_mappers()


def statements(db: Database) -> None:
    prepare_statements(db)
    # The skills vocabulary's patterns: ~0.5 s to compile, kept for the process; the
    # coverage view and the job-description scan ask for them on their first use.
    try:
        load_vocabulary().matcher()
    except Exception:  # only a head start: the first use reports a real problem
        log.debug("compiling the skills vocabulary failed", exc_info=True)
    for k in list(KINDS.values()):
        try:
            with db.transaction() as session:
                found = session.scalar(select(k.model.__table__.c.id).limit(1))
            if found is not None:
                apply_changes(db, [Update(k.name, int(found), {})])
        except Exception:  # only a head start (a kept attempt refuses even a no-op)
            log.debug("warming %s up failed", k.name, exc_info=True)
