"""The form designer's document: every edit changes the fields and announces itself, without Qt."""

from __future__ import annotations

import pytest

from cti_desktop.domain.form_document import FormChange, FormDocument, FormEditError
from cti_desktop.domain.forms import FormField


def recording(document: FormDocument) -> list[FormChange]:
    seen: list[FormChange] = []
    document.changed.connect(seen.append)
    return seen


def test_each_edit_changes_the_fields_and_is_announced() -> None:
    document = FormDocument([FormField("a"), FormField("b")])
    seen = recording(document)
    assert document.insert(99, FormField("c")) == 2  # clamped to the end
    document.move(0, 2)
    assert document.names() == ["b", "c", "a"]
    document.replace(1, FormField("c", label="C"))
    assert document.remove(0) == FormField("b")
    assert document.fields() == (FormField("c", label="C"), FormField("a"))
    assert len(document) == 2 and document.field(1).name == "a"
    assert seen == [
        FormChange("inserted", 2),
        FormChange("moved", 0, 2),
        FormChange("replaced", 1),
        FormChange("removed", 0),
    ]


def test_reset_replaces_every_field_and_a_move_in_place_says_nothing() -> None:
    document = FormDocument()
    seen = recording(document)
    document.reset([FormField("x"), FormField("y")])
    document.move(1, 1)
    assert document.names() == ["x", "y"] and seen == [FormChange("reset")]


@pytest.mark.parametrize("edit", ["field", "remove", "replace", "move"])
def test_a_row_the_form_does_not_have_is_refused_and_nothing_changes(edit: str) -> None:
    document = FormDocument([FormField("a")])
    seen = recording(document)
    with pytest.raises(FormEditError, match="no field at row 3"):
        if edit == "field":
            document.field(3)
        elif edit == "remove":
            document.remove(3)
        elif edit == "replace":
            document.replace(3, FormField("z"))
        else:
            document.move(0, 3)
    assert document.names() == ["a"] and seen == []
