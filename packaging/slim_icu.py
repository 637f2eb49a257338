"""Rebuild Qt's ICU data library (PySide6's `libicudata.so.NN`, 32 MB) with only the data Qt uses.

Qt 6 calls ICU for four things only (the ICU functions its libraries import): text codecs (`ucnv_*`),
case mapping (`u_strToUpper`/`u_strToLower`), collation (`ucol_*`) and time zone ids and names
(`ucal_*`). Kept: every converter, every collation tailoring, the time zone rules, every file that is
not per-locale data, and the English and root data of every folder. Left out: break iterator rules and
dictionaries and transliterators (Qt never calls them), the per-locale display names of languages,
regions, currencies, units and time zones, spelled-out number rules, and the top-level locale data
(calendars, number symbols: Qt's QLocale has its own). What changes: a time zone's long name in a
non-English locale is the English one ("Central European Standard Time" for de_DE too), which the app,
in English, never shows. tests/packaging/test_slim_icu.py checks Qt's collation, case mapping, codecs
and time zone names with both libraries.

The data is the library's `icudtNN_dat` symbol; it is cut out, filtered with ICU's `icupkg` (Debian:
icu-devtools) and linked into a data-only library of the same name with the C compiler (`cc`).

    python packaging/slim_icu.py LIBICUDATA OUTPUT_DIR      (the PyInstaller spec calls `slim`)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

# Folders whose per-locale data Qt never reads: only root, English and the folders' indexes are kept.
_PER_LOCALE = {"unit", "curr", "lang", "region", "zone", "rbnf"}
# Folders Qt never reads at all (break iteration, transliteration).
_UNUSED = {"brkitr", "translit"}
_ALWAYS = {"root.res", "pool.res", "res_index.res", "tzdbNames.res"}
_LOCALE_FILE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*\.res$")


class SlimIcuError(RuntimeError):
    """The data library could not be rebuilt; the message says why."""


def missing_tools() -> list[str]:
    return [tool for tool in ("icupkg", "cc", "nm", "readelf") if shutil.which(tool) is None]


def removed(items: list[str]) -> list[str]:
    """The package items to leave out, of the names `icupkg -l` lists."""
    out = []
    for item in items:
        folder, _, name = item.rpartition("/")
        if folder in _UNUSED:
            out.append(item)
        elif name in _ALWAYS or name == "en.res" or name.startswith("en_"):
            continue
        elif folder in _PER_LOCALE or (folder == "" and _LOCALE_FILE.match(name)):
            out.append(item)
    return out


def _run(*command: str | Path, cwd: Path | None = None) -> str:
    # The build's own tools (icupkg, cc, nm, readelf) on the build's own files.
    done = subprocess.run(  # noqa: S603
        [str(c) for c in command], capture_output=True, text=True, cwd=cwd, check=False
    )
    if done.returncode != 0:
        raise SlimIcuError(f"{Path(str(command[0])).name} failed: {(done.stderr or done.stdout).strip()}")
    return done.stdout


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """(name, address, size) of the library's icudtNN_dat symbol."""
    for line in _run("nm", "-D", "-S", "--defined-only", library).splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            return parts[3], int(parts[0], 16), int(parts[1], 16)
    raise SlimIcuError(f"{library} holds no icudtNN_dat symbol")


def _file_offset(library: Path, address: int) -> int:
    """Where in the file the byte loaded at `address` is (from the section table)."""
    for line in _run("readelf", "-S", "-W", library).splitlines():
        match = re.search(r"\]\s+(\S+)\s+(PROGBITS)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if match:
            start, offset, size = (int(match.group(i), 16) for i in (3, 4, 5))
            if start <= address < start + size:
                return offset + address - start
    raise SlimIcuError(f"no section of {library} holds the address {address:#x}")


def slim(library: Path, out_dir: Path) -> Path:
    """Build the slim data library from `library` into `out_dir`; returns its path (same file name)."""
    missing = missing_tools()
    if missing:
        raise SlimIcuError(f"{', '.join(missing)} not found (Debian: apt-get install icu-devtools gcc)")
    symbol, address, size = _data_symbol(library)
    blob = library.read_bytes()
    start = _file_offset(library, address)
    package = symbol.removesuffix("_dat") + ("l" if sys.byteorder == "little" else "b")
    work = out_dir / "icu"
    if work.exists():
        shutil.rmtree(work)
    (work / "data").mkdir(parents=True)
    data = work / "data" / f"{package}.dat"
    data.write_bytes(blob[start : start + size])
    items = _run("icupkg", "-l", data).split()
    if not items:
        raise SlimIcuError(f"{library}'s data lists no items")
    listing = work / "removed.txt"
    listing.write_text("\n".join(removed(items)) + "\n", encoding="utf-8")
    _run("icupkg", "-r", listing, data)
    source = work / "icudata.S"
    source.write_text(
        "\t.section .rodata\n"
        f"\t.globl {symbol}\n"
        f"\t.type {symbol}, @object\n"
        "\t.balign 16\n"
        f"{symbol}:\n"
        f'\t.incbin "{data}"\n'
        f"\t.size {symbol}, . - {symbol}\n"
        '\t.section .note.GNU-stack,"",@progbits\n',
        encoding="utf-8",
    )
    output = out_dir / library.name
    _run("cc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", output, source)
    return output


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: slim_icu.py LIBICUDATA OUTPUT_DIR")
    built = slim(Path(sys.argv[1]), Path(sys.argv[2]))
    print(
        f"{built}: {built.stat().st_size / 1e6:.1f} MB (was {Path(sys.argv[1]).stat().st_size / 1e6:.1f} MB)"
    )
