"""Screen pops into the workspace: a record pop opens the CRM record in a tab, a list pop the matches to
choose from, a new-record pop a prefilled form; a URL pop opens the system browser. An open record shows
what the CRM holds when it changes (a flow or another view updated it), unless the agent is editing it."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTabWidget, QWidget

from cti_desktop.crm.base import CrmRecord
from cti_desktop.gui.changes import QtChanges
from cti_desktop.gui.workspace.record_views import MatchListView, NewRecordView, RecordView, record_title
from cti_desktop.services.changes import ChangeKind, ChangeSet
from cti_desktop.services.crm_records import CrmRecords

log = logging.getLogger(__name__)


def _record_from(data: Any) -> CrmRecord | None:
    if isinstance(data, CrmRecord):
        return data
    if isinstance(data, dict) and isinstance(data.get("Id"), str):
        return CrmRecord(data["Id"], str(data.get("type", "")), dict(data.get("fields") or {}))
    return None


class ScreenPops(QObject):
    """Opens pops as tabs of `tabs`; one tab per record (a second pop of it refreshes and focuses it)."""

    # A message for the agent (a pop that could not be opened, a browser that did not start).
    message = Signal(str)
    # A record view asked to dial a number (click-to-dial).
    dial_requested = Signal(str)

    def __init__(self, crm: CrmRecords, tabs: QTabWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._crm = crm
        self._tabs = tabs
        self.opened_urls: list[str] = []
        self.changes = QtChanges(crm.changes, self)
        self.changes.changed.connect(self._records_changed)

    def close(self) -> None:
        """Stop following the CRM's changes (the workspace is going away)."""
        self.changes.close()

    @Slot(object)
    def _records_changed(self, changes: ChangeSet) -> None:
        if not changes.concerns(ChangeKind.CRM_RECORD):
            return
        changed = changes.ids(ChangeKind.CRM_RECORD)
        for view in self.record_views():
            if view.record.Id in changed:
                record = self._crm.get(view.record.Id)
                if record is not None:
                    view.reload(record)

    def open(self, contact_id: str, pop: dict[str, Any]) -> None:
        kind = pop.get("kind")
        if kind == "record":
            self.open_record_id(str(pop.get("recordId") or ""))
        elif kind == "list":
            records = [r for r in (_record_from(d) for d in pop.get("records") or []) if r is not None]
            self.open_list(records, str(pop.get("searchText") or ""))
        elif kind == "new":
            defaults = pop.get("defaultFieldValues") or {}
            self.open_new(
                str(pop.get("entityName") or "Contact"), defaults if isinstance(defaults, dict) else {}
            )
        elif kind == "url":
            self.open_url(str(pop.get("url") or ""))
        else:
            log.warning("unknown screen pop %r for contact %s", pop, contact_id)

    def open_record_id(self, record_id: str) -> RecordView | None:
        try:
            record = self._crm.get(record_id) if record_id else None
        except Exception as exc:  # a CRM that fails must not take the workspace down
            log.exception("record %s could not be read", record_id)
            self.message.emit(f"The record {record_id} could not be opened: {exc}")
            return None
        if record is None:
            self.message.emit(f"The record {record_id or '(no Id)'} was not found in the CRM.")
            return None
        return self.open_record(record)

    def open_record(self, record: CrmRecord) -> RecordView:
        key = f"record:{record.Id}"
        existing = self._find(key)
        if isinstance(existing, RecordView):
            existing.reload(record)
            self._tabs.setCurrentWidget(existing)
            return existing
        view = RecordView(self._crm, record)
        view.dial_requested.connect(self.dial_requested)
        self._add(view, key, record_title(record))
        return view

    def open_list(self, records: list[CrmRecord], search: str) -> MatchListView:
        key = f"list:{search}:{','.join(r.Id for r in records)}"
        existing = self._find(key)
        if isinstance(existing, MatchListView):
            self._tabs.setCurrentWidget(existing)
            return existing
        view = MatchListView(records, search)
        view.open_requested.connect(self.open_record)
        self._add(view, key, f"Matches: {search}" if search else "Matches")
        return view

    def open_new(self, entity_name: str, defaults: dict[str, Any]) -> NewRecordView:
        view = NewRecordView(self._crm, entity_name, defaults)
        view.dial_requested.connect(self.dial_requested)
        view.created.connect(self._created)
        self._add(view, f"new:{id(view)}", f"New {entity_name}")
        return view

    def open_url(self, url: str) -> bool:
        self.opened_urls.append(url)
        if not QDesktopServices.openUrl(QUrl(url)):
            self.message.emit(f"The browser could not be opened for {url}")
            return False
        return True

    def _created(self, record: CrmRecord) -> None:
        sender = self.sender()
        if isinstance(sender, QWidget):
            index = self._tabs.indexOf(sender)
            if index >= 0:
                self._tabs.removeTab(index)
                sender.deleteLater()
        self.open_record(record)

    def _find(self, key: str) -> QWidget | None:
        for index in range(self._tabs.count()):
            widget = self._tabs.widget(index)
            if widget is not None and widget.property("popKey") == key:
                return widget
        return None

    def _add(self, view: QWidget, key: str, title: str) -> None:
        view.setProperty("popKey", key)
        index = self._tabs.addTab(view, title)
        self._tabs.setTabToolTip(index, title)
        self._tabs.setCurrentIndex(index)

    def record_views(self) -> list[RecordView]:
        return [
            w for w in (self._tabs.widget(i) for i in range(self._tabs.count())) if isinstance(w, RecordView)
        ]
