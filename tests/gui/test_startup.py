"""Start-up for real, in a child process (`cti_desktop.cli.main`): the Actions tab is listed before the
store's libraries load, a click made meanwhile runs once they have, a first run gets its demo data, a
newer database is refused in words; and the modules start-up must not load before the first paint."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cti_desktop.services.startup import prepare_services
from cti_desktop.store.quick_read import sqlite_file

ROOT = Path(__file__).resolve().parents[2]

# Runs the app, records what the window shows when first shown and once the services are attached, clicks
# "Caller Details" before the services exist, and closes the window when that run ends.
DRIVER = """
import json, sys
from PySide6.QtWidgets import QMessageBox
from cti_desktop.cli import main
from cti_desktop.gui import main_window

events = []
heavy = ("sqlalchemy", "pydantic", "qasync", "httpx")
original_show = main_window.MainWindow.show
original_attach = main_window.MainWindow.attach_services

def show(window):
    original_show(window)
    panel = window.drawer.panel("Actions")
    events.append({
        "at": "shown",
        "listed": panel.visible_action_names(),
        "empty": panel.empty_label.text() if panel.empty_label.isVisibleTo(panel) else "",
        "tabs": window.drawer.tab_titles(),
        "editor_enabled": window.editor_action.isEnabled(),
        "loaded": [name for name in heavy if name in sys.modules],
    })
    action = panel.action_named("Caller Details")
    if action is not None:
        panel.activate(action)
        events.append({"at": "clicked", "status": panel.row_status(action).message})
        panel.run_finished.connect(lambda outcome: finished(window, outcome))

def attach(window, services):
    original_attach(window, services)
    panel = window.drawer.panel("Actions")
    events.append({
        "at": "attached",
        "listed": panel.visible_action_names(),
        "tabs": window.drawer.tab_titles(),
        "editor_enabled": window.editor_action.isEnabled(),
    })
    if not any(event["at"] == "clicked" for event in events):
        window.close()

def finished(window, outcome):
    events.append({"at": "finished", "action": outcome.action_name, "ok": outcome.ok})
    window.close()

def critical(parent, title, text):
    events.append({"at": "refused", "title": title, "text": text})
    return QMessageBox.StandardButton.Ok

main_window.MainWindow.show = show
main_window.MainWindow.attach_services = attach
QMessageBox.critical = staticmethod(critical)
code = main(sys.argv[1:])
print("RESULT " + json.dumps({"code": code, "events": events}))
"""


def run_app(tmp_path: Path, *arguments: str) -> dict[str, Any]:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CTI_DESKTOP_NO_USER_FILES="1")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, str(driver), *arguments], capture_output=True, text=True, env=env, timeout=120
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"the app did not finish (exit code {done.returncode}):\n{done.stderr}"
    result: dict[str, Any] = json.loads(lines[-1][len("RESULT ") :])
    return result


def by_moment(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {event["at"]: event for event in result["events"]}


@pytest.mark.sqlite_only
def test_the_actions_show_before_the_store_loads_and_a_click_then_runs(tmp_path: Path, db_url: str) -> None:
    prepare_services({"database_url": db_url}).services.close()  # a store with the demo data

    result = run_app(tmp_path, "--db", db_url)

    events = by_moment(result)
    assert result["code"] == 0
    shown = events["shown"]
    assert shown["listed"] == ["Customer Gift Card", "Caller Details", "Log Call Note"]
    assert shown["tabs"] == ["Actions"]
    assert shown["loaded"] == []  # no store, settings or event-loop libraries before the first paint
    assert not shown["editor_enabled"]
    assert events["clicked"]["status"] == "Starting…"
    assert events["attached"]["tabs"] == ["Attributes", "Actions", "Data"]
    assert events["attached"]["editor_enabled"]
    assert events["finished"] == {"at": "finished", "action": "Caller Details", "ok": True}


def test_a_first_run_says_loading_then_shows_the_demo_actions(tmp_path: Path, db_url: str) -> None:
    result = run_app(tmp_path, "--db", db_url)

    events = by_moment(result)
    assert result["code"] == 0
    assert events["shown"]["listed"] == []
    assert events["shown"]["empty"] == "Loading actions…"
    assert events["attached"]["listed"] == ["Customer Gift Card", "Caller Details", "Log Call Note"]


@pytest.mark.sqlite_only
def test_a_newer_database_is_refused_in_words_and_left_untouched(tmp_path: Path, db_url: str) -> None:
    from sqlalchemy import text

    from cti_desktop.store.database import open_store

    engine = open_store(db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    path = sqlite_file(db_url)
    assert path is not None
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    result = run_app(tmp_path, "--db", db_url)

    events = by_moment(result)
    assert result["code"] == 2
    assert "newer version of CTI Desktop" in events["refused"]["text"]
    assert "attached" not in events
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


# Runs the app with the SIP phone (`[telephony] connector = "sip"`, on a free port of 127.0.0.1, no
# registrar), waits until the phone listens, and closes the window; what it saw goes to a file, so that
# the app's stdout and stderr are its own.
SIP_DRIVER = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from cti_desktop.cli import main
from cti_desktop.contacts.sip.settings import SipSettings, TelephonySettings
from cti_desktop.gui import main_window
from cti_desktop.services import app_services

out = Path(sys.argv[1])
original_build = app_services.build_telephony
original_attach = main_window.MainWindow.attach_services

def build_telephony(settings, credentials=None):
    sip = SipSettings(listen="127.0.0.1:0", user="agent1001")
    update = {"telephony": TelephonySettings(connector="sip", sip=sip)}
    return original_build(settings.model_copy(update=update), credentials)

def attach(window, services):
    original_attach(window, services)
    phone = services.telephony

    def listening():
        if not phone.address and "failed" not in phone.phone_status:
            QTimer.singleShot(20, listening)
            return
        out.write_text(json.dumps({"address": phone.address, "status": phone.phone_status}))
        window.close()

    listening()

app_services.build_telephony = build_telephony
main_window.MainWindow.attach_services = attach
sys.exit(main(sys.argv[2:]))
"""

# The offscreen platform the tests run on notes each window it cannot resize; a desktop has no such line.
OFFSCREEN_NOTE = "This plugin does not support propagateSizeHints()"


def test_a_start_with_the_sip_phone_prints_nothing(tmp_path: Path, db_url: str) -> None:
    """PJSIP's lines (its start-up ones included) go to the app's log, never to stdout or stderr."""
    pytest.importorskip("pjsua2", reason="the SIP phone needs pjsua2-python (not on macOS)")
    driver = tmp_path / "sip_driver.py"
    driver.write_text(SIP_DRIVER, encoding="utf-8")
    seen = tmp_path / "seen.json"
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", CTI_DESKTOP_NO_USER_FILES="1", CTI_DESKTOP_NULL_AUDIO="1"
    )
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, str(driver), str(seen), "--db", db_url],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    phone = json.loads(seen.read_text(encoding="utf-8"))
    assert phone["address"].startswith("127.0.0.1:"), phone
    assert done.stdout == ""
    assert [line for line in done.stderr.splitlines() if OFFSCREEN_NOTE not in line] == []
