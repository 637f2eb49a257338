"""packaging/slim_icu.py: Qt with the slim ICU data library collates, maps case, converts text and names
time zones as with PySide6's own, but for the long names of time zones in other languages than English."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="the bundle's ICU is slimmed on Linux only"
    ),
]

# What Qt asks ICU for (its libraries import only these ICU functions): collation, case mapping, codecs,
# time zone names. Prints one Python literal per line.
QT_ICU = """
from PySide6.QtCore import QByteArray, QCollator, QDateTime, QLocale, QTimeZone
from PySide6.QtCore import QStringDecoder, QStringEncoder

words = ["Zebra", "Äpfel", "apple", "Öl", "zucchini", "éclair", "Ångström", "ı", "i", "İ", "Ñu", "nube"]
for name in ("de_DE", "sv_SE", "en_US", "tr_TR", "es_ES", "ja_JP", "zh_CN"):
    locale = QLocale(name)
    print(repr(("collation", name, sorted(words, key=QCollator(locale).sortKey))))
    print(repr(("case", name, locale.toUpper("istanbul ıi"), locale.toLower("İSTANBUL I"))))
for codec in ("Shift_JIS", "windows-1252", "ISO-8859-15", "GB18030", "EUC-KR", "KOI8-R", "IBM-037", "Big5"):
    print(repr(("codec", codec, QStringDecoder(codec).isValid(), QStringEncoder(codec).name())))
print(repr(("codecs", len(QStringDecoder.availableCodecs()))))
moment = QDateTime.fromSecsSinceEpoch(1796000000)
for zone in (b"Europe/Berlin", b"America/Los_Angeles", b"Asia/Tokyo", b"Australia/Sydney"):
    tz = QTimeZone(QByteArray(zone))
    for name in ("en_US", "en_GB", "de_DE", "ja_JP"):
        names = [tz.displayName(moment, kind, QLocale(name)) for kind in QTimeZone.NameType]
        print(repr(("zone", zone.decode(), name, names)))
"""


def qt_answers(preload: Path | None = None) -> list[tuple[object, ...]]:
    env = dict(os.environ)
    if preload is not None:
        env["LD_PRELOAD"] = str(preload)
    done = subprocess.run(
        [sys.executable, "-c", QT_ICU], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return [ast.literal_eval(line) for line in done.stdout.splitlines()]


def load_slim_icu() -> object:
    spec = importlib.util.spec_from_file_location("slim_icu", ROOT / "packaging" / "slim_icu.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_qt_answers_alike_with_the_slim_icu_data(tmp_path: Path) -> None:
    slim_icu: object = load_slim_icu()
    missing = slim_icu.missing_tools()  # type: ignore[attr-defined]
    if missing and os.environ.get("CTI_DESKTOP_REQUIRE_SLIM_ICU") != "1":
        pytest.skip(f"{', '.join(missing)} not found (Debian: apt-get install icu-devtools gcc binutils)")
    assert not missing, f"{', '.join(missing)} not found, and CI requires the slim ICU data"
    import PySide6

    original = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    slim = slim_icu.slim(original, tmp_path)  # type: ignore[attr-defined]
    assert slim.stat().st_size < original.stat().st_size * 0.4

    full, slimmed = qt_answers(), qt_answers(slim)

    assert len(full) == len(slimmed) == 39
    differ = [(a, b) for a, b in zip(full, slimmed, strict=True) if a != b]
    assert differ, "the slim library was not loaded"
    # Only the names of time zones in another language than English: they fall back to English names.
    english = {line[1]: line[3] for line in full if line[:1] == ("zone",) and line[2] == "en_US"}
    for _full_line, slim_line in differ:
        kind, zone, locale, names = slim_line
        assert (kind, locale) in {("zone", "de_DE"), ("zone", "ja_JP")}, slim_line
        assert all(n in english[zone] or n.startswith(("GMT", "UTC")) for n in names), slim_line
