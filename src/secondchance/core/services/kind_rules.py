"""Rules that belong to one kind of record, attached to it in ``kinds.py`` as hooks.

The generic record service runs them inside the same unit of work as the write, so a rule
that refuses rolls the whole change back, and a rule that records history (a skill's level)
is undone with the change that caused it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from secondchance.core import models as m
from secondchance.core.dates import medium_date
from secondchance.core.services import cadence, practice
from secondchance.core.services.fields import ValidationError
from secondchance.core.services.hooks import Write

# --- skills -----------------------------------------------------------------------------


def skill_name_is_unique(w: Write) -> None:
    if not w.changes("name"):
        return
    name = w.values["name"]
    existing = w.session.scalars(
        select(m.Skill).where(m.Skill.target_id == w.target_id, m.Skill.name == name)
    ).first()
    if existing is not None and existing is not w.record:
        raise ValidationError({"name": f"There is already a skill called “{name}”"})


def record_level_change(w: Write) -> None:
    """Keep the skill's level history: one entry per day the current level changed."""
    if not w.changes("current_level"):
        return
    skill: m.Skill = w.record
    history = (
        select(m.SkillLevelChange)
        .where(m.SkillLevelChange.skill_id == skill.id)
        .order_by(m.SkillLevelChange.date.desc(), m.SkillLevelChange.id.desc())
    )
    last = w.session.scalars(history.limit(1)).first()
    if last is not None and last.level == skill.current_level:
        return
    # Clicking through levels in one day keeps one entry for that day, not a trail of clicks;
    # going back to where the day started leaves no entry at all.
    if last is not None and last.date == w.today:
        before = w.session.scalars(history.where(m.SkillLevelChange.id != last.id).limit(1)).first()
        if before is None:
            # The only entry is where the skill started (the day it was added): kept, with
            # the day's newest level beside it.  Overwritten, a gap closed on the day the
            # skill was added had never been open, and readiness (which reads the lowest
            # level recorded) fell as the level rose (the property "evidence never lowers
            # the score", tests/unit/test_readiness_properties.py).
            w.session.add(
                m.SkillLevelChange(skill_id=skill.id, date=w.today, level=skill.current_level)
            )
        elif before.level == skill.current_level:
            w.session.delete(last)
        else:
            last.level = skill.current_level
    else:
        w.session.add(
            m.SkillLevelChange(skill_id=skill.id, date=w.today, level=skill.current_level)
        )
    w.session.flush()
    w.session.expire(skill, ["level_changes"])


def skill_level_history(skill: Any) -> Mapping[str, Any]:
    history = " → ".join(f"{medium_date(c.date)}: {c.level}" for c in skill.level_changes)
    return {"level_history": history or "No changes recorded yet"}


# --- development plan -------------------------------------------------------------------


def fill_completed_on(w: Write) -> Mapping[str, Any] | None:
    """Marking an activity done dates its completion today, unless a date is given."""
    done = m.ActivityStatus.done
    if (
        w.values.get("status") is done
        and w.before.get("status") is not done
        and w.values.get("completed_on") is None
    ):
        return {"completed_on": w.today}
    return None


# --- resume versions --------------------------------------------------------------------


def sent_resume_is_frozen(w: Write) -> None:
    # Frozen means sent before this change and still sent after it: clearing "Sent on" in
    # the same save (or undoing the save that set it) is allowed.
    sent_on = w.before.get("sent_on")
    if w.created or not isinstance(sent_on, dt.date):
        return
    if "sent_on" in w.changed and w.changed["sent_on"] is None:
        return
    altered = [name for name in w.changed if name != "sent_on"]
    if altered:
        raise ValidationError(
            {
                altered[0]: f"This version was sent on {medium_date(sent_on)}, so it is kept "
                "as sent. Add a new version to make changes (or clear “Sent on” first)."
            }
        )


# --- targets ------------------------------------------------------------------------------


def reschedule_for_new_dates(w: Write) -> None:
    """A new interview or eligible date moves the day practice must peak by."""
    if not w.created and (w.changes("interview_date") or w.changes("eligible_date")):
        practice.reschedule_target(w.session, w.record.id, w.today)


# --- interview questions and practice --------------------------------------------------


def new_question_is_due(w: Write) -> Mapping[str, Any] | None:
    """A question never practised is due at once (so "due first" lists it first)."""
    if w.created and w.values.get("practice_due") is None:
        return {"practice_due": w.today}
    return None


def practice_is_dated(w: Write) -> Mapping[str, Any] | None:
    """A session is scheduled by its day: one logged without a day happened today."""
    if w.values.get("practiced_on") is None:
        return {"practiced_on": w.today}
    return None


def mock_is_dated(w: Write) -> Mapping[str, Any] | None:
    """A mock logged without a day (a friend's mock, added by hand) was held today."""
    if w.values.get("held_on") is None:
        return {"held_on": w.today}
    return None


def reschedule_after_practice(w: Write) -> None:
    ids = {w.values["question_id"]}
    moved_from = w.before.get("question_id")
    if moved_from is not None:
        ids.add(moved_from)  # a session moved to another question leaves this one
    practice.reschedule(w.session, ids, w.today)


def reschedule_after_removal(session: Session, row: Mapping[str, Any], today: dt.date) -> None:
    practice.reschedule(session, [row["question_id"]], today)


# --- contacts ---------------------------------------------------------------------------


def contact_cadence(contact: Any) -> Mapping[str, Any]:
    """Last contact, next due and the words for it (see cadence.py for the rules)."""
    today = dt.date.today()
    c = cadence.contact_cadence(contact, today)
    return {
        # "" rather than None: an empty cell, sorted last.
        "last_contact": c.last_contact or "",
        "next_due": c.next_due or "",
        "keep_in_touch": c.text(today),
    }


# --- targets: an earlier attempt is kept as it was (see kept.py) -----------------------


def later_attempt(session: Session, target_id: int) -> m.Target | None:
    """The attempt that started from ``target_id``, if any."""
    return session.scalars(
        select(m.Target).where(m.Target.previous_attempt_id == target_id).order_by(m.Target.id)
    ).first()


def kept_message(session: Session, target_id: int, later: m.Target) -> str:
    target = session.get(m.Target, target_id)
    title = target.title if target is not None else "This attempt"
    return (
        f"“{title}” is kept as it was, for comparison with attempt {later.attempt or 2}. "
        "Make your changes in the newer attempt (choose it above)."
    )


def kept_target_is_frozen(w: Write) -> None:
    """A kept attempt's own details stay as they were; archiving it is still allowed."""
    if w.created:
        return
    altered = [name for name in w.changed if name != "archived_on"]
    if not altered:
        return
    later = later_attempt(w.session, w.record.id)
    if later is not None:
        raise ValidationError({altered[0]: kept_message(w.session, w.record.id, later)})
