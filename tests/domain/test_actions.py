from __future__ import annotations

import pytest

from cti_desktop.domain.actions import (
    CtiAction,
    FlowRef,
    PayloadEntry,
    action_problems,
    broken_reason,
    copy_name,
    flow_problems,
    payload_problems,
)
from cti_desktop.domain.forms import FormatError, FormField, FormSpec

ISSUE_ACTION = {
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
            {
                "name": "firstName",
                "label": "First name",
                "type": "text",
                "required": True,
                "placeholder": "",
                "help": "",
                "default": "",
                "options": [],
                "validation": {},
                "visibleWhen": None,
                "sensitive": False,
            }
        ],
    },
}


def no_references(text: str) -> list[str]:
    return ["unknown root"] if text.startswith("$.nope") else []


def test_the_issue_example_round_trips_exactly() -> None:
    action = CtiAction.from_json(ISSUE_ACTION)
    assert action.flow_name == "Gift Card" and action.payload == (PayloadEntry("cardType", "standard"),)
    assert action.has_form
    assert action.to_json() == ISSUE_ACTION


def test_no_title_no_instructions_no_fields_is_no_form() -> None:
    action = CtiAction.from_json({**ISSUE_ACTION, "form": None})
    assert not action.has_form
    assert action.to_json()["form"] is None
    assert not CtiAction("x", form=FormSpec(title="", instructions=" ")).has_form


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": 3}, 'an action needs a "name" (text)'),
        ({"flow": None}, '"flow" must be the name of a flow (text)'),
        ({"order": "first"}, '"order" must be a whole number'),
        ({"active": "yes"}, '"active" must be true or false'),
        ({"payload": {"a": 1}}, '"payload" must be a list'),
        ({"payload": [{"value": 1}]}, 'each payload entry must be an object with a "key"'),
        ({"form": []}, '"form" must be an object or null'),
    ],
)
def test_misshapen_actions_are_refused(change: dict[str, object], message: str) -> None:
    with pytest.raises(FormatError) as caught:
        CtiAction.from_json({**ISSUE_ACTION, **change})
    assert message in str(caught.value)


def test_action_problems_cover_name_order_shortcut_payload_and_form() -> None:
    other = CtiAction("Customer Gift Card", id=1, shortcut="Ctrl+1")
    action = CtiAction(
        "customer gift card",
        order=-1,
        shortcut="Ctrl+1",
        payload=(PayloadEntry("Card Type", "x"), PayloadEntry("ok", "$.nope.x"), PayloadEntry("ok", "")),
        form=FormSpec(fields=(FormField("First name", label="First name"),)),
    )
    problems = {p.field_path: p.message for p in action_problems(action, [other], no_references)}
    assert problems["name"] == 'An action named "customer gift card" already exists; choose another name'
    assert problems["order"] == "Order cannot be negative"
    assert problems["shortcut"] == 'The shortcut Ctrl+1 is already used by "Customer Gift Card"'
    assert problems["payload[0].key"].startswith('Row 1: key "Card Type" must be one camelCase word')
    assert problems["payload[1].value"] == "Row 2: unknown root"
    assert problems["payload[2].key"] == 'Row 3: key "ok" is used twice'
    assert "form.fields[0].name" in problems


def test_an_action_is_not_its_own_duplicate() -> None:
    action = CtiAction("Gift", id=4, shortcut="Ctrl+2")
    assert action_problems(action, [action]) == []
    assert action_problems(CtiAction(" "), [])[0].message == "Action name is required"


def test_defaults_are_checked_for_references() -> None:
    action = CtiAction(
        "Gift", form=FormSpec(fields=(FormField("tel", type="phone", label="Tel", default="$.nope"),))
    )
    problems = action_problems(action, [], no_references)
    assert [(p.field_path, p.message) for p in problems] == [
        ("form.fields[0].default", "Default: unknown root")
    ]


def test_payload_keys_must_be_present() -> None:
    assert payload_problems([PayloadEntry("", "x")])[0].message == "Row 1: a key is required"


def test_flow_problems_and_broken_reasons() -> None:
    cti = FlowRef(1, "Gift Card", "ctiAction")
    voice = FlowRef(2, "Screen pop", "voiceContact")
    assert flow_problems(CtiAction("a", flow_id=1), cti) == []
    assert flow_problems(CtiAction("a"), None)[0].message == "Choose the CTI flow this action runs"
    assert (
        flow_problems(CtiAction("a", flow_name="Gone"), None)[0].message == 'The flow "Gone" does not exist'
    )
    assert flow_problems(CtiAction("a", flow_id=2), voice)[0].message == (
        'The flow "Screen pop" is not a CTI Action flow (its source is Voice Contact)'
    )
    assert broken_reason(cti) == ""
    assert "deleted" in broken_reason(None)
    assert (
        broken_reason(voice)
        == 'Its flow "Screen pop" is no longer a CTI Action flow (its source is Voice Contact).'
    )


def test_copy_names() -> None:
    assert copy_name("Gift", ["Gift"]) == "Gift (copy)"
    assert copy_name("Gift", ["Gift", "Gift (copy)", "gift (copy 2)"]) == "Gift (copy 3)"


def test_an_order_beyond_any_list_is_a_problem_not_an_overflow() -> None:
    action = CtiAction.from_json({**ISSUE_ACTION, "order": 2**63})

    problems = {p.field_path: p.message for p in action_problems(action, [], lambda _: [])}

    assert problems["order"].startswith("Order must be at most")
