"""The one atomic file write: complete or untouched, owner-only, no leftovers."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from secondchance.core import fileio

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@posix_only
def test_written_file_is_complete_and_owner_only(tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    out.write_text("old")
    out.chmod(0o644)
    data = bytes(range(256)) * 1000

    fileio.write_bytes(out, data)

    assert out.read_bytes() == data
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert _names(tmp_path) == ["export.json"]


def test_text_is_utf8_with_newlines_as_given(tmp_path: Path) -> None:
    out = tmp_path / "notes.txt"
    fileio.write_text(out, "Zoë\nŁukasz\n")
    assert out.read_bytes() == "Zoë\nŁukasz\n".encode()


def test_failure_mid_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "packet.pdf"
    out.write_bytes(b"the previous packet")

    with pytest.raises(RuntimeError, match="disk full"), fileio.open_binary(out) as handle:
        handle.write(b"half a new pac")
        raise RuntimeError("disk full")

    assert out.read_bytes() == b"the previous packet"
    assert _names(tmp_path) == ["packet.pdf"]


def test_failed_text_stream_leaves_nothing_where_there_was_nothing(tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    with pytest.raises(ValueError), fileio.open_text(out) as handle:
        handle.write("{")
        raise ValueError("cannot encode")
    assert _names(tmp_path) == []


def test_failed_rename_says_so_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "export.json"
    out.write_text("old")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied", str(src), None, str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(fileio.ReplaceError) as caught:
        fileio.write_text(out, "new")
    assert caught.value.errno == 13
    assert isinstance(caught.value.__cause__, PermissionError)
    assert "Permission denied" in str(caught.value)
    assert out.read_text() == "old"
    assert _names(tmp_path) == ["export.json"]


def test_missing_folder_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        fileio.write_bytes(tmp_path / "nowhere" / "x.bin", b"x")
    assert _names(tmp_path) == []


@posix_only
def test_the_file_and_its_folder_are_flushed_to_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed: list[str] = []
    real_fsync = os.fsync

    def record(fd: int) -> None:
        flushed.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", record)
    fileio.write_bytes(tmp_path / "a.pdf", b"%PDF")
    assert flushed == ["file", "folder"]


@posix_only
def test_a_path_for_writers_that_open_by_name(tmp_path: Path) -> None:
    out = tmp_path / "copy.sqlite3"
    with fileio.replacing(out) as temp:
        assert temp.parent == tmp_path and temp.name.startswith(".copy.sqlite3.")
        with sqlite3.connect(temp) as connection:
            connection.execute("CREATE TABLE t (x)")
        connection.close()
    assert _names(tmp_path) == ["copy.sqlite3"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with sqlite3.connect(out) as connection:
        assert connection.execute("SELECT count(*) FROM t").fetchone() == (0,)
    connection.close()


def test_a_failed_path_writer_leaves_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "copy.sqlite3"
    with pytest.raises(sqlite3.Error), fileio.replacing(out) as temp:
        temp.write_bytes(b"partial")
        raise sqlite3.OperationalError("database is locked")
    assert _names(tmp_path) == []
