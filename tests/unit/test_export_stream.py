"""The workspace export is written a row at a time, and reads exactly as the whole document
dumped at once would: same text, same counts, attachments and warnings included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.interop.workspace import export as export_module
from secondchance.core.interop.workspace import export_workspace, write_export

HOSTILE = 'line\r\nbreak\u2028\u2029 tab\t "quotes" \\ <b> 👩🏽‍💻 مهارة \u202e end'


def _without_stamp(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if '"exported_at"' not in line)


def test_streamed_text_is_the_whole_document_dumped(db: Database, tmp_path: Path) -> None:
    target = add_sample_target(db)
    with db.transaction() as session:
        session.add(m.Feedback(target_id=target, text=HOSTILE, response=HOSTILE))
        session.add(m.ResumeVersion(target_id=target, label="CV", file="missing-file.pdf"))
    attachments = db.attachments_dir
    attachments.mkdir(parents=True, exist_ok=True)
    with db.transaction() as session:
        session.add(m.ResumeVersion(target_id=target, label="CV 2", file="cv.pdf"))
    (attachments / "cv.pdf").write_bytes(b"%PDF-1.4 not really\n")

    out = tmp_path / "export.json"
    summary = write_export(db, out)
    text = out.read_text(encoding="utf-8")
    document = json.loads(text)
    expected = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    assert text == expected
    assert _without_stamp(text) == _without_stamp(
        json.dumps(export_workspace(db), ensure_ascii=False, indent=2) + "\n"
    )
    assert summary.counts == {name: len(rows) for name, rows in document["tables"].items()}
    assert summary.attachments == len(document["attachments"]) == 1
    assert any("missing-file.pdf" in w for w in summary.warnings)
    assert document["warnings"] == list(summary.warnings)
    assert HOSTILE in {row["text"] for row in document["tables"]["feedback"]}


def test_an_empty_workspace_streams_too(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "empty.json"
    summary = write_export(db, out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert summary.total_rows == 0 and document["attachments"] == {}
    assert "warnings" not in document


def test_writing_never_builds_the_whole_document(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_sample_target(db)
    written: list[int] = []

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the export built the document in memory")

    monkeypatch.setattr(export_module, "export_workspace", refuse)
    real = export_module._dump

    def dump(value: Any) -> str:
        text = real(value)
        written.append(len(text))
        return text

    monkeypatch.setattr(export_module, "_dump", dump)
    out = tmp_path / "export.json"
    write_export(db, out)
    # Each piece dumped is one row (or a header value), never the tables.
    assert max(written) < out.stat().st_size / 10
