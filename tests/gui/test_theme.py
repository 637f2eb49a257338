"""The colours of meaning follow the scheme: readable (WCAG AA, 4.5:1) on the light, the dark and the
high-contrast backgrounds, and asked for in one place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from cti_desktop.gui import theme
from cti_desktop.gui.theme import Tone, color, css, is_dark, on_light, scheme_palette

GUI = Path(theme.__file__).resolve().parent


def luminance(c: QColor) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def light_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    return palette


@pytest.mark.parametrize("tone", list(Tone))
@pytest.mark.parametrize("contrast_wanted", [False, True])
def test_every_tone_reads_on_light_and_dark(
    qapp: QApplication, tone: Tone, contrast_wanted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(theme, "high_contrast", lambda: contrast_wanted)
    dark = scheme_palette(Qt.ColorScheme.Dark)
    light = light_palette()

    assert is_dark(dark) and not is_dark(light)
    assert contrast(color(tone, light), QColor("#ffffff")) >= 4.5
    assert contrast(color(tone, dark), dark.color(QPalette.ColorRole.Base)) >= 4.5
    assert contrast(on_light(tone), QColor("#f4f5f7")) >= 4.5
    if contrast_wanted:
        assert contrast(color(tone, light), QColor("#ffffff")) >= 7
        assert contrast(color(tone, dark), QColor("#000000")) >= 7


def test_css_is_the_colour_a_style_sheet_writes(qapp: QApplication) -> None:
    assert re.fullmatch(r"#[0-9a-f]{6}", css(Tone.ERROR, light_palette()))


def test_no_window_writes_a_colour_of_meaning_itself() -> None:
    tones = {value.lower() for tone in Tone for value in tone.value}
    offenders = [
        f"{path.relative_to(GUI)}: {found}"
        for path in GUI.rglob("*.py")
        if path.name != "theme.py"
        for found in re.findall(r"#[0-9a-fA-F]{6}", path.read_text(encoding="utf-8"))
        if found.lower() in tones
    ]
    assert offenders == []


def test_high_contrast_outlines_come_with_the_theme_for_every_window_and_go_again(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = qapp.styleSheet()
    try:
        monkeypatch.setattr(theme, "high_contrast", lambda: True)
        theme.apply_theme(qapp, "system")
        theme.apply_theme(qapp, "system")
        assert qapp.styleSheet().count(theme.HIGH_CONTRAST_FIELDS) == 1, "once, however often applied"
        assert ":focus" in theme.HIGH_CONTRAST_FIELDS and "::indicator" in theme.HIGH_CONTRAST_FIELDS
        monkeypatch.setattr(theme, "high_contrast", lambda: False)
        assert not theme.follow_contrast(qapp)
        assert theme.HIGH_CONTRAST_FIELDS not in qapp.styleSheet()
    finally:
        qapp.setStyleSheet(sheet)


def test_a_change_of_the_system_s_contrast_setting_is_followed_at_once(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = qapp.styleSheet()
    try:
        monkeypatch.setattr(theme, "high_contrast", lambda: False)
        theme.apply_theme(qapp, "system")
        assert theme.HIGH_CONTRAST_FIELDS not in qapp.styleSheet()
        monkeypatch.setattr(theme, "high_contrast", lambda: True)
        hints = qapp.styleHints().accessibility()
        hints.contrastPreferenceChanged.emit(Qt.ContrastPreference.HighContrast)
        assert theme.HIGH_CONTRAST_FIELDS in qapp.styleSheet()
        monkeypatch.setattr(theme, "high_contrast", lambda: False)
        hints.contrastPreferenceChanged.emit(Qt.ContrastPreference.NoPreference)
        assert theme.HIGH_CONTRAST_FIELDS not in qapp.styleSheet()
    finally:
        qapp.setStyleSheet(sheet)
