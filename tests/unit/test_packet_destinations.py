"""Where the packet and the brief may be written: a regular file of ours or a new name.
Anything else is refused with one sentence before any work, and a failed write leaves
nothing behind (never a partial PDF)."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest

from secondchance.core import fileio
from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.packet import PacketError, PacketOptions, build_brief, build_packet

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def sample(db: Database) -> int:
    return add_sample_target(db, today=TODAY)


def write_both(db: Database, target: int, out: Path) -> list[str]:
    messages = []
    for write in (
        lambda: build_packet(db, target, PacketOptions(today=TODAY), out),
        lambda: build_brief(db, target, out, today=TODAY),
    ):
        with pytest.raises(PacketError) as caught:
            write()
        messages.append(str(caught.value))
    return messages


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_and_left_alone(db: Database, sample: int, tmp_path: Path) -> None:
    pipe = tmp_path / "packet.pdf"
    os.mkfifo(pipe)
    for message in write_both(db, sample, pipe):
        assert "is a pipe, not a file" in message
    assert pipe.is_fifo()


def test_a_link_is_refused_and_its_target_untouched(
    db: Database, sample: int, tmp_path: Path
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    link = tmp_path / "packet.pdf"
    link.symlink_to(precious)
    for message in write_both(db, sample, link):
        assert "is a link to another file" in message
    assert precious.read_text(encoding="utf-8") == "keep me" and link.is_symlink()


def test_a_device_is_refused(db: Database, sample: int) -> None:
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null here")
    for message in write_both(db, sample, Path("/dev/null")):
        assert "is a device, not a file" in message
    assert Path("/dev/null").is_char_device()


def test_a_full_disk_leaves_no_file_and_says_so(
    db: Database, sample: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = fileio.write_bytes

    def full(destination: Path, data: bytes) -> None:
        with fileio.open_binary(destination) as handle:
            handle.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio, "write_bytes", full)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "packet.pdf"
    for message in write_both(db, sample, out):
        assert "is full" in message
    assert list(folder.iterdir()) == []  # neither the PDF nor a temporary file
    monkeypatch.setattr(fileio, "write_bytes", real)
    assert build_packet(db, sample, PacketOptions(today=TODAY), out).pages > 1
