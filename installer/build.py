"""Build Second Chance's installers: the PyInstaller app, then the package for this system.

Usage: python installer/build.py TARGET [options]

    app     icons + the onedir app (PyInstaller, installer/secondchance.spec) in DIST/secondchance
    deb     app + DIST/secondchance_<version>_<arch>.deb (Linux, dpkg-deb)
    inno    app + DIST/SecondChance-<version>-setup.exe (Windows, Inno Setup's ISCC)
    dmg     app + DIST/SecondChance-<version>.dmg (macOS, hdiutil; signed and notarised when
            the environment variables below are set)
    native  whichever of deb / inno / dmg fits this system

Options: --dist DIR (default dist/), --work DIR (default build/installer/), --skip-app
(package an app built earlier), --compression xz|gzip|zstd|none (deb, default xz),
--json FILE (write the outputs, sizes and timings).

macOS signing, all optional (skipped with a note when absent):
    SECONDCHANCE_MACOS_SIGN_IDENTITY   "Developer ID Application: …" for codesign
    SECONDCHANCE_NOTARY_PROFILE        a notarytool keychain profile, or else
    SECONDCHANCE_NOTARY_APPLE_ID, SECONDCHANCE_NOTARY_TEAM_ID, SECONDCHANCE_NOTARY_PASSWORD
Windows: ISCC found on PATH, in $ISCC, or in Inno Setup 6's default folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import stat
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "secondchance.spec"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
NAME: str = PROJECT["name"]
VERSION: str = PROJECT["version"]
APP_NAME = "Second Chance"
DESCRIPTION: str = PROJECT["description"]
MAINTAINER = "Second Chance developers <noreply@secondchance.invalid>"
INSTALL_DIR = f"/opt/{NAME}"


class BuildError(Exception):
    pass


def _run(cmd: list[str], **kwargs: Any) -> None:
    print("+ " + " ".join(cmd), flush=True)
    result = subprocess.run(cmd, check=False, **kwargs)
    if result.returncode != 0:
        raise BuildError(f"{Path(cmd[0]).name} failed with exit code {result.returncode}")


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir())


def _check_version() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    import secondchance

    if secondchance.__version__ != VERSION:
        raise BuildError(
            f"pyproject.toml says version {VERSION} but secondchance.__version__ is "
            f"{secondchance.__version__}; make them agree before building an installer"
        )


def build_app(dist: Path, work: Path, report: dict[str, Any]) -> Path:
    _check_version()
    sys.path.insert(0, str(HERE))
    from make_icons import make_icons

    started = time.perf_counter()
    icons = work / "icons"
    make_icons(icons)
    env = {**os.environ, "SECONDCHANCE_ICON_DIR": str(icons)}
    _run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work / "pyinstaller"),
            str(SPEC),
        ],
        env=env,
        cwd=ROOT,
    )
    app = dist / NAME
    report["app"] = {
        "path": str(app),
        "bytes": _size(app),
        "seconds": round(time.perf_counter() - started, 1),
    }
    return app


# --- Linux ------------------------------------------------------------------------------


def linux_depends() -> list[str]:
    lines = (HERE / "linux" / "depends.txt").read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _normalise_modes(root: Path) -> None:
    # dpkg keeps modes as they are on disk; a umask of 077 must not make /opt unreadable.
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        executable = path.is_dir() or mode & stat.S_IXUSR
        path.chmod(0o755 if executable else 0o644)


def build_deb(app: Path, dist: Path, work: Path, compression: str, report: dict[str, Any]) -> Path:
    if shutil.which("dpkg-deb") is None:
        raise BuildError("dpkg-deb is missing (install the dpkg package)")
    started = time.perf_counter()
    arch = subprocess.check_output(["dpkg", "--print-architecture"], text=True).strip()
    root = work / "deb" / f"{NAME}_{VERSION}_{arch}"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(app, root / INSTALL_DIR.lstrip("/"), symlinks=True)
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    # The bootloader resolves the link, so the app still finds its _internal folder.
    (bin_dir / NAME).symlink_to(f"{INSTALL_DIR}/{NAME}")
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copyfile(HERE / "linux" / f"{NAME}.desktop", share / "applications" / f"{NAME}.desktop")
    icons = work / "icons"
    for png in sorted((icons / "png").glob("*.png"), key=lambda p: int(p.stem)):
        target = share / "icons" / "hicolor" / f"{png.stem}x{png.stem}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True)
        shutil.copyfile(png, target)
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copyfile(icons / f"{NAME}.svg", scalable / f"{NAME}.svg")
    doc = share / "doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        f"{APP_NAME}\nCopyright: Second Chance developers\nLicense: MIT\n"
        "Bundled third-party components keep their own licences (see /opt/secondchance/"
        "_internal).\n",
        "utf-8",
    )
    installed_kib = (_size(root) + 1023) // 1024
    control = root / "DEBIAN" / "control"
    control.parent.mkdir()
    control.write_text(
        f"Package: {NAME}\n"
        f"Version: {VERSION}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(linux_depends())}\n"
        "Section: misc\n"
        "Priority: optional\n"
        f"Description: {APP_NAME}: {DESCRIPTION[0].lower()}{DESCRIPTION[1:]}\n"
        " A private, offline desktop app that guides you through a comeback after an\n"
        " interview rejection and exports a PDF reapplication packet. Your data stays\n"
        " in your own data folder, which installing or removing this package never\n"
        " touches.\n",
        "utf-8",
    )
    # No maintainer scripts: the menu and icon caches are refreshed by the dpkg triggers of
    # desktop-file-utils and the icon theme, and removal must leave the person's data alone.
    _normalise_modes(root)
    deb = dist / f"{NAME}_{VERSION}_{arch}.deb"
    _run(
        [
            "dpkg-deb",
            "--root-owner-group",
            f"-Z{compression}",
            "--build",
            str(root),
            str(deb),
        ]
    )
    report["deb"] = {
        "path": str(deb),
        "bytes": deb.stat().st_size,
        "installed_kib": installed_kib,
        "compression": compression,
        "seconds": round(time.perf_counter() - started, 1),
    }
    return deb


# --- Windows ----------------------------------------------------------------------------


def _iscc() -> str:
    for candidate in (
        os.environ.get("ISCC"),
        shutil.which("iscc"),
        r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe",
        r"C:\Program Files\Inno Setup 6\ISCC.exe",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    raise BuildError("Inno Setup's ISCC.exe was not found (install Inno Setup 6 or set $ISCC)")


def build_inno(app: Path, dist: Path, work: Path, report: dict[str, Any]) -> Path:
    started = time.perf_counter()
    _run(
        [
            _iscc(),
            f"/DAppVersion={VERSION}",
            f"/DSourceDir={app}",
            f"/DOutputDir={dist}",
            f"/DIconFile={work / 'icons' / (NAME + '.ico')}",
            str(HERE / "windows" / "secondchance.iss"),
        ]
    )
    setup = dist / f"SecondChance-{VERSION}-setup.exe"
    report["inno"] = {
        "path": str(setup),
        "bytes": setup.stat().st_size,
        "seconds": round(time.perf_counter() - started, 1),
    }
    return setup


# --- macOS ------------------------------------------------------------------------------


def _sign(path: Path, identity: str) -> None:
    _run(
        [
            "codesign",
            "--force",
            "--deep",  # PyInstaller's nested dylibs and Qt frameworks
            "--timestamp",
            "--options",
            "runtime",
            "--entitlements",
            str(HERE / "macos" / "entitlements.plist"),
            "--sign",
            identity,
            str(path),
        ]
    )
    _run(["codesign", "--verify", "--strict", "--verbose=2", str(path)])


def _notary_args() -> list[str] | None:
    profile = os.environ.get("SECONDCHANCE_NOTARY_PROFILE")
    if profile:
        return ["--keychain-profile", profile]
    keys = ("APPLE_ID", "TEAM_ID", "PASSWORD")
    values = [os.environ.get(f"SECONDCHANCE_NOTARY_{key}") for key in keys]
    if all(values):
        apple_id, team_id, password = values
        return ["--apple-id", str(apple_id), "--team-id", str(team_id), "--password", str(password)]
    return None


def build_dmg(dist: Path, work: Path, report: dict[str, Any]) -> Path:
    started = time.perf_counter()
    bundle = dist / f"{APP_NAME}.app"
    if not bundle.is_dir():
        raise BuildError(f"{bundle} is missing: the spec builds it on macOS only")
    identity = os.environ.get("SECONDCHANCE_MACOS_SIGN_IDENTITY")
    if identity:
        _sign(bundle, identity)
    else:
        print("Not signing: SECONDCHANCE_MACOS_SIGN_IDENTITY is not set.", flush=True)
    staging = work / "dmg"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    _run(["ditto", str(bundle), str(staging / bundle.name)])  # keeps links and signatures
    (staging / "Applications").symlink_to("/Applications")
    dmg = dist / f"SecondChance-{VERSION}.dmg"
    dmg.unlink(missing_ok=True)
    _run(
        [
            "hdiutil",
            "create",
            "-volname",
            APP_NAME,
            "-srcfolder",
            str(staging),
            "-fs",
            "HFS+",
            "-format",
            "UDZO",
            "-ov",
            str(dmg),
        ]
    )
    notarised = False
    if identity:
        _run(["codesign", "--force", "--timestamp", "--sign", identity, str(dmg)])
        notary = _notary_args()
        if notary:
            _run(["xcrun", "notarytool", "submit", str(dmg), *notary, "--wait"])
            _run(["xcrun", "stapler", "staple", str(dmg)])
            notarised = True
        else:
            print("Not notarising: no SECONDCHANCE_NOTARY_* credentials are set.", flush=True)
    report["dmg"] = {
        "path": str(dmg),
        "bytes": dmg.stat().st_size,
        "signed": bool(identity),
        "notarised": notarised,
        "seconds": round(time.perf_counter() - started, 1),
    }
    return dmg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("target", choices=["app", "deb", "inno", "dmg", "native"])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "installer")
    parser.add_argument("--skip-app", action="store_true", help="reuse the app in DIST")
    parser.add_argument("--compression", default="xz", choices=["xz", "gzip", "zstd", "none"])
    parser.add_argument("--json", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    target = args.target
    if target == "native":
        target = {"win32": "inno", "darwin": "dmg"}.get(sys.platform, "deb")
    dist, work = args.dist.resolve(), args.work.resolve()
    report: dict[str, Any] = {
        "version": VERSION,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    try:
        if args.skip_app:
            app = dist / NAME
            if not app.is_dir():
                raise BuildError(f"--skip-app, but there is no app in {app}")
        else:
            app = build_app(dist, work, report)
        if target == "deb":
            build_deb(app, dist, work, args.compression, report)
        elif target == "inno":
            build_inno(app, dist, work, report)
        elif target == "dmg":
            build_dmg(dist, work, report)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    for key in ("app", "deb", "inno", "dmg"):
        if key in report:
            entry = report[key]
            print(
                f"{key}: {entry['path']} ({entry['bytes'] / 2**20:.1f} MiB, {entry['seconds']} s)"
            )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
