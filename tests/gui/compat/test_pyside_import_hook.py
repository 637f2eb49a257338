"""The PySide6 import-hook workaround: applied, it keeps modules' source out of `linecache` and answers as
PySide6 does; outside the versions it was tested on, it stays off."""

from __future__ import annotations

import importlib
import linecache
import re
import sys
import tomllib
from pathlib import Path

import pytest

import cti_desktop.gui
from cti_desktop.gui.compat import pyside_import_hook
from cti_desktop.gui.compat.pyside_import_hook import TESTED, apply, uses_pyside, version_is_tested

ROOT = Path(__file__).resolve().parents[3]


def test_a_module_imported_after_apply_leaves_no_source_in_linecache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert apply()
    module_file = tmp_path / "cti_linecache_probe.py"
    module_file.write_text("from PySide6 import QtCore\nVALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))

    module = importlib.import_module("cti_linecache_probe")

    assert module.VALUE == 1
    assert str(module_file) not in linecache.cache
    assert uses_pyside(module)
    del sys.modules["cti_linecache_probe"]


def test_the_question_is_answered_as_pyside_does() -> None:
    assert uses_pyside(sys.modules["cti_desktop.gui.compat.pyside_import_hook"])
    assert not uses_pyside(linecache)
    assert not uses_pyside(sys)  # no .py file
    assert not uses_pyside(cti_desktop.gui)


def test_an_untested_pyside_version_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import PySide6

    feature = sys.modules["PySide6.support.feature"]
    namespace = feature.feature_imported.__globals__  # type: ignore[attr-defined]
    monkeypatch.setitem(namespace, "_mod_uses_pyside", "original")
    monkeypatch.setattr(PySide6, "__version__", "6.99.0")

    assert not apply()
    assert namespace["_mod_uses_pyside"] == "original"


@pytest.mark.parametrize(
    ("version", "tested"),
    [("6.7.0", True), ("6.11.3", True), ("6.12.0", False), ("6.6.9", False), ("x", False)],
)
def test_versions_in_and_out_of_the_tested_range(version: str, tested: bool) -> None:
    assert version_is_tested(version) is tested


def test_the_tested_range_is_the_dependency_bound() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirement = next(d for d in project["dependencies"] if d.startswith("PySide6-Essentials"))
    lower, upper = re.findall(r"[<>]=?(\d+)\.(\d+)", requirement)
    assert ((int(lower[0]), int(lower[1])), (int(upper[0]), int(upper[1]))) == TESTED
    assert pyside_import_hook.__doc__
