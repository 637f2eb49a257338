"""Render the app icon from its SVG into the sizes each platform wants: PNGs for the Linux desktop entry
(hicolor theme), an .ico for Windows and an .icns for macOS. Both container formats hold PNG images, so
Qt is the only tool needed. The outputs are committed; run this again after editing the SVG:

    .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import os
import struct
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "cti-desktop.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns element types that hold PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}


def render_png(renderer: QSvgRenderer, size: int, folder: Path) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target = folder / f"{size}.png"
    if not image.save(str(target)):
        raise RuntimeError(f"could not write the {size}px icon to {target}")
    return target.read_bytes()


def build_ico(images: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    payload = b""
    for size, png in images.items():
        # A width or height of 0 means 256 in the ICO directory.
        side = size % 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(payload))
        payload += png
    return header + entries + payload


def build_icns(images: dict[int, bytes]) -> bytes:
    body = b"".join(ICNS_TYPES[size] + struct.pack(">I", len(png) + 8) + png for size, png in images.items())
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"{SOURCE} is not a valid SVG file", file=sys.stderr)
        return 1
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_TYPES))
    with tempfile.TemporaryDirectory() as folder:
        rendered = {size: render_png(renderer, size, Path(folder)) for size in sizes}
    for size in PNG_SIZES:
        (ICONS / f"cti-desktop-{size}.png").write_bytes(rendered[size])
    (ICONS / "cti-desktop.ico").write_bytes(build_ico({size: rendered[size] for size in ICO_SIZES}))
    (ICONS / "cti-desktop.icns").write_bytes(build_icns({size: rendered[size] for size in ICNS_TYPES}))
    del app
    print(f"wrote {len(PNG_SIZES)} PNGs, cti-desktop.ico and cti-desktop.icns into {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
