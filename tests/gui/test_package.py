"""Importing the GUI package keeps httpx's command-line client out."""

from __future__ import annotations

import os
import subprocess
import sys


def test_httpx_works_without_its_command_line_client() -> None:
    # In a child process: in this one, other tests may have imported httpx first.
    code = (
        "import sys, cti_desktop.gui, httpx; "
        "print(sys.modules['httpx._main'] is None, 'rich' in sys.modules, httpx.Client is not None)"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.split() == ["True", "False", "True"], done.stderr
