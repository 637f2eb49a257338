"""Importing the GUI package keeps PySide6's import hook from filling `linecache` with every module's
source, and keeps httpx's command-line client out, without changing what the hook answers."""

from __future__ import annotations

import importlib
import linecache
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cti_desktop.gui
from cti_desktop.gui import _uses_pyside


def test_a_module_imported_later_leaves_no_source_in_linecache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module_file = tmp_path / "cti_linecache_probe.py"
    module_file.write_text("from PySide6 import QtCore\nVALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))

    module = importlib.import_module("cti_linecache_probe")

    assert module.VALUE == 1
    assert str(module_file) not in linecache.cache
    assert _uses_pyside(module)
    del sys.modules["cti_linecache_probe"]


def test_the_hook_answers_as_pyside_does() -> None:
    assert _uses_pyside(cti_desktop.gui)
    assert not _uses_pyside(linecache)
    assert not _uses_pyside(sys)  # no .py file


def test_httpx_works_without_its_command_line_client() -> None:
    # In a child process: in this one, other tests may have imported httpx first.
    code = (
        "import sys, cti_desktop.gui, httpx; "
        "print(sys.modules['httpx._main'] is None, 'rich' in sys.modules, httpx.Client is not None)"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.split() == ["True", "False", "True"], done.stderr
