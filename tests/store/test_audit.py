"""The audit log: every change with who, when and the item before and after, secrets masked; entries
that nobody can change or delete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from cti_desktop.domain.actions import CtiAction, PayloadEntry
from cti_desktop.domain.masking import MASK
from cti_desktop.store import audit
from cti_desktop.store.actions import ActionRepository
from cti_desktop.store.audit import AuditFilter
from cti_desktop.store.flows import FlowRepository
from cti_desktop.store.properties import PropertyStore

START = {"actions": [{"id": "0", "type": "SE_Start", "ports": {}}]}


def _entries(engine: Engine) -> list[tuple[str, str, str]]:
    return [(e.kind, e.name, e.operation) for e in audit.every(engine)]


def test_every_change_is_entered_with_before_and_after(engine: Engine) -> None:
    flows = FlowRepository(engine)
    flow = flows.save("Gift Card", START, source="ctiAction").row
    flows.set_active("Gift Card", True)
    actions = ActionRepository(engine)
    saved = actions.save(CtiAction("Gift", flow_id=flow.id))
    actions.save(CtiAction("Gift card", id=saved.id, flow_id=flow.id))
    actions.delete(saved.id or 0)
    properties = PropertyStore(engine)
    properties.set("queue", "Billing")
    properties.set("queue", "Support")
    properties.unset("queue")

    assert _entries(engine) == [
        ("flow", "Gift Card", "created"),
        ("flow", "Gift Card", "changed"),
        ("action", "Gift", "created"),
        ("action", "Gift card", "changed"),
        ("action", "Gift card", "deleted"),
        ("property", "queue", "created"),
        ("property", "queue", "changed"),
        ("property", "queue", "deleted"),
    ]
    entries = list(audit.every(engine))
    renamed = entries[3]
    assert renamed.before["name"] == "Gift" and renamed.after["name"] == "Gift card"
    assert entries[1].before["active"] is False and entries[1].after["active"] is True
    assert entries[6].before == {"value": "Billing"} and entries[6].after == {"value": "Support"}
    assert entries[4].after is None and entries[0].before is None
    assert all(e.author and e.host and e.at.tzinfo is not None for e in entries)


def test_saving_what_is_stored_already_enters_nothing(engine: Engine) -> None:
    actions = ActionRepository(engine)
    saved = actions.save(CtiAction("Gift"))
    actions.save(saved)
    assert _entries(engine) == [("action", "Gift", "created")]


def test_secret_looking_values_are_masked(engine: Engine) -> None:
    ActionRepository(engine).save(
        CtiAction("Lookup", payload=(PayloadEntry("apiKey", "sk-live-123"), PayloadEntry("queue", "Billing")))
    )
    PropertyStore(engine).set("crm_token", "abc123")
    action, token = audit.every(engine)
    assert action.after["payload"] == [{"key": "apiKey", "value": MASK}, {"key": "queue", "value": "Billing"}]
    assert token.name == "crm_token"  # the key is the name; its value is kept: only names inside are read
    assert audit.masked(
        {"password": "x", "nested": [{"Authorization": "Bearer y"}], "empty": {"token": ""}}
    ) == {
        "password": MASK,
        "nested": [{"Authorization": MASK}],
        "empty": {"token": ""},
    }


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_entry SET author = 'someone else'", "DELETE FROM audit_entry"]
)
def test_nobody_can_change_or_delete_an_entry(engine: Engine, statement: str) -> None:
    PropertyStore(engine).set("queue", "Billing")
    with (
        pytest.raises(Exception, match="audit entries cannot be changed or deleted"),
        engine.begin() as connection,
    ):
        connection.execute(text(statement))
    assert _entries(engine) == [("property", "queue", "created")]


def test_entries_are_filtered_and_paged_newest_first(engine: Engine) -> None:
    properties = PropertyStore(engine)
    for number in range(25):
        properties.set(f"key{number:02}", number)
    ActionRepository(engine).save(CtiAction("Gift"))
    assert audit.count(engine) == 26
    assert audit.count(engine, AuditFilter(kind="action")) == 1
    assert audit.count(engine, AuditFilter(text="KEY1")) == 10
    first = audit.page(engine, limit=10)
    assert first[0].name == "Gift" and first[1].name == "key24"
    assert [e.name for e in audit.page(engine, limit=10, offset=20)][-1] == "key00"
    author = first[0].author
    assert audit.count(engine, AuditFilter(author=author)) == 26
    assert audit.count(engine, AuditFilter(author=author + "-nobody")) == 0
    assert audit.count(engine, AuditFilter(since=datetime.now(UTC) + timedelta(minutes=1))) == 0
    assert [e.name for e in audit.every(engine, batch=7)][:3] == ["key00", "key01", "key02"]
