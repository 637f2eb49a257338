from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QRadioButton
from pytestqt.qtbot import QtBot

from cti_desktop.domain.forms import FieldOption, FormField, FormSpec, Validation, VisibleWhen
from cti_desktop.gui.forms import FormView
from cti_desktop.gui.forms.editors import DateEditor
from cti_desktop.gui.theme import Tone, css
from tests.gui.accessibility import HIGHLIGHT, OUTLINE, frame_is, high_contrast

GIFT_CARD = FormSpec(
    title="Customer Gift Card",
    instructions="Please fill in these details.",
    fields=(
        FormField("firstName", label="First name", required=True, placeholder="Jane"),
        FormField("lastName", label="Last name", required=True, validation=Validation(min_length=3)),
        FormField(
            "telephone", type="phone", label="Telephone", default="$.contact.phoneNumber", help="Mobile"
        ),
    ),
)


def make(qtbot: QtBot, spec: FormSpec, defaults: dict[str, object] | None = None, **kw: bool) -> FormView:
    view = FormView(spec, defaults, **kw)
    qtbot.addWidget(view)
    view.show()
    return view


def test_renders_title_instructions_and_fields_with_defaults(qtbot: QtBot) -> None:
    view = make(qtbot, GIFT_CARD, {"telephone": "+12065550100"})
    assert view.findChild(QLineEdit, "field_firstName").placeholderText() == "Jane"
    assert view.findChild(QLineEdit, "field_telephone").text() == "+12065550100"
    assert view.values() == {"firstName": "", "lastName": "", "telephone": "+12065550100"}
    first = view.findChild(QLineEdit, "field_firstName")
    assert first.accessibleName() == "First name"
    assert view.row("firstName").label.buddy() is first


def test_validate_shows_each_message_in_place(qtbot: QtBot) -> None:
    view = make(qtbot, GIFT_CARD)
    assert view.validate() == {"firstName": "First name is required", "lastName": "Last name is required"}
    assert view.error_text("firstName") == "First name is required"
    assert view.error_text("telephone") == ""
    # Once validated, fields are re-checked as the agent types.
    qtbot.keyClicks(view.findChild(QLineEdit, "field_firstName"), "Ann")
    assert view.error_text("firstName") == ""
    qtbot.keyClicks(view.findChild(QLineEdit, "field_lastName"), "Li")
    assert view.error_text("lastName") == "Must be at least 3 characters"
    qtbot.keyClicks(view.findChild(QLineEdit, "field_telephone"), "12")
    assert view.error_text("telephone") == "Enter a valid phone number"


def test_preview_checks_live_and_emits_values(qtbot: QtBot) -> None:
    view = make(qtbot, GIFT_CARD, preview=True)
    edit = view.findChild(QLineEdit, "field_firstName")
    with qtbot.waitSignal(view.values_changed) as blocker:
        qtbot.keyClicks(edit, "A")
    assert blocker.args[0]["firstName"] == "A"
    edit.clear()
    assert view.error_text("firstName") == "First name is required"


def test_every_editor_kind_reads_and_writes_values(qtbot: QtBot) -> None:
    options = (FieldOption("Gold", "gold"), FieldOption("Silver", "silver"))
    spec = FormSpec(
        fields=(
            FormField("notes", type="textarea", label="Notes"),
            FormField("qty", type="number", label="Qty", default="2"),
            FormField("day", type="date", label="Day"),
            FormField("at", type="datetime", label="At"),
            FormField("ok", type="checkbox", label="Agree", default=True),
            FormField("card", type="dropdown", label="Card", options=options),
            FormField("tier", type="radio", label="Tier", options=options, default="silver"),
            FormField("source", type="hidden", default="desktop"),
            FormField("mail", type="email", label="Mail"),
        )
    )
    view = make(qtbot, spec)
    assert view.values() == {
        "notes": "", "qty": 2, "day": "", "at": "", "ok": True, "card": "", "tier": "silver",
        "source": "desktop", "mail": "",
    }  # fmt: skip
    typed = {"notes": "a\nb", "day": "2024-05-31", "at": "2024-05-31T14:30", "ok": False, "card": "gold"}
    view.set_values({**typed, "qty": "7.5", "tier": "gold"})
    assert view.findChild(QPlainTextEdit, "field_notes").toPlainText() == "a\nb"
    assert view.findChild(QLineEdit, "field_at").text() == "2024-05-31 14:30"
    assert not view.findChild(QCheckBox, "field_ok").isChecked()
    assert view.findChild(QComboBox, "field_card").currentText() == "Gold"
    assert view.payload() == {**typed, "qty": 7.5, "tier": "gold", "source": "desktop", "mail": ""}
    view.set_values({"tier": ""})
    assert not any(b.isChecked() for b in view.findChildren(QRadioButton))
    assert not view.row("source").isVisible()


def test_calendar_picks_a_date(qtbot: QtBot) -> None:
    view = make(qtbot, FormSpec(fields=(FormField("day", type="date", label="Day"),)))
    editor = view.editor("day")
    assert isinstance(editor, DateEditor)
    editor._sync_calendar()
    day = editor.calendar.selectedDate().addDays(1)
    editor._picked(day)
    assert view.values()["day"] == day.toString("yyyy-MM-dd")


def test_visible_when_shows_and_hides_rows(qtbot: QtBot) -> None:
    spec = FormSpec(
        fields=(
            FormField("wantsCard", type="checkbox", label="Wants a card"),
            FormField(
                "cardName", label="Name on card", required=True, visible_when=VisibleWhen("wantsCard", True)
            ),
        )
    )
    view = make(qtbot, spec)
    assert not view.row("cardName").isVisible()
    assert view.validate() == {}
    qtbot.mouseClick(view.findChild(QCheckBox, "field_wantsCard"), Qt.MouseButton.LeftButton)
    assert view.row("cardName").isVisible()
    assert view.validate() == {"cardName": "Name on card is required"}
    assert view.payload() == {"wantsCard": True, "cardName": ""}


def test_set_spec_keeps_values_of_fields_that_stay(qtbot: QtBot) -> None:
    view = make(qtbot, GIFT_CARD)
    view.set_values({"firstName": "Ann"})
    view.set_spec(FormSpec(fields=GIFT_CARD.fields[:1]))
    assert view.values() == {"firstName": "Ann"}


def test_a_field_with_a_problem_shows_both_its_red_frame_and_its_focus_frame(
    qtbot: QtBot, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    with high_contrast(qapp, monkeypatch):
        view = make(qtbot, GIFT_CARD)
        qtbot.waitExposed(view)
        view.activateWindow()
        assert set(view.validate()) == {"firstName", "lastName"}
        first, last = view.editor("firstName"), view.editor("lastName")
        first.focus_widget().setFocus()
        qtbot.waitUntil(first.focus_widget().hasFocus)
        error = css(Tone.ERROR)
        # The red frame goes around the field; the field keeps its own frame inside it: the focus
        # frame on the focused one, the high-contrast outline on the other.
        assert frame_is(first, error) and frame_is(last, error)
        assert frame_is(first.focus_widget(), HIGHLIGHT)
        assert frame_is(last.focus_widget(), OUTLINE)
        qtbot.keyClicks(first.focus_widget(), "Ann")
        assert not frame_is(first, error), "the red frame goes with the problem"
        assert frame_is(first.focus_widget(), HIGHLIGHT)
