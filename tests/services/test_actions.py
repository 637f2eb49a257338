from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from cti_desktop.domain.actions import CtiAction, PayloadEntry
from cti_desktop.domain.forms import FormField, FormSpec
from cti_desktop.services.actions import ActionInvalid, ActionService, form_defaults, reference_errors
from cti_desktop.services.changes import Change, ChangeKind
from cti_desktop.store.models import FlowRow


def add_flow(engine: Engine, name: str, source: str = "ctiAction") -> int:
    now = datetime.now(UTC)
    with Session(engine) as session:
        row = FlowRow(name=name, source=source, created_at=now, updated_at=now, published_version=1)
        session.add(row)
        session.commit()
        assert row.id is not None
        return row.id


def gift_card_file(**changes: Any) -> dict[str, Any]:
    action = {
        "name": "Customer Gift Card",
        "flow": "Gift Card",
        "order": 0,
        "active": True,
        "shortcut": "Ctrl+1",
        "payload": [{"key": "cardType", "value": "standard"}],
        "form": {
            "title": "Customer Gift Card",
            "instructions": "Please fill in these details.",
            "fields": [
                {"name": "firstName", "label": "First name", "type": "text", "required": True},
                {"name": "lastName", "label": "Last name", "type": "text", "required": True},
                {
                    "name": "telephone",
                    "label": "Telephone",
                    "type": "phone",
                    "default": "$.contact.phoneNumber",
                },
            ],
        },
    }
    action.update(changes)
    return action


@pytest.fixture
def service(engine: Engine) -> ActionService:
    add_flow(engine, "Gift Card")
    add_flow(engine, "Screen pop", "voiceContact")
    return ActionService(engine)


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, change: Change) -> None:
        assert change.kind == ChangeKind.ACTION
        self.calls += 1


def test_save_validates_and_announces(service: ActionService) -> None:
    changed = Counter()
    service.changes.changed.connect(changed)
    with pytest.raises(ActionInvalid) as caught:
        service.save(CtiAction("", payload=(PayloadEntry("x y", "{{ $.contact"),)))
    paths = {p.field_path for p in caught.value.problems}
    assert paths == {"flow", "name", "payload[0].key", "payload[0].value"}
    assert service.list_actions() == [] and changed.calls == 0
    flow = service.cti_flows()[0]
    saved = service.save(CtiAction("Gift", flow_id=flow.id))
    assert changed.calls == 1 and saved.flow_name == "Gift Card"
    assert saved.id is not None
    copy = service.duplicate(saved.id)
    assert copy.name == "Gift (copy)" and changed.calls == 2
    assert service.delete(copy.id or 0) and changed.calls == 3
    assert not service.delete(copy.id or 0) and changed.calls == 3


def test_a_flow_that_is_not_a_cti_action_flow_is_refused(service: ActionService, engine: Engine) -> None:
    voice = next(f for f in service._repo.flows() if f.name == "Screen pop")
    problems = service.validate(CtiAction("Gift", flow_id=voice.id))
    assert [p.field_path for p in problems] == ["flow"]
    assert service.cti_flows() == [f for f in service._repo.flows() if f.name == "Gift Card"]


def test_names_are_unique_when_saving(service: ActionService) -> None:
    flow = service.cti_flows()[0]
    service.save(CtiAction("Gift", flow_id=flow.id))
    problems = service.validate(CtiAction("gift", flow_id=flow.id))
    assert [p.message for p in problems] == ['An action named "gift" already exists; choose another name']


def test_import_then_export_round_trips(service: ActionService) -> None:
    data = {"actions": [gift_card_file()]}
    assert service.import_json(json.dumps(data)) == []
    exported = json.loads(service.export_json())
    action = exported["actions"][0]
    assert action["name"] == "Customer Gift Card" and action["flow"] == "Gift Card"
    assert action["payload"] == [{"key": "cardType", "value": "standard"}]
    assert [f["name"] for f in action["form"]["fields"]] == ["firstName", "lastName", "telephone"]
    assert action["form"]["fields"][2]["default"] == "$.contact.phoneNumber"
    assert set(action["form"]["fields"][0]) == {
        "name", "label", "type", "required", "placeholder", "help", "default", "options", "validation",
        "visibleWhen", "sensitive",
    }  # fmt: skip
    # Importing the export again changes nothing.
    assert service.import_json(json.dumps(exported)) == []
    assert json.loads(service.export_json()) == exported


def test_import_of_an_existing_name_updates_it(service: ActionService) -> None:
    service.import_json(json.dumps({"actions": [gift_card_file()]}))
    first = service.list_actions()[0]
    updated = gift_card_file(order=5, form=None, shortcut="")
    assert service.import_json(json.dumps({"actions": [updated]})) == []
    [again] = service.list_actions()
    assert again.id == first.id and again.order == 5 and not again.has_form


def test_import_is_all_or_nothing_and_lists_every_problem(service: ActionService) -> None:
    changed = Counter()
    service.changes.changed.connect(changed)
    bad_fields = gift_card_file(name="Bad fields")
    bad_fields["form"]["fields"] = [
        {"name": "First name", "label": "First name", "type": "text"},
        {"name": "lastName", "label": "Last name", "type": "text"},
        {"name": "lastName", "label": "Last name", "type": "text"},
        {"name": "gift", "label": "Gift", "type": "voucher"},
    ]
    data = {
        "actions": [
            gift_card_file(name="Good", shortcut="Ctrl+2"),
            gift_card_file(name="No flow", flow="Missing", shortcut=""),
            gift_card_file(name="Wrong flow", flow="Screen pop", shortcut="Ctrl+3"),
            bad_fields,
            gift_card_file(name="Good", shortcut="Ctrl+4"),
        ]
    }
    problems = service.import_json(json.dumps(data))
    messages = [str(p) for p in problems]
    assert 'actions[1].flow: Action "No flow": The flow "Missing" does not exist' in messages
    assert (
        'actions[2].flow: Action "Wrong flow": The flow "Screen pop" is not a CTI Action flow '
        "(its source is Voice Contact)"
    ) in messages
    assert any(
        m.startswith('actions[3].form.fields[0].name: Action "Bad fields": Field name "First name"')
        for m in messages
    )
    assert any(m.startswith("actions[3].form.fields[2].name") and "used twice" in m for m in messages)
    assert any(
        m.startswith("actions[3].form.fields[3].type") and 'unknown type "voucher"' in m for m in messages
    )
    assert 'actions[4].name: Action "Good": the name is used twice in the file (also action 1)' in messages
    # Bad fields keeps the file's Ctrl+1 shortcut; nothing else clashes.
    assert service.list_actions() == [] and changed.calls == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{not json",
            "The file is not valid JSON: Expecting property name enclosed in double quotes at line 1",
        ),
        ("[]", 'The file must be a JSON object with an "actions" list'),
        ('{"actions": [3]}', "actions[0]: Action 1: an action must be an object"),
    ],
)
def test_import_refuses_misshapen_files(service: ActionService, text: str, message: str) -> None:
    problems = service.import_json(text)
    assert str(problems[0]).startswith(message)
    assert service.list_actions() == []


def test_shortcut_clash_in_a_file_is_reported(service: ActionService) -> None:
    data = {"actions": [gift_card_file(name="A"), gift_card_file(name="B")]}
    problems = service.import_json(json.dumps(data))
    assert [p.field_path for p in problems] == ["actions[0].shortcut", "actions[1].shortcut"]


def test_form_defaults_fill_references_and_parse_literals() -> None:
    spec = FormSpec(
        fields=(
            FormField("telephone", type="phone", label="Tel", default="$.contact.phoneNumber"),
            FormField("qty", type="number", label="Qty", default="3"),
            FormField("ok", type="checkbox", label="Ok", default="true"),
            FormField("greeting", label="Hi", default="Hello {{ $.agent.name }}"),
            FormField("missing", label="Missing", default="$.contact.nothing"),
        )
    )
    scope = {"contact": {"phoneNumber": "+12065550100"}, "agent": {"name": "Ann"}}
    assert form_defaults(spec, scope) == {
        "telephone": "+12065550100",
        "qty": 3,
        "ok": True,
        "greeting": "Hello Ann",
    }


def test_reference_errors_come_from_the_flow_engine() -> None:
    assert reference_errors("$.contact.phoneNumber") == []
    assert reference_errors("{{ $.contact.phoneNumber") != []


def test_a_save_made_meanwhile_is_not_overwritten_and_says_who_and_when(engine: Engine) -> None:
    from cti_desktop.services.actions import EditConflict

    service = ActionService(engine)
    opened = service.save(CtiAction("Gift", flow_id=add_flow(engine, "Gift flow")))
    service.save(replace(opened, name="Gift (theirs)"), expected=opened)
    with pytest.raises(EditConflict) as raised:
        service.save(replace(opened, name="Gift (mine)"), expected=opened)
    assert raised.value.theirs.name == "Gift (theirs)"
    assert raised.value.author and raised.value.at is not None
    assert service.get(opened.id or 0).name == "Gift (theirs)"  # type: ignore[union-attr]
    assert (
        service.save(replace(opened, name="Gift (mine)"), expected=raised.value.theirs).name == "Gift (mine)"
    )
