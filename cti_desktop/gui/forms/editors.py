"""The widget an agent types a form value into, one kind per `FieldType.editor`. `create_editor` is the
factory the renderer uses; every editor has `value()`, `set_value()`, the `changed` signal and
`set_invalid()`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from cti_desktop.domain.form_types import FieldEditor, field_type
from cti_desktop.domain.forms import FieldKind, FormField, is_blank
from cti_desktop.gui.theme import invalid_frame


class ValueEditor(QWidget):
    """Base of the editors: holds one value of a field. Without a widget of its own it is what a Hidden
    field uses; the other editors keep the value in their widget."""

    changed = Signal()

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self._layout = layout
        self._value: Any = field.default

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value
        self.changed.emit()

    def focus_widget(self) -> QWidget:
        return self

    def set_invalid(self, invalid: bool) -> None:
        # Around the field, not on it: the field keeps its focus frame inside the red one.
        invalid_frame(self, self._layout, invalid)

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def _describe(self, widget: QWidget) -> None:
        widget.setAccessibleName(self.field.display_label)
        if self.field.help:
            widget.setAccessibleDescription(self.field.help)
        widget.setObjectName(f"field_{self.field.name}")


class LineEditor(ValueEditor):
    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(field.placeholder)
        hints: dict[str, Qt.InputMethodHint] = {
            FieldKind.EMAIL: Qt.InputMethodHint.ImhEmailCharactersOnly,
            FieldKind.PHONE: Qt.InputMethodHint.ImhDialableCharactersOnly,
            FieldKind.NUMBER: Qt.InputMethodHint.ImhFormattedNumbersOnly,
        }
        if field.type in hints:
            self.edit.setInputMethodHints(hints[field.type])
        if field.validation.max_length is not None and field.validation.max_length > 0:
            # A little slack so the agent sees the message instead of silently losing keystrokes.
            self.edit.setMaxLength(field.validation.max_length + 20)
        self._describe(self.edit)
        self._layout.addWidget(self.edit)
        self.edit.textChanged.connect(self.changed)

    def value(self) -> Any:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def focus_widget(self) -> QWidget:
        return self.edit


class NumberEditor(LineEditor):
    """Free text so an agent can clear it; the value is a number once it reads as one."""

    def value(self) -> Any:
        text = self.edit.text()
        if is_blank(text):
            return None
        try:
            return field_type(self.field.type).parse(text)
        except ValueError:
            return text

    def set_value(self, value: Any) -> None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        super().set_value(value)


class MultilineEditor(ValueEditor):
    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setPlaceholderText(field.placeholder)
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 12)
        self._describe(self.edit)
        self._layout.addWidget(self.edit)
        self.edit.textChanged.connect(self.changed)

    def value(self) -> Any:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def focus_widget(self) -> QWidget:
        return self.edit


class DateEditor(LineEditor):
    """Typed as ISO text or picked from a calendar; blank is allowed (a date edit cannot be blank)."""

    def __init__(self, field: FormField, parent: QWidget | None = None, with_time: bool = False) -> None:
        super().__init__(field, parent)
        self.with_time = with_time
        self.edit.setPlaceholderText(field.placeholder or ("YYYY-MM-DD HH:MM" if with_time else "YYYY-MM-DD"))
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(False)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.menu = QMenu(self)
        holder = QWidgetAction(self.menu)
        holder.setDefaultWidget(self.calendar)
        self.menu.addAction(holder)
        self.menu.aboutToShow.connect(self._sync_calendar)
        self.button = QToolButton(self)
        self.button.setText("▦")
        self.button.setToolTip("Pick from a calendar")
        self.button.setAccessibleName(f"Pick {field.display_label} from a calendar")
        self.button.setMenu(self.menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._layout.addWidget(self.button)

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return ""
        try:
            return field_type(self.field.type).parse(text.replace(" ", "T", 1) if self.with_time else text)
        except ValueError:
            return text

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        super().set_value(text.replace("T", " ", 1) if self.with_time else text)

    @Slot()
    def _sync_calendar(self) -> None:
        current = QDate.fromString(self.edit.text().strip()[:10], "yyyy-MM-dd")
        self.calendar.setSelectedDate(current if current.isValid() else QDate.currentDate())

    @Slot(QDate)
    def _picked(self, day: QDate) -> None:
        text = day.toString("yyyy-MM-dd")
        if self.with_time:
            current = self.edit.text().strip()
            time = current[11:16] if len(current) >= 16 else "09:00"
            text = f"{text} {time}"
        self.edit.setText(text)
        self.menu.close()
        self.edit.setFocus()


class CheckboxEditor(ValueEditor):
    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.box = QCheckBox(field.display_label + (" *" if field.required else ""), self)
        self._describe(self.box)
        self._layout.addWidget(self.box)
        self.box.toggled.connect(self.changed)

    def value(self) -> Any:
        return self.box.isChecked()

    def set_invalid(self, invalid: bool) -> None:
        # A frame around a checkbox reads as a box of its own; the message under it is enough.
        return None

    def set_value(self, value: Any) -> None:
        try:
            checked = bool(field_type(self.field.type).parse(value))
        except ValueError:
            checked = False
        self.box.setChecked(checked)

    def focus_widget(self) -> QWidget:
        return self.box


class ComboEditor(ValueEditor):
    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo = QComboBox(self)
        self.combo.addItem(field.placeholder or "Choose…", None)
        for option in field.options:
            self.combo.addItem(option.label or option.value, option.value)
        self._describe(self.combo)
        self._layout.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(self.changed)

    def value(self) -> Any:
        data = self.combo.currentData()
        return "" if data is None else data

    def set_value(self, value: Any) -> None:
        index = self.combo.findData("" if value is None else str(value))
        self.combo.setCurrentIndex(max(index, 0))

    def focus_widget(self) -> QWidget:
        return self.combo


class RadioEditor(ValueEditor):
    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        column = QWidget(self)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        for option in field.options:
            button = QRadioButton(option.label or option.value, column)
            button.setProperty("optionValue", option.value)
            button.setAccessibleName(f"{field.display_label}: {option.label or option.value}")
            self.group.addButton(button)
            self.buttons.append(button)
            column_layout.addWidget(button)
        column.setObjectName(f"field_{field.name}")
        column.setAccessibleName(field.display_label)
        self.column = column
        self._layout.addWidget(column)
        self.group.buttonToggled.connect(self._toggled)

    @Slot()
    def _toggled(self) -> None:
        self.changed.emit()

    def value(self) -> Any:
        checked = self.group.checkedButton()
        return checked.property("optionValue") if checked is not None else ""

    def set_value(self, value: Any) -> None:
        wanted = "" if value is None else str(value)
        match = next((b for b in self.buttons if b.property("optionValue") == wanted), None)
        if match is not None:
            match.setChecked(True)
            return
        # An exclusive group cannot be emptied by unchecking its button.
        self.group.setExclusive(False)
        for button in self.buttons:
            button.setChecked(False)
        self.group.setExclusive(True)

    def focus_widget(self) -> QWidget:
        checked = self.group.checkedButton()
        return checked or (self.buttons[0] if self.buttons else self.column)


class HiddenEditor(ValueEditor):
    """No widget: the value rides along with the payload."""

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.hide()


def _date_editor(field: FormField, parent: QWidget | None = None) -> ValueEditor:
    return DateEditor(field, parent, with_time=False)


def _datetime_editor(field: FormField, parent: QWidget | None = None) -> ValueEditor:
    return DateEditor(field, parent, with_time=True)


# The registration: the renderer's editor for each `FieldType.editor` a declaration may name.
VALUE_EDITORS: dict[FieldEditor, Callable[[FormField, QWidget | None], ValueEditor]] = {
    "line": LineEditor,
    "multiline": MultilineEditor,
    "number": NumberEditor,
    "date": _date_editor,
    "datetime": _datetime_editor,
    "checkbox": CheckboxEditor,
    "combo": ComboEditor,
    "radio": RadioEditor,
    "hidden": HiddenEditor,
}


def create_editor(field: FormField, parent: QWidget | None = None) -> ValueEditor:
    """The editor for a field, chosen by its type's declaration."""
    return VALUE_EDITORS[field_type(field.type).editor](field, parent)
