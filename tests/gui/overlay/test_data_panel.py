"""The Data tab: newest first, grouped by contact, copy buttons, the badge, Clear, data dropped when its
contact is closed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QTabWidget
from pytestqt.qtbot import QtBot

from cti_desktop.gui.overlay.data_panel import COPY_COLUMN, DataPanel


def make_panel(qtbot: QtBot, services: Any) -> DataPanel:
    panel = DataPanel(services)
    qtbot.addWidget(panel)
    panel.resize(400, 400)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_data_is_grouped_by_contact_newest_first(qtbot: QtBot, services: Any, runner: Any) -> None:
    first = services.telephony.incoming("+12065550100", "Sales")
    second = services.telephony.incoming("+12065550111", "Support")
    panel = make_panel(qtbot, services)
    assert panel.empty_label.isVisible()

    runner.overlay_data_sent.emit(first.contactId, {"customer": "Ada Lovelace", "tier": "gold"})
    runner.overlay_data_sent.emit(second.contactId, {"order": "A-17"})
    runner.overlay_data_sent.emit(first.contactId, {"giftCard": "GC-1", "amount": 25})

    assert not panel.empty_label.isVisible()
    # The contact with the newest data is on top; its newest message first, each message in its own order.
    assert panel.group_order() == [first.contactId, second.contactId]
    assert panel.entry_rows(first.contactId) == [
        ("giftCard", "GC-1"),
        ("amount", "25"),
        ("customer", "Ada Lovelace"),
        ("tier", "gold"),
    ]
    group = panel.model.item(0, 0)
    assert group.text() == "Call (206) 555-0100 · Sales"


def test_copy_button_puts_the_value_on_the_clipboard(qtbot: QtBot, services: Any, runner: Any) -> None:
    contact = services.telephony.incoming("+12065550100", "Sales")
    panel = make_panel(qtbot, services)
    runner.overlay_data_sent.emit(contact.contactId, {"giftCard": "GC-12345", "nested": {"a": 1}})
    group_index = panel.model.index(0, 0)
    copy_index = panel.model.index(1, COPY_COLUMN, group_index)
    rect = panel.view.visualRect(copy_index)
    with qtbot.waitSignal(panel.copied) as copied:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert copied.args == ['{"a": 1}']
    assert QGuiApplication.clipboard().text() == '{"a": 1}'
    assert panel.status_label.text() == "Copied nested"

    # By keyboard: the selected row, Enter.
    panel.view.setCurrentIndex(panel.model.index(0, 0, group_index))
    with qtbot.waitSignal(panel.copied):
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert QGuiApplication.clipboard().text() == "GC-12345"


def test_badge_counts_data_arriving_while_another_tab_is_shown(
    qtbot: QtBot, services: Any, runner: Any
) -> None:
    contact = services.telephony.incoming("+12065550100", "Sales")
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    other = QLabel("actions")
    panel = DataPanel(services)
    tabs.addTab(other, "Actions")
    tabs.addTab(panel, "Data")
    tabs.show()
    qtbot.waitExposed(tabs)
    assert tabs.currentWidget() is other

    with qtbot.waitSignal(panel.badge_changed) as badge:
        runner.overlay_data_sent.emit(contact.contactId, {"a": 1, "b": 2})
    assert badge.args == [2]
    assert panel.badge_count == 2
    with qtbot.waitSignal(panel.badge_changed) as badge:
        tabs.setCurrentWidget(panel)
    assert badge.args == [0]
    # While the tab is shown, no badge.
    runner.overlay_data_sent.emit(contact.contactId, {"c": 3})
    assert panel.badge_count == 0
    panel.teardown()


def test_clear_removes_everything(qtbot: QtBot, services: Any, runner: Any) -> None:
    contact = services.telephony.incoming("+12065550100", "Sales")
    panel = make_panel(qtbot, services)
    runner.overlay_data_sent.emit(contact.contactId, {"a": 1})
    assert panel.clear_button.isEnabled()
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert panel.group_order() == []
    assert services.overlay.data.count() == 0
    assert panel.empty_label.isVisible()


def test_data_is_kept_until_its_contact_is_closed(qtbot: QtBot, services: Any, runner: Any) -> None:
    sim = services.telephony
    first = sim.incoming("+12065550100", "Sales")
    second = sim.incoming("+12065550111", "Support")
    panel = make_panel(qtbot, services)
    runner.overlay_data_sent.emit(first.contactId, {"a": 1})
    runner.overlay_data_sent.emit(second.contactId, {"b": 2})
    sim.accept(first.contactId)
    sim.hang_up(first.contactId)
    # Ended but not closed: still there.
    assert panel.entry_rows(first.contactId) == [("a", "1")]
    sim.close(first.contactId)
    assert panel.group_order() == [second.contactId]


def test_existing_data_shows_in_a_new_panel_and_teardown_disconnects(
    qtbot: QtBot, services: Any, runner: Any
) -> None:
    contact = services.telephony.incoming("+12065550100", "Sales")
    runner.overlay_data_sent.emit(contact.contactId, {"a": 1})
    runner.overlay_data_sent.emit(contact.contactId, {"b": 2})
    panel = make_panel(qtbot, services)
    assert panel.entry_rows(contact.contactId) == [("b", "2"), ("a", "1")]
    panel.teardown()
    runner.overlay_data_sent.emit(contact.contactId, {"c": 3})
    assert panel.entry_rows(contact.contactId) == [("b", "2"), ("a", "1")]
