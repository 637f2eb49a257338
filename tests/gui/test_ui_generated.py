"""The layouts drawn in Qt Designer (ui/*.ui) and the modules the app imports (gui/ui_generated/) stay
one: a .ui file edited without running ui/regenerate.sh, or a generated module edited by hand, fails."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "ui"
GENERATED = ROOT / "cti_desktop" / "gui" / "ui_generated"


def _uic() -> str:
    beside = Path(sys.executable).with_name("pyside6-uic")
    found = str(beside) if beside.exists() else shutil.which("pyside6-uic")
    assert found, "pyside6-uic is not installed (it comes with PySide6)"
    return found


def _without_header(text: str) -> list[str]:
    # The header names the uic version and file; the code is what must agree.
    return [line for line in text.splitlines() if not line.startswith("##")]


FORMS = sorted(UI.glob("*.ui"))


def test_every_layout_has_its_module_and_every_module_its_layout() -> None:
    assert FORMS, "ui/ holds the Qt Designer files"
    expected = {f"{form.stem}_ui.py" for form in FORMS}
    assert {path.name for path in GENERATED.glob("*_ui.py")} == expected


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_the_generated_module_matches_its_ui_file(form: Path, tmp_path: Path) -> None:
    compiled = tmp_path / f"{form.stem}_ui.py"
    subprocess.run([_uic(), str(form), "-o", str(compiled)], check=True, capture_output=True, timeout=60)
    stored = GENERATED / f"{form.stem}_ui.py"
    assert _without_header(stored.read_text(encoding="utf-8")) == _without_header(
        compiled.read_text(encoding="utf-8")
    ), f"{stored.name} is out of date: run ui/regenerate.sh after editing {form.name}"
