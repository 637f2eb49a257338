"""The workspace on the SIP phone: a real call from sipp (playing the PBX) rings in the contacts list,
pops the caller's record through the demo flows, is accepted with the Accept button and ends when the
caller hangs up; the phone's status shows beside the agent's."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from cti_desktop.contacts.model import AgentState, ContactState
from cti_desktop.contacts.sip.settings import SipSettings, TelephonySettings
from cti_desktop.gui.workspace.record_views import RecordView
from cti_desktop.gui.workspace.workspace import AgentWorkspace
from cti_desktop.services.app_services import AppServices, build_services
from cti_desktop.services.demo import create_demo_data_if_empty
from cti_desktop.settings import Settings
from tests.contacts.sip.sipp_peer import free_port, require_sipp, sipp_command


@pytest.fixture
def domain() -> str:
    """Where dialled numbers go: a port where sipp answers (set by the test that dials)."""
    return "127.0.0.1"


@pytest.fixture
def phone_services(
    engine: Engine,
    db_url: str,
    qloop: qasync.QEventLoop,
    domain: str,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[AppServices]:
    require_sipp()
    monkeypatch.setenv("CTI_DESKTOP_NULL_AUDIO", "1")
    sip = SipSettings(listen="127.0.0.1:0", user="agent1001", domain=domain)
    services = build_services(Settings(telephony=TelephonySettings(connector="sip", sip=sip)), db_url, engine)
    assert create_demo_data_if_empty(services)
    services.start_telephony(qloop)
    services.telephony.set_agent_status(AgentState.AVAILABLE)
    yield services
    # The flows the calls' events started finish before the loop goes.
    qtbot.waitUntil(lambda: not services.dispatcher._tasks, timeout=10_000)
    services.telephony.stop()  # type: ignore[attr-defined]
    services.runner.cancel_all()
    services.close()


def test_a_real_call_rings_pops_the_record_and_ends(
    qtbot: QtBot, phone_services: Any, tmp_path: Path
) -> None:
    phone = phone_services.telephony
    workspace = AgentWorkspace(phone_services)
    qtbot.addWidget(workspace)
    workspace.resize(1000, 700)
    workspace.show()
    qtbot.waitExposed(workspace)
    assert workspace.simulator.isHidden()
    qtbot.waitUntil(lambda: workspace.agent_bar.phone_label.text().startswith("Phone: ready on"))

    command = sipp_command("inbound_caller_hangs_up.xml", tmp_path, free_port(), remote=phone.address)
    sipp = subprocess.Popen(
        command,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        qtbot.waitUntil(lambda: workspace.contacts.list.count() == 1, timeout=10_000)
        contact = phone.contacts()[0]
        qtbot.waitUntil(lambda: contact.state == ContactState.CONNECTING)
        assert workspace.contacts.list.item(0).text().startswith("Jane Doe") or "Ringing" in (
            workspace.contacts.list.item(0).text()
        )
        # The demo's onConnecting flow looks the caller up and pops her record.
        qtbot.waitUntil(lambda: isinstance(workspace.tabs.currentWidget(), RecordView), timeout=10_000)
        assert workspace.tabs.tabText(workspace.tabs.currentIndex()) == "Contact: Jane Doe"
        assert workspace.contacts.reject_button.isVisible()
        workspace.contacts.select(contact.contactId)
        qtbot.mouseClick(workspace.contacts.accept_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: contact.state == ContactState.CONNECTED, timeout=10_000)
        qtbot.waitUntil(lambda: contact.state == ContactState.ENDED, timeout=10_000)
        assert workspace.message.text() == "+12065550100 hung up."
        assert sipp.wait(timeout=20) == 0
    finally:
        if sipp.poll() is None:
            sipp.kill()
            sipp.wait()
    workspace.teardown()


FAR_END_PORT = free_port()


@pytest.mark.parametrize("domain", [f"127.0.0.1:{FAR_END_PORT}"])
def test_click_to_dial_runs_the_flow_that_places_a_real_call(
    qtbot: QtBot, phone_services: Any, tmp_path: Path
) -> None:
    phone = phone_services.telephony
    command = sipp_command("outbound_busy.xml", tmp_path, FAR_END_PORT)
    sipp = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workspace = AgentWorkspace(phone_services)
        qtbot.addWidget(workspace)
        workspace.show()
        qtbot.waitExposed(workspace)
        qtbot.waitUntil(lambda: bool(phone.address))
        # A Dial button, a phone link in a record and a tel: link all come here.
        with qtbot.waitSignal(workspace.dial_finished, timeout=10_000):
            workspace.click_to_dial("+1 206 555 0123")
        qtbot.waitUntil(lambda: workspace.message.text() == "Call to +12065550123: busy.", timeout=10_000)
        (contact,) = phone.contacts()
        assert (contact.isInbound, contact.state) == (False, ContactState.ENDED)
        assert sipp.wait(timeout=20) == 0
    finally:
        if sipp.poll() is None:
            sipp.kill()
            sipp.wait()
    workspace.teardown()


def test_mute_keypad_and_transfer_from_the_contacts_panel(
    qtbot: QtBot, phone_services: Any, tmp_path: Path
) -> None:
    phone = phone_services.telephony
    workspace = AgentWorkspace(phone_services)
    qtbot.addWidget(workspace)
    workspace.show()
    qtbot.waitExposed(workspace)
    qtbot.waitUntil(lambda: bool(phone.address))
    command = sipp_command("inbound_transferred.xml", tmp_path, free_port(), remote=phone.address)
    sipp = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        qtbot.waitUntil(lambda: workspace.contacts.list.count() == 1, timeout=10_000)
        contact = phone.contacts()[0]
        workspace.contacts.select(contact.contactId)
        qtbot.waitUntil(lambda: contact.state == ContactState.CONNECTING)
        qtbot.mouseClick(workspace.contacts.accept_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: contact.state == ContactState.CONNECTED, timeout=10_000)
        panel = workspace.contacts
        qtbot.mouseClick(panel.mute_button, Qt.MouseButton.LeftButton)
        assert phone.is_muted(contact.contactId)
        assert panel.mute_button.text() == "Unmute"
        qtbot.mouseClick(panel.mute_button, Qt.MouseButton.LeftButton)
        assert panel.mute_button.text() == "Mute"
        qtbot.mouseClick(panel.keypad_button, Qt.MouseButton.LeftButton)
        keypad = workspace.findChild(QInputDialog, "send_dtmfDialog")
        assert keypad is not None and keypad.isVisible()
        keypad.setTextValue("12#")
        keypad.accept()
        qtbot.mouseClick(panel.transfer_button, Qt.MouseButton.LeftButton)
        dialog = workspace.findChild(QInputDialog, "transferDialog")
        assert dialog is not None and dialog.isVisible()
        dialog.setTextValue("2000")
        dialog.accept()
        # sipp checks the REFER names 2000, then tells the phone the transfer succeeded.
        qtbot.waitUntil(lambda: contact.state == ContactState.ENDED, timeout=10_000)
        assert workspace.message.text() == "Call transferred to 2000."
        assert sipp.wait(timeout=20) == 0
    finally:
        if sipp.poll() is None:
            sipp.kill()
            sipp.wait()
    workspace.teardown()
