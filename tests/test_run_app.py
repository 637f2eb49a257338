"""`./run-app.sh`, the README's first command: one line while it installs, then the app; what pip said
only when the installation fails. The virtual environment is a stand-in whose pip prints warnings, so the
test runs in a moment and offline."""

from __future__ import annotations

import os
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INSTALLING = "Installing CTI Desktop into"
PIP_NOISE = "BuildBackendWarning: `project.license` as a TOML table is deprecated"


def _script(path: Path, body: str) -> None:
    path.write_text("#!/usr/bin/env bash\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def fake_venv(tmp_path: Path) -> Path:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    # `python -c "import cti_desktop..."` fails (not installed yet); `python -m pip ...` is noisy.
    _script(
        venv / "bin" / "python",
        'if [ "$1" = "-c" ]; then exit 1; fi\n'
        f"echo '  {PIP_NOISE}' >&2\n"
        'echo "Successfully installed cti-desktop"\n'
        'exit "${FAKE_PIP_STATUS:-0}"\n',
    )
    _script(venv / "bin" / "cti-desktop", 'echo "the app started with: $*"\n')
    return venv


def _run_app(venv: Path, pip_status: int = 0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CTI_DESKTOP_VENV": str(venv), "FAKE_PIP_STATUS": str(pip_status)}
    return subprocess.run(
        [str(ROOT / "run-app.sh"), "--no-demo"], capture_output=True, text=True, env=env, timeout=60
    )


def test_a_first_run_says_one_line_then_starts_the_app(fake_venv: Path) -> None:
    done = _run_app(fake_venv)
    assert done.returncode == 0, done.stderr
    said = (done.stdout + done.stderr).splitlines()
    assert len(said) == 2, said
    assert said[0].startswith(INSTALLING) and "first time only" in said[0]
    assert said[1] == "the app started with: --no-demo"


def test_a_failed_install_shows_what_pip_said(fake_venv: Path) -> None:
    done = _run_app(fake_venv, pip_status=1)
    assert done.returncode != 0
    assert PIP_NOISE in done.stderr
    assert "the app started" not in done.stdout


def test_the_license_is_an_spdx_string_the_build_backend_understands() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "GPL-3.0-or-later"
    assert project["project"]["license-files"] == ["LICENSE"]
    assert "GNU GENERAL PUBLIC LICENSE" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Version 3, 29 June 2007" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    # SPDX strings in project.license need setuptools 77 or newer to build.
    assert "setuptools>=77" in project["build-system"]["requires"]
