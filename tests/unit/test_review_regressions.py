"""Regressions for the review's service-level reproductions: the sent-resume rule and a
data file that another program has locked."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from secondchance.core import db as db_module
from secondchance.core.db import Database, StorageError, open_database
from secondchance.core.services import records
from secondchance.core.services.fields import ValidationError
from secondchance.core.services.kinds import KINDS
from tests.unit.conftest import copy_template

SENT = dt.date(2026, 3, 1)
BUSY = (
    "The data file is busy — another program is using it. Nothing was lost; try again in a moment."
)


def new_resume(db: Database, **values: object) -> records.RecordRow:
    target_id = records.create_record(db, "target", {"company": "Contoso", "role": "Analyst"}).id
    return records.create_record(db, "resume", {"label": "v1", **values}, target_id=target_id)


def editable(row: records.RecordRow) -> dict[str, object]:
    return {s.name: row.values.get(s.name) for s in KINDS["resume"].editable_fields}


# --- 8. a sent resume is frozen only while it stays sent ---------------------------------


def test_a_sent_resume_can_be_unsent_and_relabelled_in_one_save(db: Database) -> None:
    sent = new_resume(db, sent_on=SENT)

    row = records.update_record(db, "resume", sent.id, {"sent_on": None, "label": "v1 reworked"})

    assert (row.values["sent_on"], row.values["label"]) == (None, "v1 reworked")
    assert records.get_record(db, "resume", sent.id) == row


def test_undoing_a_save_that_sent_and_renamed_a_resume_works(db: Database) -> None:
    draft = new_resume(db)
    before = editable(draft)

    saved = records.update_record(
        db, "resume", draft.id, {**before, "label": "v2 final", "sent_on": SENT}
    )
    assert (saved.values["label"], saved.values["sent_on"]) == ("v2 final", SENT)

    # What the undo command does: write back every field as it was before the save.
    undone = records.update_record(db, "resume", draft.id, before)

    assert editable(undone) == before
    assert (undone.values["label"], undone.values["sent_on"]) == ("v1", None)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"label": "v1 edited"}, id="label-only"),
        pytest.param({"label": "v1 edited", "sent_on": SENT}, id="label-and-same-date"),
        pytest.param({"label": "v1 edited", "sent_on": dt.date(2026, 3, 2)}, id="redated"),
    ],
)
def test_relabelling_a_resume_that_stays_sent_is_refused(
    db: Database, changes: dict[str, object]
) -> None:
    sent = new_resume(db, sent_on=SENT)

    with pytest.raises(ValidationError) as caught:
        records.update_record(db, "resume", sent.id, changes)

    message = caught.value.errors["label"]
    assert "This version was sent on 1 Mar 2026, so it is kept as sent." in message
    assert "clear “Sent on” first" in message
    assert records.get_record(db, "resume", sent.id) == sent


# --- 2. a locked data file ---------------------------------------------------------------


def test_a_locked_data_file_is_a_storage_error_with_a_plain_message(
    template_dir: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Short wait: the lock below is never released while the write is tried.
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 50)
    copy_template(template_dir, data_dir)
    database = open_database(data_dir)
    try:
        assert records.list_records(database, "target") == []
        with contextlib.closing(
            sqlite3.connect(str(database.path), isolation_level=None, timeout=0)
        ) as other:
            other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
            try:
                with pytest.raises(StorageError) as caught:
                    records.create_record(
                        database, "target", {"company": "Contoso", "role": "Analyst"}
                    )
            finally:
                other.execute("ROLLBACK")

        assert str(caught.value) == BUSY
        assert isinstance(caught.value, OSError)
        cause = caught.value.__cause__
        assert isinstance(cause, OperationalError)
        assert "database is locked" in str(cause)
        assert records.list_records(database, "target") == []
        # The lock gone, the same handle works again.
        records.create_record(database, "target", {"company": "Contoso", "role": "Analyst"})
        assert len(records.list_records(database, "target")) == 1
    finally:
        database.close()
