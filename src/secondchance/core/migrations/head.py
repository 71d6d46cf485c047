"""The newest schema revision this build knows.

Kept as a constant so start-up can tell that a database is already current by reading
``alembic_version`` with the standard library, without paying for an Alembic import.
A unit test checks it equals the head of the revision scripts; update it with every new
revision.
"""

from __future__ import annotations

HEAD_REVISION = "0007_change_mark"
