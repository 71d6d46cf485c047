"""Small key/value settings kept with the data (e.g. the last target opened)."""

from __future__ import annotations

from secondchance.core import models as m
from secondchance.core.db import Database


def get(db: Database, key: str) -> str | None:
    with db.transaction() as session:
        setting = session.get(m.AppSetting, key)
        return setting.value if setting is not None else None


def put(db: Database, key: str, value: str | None) -> None:
    with db.transaction() as session:
        setting = session.get(m.AppSetting, key)
        if setting is None:
            session.add(m.AppSetting(key=key, value=value))
        elif setting.value != value:
            setting.value = value
