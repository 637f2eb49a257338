"""Write the licenses of the Python distributions the installers bundle into one text file,
THIRD-PARTY-LICENSES.txt, shipped beside the app's own LICENSE (GPL-3.0-or-later).

Read from each installed distribution's metadata (its License / License-Expression fields and the
license files it ships), starting from cti-desktop's own requirements and following theirs, so the
file lists exactly what the bundle carries.

    python packaging/third_party_licenses.py OUTPUT        (the PyInstaller spec calls `write`)
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

_NAME = re.compile(r"^[A-Za-z0-9._-]+")
# Build and test tools named in optional extras are not bundled.
_NOT_BUNDLED = {"pyinstaller", "pyinstaller-hooks-contrib", "setuptools", "pip", "wheel"}
# Distributions whose metadata names no license: what their authors publish elsewhere.
_KNOWN = {
    "pjsua2-python": (
        "GPL-2.0-or-later (PJSIP, https://www.pjsip.org/licensing.htm); its wheel also bundles OpenSSL "
        "1.0.2 (OpenSSL and SSLeay licenses) and MIT Kerberos (MIT license)"
    ),
}


def _requirements(distribution: metadata.Distribution) -> list[str]:
    names = []
    for requirement in distribution.requires or []:
        if "extra ==" in requirement:
            continue
        match = _NAME.match(requirement)
        if match:
            names.append(match.group(0))
    return names


def bundled_distributions(root: str = "cti-desktop") -> list[metadata.Distribution]:
    seen: dict[str, metadata.Distribution] = {}
    waiting = _requirements(metadata.distribution(root))
    while waiting:
        name = waiting.pop()
        key = name.lower().replace("_", "-")
        if key in seen or key in _NOT_BUNDLED:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = distribution
        waiting.extend(_requirements(distribution))
    return sorted(seen.values(), key=lambda d: d.metadata["Name"].lower())


def _license_texts(distribution: metadata.Distribution) -> list[tuple[str, str]]:
    texts = []
    for file in distribution.files or []:
        name = file.name.lower()
        in_metadata = ".dist-info" in str(file)
        if in_metadata and any(word in name for word in ("license", "licence", "copying", "notice")):
            try:
                raw = Path(str(distribution.locate_file(file))).read_bytes()
                texts.append((str(file), raw.decode("utf-8", errors="replace")))
            except OSError:
                continue
    return texts


def render() -> str:
    parts = [
        "CTI Desktop is licensed under the GNU General Public License, version 3 or later\n"
        "(GPL-3.0-or-later); see LICENSE. The bundle also carries the following third-party\n"
        "software, each under its own license, as its authors publish it:\n"
    ]
    for distribution in bundled_distributions():
        meta = distribution.metadata
        license_name = meta.get("License-Expression") or meta.get("License") or ""
        classifiers = [
            c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License")
        ]
        summary = license_name if license_name and len(license_name) < 200 else ", ".join(classifiers)
        summary = summary or _KNOWN.get(meta["Name"].lower(), "")
        heading = f"{meta['Name']} {meta['Version']}: {summary or 'see its license files'}"
        parts.append(f"\n{'=' * 78}\n{heading}\n")
        for path, text in _license_texts(distribution):
            parts.append(f"\n--- {path} ---\n{text.strip()}\n")
    return "".join(parts)


def write(output: Path) -> Path:
    output.write_text(render(), encoding="utf-8")
    return output


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: third_party_licenses.py OUTPUT")
    print(write(Path(sys.argv[1])))
