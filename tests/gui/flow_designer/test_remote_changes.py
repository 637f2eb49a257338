"""The flow open in the designer changed on another seat: the designer says so (saving over it asks
first: the designer's own check of the stored document, tested in test_window.py)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cti_desktop.services.app_services import AppServices
from cti_desktop.services.changes import Change, ChangeKind
from tests.gui.flow_designer.conftest import OpenDesigner

FIXTURE = "01-legacy.json"


def test_a_change_on_another_seat_is_said_in_the_status_bar(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner
) -> None:
    window = open_designer(FIXTURE)
    flow = services.flows.require(window.flow_name)
    services.changes.announce(Change(ChangeKind.FLOW, (flow.id,), remote=True))
    qtbot.waitUntil(lambda: "changed on another seat" in window.status.text())
    services.changes.announce(Change(ChangeKind.FLOW, (flow.id,), removed=True, remote=True))
    qtbot.waitUntil(lambda: "deleted on another seat" in window.status.text())


def test_this_window_s_own_kind_of_change_says_nothing(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner
) -> None:
    window = open_designer(FIXTURE)
    flow = services.flows.require(window.flow_name)
    services.changes.announce(Change(ChangeKind.FLOW, (flow.id + 1000,), remote=True))  # another flow
    services.changes.announce(Change(ChangeKind.FLOW, (flow.id,)))  # made here
    # Announced on the GUI thread, a change reaches the window before announce() returns.
    assert "another seat" not in window.status.text()
