"""A quick round of bench/crash.py in CI: the app's writers killed at random moments lose nothing they
acknowledged and leave every database sound (the README's Reliability figures come from full rounds)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(600)
def test_every_kill_is_survived(tmp_path: Path) -> None:
    figures = tmp_path / "crash.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, str(ROOT / "bench" / "crash.py"), "--kills", "14", "--seed", "7"]
    done = subprocess.run(
        [*command, "--json", str(figures)], capture_output=True, text=True, env=env, timeout=580
    )
    assert done.returncode == 0, done.stdout + done.stderr

    result = json.loads(figures.read_text(encoding="utf-8"))
    assert result["kills"] == 14
    assert result["failures"] == [], result["failures"]
    assert result["survived"] == 14
    assert all(scenario["kills"] == 2 for scenario in result["by_scenario"].values())
