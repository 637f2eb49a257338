"""The app's look: the light, dark or system colour scheme (`apply_theme`), and the few colours of meaning
the app adds to the palette (an error, a warning, a success), each chosen for the scheme in use, light,
dark or high-contrast, so a message stays readable on every background. Windows ask `color(Tone.ERROR)`
or `css(Tone.ERROR)`; no colour of meaning is written anywhere else.

Under a high-contrast system setting every window's fields are outlined and the focused control framed
(`follow_contrast`, applied to the whole application by `apply_theme`, and again whenever the system's
setting changes), and a field with a problem gets
its red frame around it (`invalid_frame`), so the focus frame stays visible inside the red one."""

from __future__ import annotations

from enum import Enum
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLayout, QWidget


class Tone(Enum):
    """A colour that carries a meaning. Each value: (light, dark, high-contrast light, high-contrast dark)."""

    ERROR = ("#b3261e", "#ff8a80", "#8b0000", "#ff6e6e")
    WARNING = ("#a15c00", "#ffb74d", "#6b3d00", "#ffd180")
    SUCCESS = ("#1e7b34", "#81c995", "#0b4d1c", "#a5f2b5")
    MUTED = ("#5f6368", "#bdc1c6", "#202124", "#f1f3f4")
    ACCENT = ("#1a5fb4", "#8ab4f8", "#0b3d91", "#aecbfa")


def _palette(palette: QPalette | None) -> QPalette:
    if palette is not None:
        return palette
    app = QGuiApplication.instance()
    return QGuiApplication.palette() if app is not None else QPalette()


def is_dark(palette: QPalette | None = None) -> bool:
    return _palette(palette).color(QPalette.ColorRole.Base).lightness() < 128


def high_contrast() -> bool:
    """Whether the system asks for high contrast (Qt 6.10 and later know; earlier ones: no)."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is None:
        return False
    return bool(accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast)


def color(tone: Tone, palette: QPalette | None = None) -> QColor:
    light, dark, contrast_light, contrast_dark = tone.value
    if high_contrast():
        return QColor(contrast_dark if is_dark(palette) else contrast_light)
    return QColor(dark if is_dark(palette) else light)


def on_light(tone: Tone) -> QColor:
    """The colour on a surface that stays light whatever the scheme (the flow designer's canvas)."""
    light, _dark, contrast_light, _contrast_dark = tone.value
    return QColor(contrast_light if high_contrast() else light)


def css(tone: Tone, palette: QPalette | None = None) -> str:
    """The colour as a style sheet writes it: `label.setStyleSheet(f"color: {css(Tone.ERROR)};")`."""
    return str(color(tone, palette).name())


# With a high-contrast palette (black window and fields) Fusion draws frames in a darker window colour,
# so fields, buttons and check boxes vanish: outline them in the text colour, and the focused control in
# the highlight (a wider frame, its padding one pixel less so nothing moves). The default button (Enter)
# has a wider outline; a ticked box is filled.
HIGH_CONTRAST_FIELDS = """
QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox {
    border: 1px solid palette(window-text); padding: 2px;
}
QAbstractItemView { border: 1px solid palette(window-text); }
QPushButton, QToolButton { border: 1px solid palette(button-text); border-radius: 3px; padding: 3px 6px; }
QPushButton:default { border-width: 2px; padding: 2px 5px; }
QCheckBox, QRadioButton { border: 2px solid transparent; }
QCheckBox::indicator, QRadioButton::indicator, QAbstractItemView::indicator {
    width: 12px; height: 12px; border: 1px solid palette(window-text); background: palette(base);
}
QRadioButton::indicator { border-radius: 7px; }
QCheckBox::indicator:checked, QRadioButton::indicator:checked, QAbstractItemView::indicator:checked {
    background: palette(highlight); border: 2px solid palette(window-text); width: 10px; height: 10px;
}
QAbstractItemView::indicator:selected {
    border-color: palette(highlighted-text); background: palette(highlight);
}
QAbstractItemView::indicator:checked:selected { background: palette(highlighted-text); }
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus, QComboBox:focus {
    border: 2px solid palette(highlight); padding: 1px;
}
QPushButton:focus, QToolButton:focus { border: 2px solid palette(highlight); padding: 2px 5px; }
QAbstractItemView:focus, QCheckBox:focus, QRadioButton:focus { border: 2px solid palette(highlight); }
/* Room for a menu button's arrow, focused or not. */
QToolButton[popupMode="1"], QToolButton[popupMode="2"] { padding-right: 16px; }
"""
# The space the red frame of a field with a problem takes around it (see `invalid_frame`).
INVALID_FRAME_WIDTH = 2
INVALID_MARGIN = 3


def follow_contrast(app: QApplication) -> bool:
    """Outline the fields of every window (the main window, the element editor, Flows, Preferences,
    the designers and the dialogs they open) when the system asks for high contrast; take the outlines
    away when it does not. True when they apply."""
    wanted = high_contrast()
    sheet = app.styleSheet().replace(HIGH_CONTRAST_FIELDS, "")
    if wanted:
        sheet += HIGH_CONTRAST_FIELDS
    if sheet != app.styleSheet():
        app.setStyleSheet(sheet)
    return wanted


def invalid_frame(holder: QWidget, layout: QLayout, invalid: bool) -> None:
    """Frame `holder`, the widget around a field, in the error colour, or take the frame away. The
    frame goes around the field rather than on it: a style sheet border on the field itself would hide
    its focus frame (and high contrast's outline); around it, both show."""
    if not holder.objectName():
        holder.setObjectName(f"invalidFrame{id(holder):x}")
    holder.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    holder.setStyleSheet(
        f"#{holder.objectName()} {{ border: {INVALID_FRAME_WIDTH}px solid {css(Tone.ERROR)}; "
        "border-radius: 3px; }"
        if invalid
        else ""
    )
    margin = INVALID_MARGIN if invalid else 0
    layout.setContentsMargins(margin, margin, margin, margin)
    holder.setProperty("invalid", invalid)


_CHOSEN = "ctiThemeChosen"  # an application property: a theme other than the system's is applied


_WATCHING = "ctiContrastWatched"  # an application property: follow_contrast runs when the system's changes


def watch_contrast(app: QApplication) -> None:
    """Follow the system's contrast setting while the app runs (Qt 6.10 and later tell when it changes)."""
    if app.property(_WATCHING):
        return
    accessibility = getattr(app.styleHints(), "accessibility", None)
    if accessibility is None:
        return
    accessibility().contrastPreferenceChanged.connect(partial(_contrast_changed, app))
    app.setProperty(_WATCHING, True)


def _contrast_changed(app: QApplication, _preference: object) -> None:
    follow_contrast(app)


def apply_theme(app: QApplication, theme: str) -> None:
    """Light and dark follow the system unless the settings choose one. Where the platform cannot switch
    its colour scheme (no desktop theme, as on a bare X server), Fusion with a palette of that scheme does."""
    hints = app.styleHints()
    if theme == "system":
        if app.property(_CHOSEN):  # chosen earlier in this run (Preferences): give the system's back
            hints.unsetColorScheme()
            app.setPalette(QPalette())  # a palette no role was set in: the platform's again
            app.setProperty(_CHOSEN, False)
        follow_contrast(app)
        watch_contrast(app)
        return
    wanted = Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light
    hints.setColorScheme(wanted)
    if hints.colorScheme() != wanted:
        app.setStyle("Fusion")
        app.setPalette(scheme_palette(wanted))
    app.setProperty(_CHOSEN, True)
    follow_contrast(app)
    watch_contrast(app)


def scheme_palette(scheme: Qt.ColorScheme) -> QPalette:
    if scheme != Qt.ColorScheme.Dark:
        return QApplication.style().standardPalette()
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2d30",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.ToolTipBase: "#3c3f41",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8c8c8c",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#393b40",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6b68",
        QPalette.ColorRole.Link: "#6aa9ff",
        QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Light: "#4a4d52",
        QPalette.ColorRole.Midlight: "#3f4247",
        QPalette.ColorRole.Mid: "#2f3135",
        QPalette.ColorRole.Dark: "#1a1b1e",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette
