"""The palette model: flat for field types, grouped for block types, one type role, dragged by name."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from cti_desktop.gui.designer.palette import TYPE_ROLE, PaletteEntry, PaletteModel


def entry(name: str, category: str = "") -> PaletteEntry:
    return PaletteEntry(name, name.title(), f"Add a {name}", QIcon(), category)


def test_entries_with_categories_are_grouped_in_the_order_they_first_appear(
    qtmodeltester: ModelTester, qapp: QApplication
) -> None:
    model = PaletteModel(
        [entry("log", "Flow"), entry("dial", "Contact"), entry("end", "Flow")], "application/x-test"
    )
    qtmodeltester.check(model)
    assert [model.index(row).data() for row in range(model.rowCount())] == ["Flow", "Contact"]
    flow = model.index(0)
    assert [model.index(row, 0, flow).data(TYPE_ROLE) for row in range(model.rowCount(flow))] == [
        "log",
        "end",
    ]
    assert model.index(0).data(TYPE_ROLE) is None and model.entry(model.index(0)) is None
    end = model.index_of("end")
    assert end.parent() == flow and end.row() == 1 and end.data(TYPE_ROLE) == "end"
    assert not model.index_of("missing").isValid()
    assert model.mimeData([model.index(0), end]).data("application/x-test").data() == b"end"
    assert model.mimeData([model.index(1)]).formats() == []  # a category is not a type


def test_entries_without_categories_are_a_flat_list(qtmodeltester: ModelTester, qapp: QApplication) -> None:
    model = PaletteModel([entry("text"), entry("email")], "application/x-test")
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.rowCount(model.index(0)) == 0
    assert model.index_of("email").row() == 1 and not model.index_of("email").parent().isValid()
    assert model.index(1).data(TYPE_ROLE) == "email" and model.index(1).data() == "Email"
