"""PJSIP's log: every line goes into the app's log, at the app's level, and nothing is printed."""

from __future__ import annotations

import asyncio
import logging

import pytest

from cti_desktop.contacts.sip.endpoint import PJSIP_LOGGER, app_log_level, pjsip_log_level
from tests.contacts.sip.phone import agent_phone


@pytest.mark.parametrize(
    ("app_level", "pjsip_level"),
    [(logging.DEBUG, 5), (logging.INFO, 3), (logging.WARNING, 2), (logging.ERROR, 1), (logging.CRITICAL, 0)],
)
def test_pjsip_logs_what_the_app_log_records(app_level: int, pjsip_level: int) -> None:
    logger = logging.getLogger(PJSIP_LOGGER)
    before = logger.level
    logger.setLevel(app_level)
    try:
        assert pjsip_log_level() == pjsip_level
    finally:
        logger.setLevel(before)


def test_pjsip_lines_take_the_app_log_levels() -> None:
    assert [app_log_level(level) for level in (0, 1, 2, 3, 4, 5, 6)] == [
        logging.ERROR,
        logging.ERROR,
        logging.WARNING,
        logging.INFO,
        logging.DEBUG,
        logging.DEBUG,
        logging.DEBUG,
    ]


def test_the_phone_logs_into_the_app_log_and_prints_nothing(
    needs_sipp: None, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    async def scenario() -> None:
        async with agent_phone() as (phone, _seen):
            assert phone.address

    with caplog.at_level(logging.DEBUG, logger=PJSIP_LOGGER):
        asyncio.run(scenario())

    lines = [r.getMessage() for r in caplog.records if r.name == PJSIP_LOGGER]
    assert any("sip_endpoint.c" in line for line in lines), lines
    printed = capfd.readouterr()
    assert (printed.out, printed.err) == ("", "")
