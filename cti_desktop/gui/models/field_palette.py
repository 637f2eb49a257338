"""The palette of field types: the kit's palette model built from the declarations in
`domain.form_types`."""

from __future__ import annotations

from PySide6.QtCore import QObject

from cti_desktop.domain.form_types import FIELD_TYPES
from cti_desktop.gui.designer.palette import PaletteEntry, PaletteModel
from cti_desktop.gui.forms.icons import field_icon

FIELD_TYPE_MIME = "application/x-cti-form-field-type"


def field_palette_entries() -> list[PaletteEntry]:
    return [
        PaletteEntry(
            type_name=str(declaration.name),
            label=declaration.label,
            tooltip=f"{declaration.description}. Drag onto the form, or double-click to add.",
            icon=field_icon(declaration.name),
        )
        for declaration in FIELD_TYPES.values()
    ]


def field_palette_model(parent: QObject | None = None) -> PaletteModel:
    return PaletteModel(field_palette_entries(), FIELD_TYPE_MIME, parent)
