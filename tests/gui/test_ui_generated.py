"""The layouts drawn in Qt Designer (ui/*.ui) and the modules the app imports (gui/ui_generated/) stay
one: a .ui file edited without running ui/regenerate.sh, or a generated module edited by hand, fails."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

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


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_every_focusable_control_of_a_layout_has_an_accessible_name(form: Path, qtbot: QtBot) -> None:
    """Screen readers name a control by its accessible name; a button may go by its text."""
    module = importlib.import_module(f"cti_desktop.gui.ui_generated.{form.stem}_ui")
    [ui_class] = [value for name, value in vars(module).items() if name.startswith("Ui_")]
    host = QDialog()
    qtbot.addWidget(host)
    ui_class().setupUi(host)
    unnamed = [
        f"{type(widget).__name__} {widget.objectName()!r}"
        for widget in host.findChildren(QWidget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not isinstance(widget, QLabel)
        # Qt's own parts (a tab widget's bar, a combo box's list or text box) go by their owner's name.
        and not widget.objectName().startswith("qt_")
        and widget.window() is host
        and not isinstance(widget.parentWidget(), QComboBox)
        and not (isinstance(widget, QAbstractButton) and widget.text().strip("&"))
        and not widget.accessibleName()
    ]
    assert unnamed == [], f"{form.name}: give these an accessibleName in Qt Designer"
