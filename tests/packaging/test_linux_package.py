"""The Linux installer end to end: build the frozen app and the .deb, install it for real,
start it from the installed command (offscreen and on a real X server), then remove it and
check the person's data is still there.

It installs a system package, so it runs only when SECONDCHANCE_PACKAGING=1 (``.ci/run`` sets
it) on a Debian-like system as root (or with password-less sudo). The tests run in file
order and share one installation; the last one removes it. A secondchance package already
installed on the machine is replaced and removed too (its users' data folders stay).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from secondchance.core.migrations.head import HEAD_REVISION
from secondchance.ui.tabs import registry

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
PACKAGE = "secondchance"
INSTALL_DIR = Path("/opt/secondchance")
COMMAND = Path("/usr/bin/secondchance")
DESKTOP_FILE = Path("/usr/share/applications/secondchance.desktop")
PLUGIN_FAILURE = "Could not load the Qt platform plugin"
RELEASED_DBS = sorted((ROOT / "tests" / "migrations" / "released").glob("*.sqlite3"))
# What the installed app's smoke test must report: every tab of the registry, in order.
TABS = [f"tab_{spec.name}" for spec in registry.TABS]


def _sudo() -> list[str] | None:
    """The prefix that runs apt-get as root, or None when this process can't."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], check=False).returncode == 0:
        return ["sudo", "-n"]
    return None


ENABLED = os.environ.get("SECONDCHANCE_PACKAGING") == "1"
pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(
        not ENABLED,
        reason="installs a system package: set SECONDCHANCE_PACKAGING=1 to run (.ci/run does)",
    ),
]
if ENABLED:
    missing = [tool for tool in ("dpkg-deb", "apt-get", "Xvfb") if shutil.which(tool) is None]
    if not sys.platform.startswith("linux") or missing:
        pytest.fail(
            f"SECONDCHANCE_PACKAGING=1 needs Debian-like Linux with {', '.join(missing)}",
            pytrace=False,
        )
    if _sudo() is None:
        pytest.fail("SECONDCHANCE_PACKAGING=1 needs root or password-less sudo", pytrace=False)


# --- helpers --------------------------------------------------------------------------


def _run(
    cmd: list[str], *, timeout: float = 120, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )


def _ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, (
        f"{shlex.join(result.args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    )
    return result


def _apt(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    prefix = _sudo() or []
    # Another apt run (an unattended upgrade, a neighbour's install) holds the lock for a
    # while: wait for it rather than fail.
    wait = ["-o", "DPkg::Lock::Timeout=300"]
    return _run([*prefix, "apt-get", *wait, *args], timeout=timeout, env=env)


def _installed() -> bool:
    result = _run(["dpkg-query", "-W", "-f=${Status}", PACKAGE])
    return result.returncode == 0 and "installed" in result.stdout.split()


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _schema(db: Path) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    """Tables, columns, foreign keys and indexes as SQLite describes them, and the revision.

    Compared by meaning, not by CREATE TABLE text: a table Alembic rebuilds lists its
    constraints in an order that varies from one process to the next.
    """
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " ORDER BY name"
            )
        ]
        described: dict[str, Any] = {}
        for table in tables:
            indexes = sorted(
                (name, unique, tuple(r[2] for r in conn.execute(f"PRAGMA index_info('{name}')")))
                for _seq, name, unique, _origin, _partial in conn.execute(
                    f"PRAGMA index_list('{table}')"
                )
            )
            described[table] = {
                "columns": conn.execute(f"PRAGMA table_info('{table}')").fetchall(),
                "foreign_keys": sorted(
                    f[2:] for f in conn.execute(f"PRAGMA foreign_key_list('{table}')")
                ),
                "indexes": indexes,
            }
        version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    return described, version


@dataclass
class Installed:
    deb: Path
    report: dict[str, Any]
    home: Path
    person_data: Path  # created with the source app before the package was installed
    person_digest: dict[str, str]
    work: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("QT_", "SECONDCHANCE_", "PYTHON", "DISPLAY", "WAYLAND"))
        }
        env.update(
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_RUNTIME_DIR=str(self.home / "runtime"),
        )
        env.update(extra)
        return env

    def run(self, *args: str | Path, timeout: float = 120, **env: str) -> Any:
        return _run(
            [str(COMMAND), *map(str, args)], timeout=timeout, env=self.env(**env), cwd=self.home
        )


def _source_app(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**env, "PYTHONPATH": str(SRC), "QT_QPA_PLATFORM": "offscreen"}
    return _run([sys.executable, "-m", "secondchance", *map(str, args)], env=env)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    work = tmp_path_factory.mktemp("packaging")
    home = work / "home"
    (home / "runtime").mkdir(parents=True)
    (home / "runtime").chmod(0o700)
    report_file = work / "build.json"
    build = _run(
        [
            sys.executable,
            str(ROOT / "installer" / "build.py"),
            "deb",
            "--dist",
            str(work / "dist"),
            "--work",
            str(work / "build"),
            "--json",
            str(report_file),
        ],
        timeout=1500,
    )
    _ok(build)
    report = json.loads(report_file.read_text("utf-8"))
    deb = Path(report["deb"]["path"])

    # A person's data folder, in the default place, written before the app is installed.
    person_data = home / ".local" / "share" / "SecondChance"
    placeholder = Installed(deb, report, home, person_data, {}, work)
    _ok(_source_app(placeholder.env(), "sample"))
    assert (person_data / "secondchance.sqlite3").is_file()
    digest = _tree_digest(person_data)

    if _installed():
        _ok(_apt("purge", "-y", PACKAGE))
    install = _apt("install", "-y", "--no-install-recommends", str(deb))
    if install.returncode != 0:  # stale package lists on a machine that kept them
        _ok(_apt("update"))
        install = _apt("install", "-y", "--no-install-recommends", str(deb))
    _ok(install)
    try:
        yield Installed(deb, report, home, person_data, digest, work)
    finally:
        if _installed():
            _apt("purge", "-y", PACKAGE)


def _smoke(installed: Installed, result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    output = result.stdout + result.stderr
    assert PLUGIN_FAILURE not in output, output
    _ok(result)
    status: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    assert status["ok"] is True, status
    assert status["tabs"] == TABS
    assert status["db_revision"] == HEAD_REVISION
    return status


@contextlib.contextmanager
def _xvfb() -> Iterator[str]:
    """A real X server on a free display; yields the DISPLAY value."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _desktop_entry() -> dict[str, str]:
    entry: dict[str, str] = {}
    for line in DESKTOP_FILE.read_text("utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.startswith("#"):
            entry[key.strip()] = value.strip()
    return entry


# --- the tests, in order ----------------------------------------------------------------


def test_package_layout_and_dependencies(installed: Installed) -> None:
    depends = _ok(_run(["dpkg-deb", "-f", str(installed.deb), "Depends"])).stdout
    for library in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"):
        assert library in depends
    files = set(_ok(_run(["dpkg", "-L", PACKAGE])).stdout.split())
    for expected in (
        str(INSTALL_DIR / "secondchance"),
        str(COMMAND),
        str(DESKTOP_FILE),
        "/usr/share/icons/hicolor/48x48/apps/secondchance.png",
        "/usr/share/icons/hicolor/256x256/apps/secondchance.png",
        "/usr/share/icons/hicolor/scalable/apps/secondchance.svg",
        str(INSTALL_DIR / "_internal/secondchance/core/migrations/env.py"),
    ):
        assert expected in files, expected
    assert shutil.which("secondchance", path="/usr/bin") == str(COMMAND)
    assert COMMAND.resolve() == INSTALL_DIR / "secondchance"
    entry = _desktop_entry()
    assert entry["Exec"].split()[0] == "secondchance"
    assert entry["Icon"] == "secondchance"
    if shutil.which("desktop-file-validate"):
        _ok(_run(["desktop-file-validate", str(DESKTOP_FILE)]))


def test_installed_libraries_resolve(installed: Installed) -> None:
    """Every bundled library finds what it links against: the Depends are complete."""
    internal = INSTALL_DIR / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": str(internal)}
    unresolved: dict[str, list[str]] = {}
    for path in sorted(internal.rglob("*.so*")):
        # The GTK theme plugin is used only where GTK is installed (GNOME), and skipped silently
        # elsewhere; it must not pull all of GTK into the package.
        if not path.is_file() or path.name == "libqgtk3.so":
            continue
        result = _run(["ldd", str(path)], env=env)
        missing = [line.split()[0] for line in result.stdout.splitlines() if "not found" in line]
        if missing:
            unresolved[str(path.relative_to(internal))] = missing
    assert not unresolved


def test_installed_command_smoke_test_offscreen(installed: Installed) -> None:
    # An empty folder: the frozen app creates the database through Alembic.
    data = installed.work / "offscreen-data"
    result = installed.run("--smoke-test", "--data-dir", data, QT_QPA_PLATFORM="offscreen")
    status = _smoke(installed, result)
    assert status["version"] == installed.report["version"]


def test_menu_entry_command_starts_on_a_real_x_server(installed: Installed) -> None:
    """The .desktop entry's command, with QT_QPA_PLATFORM unset: Qt picks xcb itself."""
    command = shlex.split(_desktop_entry()["Exec"].replace("%F", "").replace("%U", ""))
    assert shutil.which(command[0], path="/usr/bin") == str(COMMAND)
    data = installed.work / "xcb-data"
    with _xvfb() as display:
        result = _run(
            [*command, "--smoke-test", "--data-dir", str(data)],
            env=installed.env(DISPLAY=display, PATH="/usr/bin:/bin"),
            cwd=installed.home,
        )
    _smoke(installed, result)


def test_window_class_matches_the_menu_entry(installed: Installed) -> None:
    """The desktop shell pairs the running window with the menu entry by StartupWMClass."""
    if shutil.which("xwininfo") is None:
        pytest.fail("xwininfo is missing (Debian package x11-utils; .ci/run installs it)")
    wanted = _desktop_entry()["StartupWMClass"]
    data = installed.work / "window-data"
    with _xvfb() as display:
        app = subprocess.Popen(
            [str(COMMAND), "--data-dir", str(data)],
            env=installed.env(DISPLAY=display),
            cwd=installed.home,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        classes: set[str] = set()
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and app.poll() is None:
                tree = _run(["xwininfo", "-root", "-tree"], env={**os.environ, "DISPLAY": display})
                # 0x1e00007 "Second Chance": ("secondchance" "SecondChance")  1180x760+0+0 ...
                for match in re.finditer(
                    r'"[^"\n]*Second Chance[^"\n]*": \("([^"]*)" "([^"]*)"\)', tree.stdout
                ):
                    classes.add(match.group(2))
                if classes:
                    break
                time.sleep(0.5)
        finally:
            app.send_signal(signal.SIGTERM)
            try:
                _, errors = app.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                app.kill()
                _, errors = app.communicate()
    assert PLUGIN_FAILURE not in errors, errors
    assert classes == {wanted}, f"window classes {classes}, desktop entry says {wanted}\n{errors}"


@pytest.mark.parametrize("released", RELEASED_DBS, ids=[db.stem for db in RELEASED_DBS])
def test_frozen_app_migrates_like_the_source_app(installed: Installed, released: Path) -> None:
    schemas = []
    for who in ("frozen", "source"):
        data = installed.work / f"migrate-{released.stem}-{who}"
        data.mkdir()
        shutil.copyfile(released, data / "secondchance.sqlite3")
        if who == "frozen":
            result = installed.run("--smoke-test", "--data-dir", data, QT_QPA_PLATFORM="offscreen")
        else:
            result = _source_app(installed.env(), "--smoke-test", "--data-dir", data)
        _smoke(installed, result)
        schemas.append(_schema(data / "secondchance.sqlite3"))
    assert schemas[0] == schemas[1]
    assert schemas[0][1] == [(HEAD_REVISION,)]


def test_frozen_app_holds_what_is_imported_lazily(installed: Installed) -> None:
    """The packet code imports ReportLab (and pypdf) inside functions; the spec collects them."""
    toc = (installed.work / "build" / "pyinstaller" / "secondchance" / "PYZ-00.toc").read_text()
    for module in (
        "reportlab.platypus.doctemplate",
        "reportlab.pdfbase.ttfonts",
        "reportlab.lib.styles",
        "pypdf",
        "PIL.Image",  # reportlab.lib.utils imports it when the packet module loads
        "secondchance.core.services.jd_scanner",
        "alembic.runtime.migration",
        "alembic.op",
        "secondchance.core.interop.sample",
        "secondchance.core.services.first_look",
        "secondchance.ui.first_look",
    ):
        assert f"'{module}'" in toc, module
    assert (INSTALL_DIR / "_internal" / "reportlab" / "fonts" / "Vera.ttf").is_file()
    resources = INSTALL_DIR / "_internal" / "resources"
    for shipped in (
        "fonts/DejaVuSans.ttf",
        "fonts/LICENSE.txt",
        "skills/vocabulary.json",
        "sample/story.json",
    ):
        assert (resources / shipped).is_file(), shipped


def test_the_installed_window_shows_its_first_look_then_answers(installed: Installed) -> None:
    """The window shows the data read with the standard library before it opens it
    (ui/first_look.py), then attaches it: in the frozen app too, where every module the first
    look imports inside a function must be bundled."""
    data = installed.work / "first-look-data"
    _ok(_run([str(COMMAND), "sample", "--data-dir", str(data)], env=installed.env()))
    result = _ok(
        _run(
            [str(COMMAND), "--data-dir", str(data)],
            env=installed.env(
                QT_QPA_PLATFORM="offscreen",
                SECONDCHANCE_STARTUP_TRACE="1",
                SECONDCHANCE_EXIT_WHEN_READY="1",
            ),
            cwd=installed.home,
        )
    )
    stages = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert [s for s in stages if s in ("paint", "ready", "interactive")] == [
        "paint",
        "ready",
        "interactive",
    ], result.stdout + result.stderr
    log = (data / "logs" / "secondchance.log").read_text(encoding="utf-8")
    assert "first look: the " in log, log
    assert "unexpected error" not in log, log


def test_packet_export_from_the_installed_app(installed: Installed) -> None:
    help_text = _ok(installed.run("--help")).stdout
    assert re.search(r"\bpacket\b", help_text), help_text
    from pypdf import PdfReader

    data = installed.work / "packet-data"
    added = _ok(installed.run("sample", "--data-dir", data, QT_QPA_PLATFORM="offscreen"))
    target = re.search(r"\(id (\d+)\)", added.stdout)
    assert target, added.stdout
    out = installed.work / "packet.pdf"
    result = installed.run(
        "packet",
        "--target",
        target.group(1),
        "--out",
        out,
        "--data-dir",
        data,
        QT_QPA_PLATFORM="offscreen",
        timeout=300,
    )
    _ok(result)
    reader = PdfReader(out)
    assert len(reader.pages) >= 1
    # The command says what it wrote, and the page count it prints is the file's.
    assert f"({len(reader.pages)} pages)" in result.stdout, result.stdout
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "Northwind" in text
    # The Unicode font came from the bundled resources, not from the build machine.
    fonts: set[str] = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources is not None else None
        for font in font_dict.get_object().values() if font_dict is not None else ():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("DejaVuSans" in name for name in fonts), fonts


def test_removal_keeps_the_persons_data(installed: Installed) -> None:
    data_made_by_installed_app = installed.work / "offscreen-data"
    before = _tree_digest(data_made_by_installed_app)
    assert "secondchance.sqlite3" in before
    _ok(_apt("remove", "-y", PACKAGE))
    assert not _installed()
    for path in (COMMAND, DESKTOP_FILE, INSTALL_DIR / "secondchance"):
        assert not path.exists() and not path.is_symlink(), path
    assert not INSTALL_DIR.exists()
    # The package has no configuration files, so remove leaves nothing for apt to purge;
    # dpkg --purge still runs the purge step (and would run a postrm purge, if one appeared).
    _ok(_run([*(_sudo() or []), "dpkg", "--purge", PACKAGE]))
    assert _tree_digest(installed.person_data) == installed.person_digest
    assert _tree_digest(data_made_by_installed_app) == before
