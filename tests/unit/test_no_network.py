"""The suite-wide guard really refuses network sockets (so the app's tests prove it)."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from tests.conftest import NetworkAccessError


def test_internet_socket_is_refused() -> None:
    with pytest.raises(NetworkAccessError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_connection_helpers_are_refused() -> None:
    with pytest.raises(NetworkAccessError):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises((NetworkAccessError, OSError)):
        urllib.request.urlopen("http://example.org", timeout=1)


def test_sample_workspace_and_export_use_no_network(data_dir, tmp_path) -> None:
    # Exercising the whole non-GUI path under the guard: any socket would raise here.
    from secondchance.__main__ import main

    assert main(["sample", "--data-dir", str(data_dir)]) == 0
    assert main(["export", "--data-dir", str(data_dir), "--out", str(tmp_path / "w.json")]) == 0
