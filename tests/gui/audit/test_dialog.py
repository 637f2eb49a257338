"""Admin → Audit Log: entries newest first, read a page at a time, filtered at once, what changed shown
in words and as JSON, exported to CSV on a worker thread."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import qasync
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from cti_desktop.domain.actions import CtiAction
from cti_desktop.gui.audit.dialog import AuditLogDialog
from cti_desktop.gui.audit.model import AuditTableModel
from cti_desktop.services.audit_log import AuditLog
from cti_desktop.store.actions import ActionRepository
from cti_desktop.store.properties import PropertyStore
from tests.gui.accessibility import focusable_widgets, unnamed_widgets

Show = Callable[[AuditLogDialog], AuditLogDialog]


def _history(engine: Engine, properties: int = 3) -> None:
    actions = ActionRepository(engine)
    saved = actions.save(CtiAction("Gift"))
    actions.save(CtiAction("Gift card", id=saved.id))
    store = PropertyStore(engine)
    for number in range(properties):
        store.set(f"key{number:03}", number)


def test_entries_show_newest_first_and_what_changed(qtbot: QtBot, engine: Engine, show_window: Show) -> None:
    _history(engine)
    dialog = show_window(AuditLogDialog(AuditLog(engine)))
    assert dialog.model.rowCount() == 5
    assert dialog.status.text() == "5 entries"
    names = [dialog.model.index(row, 4).data() for row in range(5)]
    assert names == ["key002", "key001", "key000", "Gift card", "Gift"]
    dialog.table.selectRow(3)
    assert "changed CTI action “Gift card”" in dialog.summary.text()
    assert "name: Gift → Gift card" in dialog.summary.text()
    assert '"name": "Gift"' in dialog.before_text.toPlainText()
    assert '"name": "Gift card"' in dialog.after_text.toPlainText()


def test_filters_narrow_the_list_at_once(qtbot: QtBot, engine: Engine, show_window: Show) -> None:
    _history(engine)
    dialog = show_window(AuditLogDialog(AuditLog(engine)))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("action"))
    assert dialog.model.rowCount() == 2
    dialog.name_edit.setText("card")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    dialog.person_combo.setCurrentText("nobody-at-all")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0)
    assert dialog.status.text() == "0 entries"


def test_a_long_log_is_read_a_page_at_a_time(engine: Engine) -> None:
    _history(engine, properties=45)
    model = AuditTableModel(AuditLog(engine), page_size=20)
    model.reload()
    assert model.rowCount() == 20 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 47 and not model.canFetchMore()


def test_export_writes_every_matching_entry_to_csv(
    qtbot: QtBot, engine: Engine, show_window: Show, tmp_path: Path, qloop: qasync.QEventLoop
) -> None:
    _history(engine)
    dialog = show_window(AuditLogDialog(AuditLog(engine)))
    target = tmp_path / "audit.csv"
    dialog.export_to(str(target))
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Wrote"), timeout=10_000)
    assert dialog.status.text() == f"Wrote 5 entries to {target}"
    with target.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [row["name"] for row in rows] == ["Gift", "Gift card", "key000", "key001", "key002"]
    assert rows[1]["operation"] == "changed" and '"name": "Gift card"' in rows[1]["after"]


def test_every_control_has_an_accessible_name(engine: Engine, show_window: Show) -> None:
    dialog = show_window(AuditLogDialog(AuditLog(engine)))
    assert focusable_widgets(dialog)
    assert unnamed_widgets(dialog) == []
