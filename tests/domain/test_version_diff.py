"""A readable diff between two versions of an action or a flow: each kind of difference gives its line,
identical contents none."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from cti_desktop.domain.version_diff import MAX_VALUE, DiffLine, diff_actions, diff_flows, short

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


def _gift_card_action() -> dict[str, Any]:
    """The demo's gift-card action as a version's content (`store.actions.audited`)."""
    demo = json.loads((DEMO / "actions.json").read_text(encoding="utf-8"))["actions"][0]
    form = demo["form"]
    return {
        "name": demo["name"],
        "flow_id": 1,
        "order": demo["order"],
        "active": demo["active"],
        "shortcut": demo["shortcut"],
        "payload": demo["payload"],
        "title": form["title"],
        "instructions": form["instructions"],
        "form": {"fields": form["fields"]},
    }


def _gift_card_flow() -> dict[str, Any]:
    document = json.loads((DEMO / "flows" / "gift-card.json").read_text(encoding="utf-8"))
    return {
        "name": "Gift Card",
        "description": "Records a gift card as a completed task and shows it in the overlay.",
        "source": "ctiAction",
        "event": "",
        "active": True,
        "document": document,
    }


def _block(content: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in content["document"]["actions"] if b["id"] == block_id)


# ---------------------------------------------------------------------------------------------- actions


def test_identical_actions_have_no_differences() -> None:
    assert diff_actions(_gift_card_action(), _gift_card_action()) == []


def test_action_fields_that_changed_are_named_with_both_values() -> None:
    old, new = _gift_card_action(), _gift_card_action()
    new.update(name="Gift Card (new)", order=4, active=False, shortcut="", title="Gift cards")
    lines = diff_actions(old, new)
    assert [(line.where, line.before, line.after) for line in lines] == [
        ("Name", "“Customer Gift Card”", "“Gift Card (new)”"),
        ("Order", "0", "4"),
        ("Active", "yes", "no"),
        ("Shortcut", "“Ctrl+1”", "(empty)"),
        ("Form title", "“Customer Gift Card”", "“Gift cards”"),
    ]
    assert all(line.change == "changed" for line in lines)
    assert lines[0].text == "Name changed from “Customer Gift Card” to “Gift Card (new)”."


def test_the_flow_is_named_when_its_name_is_known() -> None:
    old, new = _gift_card_action(), _gift_card_action()
    new["flow_id"] = 2
    [line] = diff_actions(old, new, flow_names={1: "Gift Card", 2: "Caller Details"})
    assert (line.where, line.before, line.after) == ("Flow", "“Gift Card”", "“Caller Details”")
    [unnamed] = diff_actions(old, new)
    assert (unnamed.before, unnamed.after) == ("flow #1", "flow #2")


def test_payload_rows_added_removed_and_changed_by_key() -> None:
    old, new = _gift_card_action(), _gift_card_action()
    old["payload"] = [{"key": "cardType", "value": "standard"}, {"key": "store", "value": "north"}]
    new["payload"] = [{"key": "cardType", "value": "premium"}, {"key": "amount", "value": 25}]
    lines = diff_actions(old, new)
    assert [(line.change, line.where) for line in lines] == [
        ("changed", "Payload row 'cardType'"),
        ("removed", "Payload row 'store'"),
        ("added", "Payload row 'amount'"),
    ]
    assert lines[0].text == "Payload row 'cardType', value changed from “standard” to “premium”."
    assert lines[1].text == "Payload row 'store' removed (was “north”)."
    assert lines[2].text == "Payload row 'amount' added: 25."


def test_payload_rows_in_another_order() -> None:
    old, new = _gift_card_action(), _gift_card_action()
    old["payload"] = [{"key": "a", "value": 1}, {"key": "b", "value": 2}]
    new["payload"] = [{"key": "b", "value": 2}, {"key": "a", "value": 1}]
    [line] = diff_actions(old, new)
    assert (line.where, line.before, line.after) == ("Payload rows' order", "“a, b”", "“b, a”")


def test_form_fields_added_removed_and_which_properties_changed() -> None:
    old, new = _gift_card_action(), _gift_card_action()
    fields = new["form"]["fields"]
    fields[0]["label"] = "Given name"
    fields[0]["required"] = False
    fields[0]["validation"] = {"maxLength": 60}
    del fields[2]  # telephone
    fields.append({"name": "amount", "label": "Amount", "type": "number", "required": True})
    lines = diff_actions(old, new)
    assert [(line.change, line.where, line.detail, line.before, line.after) for line in lines] == [
        ("changed", "Form field 'Given name' (firstName)", "label", "“First name”", "“Given name”"),
        ("changed", "Form field 'Given name' (firstName)", "required", "yes", "no"),
        (
            "changed",
            "Form field 'Given name' (firstName)",
            "validation",
            '{"maxLength": 40}',
            '{"maxLength": 60}',
        ),
        ("removed", "Form field 'Telephone' (telephone)", "", "phone field", ""),
        ("added", "Form field 'Amount' (amount)", "", "", "number field, required"),
    ]
    assert lines[1].text == "Form field 'Given name' (firstName), required changed from yes to no."


def test_form_fields_in_another_order() -> None:
    old, new = _gift_card_action(), _gift_card_action()
    new["form"]["fields"].reverse()
    [line] = diff_actions(old, new)
    assert line.where == "Form fields' order"
    assert line.after == "“telephone, lastName, firstName”"


def test_an_absent_form_and_an_empty_one_are_the_same() -> None:
    old, new = _gift_card_action(), _gift_card_action()
    old["form"], new["form"] = None, {"fields": []}
    old["shortcut"], new["shortcut"] = None, ""
    assert diff_actions(old, new) == []


# ------------------------------------------------------------------------------------------------ flows


def test_identical_flows_have_no_differences() -> None:
    assert diff_flows(_gift_card_flow(), _gift_card_flow()) == []


def test_flow_settings_that_changed() -> None:
    old, new = _gift_card_flow(), _gift_card_flow()
    new.update(description="Records gift cards.", source="voiceContact", event="onConnecting", active=False)
    assert [(line.where, line.before, line.after) for line in diff_flows(old, new)] == [
        (
            "Description",
            "“Records a gift card as a completed task and shows it in the overlay.”",
            "“Records gift cards.”",
        ),
        ("Source", "“ctiAction”", "“voiceContact”"),
        ("Event", "(empty)", "“onConnecting”"),
        ("Active", "yes", "no"),
    ]


def test_changed_controls_of_a_block_are_named_with_the_block() -> None:
    old, new = _gift_card_flow(), _gift_card_flow()
    task = _block(new, "task")
    task["controls"]["Priority"] = "High"
    task["controls"]["otherTaskFields"] = {"Phone": "$.payload.telephone"}
    task["meta"]["title"] = "Record the card"
    lines = diff_flows(old, new)
    assert [(line.where, line.detail, line.before, line.after) for line in lines] == [
        ("Block 'Record the card' (id task)", "title", "“Record the gift card”", "“Record the card”"),
        ("Block 'Record the card' (id task)", "control 'Priority'", "“Normal”", "“High”"),
        (
            "Block 'Record the card' (id task)",
            "control 'otherTaskFields'",
            '{"CardType": "$.payload.cardType", "Phone": "$.payload.telephone"}',
            '{"Phone": "$.payload.telephone"}',
        ),
    ]


def test_blocks_without_a_title_are_named_by_their_type() -> None:
    old, new = _gift_card_flow(), _gift_card_flow()
    _block(new, "failed")["controls"]["title"] = "Not recorded"
    [line] = diff_flows(old, new, type_label={"SE_ShowModal": "Show Modal"}.get)  # type: ignore[arg-type]
    assert line.where == "Block 'Show Modal' (id failed)"
    [raw] = diff_flows(old, new)
    assert raw.where == "Block 'SE_ShowModal' (id failed)"


def test_blocks_added_and_removed_with_their_links() -> None:
    old, new = _gift_card_flow(), _gift_card_flow()
    blocks = new["document"]["actions"]
    blocks[:] = [b for b in blocks if b["id"] != "failed"]
    blocks.append(
        {
            "id": "log",
            "type": "SE_Log",
            "meta": {"title": "Log the failure"},
            "controls": {"message": "failed"},
            "ports": {"done": "end"},
        }
    )
    _block(new, "task")["ports"]["failure"] = "log"
    lines = diff_flows(old, new)
    assert [(line.change, line.where, line.before, line.after) for line in lines] == [
        ("removed", "Block 'SE_ShowModal' (id failed)", "", ""),
        ("added", "Block 'Log the failure' (id log)", "", "SE_Log"),
        ("removed", "Link", "'Record the gift card' (task) --failure--> 'SE_ShowModal' (failed)", ""),
        ("removed", "Link", "'SE_ShowModal' (failed) --done--> 'SE_End' (end)", ""),
        ("added", "Link", "", "'Record the gift card' (task) --failure--> 'Log the failure' (log)"),
        ("added", "Link", "", "'Log the failure' (log) --done--> 'SE_End' (end)"),
    ]
    assert lines[4].text == "Link added: 'Record the gift card' (task) --failure--> 'Log the failure' (log)."


def test_a_moved_block_says_where_it_went() -> None:
    old, new = _gift_card_flow(), _gift_card_flow()
    _block(new, "send")["position"] = [120.5, -40]
    [line] = diff_flows(old, new)
    assert (line.detail, line.before, line.after) == ("place on the canvas", "100, 0", "120.5, -40")


def test_a_changed_block_type() -> None:
    old, new = _gift_card_flow(), _gift_card_flow()
    _block(new, "failed")["type"] = "SE_Log"
    [line] = diff_flows(old, new)
    assert (line.where, line.detail, line.before, line.after) == (
        "Block 'SE_Log' (id failed)",
        "type",
        "SE_ShowModal",
        "SE_Log",
    )


# ------------------------------------------------------------------------------------------------ values


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "(none)"),
        (True, "yes"),
        ("", "(empty)"),
        ("two\n  lines", "“two lines”"),
        ([], "(empty)"),
        ({"b": 1, "a": [1, 2]}, '{"a": [1, 2], "b": 1}'),
        (3.5, "3.5"),
    ],
)
def test_values_are_shown_short_and_readable(value: Any, shown: str) -> None:
    assert short(value) == shown


def test_long_values_are_cut() -> None:
    long_json = {"key": "x" * 500}
    shown = short(long_json)
    assert len(shown) == MAX_VALUE and shown.endswith("…")
    assert len(short("y" * 500)) == MAX_VALUE
    assert short("word " * 20) == "“" + "word " * 14 + "word…”"


def test_lines_are_frozen_and_describe_themselves() -> None:
    line = DiffLine("changed", "Order", "1", "2")
    with pytest.raises(AttributeError):
        line.where = "Name"  # type: ignore[misc]
    assert DiffLine("removed", "Payload row 'x'").text == "Payload row 'x' removed."
    assert copy.copy(line) == line
