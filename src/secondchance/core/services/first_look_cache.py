"""The first look's figures, kept between sessions for a workspace too large to read them at
start-up.

Past ``first_look.LARGEST`` records, working readiness and what is due out takes a large
part of the start (100 000 records: 0.2 s to read the facts, 0.05 s to score them, 0.2-0.3 s
for what is due, 12 000 items).  So when the window closes on such a workspace, what the
next start's first look needs (the target's summary and what is due) is worked out once
more, for today and for tomorrow (a restart later today, or the next morning's start), and
kept in the data folder beside the database's change mark (``core/change_mark.py``) read in
the same transaction.  The next start uses it only when the mark is still the same (no
record changed since, by anything), for the same target, day, number of actions and order
of dates, with the same schema and app version: then it is exactly what reading again would
give.  Otherwise the first look reads them itself.

The file holds titles of the person's records: it is written owner-only and atomically
(``core.fileio``), like everything else in the data folder.  Nothing here imports
SQLAlchemy: the first look reads it before that is loaded.

Format: a first line with the list of keys (read alone to tell whether the file is
current), then a line of figures per key, each dataclass as the list of its fields in
order.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any, TextIO

from secondchance import __version__
from secondchance.core.change_mark import read_token
from secondchance.core.dates import date_order
from secondchance.core.migrations.head import HEAD_REVISION
from secondchance.core.services import readiness
from secondchance.core.services.due_items import Action as DueAction
from secondchance.core.services.due_items import DueItem, read_due_items
from secondchance.core.services.readiness.load import read_facts

__all__ = ["FORMAT", "Kept", "is_current", "load", "store", "work_out"]

log = logging.getLogger(__name__)

FORMAT = 2  # bump when what is kept, or how, changes


@dataclass(frozen=True)
class Kept:
    """What the first look needs beyond a handful of counts, and what it was read with."""

    target_id: int
    today: dt.date
    actions: int
    token: int
    summary: readiness.Summary
    due: list[DueItem]


def work_out(conn: sqlite3.Connection, target_id: int, today: dt.date, actions: int) -> Kept | None:
    """Read in ``conn``'s one transaction: the mark, the target's summary, what is due.
    None for a file without a change mark (nothing could tell later whether it is current).
    """
    token = read_token(conn)
    if token is None:
        return None
    facts = read_facts(conn, target_id, today, actions)
    summary = readiness.summary_of(facts, actions)
    return Kept(target_id, today, actions, token, summary, read_due_items(conn, today))


def _key(target_id: int, today: dt.date, actions: int, token: int) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": __version__,
        "schema": HEAD_REVISION,
        "target": target_id,
        "day": today.isoformat(),
        "actions": actions,
        "token": token,
        "dates": date_order(),  # the texts say dates in the region's order
    }


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return [_plain(getattr(value, f.name)) for f in fields(value)]
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _summary(value: Any) -> readiness.Summary:
    (score, components), actions, steps = value
    return readiness.Summary(
        readiness.Readiness(score, tuple(readiness.Component(*c) for c in components)),
        [readiness.Action(*a) for a in actions],
        [readiness.Step(*s) for s in steps],
    )


def _due(value: list[Any]) -> DueItem:
    key, source, kind, record_id, title, detail, due, target_id, target, action, *rest = value
    return DueItem(
        key,
        source,
        kind,
        record_id,
        title,
        detail,
        dt.date.fromisoformat(due),
        target_id,
        target,
        DueAction[action],
        *rest,
    )


def store(path: Path, kept: Sequence[Kept]) -> None:
    """Write ``kept`` (one entry a day) to ``path``, replacing what was there, all or
    nothing."""
    from secondchance.core import fileio  # only on closing: the first look reads alone

    keys = [_key(k.target_id, k.today, k.actions, k.token) for k in kept]
    bodies = [
        json.dumps(
            {"summary": _plain(k.summary), "due": _plain(k.due)},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for k in kept
    ]
    fileio.write_text(path, "\n".join([json.dumps(keys), *bodies]) + "\n")


def _keys(handle: TextIO) -> list[Any]:
    keys = json.loads(handle.readline())
    return keys if isinstance(keys, list) else []


def is_current(
    path: Path, target_id: int, days: Sequence[dt.date], actions: int, token: int
) -> bool:
    """Whether ``path`` keeps exactly these figures for each of ``days`` (its first line
    alone is read)."""
    try:
        with path.open(encoding="utf-8") as handle:
            keys = _keys(handle)
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return all(_key(target_id, day, actions, token) in keys for day in days)


def load(path: Path, target_id: int, today: dt.date, actions: int, token: int) -> Kept | None:
    """The figures kept at ``path`` if they are current for this key, else None (never an
    error: a missing, old or damaged file only means reading the usual way)."""
    try:
        with path.open(encoding="utf-8") as handle:
            keys = _keys(handle)
            key = _key(target_id, today, actions, token)
            if key not in keys:
                return None
            for _skipped in range(keys.index(key)):
                handle.readline()
            body = json.loads(handle.readline())
        return Kept(
            target_id,
            today,
            actions,
            token,
            _summary(body["summary"]),
            [_due(item) for item in body["due"]],
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError, UnicodeDecodeError):
        log.info("the first look's kept figures could not be read; reading the usual way")
        log.debug("reading %s failed", path, exc_info=True)
        return None
