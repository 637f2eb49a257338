"""The Attributes tab follows the selected contact, filters, and updates live."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from cti_desktop.gui.overlay.attributes_panel import AttributesPanel


def make_panel(qtbot: QtBot, services: Any) -> AttributesPanel:
    panel = AttributesPanel(services)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_shows_the_selected_contacts_attributes_and_follows_the_selection(
    qtbot: QtBot, services: Any
) -> None:
    sim = services.telephony
    first = sim.incoming("+12065550100", "Sales", attributes={"customerTier": "gold", "language": "en"})
    second = sim.incoming("+12065550111", "Support", attributes={"orderId": "A-17"})
    panel = make_panel(qtbot, services)
    assert panel.empty_label.isVisible()
    assert "Select a contact" in panel.empty_label.text()

    services.overlay.select_contact(first.contactId)
    assert panel.attributes_shown() == {"customerTier": "gold", "language": "en"}
    assert panel.contact_label.text() == "Call (206) 555-0100 · Sales"
    services.overlay.select_contact(second.contactId)
    assert panel.attributes_shown() == {"orderId": "A-17"}


def test_filter_matches_names_and_values(qtbot: QtBot, services: Any) -> None:
    contact = services.telephony.incoming(
        "+12065550100", attributes={"customerTier": "gold", "language": "en", "region": "Golden Gate"}
    )
    services.overlay.select_contact(contact.contactId)
    panel = make_panel(qtbot, services)
    qtbot.keyClicks(panel.filter_edit, "gold")
    assert panel.attributes_shown() == {"customerTier": "gold", "region": "Golden Gate"}
    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "LANG")
    assert panel.attributes_shown() == {"language": "en"}


def test_updates_live_when_attributes_change(qtbot: QtBot, services: Any) -> None:
    sim = services.telephony
    contact = sim.incoming("+12065550100", attributes={"a": "1"})
    services.overlay.select_contact(contact.contactId)
    panel = make_panel(qtbot, services)
    sim.update_attributes(contact.contactId, {"a": "2", "b": {"x": True}})
    assert panel.attributes_shown() == {"a": "2", "b": '{"x": true}'}
    other = sim.incoming("+12065550111")
    sim.update_attributes(other.contactId, {"c": "3"})
    assert panel.attributes_shown() == {"a": "2", "b": '{"x": true}'}
    panel.teardown()
    sim.update_attributes(contact.contactId, {"z": "9"})
    assert "z" not in panel.attributes_shown()
