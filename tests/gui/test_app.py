"""Start-up pieces: the theme the settings choose."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cti_desktop.gui.app import GuiThreadCollector, IdleCollector
from cti_desktop.gui.theme import apply_theme


@pytest.fixture
def app_look(qapp: QApplication) -> Iterator[QApplication]:
    palette, style, scheme = qapp.palette(), qapp.style().name(), qapp.styleHints().colorScheme()
    yield qapp
    qapp.styleHints().setColorScheme(scheme)
    qapp.setStyle(style)
    qapp.setPalette(palette)


def test_dark_theme_gives_a_dark_window_even_without_a_desktop_theme(app_look: QApplication) -> None:
    apply_theme(app_look, "dark")
    window = app_look.palette().color(QPalette.ColorRole.Window)
    text = app_look.palette().color(QPalette.ColorRole.WindowText)
    assert window.lightness() < 100 < text.lightness()


def test_system_theme_changes_nothing(app_look: QApplication) -> None:
    before = app_look.palette().color(QPalette.ColorRole.Window)
    apply_theme(app_look, "system")
    assert app_look.palette().color(QPalette.ColorRole.Window) == before
    assert app_look.styleHints().colorScheme() in (
        Qt.ColorScheme.Unknown,
        Qt.ColorScheme.Light,
        Qt.ColorScheme.Dark,
    )


def test_idle_collector_waits_while_an_action_runs(qtbot: QtBot) -> None:
    running: list[tuple[int, str]] = [(1, "c-1")]
    services = SimpleNamespace(overlay=SimpleNamespace(running_keys=lambda: list(running)))
    parent = QObject()
    collector = IdleCollector(services, parent)  # type: ignore[arg-type]
    assert not collector.collect_if_idle()
    running.clear()
    assert collector.collect_if_idle()


@pytest.fixture
def restored_threshold() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.set_threshold(*threshold)


def test_gui_thread_collector_takes_collection_over_from_python(
    qtbot: QtBot, restored_threshold: None
) -> None:
    parent = QObject()
    GuiThreadCollector(parent)
    assert not gc.isenabled()
    gc.set_threshold(1, 1_000, 1_000_000)

    class Node:
        partner: object = None

    collected: list[str] = []
    first, second = Node(), Node()
    first.partner, second.partner = second, first
    weakref.finalize(first, collected.append, "cycle")
    del first, second
    qtbot.waitUntil(lambda: collected == ["cycle"])
