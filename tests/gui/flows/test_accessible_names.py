"""Every control of the Flows window a screen reader meets has a name."""

from __future__ import annotations

from collections.abc import Callable

from cti_desktop.gui.flows.dialog import FlowsDialog
from tests.gui.accessibility import focusable_widgets, unnamed_widgets


def test_every_focusable_flows_control_has_an_accessible_name(open_flows: Callable[[], FlowsDialog]) -> None:
    dialog = open_flows()
    assert len(focusable_widgets(dialog)) >= 8
    assert unnamed_widgets(dialog) == []
