"""Alembic environment and revisions for the workspace database.

Alembic is driven from code (``secondchance.core.migrate``); there is no ``alembic.ini``.
This package must stay importable without importing Alembic, so that start-up can compare a
database's revision with :data:`~secondchance.core.migrations.head.HEAD_REVISION` cheaply.
"""

from __future__ import annotations

from pathlib import Path

# Alembic finds env.py, script.py.mako and versions/ by folder, not by import.
MIGRATIONS_DIR = Path(__file__).resolve().parent
