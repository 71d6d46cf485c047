"""The command line: a plain start is read as the whole parser reads it, without building
it (every command's parser cost 5 ms before the window's first paint)."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secondchance.cli import parser

FOLDERS = st.text(min_size=0, max_size=30).filter(lambda t: not t.startswith("-"))


def _refuse_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> argparse.ArgumentParser:
        raise AssertionError("a plain start built the whole parser")

    monkeypatch.setattr(parser, "build_parser", refuse)


@pytest.mark.parametrize(
    "argv",
    [[], ["--data-dir", "/home/zoë/Second Chance"], ["--data-dir=C:\\Users\\a b"], ["--data-dir="]],
)
def test_a_plain_start_reads_as_the_whole_parser_reads_it(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = parser.build_parser().parse_args(argv)
    _refuse_building(monkeypatch)
    assert parser.parse_arguments(argv) == expected


@given(FOLDERS)
def test_any_folder_given_reads_as_the_whole_parser_reads_it(folder: str) -> None:
    for argv in (["--data-dir", folder], [f"--data-dir={folder}"]):
        assert parser.parse_arguments(argv) == parser.build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["--smoke-test"],
        ["--data-dir", "x", "--smoke-test"],
        ["--data", "x"],  # argparse's abbreviation of --data-dir
        ["export", "--format", "csv", "--data-dir", "x"],
        ["--data-dir", "x", "list", "feedback"],
    ],
)
def test_anything_else_goes_to_the_whole_parser(argv: list[str]) -> None:
    try:
        expected: object = parser.build_parser().parse_args(argv)
    except SystemExit as exc:
        expected = ("exit", exc.code)
    try:
        got: object = parser.parse_arguments(argv)
    except SystemExit as exc:
        got = ("exit", exc.code)
    assert got == expected


def test_a_folder_that_looks_like_an_option_is_refused_as_before(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as refused:
        parser.parse_arguments(["--data-dir", "--smoke-test"])
    assert refused.value.code == 2
    assert "--data-dir" in capsys.readouterr().err
