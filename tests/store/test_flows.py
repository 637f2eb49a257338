from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from cti_desktop.flows.document import FlowDocument
from cti_desktop.store.flows import FlowRepository
from cti_desktop.store.models import CtiActionRow

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "adapter-flows"


def test_save_creates_then_updates_with_a_version_bump(engine: Engine) -> None:
    flows = FlowRepository(engine)
    document = FlowDocument.from_file(FIXTURES / "03-click-to-dial.json")
    saved = flows.save("Click to dial", document, source="ui", event="onClickToDial")
    assert saved.created and saved.row.version == 1 and saved.row.active is False
    again = flows.save("Click to dial", document, active=True)
    assert not again.created
    row = flows.require("Click to dial")
    assert (row.version, row.source, row.event, row.active) == (2, "ui", "onClickToDial", True)
    assert row.document == json.loads((FIXTURES / "03-click-to-dial.json").read_text())
    assert FlowRepository.document(row).to_dict() == row.document


def test_list_get_and_active_by_source_and_event(engine: Engine) -> None:
    flows = FlowRepository(engine)
    document: dict[str, list[object]] = {"actions": []}
    flows.save("b", document, source="voiceContact", event="onConnecting", active=True)
    flows.save("a", document, source="voiceContact", event="onConnecting", active=True)
    flows.save("c", document, source="voiceContact", event="onConnecting", active=False)
    flows.save("d", document, source="chatContact", event="onConnecting", active=True)
    assert [row.name for row in flows.list()] == ["a", "b", "c", "d"]
    assert [row.name for row in flows.list_active("voiceContact", "onConnecting")] == ["a", "b"]
    flows.set_active("c", True)
    assert [row.name for row in flows.list_active("voiceContact", "onConnecting")] == ["a", "b", "c"]
    assert flows.get("zzz") is None
    assert flows.get_by_id(flows.require("a").id or 0) is not None


def test_delete_leaves_actions_broken(engine: Engine) -> None:
    flows = FlowRepository(engine)
    row = flows.save("Dial", {"actions": []}, source="ctiAction").row
    with Session(engine) as session:
        now = datetime.now(UTC)
        session.add(CtiActionRow(name="Call back", flow_id=row.id, created_at=now, updated_at=now))
        session.commit()
    assert flows.delete("Dial") is True
    assert flows.delete("Dial") is False
    with Session(engine) as session:
        action = session.get(CtiActionRow, 1)
        assert action is not None and action.flow_id is None
