"""Every item model of the editor passes pytest-qt's model tester, also while being edited."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from cti_desktop.domain.actions import CtiAction, PayloadEntry
from cti_desktop.domain.form_document import FormDocument
from cti_desktop.domain.forms import FieldOption, FormField, FormSpec
from cti_desktop.gui.designer.palette import TYPE_ROLE
from cti_desktop.gui.models.action_list import ACTION_ID_ROLE, SUMMARY_ROLE, ActionListModel
from cti_desktop.gui.models.field_palette import FIELD_TYPE_MIME, field_palette_model
from cti_desktop.gui.models.form_fields import FIELD_ROLE, FIELD_ROW_MIME, PROBLEMS_ROLE, FormFieldsModel
from cti_desktop.gui.models.options import OptionsModel
from cti_desktop.gui.models.payload import KEY, VALUE, PayloadModel


def test_action_list_model(qtmodeltester: ModelTester, qapp: QApplication) -> None:
    model = ActionListModel()
    qtmodeltester.check(model)
    model.set_actions(
        [
            CtiAction(
                "Gift",
                id=1,
                flow_name="Gift Card",
                shortcut="Ctrl+1",
                form=FormSpec(fields=(FormField("a"),)),
            ),
            CtiAction("Old", id=2, active=False, broken="Its CTI flow was deleted."),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0).data() == "Gift"
    assert model.index(0).data(SUMMARY_ROLE) == "Gift Card · 1 field · Ctrl+1"
    assert model.index(1).data(SUMMARY_ROLE) == "⚠ Its CTI flow was deleted."
    assert model.index(1).data(ACTION_ID_ROLE) == 2
    assert model.row_of(2) == 1 and model.row_of(None) == -1


def test_payload_model_with_edits(qtmodeltester: ModelTester, qapp: QApplication) -> None:
    model = PayloadModel()
    model.set_entries([PayloadEntry("cardType", "standard"), PayloadEntry("count", 3)])
    qtmodeltester.check(model)
    assert model.index(1, VALUE).data() == "3"
    assert model.insertRows(2, 1)
    assert model.setData(model.index(2, KEY), "queue")
    assert model.setData(model.index(2, VALUE), "$.contact.queueName")
    assert model.moveRows(QModelIndex(), 2, 1, QModelIndex(), 0)
    assert [e.key for e in model.entries()] == ["queue", "cardType", "count"]
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)
    assert [e.key for e in model.entries()] == ["cardType", "count", "queue"]
    model.set_problems({(0, KEY): "bad key"})
    assert model.index(0, KEY).data(Qt.ItemDataRole.ToolTipRole) == "bad key"
    assert model.removeRows(0, 2)
    assert model.entries() == (PayloadEntry("queue", "$.contact.queueName"),)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Key"
    qtmodeltester.check(model)


def test_form_fields_model_with_edits(qtmodeltester: ModelTester, qapp: QApplication) -> None:
    document = FormDocument()
    model = FormFieldsModel(document)
    document.reset((FormField("a", label="A"), FormField("b", label="B")))
    qtmodeltester.check(model)
    document.insert(1, FormField("c", label="C"))
    document.move(0, 2)
    assert model.names() == ["c", "b", "a"]
    document.move(2, 0)
    assert model.names() == ["a", "c", "b"]
    document.replace(0, FormField("a", label="Renamed"))
    model.set_problems({0: ["Needs a label"]})
    assert model.index(0).data() == "Renamed" and model.index(0).data(PROBLEMS_ROLE) == ["Needs a label"]
    assert model.index(0).data(FIELD_ROLE).name == "a"
    assert document.remove(1).name == "c"
    assert model.names() == document.names() == ["a", "b"]
    assert model.mimeData([model.index(1)]).data(FIELD_ROW_MIME).data() == b"1"
    qtmodeltester.check(model)


def test_field_palette_model(qtmodeltester: ModelTester, qapp: QApplication) -> None:
    model = field_palette_model()
    qtmodeltester.check(model)
    assert [model.index(i).data() for i in range(3)] == ["Text", "Multi-line text", "Number"]
    assert model.index(10).data(TYPE_ROLE) == "hidden"
    assert not model.index(0).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.mimeData([model.index(4)]).data(FIELD_TYPE_MIME).data() == b"phone"


def test_options_model_with_edits(qtmodeltester: ModelTester, qapp: QApplication) -> None:
    model = OptionsModel()
    seen: list[tuple[FieldOption, ...]] = []
    model.edited.connect(seen.append)
    model.set_options((FieldOption("Option 1", "option1"),))
    qtmodeltester.check(model)
    # A value that still follows its label is renamed with it; one set by hand is not.
    assert model.setData(model.index(0, 0), "Gold card")
    assert model.options() == (FieldOption("Gold card", "goldCard"),)
    assert model.setData(model.index(0, 1), "gold")
    assert model.setData(model.index(0, 0), "Gold")
    assert model.options() == (FieldOption("Gold", "gold"),)
    model.append_option()
    assert model.options()[1] == FieldOption("Option 2", "option2")
    assert model.move_option(1, -1) == 0
    model.remove_option(0)
    assert model.options() == (FieldOption("Gold", "gold"),)
    assert len(seen) == 6
    qtmodeltester.check(model)
