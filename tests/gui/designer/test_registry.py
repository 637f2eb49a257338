"""Every declared kind has its editor: each block control kind its inspector editor, each field type a
row for each property it declares and a renderer editor, so adding a declaration without its editor
fails here rather than showing up as a plain text box."""

from __future__ import annotations

from typing import get_args

import pytest

from cti_desktop.domain.form_types import FIELD_EDITORS, FIELD_TYPES
from cti_desktop.flows.registry import ControlKind
from cti_desktop.gui.designer.registry import EditorRegistry
from cti_desktop.gui.editor.inspector import COMMON_PROPERTIES, PROPERTY_EDITORS
from cti_desktop.gui.flow_designer.controls import CONTROL_EDITORS, TextControl
from cti_desktop.gui.forms.editors import VALUE_EDITORS


def test_every_control_kind_has_an_inspector_editor() -> None:
    assert CONTROL_EDITORS.missing(get_args(ControlKind)) == []


def test_every_field_type_has_a_row_per_property_and_a_renderer_editor() -> None:
    for name, declaration in FIELD_TYPES.items():
        assert PROPERTY_EDITORS.missing((*COMMON_PROPERTIES, *declaration.properties)) == [], name
        assert declaration.editor in VALUE_EDITORS, name
    assert VALUE_EDITORS.keys() == set(FIELD_EDITORS)


def test_every_registered_row_edits_a_declared_property() -> None:
    declared = {prop for declaration in FIELD_TYPES.values() for prop in declaration.properties}
    assert set(PROPERTY_EDITORS) == declared | set(COMMON_PROPERTIES)


def test_a_registry_refuses_a_second_editor_and_names_what_is_missing() -> None:
    registry: EditorRegistry[str, type[TextControl]] = EditorRegistry("control kind")
    registry.register("text", TextControl)
    with pytest.raises(ValueError, match="'text' already has an editor"):
        registry.register("text", TextControl)
    with pytest.raises(KeyError, match="control kind 'colour'"):
        registry.editor_for("colour")
    assert registry.editor_for("colour", TextControl) is TextControl
    assert registry.missing(["text", "colour"]) == ["colour"]
