"""Render the application icon from its one SVG master: PNG sizes, ``.ico`` and ``.icns``.

Usage: python installer/make_icons.py [--out DIR]      (default: build/icons)

The master is ``resources/icons/app.svg``. Qt's SVG renderer (the one the running app uses)
draws each size separately, so small sizes are rendered, not downscaled; Pillow packs the
renders into the Windows ``.ico`` and the macOS ``.icns``. Nothing here is committed: the
installers regenerate it, so nobody edits an icon binary by hand.

Output::

    DIR/png/<N>.png           N in PNG_SIZES (Linux hicolor theme, 512 for macOS)
    DIR/secondchance.ico      16 … 256 px
    DIR/secondchance.icns     16 … 1024 px
    DIR/secondchance.svg      a copy of the master (hicolor "scalable")
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MASTER = ROOT / "resources" / "icons" / "app.svg"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
BASENAME = "secondchance"


def render_pngs(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """PNG bytes of ``svg`` at each size, drawn by QSvgRenderer on a transparent image."""
    # No display is needed to draw into a QImage; keep Qt from looking for one.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG that Qt can draw")
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        out[size] = bytes(data.data())
    del _app
    return out


def make_icons(out_dir: Path, svg: Path = MASTER) -> dict[str, Path]:
    from PIL import Image

    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = tuple(sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES)))
    pngs = render_pngs(svg, sizes)
    png_dir = out_dir / "png"
    png_dir.mkdir(exist_ok=True)
    for size in PNG_SIZES:
        (png_dir / f"{size}.png").write_bytes(pngs[size])
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in pngs.items()}

    ico = out_dir / f"{BASENAME}.ico"
    largest = images[max(ICO_SIZES)]
    largest.save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    icns = out_dir / f"{BASENAME}.icns"
    images[max(ICNS_SIZES)].save(icns, format="ICNS", append_images=[images[s] for s in ICNS_SIZES])
    shutil.copyfile(svg, out_dir / f"{BASENAME}.svg")
    return {"png": png_dir, "ico": ico, "icns": icns, "svg": out_dir / f"{BASENAME}.svg"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "icons")
    args = parser.parse_args(argv)
    made = make_icons(args.out)
    for kind, path in made.items():
        print(f"{kind}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
