"""The third-party licenses the installers ship beside LICENSE."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "third_party_licenses", ROOT / "packaging" / "third_party_licenses.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_bundled_library_is_named_with_its_license() -> None:
    text = _module().render()
    assert text.startswith("CTI Desktop is licensed under the GNU General Public License, version 3")
    assert "\nPySide6_Essentials " in text or "\nPySide6-Essentials " in text
    assert "pjsua2-python 2.15" in text and "GPL-2.0-or-later (PJSIP" in text
    assert "\nSQLAlchemy " in text
    # Build and test tools are not in the bundle, so not in its notices.
    assert "\npytest " not in text and "\npyinstaller " not in text.lower()
