"""The packet's "what changed since the version I sent" line: the newest resume version
against the one sent last time, in words added and removed and in keyword coverage."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select

from secondchance.core import models as m
from secondchance.core.dates import long_date
from secondchance.core.db import Database
from secondchance.core.services import word_diff
from secondchance.core.services.coverage import CoverageUnavailable, coverage_for, last_sent

log = logging.getLogger(__name__)


def _newest(versions: list[m.ResumeVersion]) -> m.ResumeVersion:
    return max(versions, key=lambda v: (v.created_on or dt.date.min, v.id))


def resume_change_line(db: Database, target_id: int) -> str | None:
    """None when there is no sent version older than the newest one, or no text to compare."""
    with db.transaction() as session:
        versions = list(
            session.scalars(select(m.ResumeVersion).where(m.ResumeVersion.target_id == target_id))
        )
        for version in versions:
            session.expunge(version)
    if not versions:
        return None
    newest = _newest(versions)
    sent = last_sent(versions, newest)
    if sent is None or newest.sent_on is not None:
        return None  # the newest version is itself what was sent: nothing changed since
    if not (sent.plain_text or "").strip() or not (newest.plain_text or "").strip():
        return None
    changes = word_diff.stats(word_diff.word_diff(sent.plain_text or "", newest.plain_text or ""))
    when = f", sent {long_date(sent.sent_on)}" if sent.sent_on else ""
    line = f"Since the version I sent (“{sent.label}”{when}), “{newest.label}” "
    if changes.changed:
        line += f"has {changes.added} words added and {changes.removed} removed"
    else:
        line += "has the same words"
    try:
        coverage = coverage_for(db, target_id, version_id=newest.id)
    except CoverageUnavailable:
        return line + "."
    except Exception:  # the packet never fails over an extra line
        log.exception("could not work out the resume's coverage for the packet")
        return line + "."
    if coverage.compared_with is not None:
        line += f"; keyword coverage of the job description {coverage.compared_with.percent}% → "
        line += f"{coverage.percent}%"
    return line + "."
