"""Fixtures shared by the GUI tests: qasync's loop on pytest-qt's application, and the app's services."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
import qasync
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from cti_desktop.services.app_services import AppServices, build_services
from cti_desktop.services.demo import create_demo_data_if_empty
from cti_desktop.settings import Settings

W = TypeVar("W", bound=QWidget)


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    for task in asyncio.all_tasks(loop):
        task.cancel()
    # close() refuses a loop marked running, and stop() would quit Qt's loop: join the worker threads
    # of asyncio.to_thread/run_in_executor ourselves, or Qt warns that a QThread died running.
    executor = getattr(loop, "_QEventLoop__default_executor", None)
    if executor is not None:
        executor.shutdown(wait=True)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


@pytest.fixture
def demo_services(engine: Engine, db_url: str, qloop: qasync.QEventLoop) -> Iterator[AppServices]:
    """The app's services, as the app builds them, over the demo data."""
    services = build_services(Settings(), db_url, engine)
    assert create_demo_data_if_empty(services)
    yield services
    services.runner.cancel_all()
    services.close()


@pytest.fixture
def show_window(qtbot: QtBot) -> Iterator[Callable[[W], W]]:
    """show_window(window): shows it and waits until it is on screen; closes it after the test, without
    the question about unsaved changes."""
    opened: list[QWidget] = []

    def show(window: W) -> W:
        window.show()
        qtbot.waitExposed(window)
        opened.append(window)
        return window

    yield show
    for window in opened:
        if shiboken6.isValid(window):
            window._closing = True  # type: ignore[attr-defined]
            window.close()
