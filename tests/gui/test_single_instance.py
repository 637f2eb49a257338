"""One running app per person: a second start hands its tel: number to the first over a local socket."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from cti_desktop.gui.single_instance import SingleInstance, claim, server_name


@pytest.fixture
def name() -> str:
    return f"cti-desktop-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def running(qtbot: QtBot, name: str) -> Iterator[SingleInstance]:
    instance = claim(name, None)
    assert instance is not None  # nobody ran: this one listens
    yield instance
    instance.close()


def test_a_second_start_hands_its_number_to_the_running_app(
    qtbot: QtBot, name: str, running: SingleInstance
) -> None:
    with qtbot.waitSignal(running.handed) as handed:
        assert claim(name, "+12065550100") is None  # the second start exits
    assert handed.args == ["+12065550100"]


def test_a_second_start_without_a_link_brings_the_app_to_the_front(
    qtbot: QtBot, name: str, running: SingleInstance
) -> None:
    with qtbot.waitSignal(running.handed) as handed:
        assert claim(name, None) is None
    assert handed.args == [""]


def test_a_socket_left_by_a_crashed_app_is_taken_over(qtbot: QtBot, name: str) -> None:
    first = SingleInstance(name)
    assert first.listen()
    second = SingleInstance(name)
    # A second server on the name: the stale one is removed and this one listens.
    assert second.listen()
    second.close()
    first.close()


def test_each_person_has_their_own_name_and_tests_their_own_database() -> None:
    assert server_name(environ={}) == server_name(environ={})
    apart = {"CTI_DESKTOP_NO_USER_FILES": "1"}
    assert server_name("sqlite:///a.db", apart) != server_name("sqlite:///b.db", apart)
    assert server_name("sqlite:///a.db", {}) == server_name("sqlite:///b.db", {})
