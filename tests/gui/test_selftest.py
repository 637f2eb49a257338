"""`cti-desktop --self-test` end to end, in a child process as installers run it: offscreen, on a
temporary database, with every check printed and the exit code telling the verdict."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cti_desktop.gui.selftest import APP_CHECKS, QtMessages, UnexpectedErrors
from cti_desktop.selftest import CheckFailed


def run_self_test(home: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CTI_DESKTOP_", "XDG_"))}
    env.update(
        {"HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data")}
    )
    # The self-test must choose the offscreen platform itself, whatever the caller's environment says.
    env["QT_QPA_PLATFORM"] = "xcb"
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-m", "cti_desktop", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_self_test_passes_and_leaves_no_data_behind(tmp_path: Path) -> None:
    result = run_self_test(tmp_path, CTI_DESKTOP_NO_USER_FILES="1")

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    checked = [line.split("]", 1)[1].split(":", 1)[0].strip() for line in lines if line.startswith("[ok  ]")]
    assert checked == [
        "installation",
        "settings",
        "configured database",
        "resources",
        "store",
        *APP_CHECKS,
        "no unexpected errors",
    ]
    assert lines[-1] == f"Self-test passed: all {len(checked)} checks."
    assert "Caller Details' completed" in result.stdout
    # Nothing in the user's folders: the database and the window state lived in a temporary folder.
    assert not (tmp_path / "data").exists()
    assert not (tmp_path / "config").exists()


def test_a_malformed_settings_file_fails_the_self_test_but_the_app_still_starts(tmp_path: Path) -> None:
    settings_file = tmp_path / "config" / "cti-desktop" / "settings.toml"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text("theme = \n", encoding="utf-8")

    result = run_self_test(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"[FAIL] settings: The settings file {settings_file} is not valid TOML" in result.stdout
    assert "[ok  ] demo action:" in result.stdout
    total = 5 + len(APP_CHECKS) + 1
    assert result.stdout.splitlines()[-1] == f"Self-test FAILED: 1 of {total} checks (settings)."


def test_unexpected_errors_and_critical_qt_messages_fail_the_last_check() -> None:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    messages = QtMessages()
    errors = UnexpectedErrors()
    messages.handle(QtMsgType.QtWarningMsg, QMessageLogContext(), "This plugin does not support raise()")
    assert errors.verdict(messages).startswith("none; Qt warned 1 time(s)")

    errors.add("Unexpected error in a slot: KeyError", "Traceback ...")
    messages.handle(QtMsgType.QtCriticalMsg, QMessageLogContext(), "QSqlDatabase: driver not loaded")
    with pytest.raises(CheckFailed, match=r"KeyError \| Qt: QSqlDatabase: driver not loaded"):
        errors.verdict(messages)
