"""The change log is written with each change, in its transaction, on both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from cti_desktop.domain.actions import CtiAction
from cti_desktop.store import change_log
from cti_desktop.store.actions import ActionRepository
from cti_desktop.store.flows import FlowRepository
from cti_desktop.store.properties import PropertyStore

START = {"actions": [{"id": "0", "type": "SE_Start", "ports": {}}]}


def _kinds(engine: Engine, after: int = 0) -> list[tuple[str, str, int | None, bool]]:
    return [(c.kind, c.row_id, c.version, c.removed) for c in change_log.read_since(engine, after)]


def test_each_change_writes_one_row_naming_what_changed(engine: Engine) -> None:
    flows = FlowRepository(engine)
    first = flows.save("Gift Card", START, source="ctiAction").row
    flows.save("Gift Card", START)
    action = ActionRepository(engine).save(CtiAction("Gift", flow_id=first.id))
    properties = PropertyStore(engine)
    properties.set("greeting", "hello")
    properties.unset("greeting")
    ActionRepository(engine).delete(action.id or 0)

    assert _kinds(engine) == [
        ("flow", str(first.id), 1, False),
        ("flow", str(first.id), 2, False),
        ("action", str(action.id), 1, False),  # its first saved version
        ("property", "greeting", None, False),
        ("property", "greeting", None, True),
        ("action", str(action.id), None, True),
    ]
    records = change_log.read_since(engine, 0)
    assert [r.id for r in records] == sorted(r.id for r in records)
    assert all(r.origin == change_log.process_origin() and r.host and r.at.tzinfo for r in records)
    assert change_log.latest_id(engine) == records[-1].id


def test_deleting_a_flow_records_the_actions_it_left_broken(engine: Engine) -> None:
    flows = FlowRepository(engine)
    flow = flows.save("Gift Card", START, source="ctiAction").row
    action = ActionRepository(engine).save(CtiAction("Gift", flow_id=flow.id))
    after = change_log.latest_id(engine)
    flows.delete("Gift Card")
    assert _kinds(engine, after) == [("action", str(action.id), None, False), ("flow", str(flow.id), 1, True)]


def test_a_change_that_fails_leaves_no_change_row(engine: Engine) -> None:
    ActionRepository(engine).save(CtiAction("Gift"))
    before = change_log.latest_id(engine)
    with pytest.raises(Exception, match=r"(?i)unique"):
        ActionRepository(engine).save(CtiAction("Gift"))  # the same name twice
    assert change_log.latest_id(engine) == before


def test_reading_after_an_id_pages_in_order(engine: Engine) -> None:
    properties = PropertyStore(engine)
    for number in range(12):
        properties.set(f"key{number}", number)
    first = change_log.read_since(engine, 0, limit=5)
    rest = change_log.read_since(engine, first[-1].id)
    assert [r.row_id for r in first + rest] == [f"key{n}" for n in range(12)]


def test_an_unknown_kind_is_refused(engine: Engine) -> None:
    with Session(engine) as session, pytest.raises(ValueError, match="unknown change kind"):
        change_log.record(session, "crm_record", "001")
