"""``secondchance packet`` run as a person would, and ReportLab kept out of start-up."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.e2e.test_cli import SRC, Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "cli")


def test_packet_command_writes_the_pdf_and_says_how_many_pages(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli.run("sample", "--data-dir", data).returncode == 0
    out = tmp_path / "packet.pdf"
    result = cli.run(
        "packet",
        "--data-dir",
        data,
        "--target",
        "northwind health",
        "--preset",
        "shareable",
        "--sections",
        "cover,ledger,network",
        "--paper",
        "letter",
        "--out",
        out,
    )
    assert result.returncode == 0, result.stderr
    match = re.fullmatch(r"Wrote (.+) \((\d+) pages\)\n", result.stdout)
    assert match and Path(match.group(1)) == out.resolve()
    reader = PdfReader(out)
    assert len(reader.pages) == int(match.group(2))
    assert round(float(reader.pages[0].mediabox.width)) == 612
    text = " ".join(p.extract_text() for p in reader.pages)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline == ["Cover", "Feedback → action → evidence", "Network summary"]
    assert "Network summary" in text
    assert "@example.com" not in text


def test_packet_command_explains_bad_choices(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    cli.run("sample", "--data-dir", data)
    cli.run("sample", "--data-dir", data)
    out = tmp_path / "p.pdf"
    ambiguous = cli.run("packet", "--data-dir", data, "--target", "northwind", "--out", out)
    assert ambiguous.returncode == 1
    assert "more than one target" in ambiguous.stderr and "1: Northwind Health" in ambiguous.stderr
    unknown = cli.run("packet", "--data-dir", data, "--sections", "cover,nope", "--out", out)
    assert unknown.returncode == 1 and "Unknown section: nope" in unknown.stderr
    private = cli.run(
        "packet",
        "--data-dir",
        data,
        "--preset",
        "shareable",
        "--sections",
        "self_assessment",
        "--out",
        out,
    )
    assert private.returncode == 1 and "never includes" in private.stderr
    nowhere = cli.run("packet", "--data-dir", data, "--out", tmp_path / "missing" / "p.pdf")
    assert nowhere.returncode == 1 and "doesn't exist" in nowhere.stderr
    assert not out.exists()
    by_id = cli.run("packet", "--data-dir", data, "--target", "2", "--out", out)
    assert by_id.returncode == 0 and out.exists()


def test_window_start_up_imports_neither_reportlab_nor_pypdf(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from secondchance.core.db import open_database
        from secondchance.core.interop.sample import add_sample_target
        from secondchance.ui.app import make_application
        from secondchance.ui.main_window import MainWindow
        app = make_application()
        db = open_database(Path({str(tmp_path / "data")!r}))
        add_sample_target(db)
        window = MainWindow(Path({str(tmp_path / "data")!r}))
        window.attach(db)
        window.show()
        app.processEvents()
        print(sorted({{m.split(".")[0] for m in sys.modules}} & {{"reportlab", "pypdf"}}))
        window.export_packet  # the action exists; using it is what loads ReportLab
        from secondchance.core.packet import render
        print(sorted({{m.split(".")[0] for m in sys.modules}} & {{"reportlab", "pypdf"}}))
        """
    )
    env = dict(
        os.environ,
        PYTHONPATH=str(SRC),
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    before, after = result.stdout.strip().splitlines()[-2:]
    assert before == "[]"
    assert "reportlab" in after  # the probe can see it once a packet is made


def test_describing_the_sections_loads_no_database_layer() -> None:
    # --sections' help comes from the packet's list of sections, which loads without
    # SQLAlchemy or ReportLab: start-up stays light.
    code = (
        "import sys\n"
        "from secondchance.cli.parser import build_parser\n"
        "build_parser()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'reportlab'}))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(SRC))
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
