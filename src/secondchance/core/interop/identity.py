"""A name for this workspace, made once and kept with the data, so that the files the app
writes for other programs (vCard UIDs, calendar UIDs) name the same record the same way
every time: a calendar that imports the file again updates its events instead of adding
copies."""

from __future__ import annotations

import uuid

from secondchance.core.db import Database
from secondchance.core.services import settings_store

NAMESPACE_KEY = "interop.uid_namespace"


def workspace_namespace(db: Database) -> str:
    value = settings_store.get(db, NAMESPACE_KEY)
    if not value:
        value = str(uuid.uuid4())
        settings_store.put(db, NAMESPACE_KEY, value)
    return value
