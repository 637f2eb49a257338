"""Every control of the flow designer a screen reader meets has a name, the Test Run panel's too."""

from __future__ import annotations

from tests.gui.accessibility import focusable_widgets, unnamed_widgets

from .conftest import OpenDesigner


def test_every_focusable_designer_control_has_an_accessible_name(open_designer: OpenDesigner) -> None:
    window = open_designer("03-click-to-dial.json")
    window.show_test_panel()
    panel = window.test_panel
    assert len(focusable_widgets(panel.window())) >= 10
    assert unnamed_widgets(window) == []
