"""The Qt-free half of the self-test: the report and the checks of settings, resources, store and demo
data."""

from __future__ import annotations

import asyncio
import io
import re
import sqlite3
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cti_desktop import paths, selftest
from cti_desktop.selftest import CheckFailed, SelfTestReport
from cti_desktop.services.app_services import build_services
from cti_desktop.settings import LoadedSettings, Settings, load_settings
from cti_desktop.store.database import head_revision, open_store


def test_report_prints_each_check_and_passes_when_all_pass() -> None:
    out = io.StringIO()
    report = SelfTestReport(out)

    assert report.check("first", lambda: "fine")
    assert report.check("second", lambda: "also fine")

    assert report.finish() == 0
    assert out.getvalue().splitlines() == [
        "[ok  ] first: fine",
        "[ok  ] second: also fine",
        "Self-test passed: all 2 checks.",
    ]


def test_report_fails_with_what_failed() -> None:
    out = io.StringIO()
    report = SelfTestReport(out)

    def broken() -> str:
        raise CheckFailed("the drawer is missing")

    def crashing() -> str:
        raise KeyError("Actions")

    report.check("fine", lambda: "ok")
    assert not report.check("drawer", broken)
    assert not report.check("panel", crashing)
    report.skip("editor", "the main window did not open")

    assert report.finish() == 1
    lines = out.getvalue().splitlines()
    assert "[FAIL] drawer: the drawer is missing" in lines
    assert "[FAIL] panel: KeyError: 'Actions'" in lines
    assert "[FAIL] editor: not run: the main window did not open" in lines
    assert lines[-1] == "Self-test FAILED: 3 of 4 checks (drawer, panel, editor)."


def test_async_check_that_hangs_fails_after_its_timeout() -> None:
    out = io.StringIO()
    report = SelfTestReport(out)

    async def hangs() -> str:
        await asyncio.Event().wait()
        return "never"

    async def quick() -> str:
        return "done"

    async def run_both() -> tuple[bool, bool]:
        return await report.check_async("hangs", hangs, timeout_s=0.05), await report.check_async(
            "quick", quick
        )

    assert asyncio.run(run_both()) == (False, True)
    assert "[FAIL] hangs: did not finish within 0.05 s" in out.getvalue()


def test_settings_problems_fail_the_settings_check(tmp_path: Path) -> None:
    machine = tmp_path / "settings.toml"
    machine.write_text('theme = "neon"\n', encoding="utf-8")
    loaded = load_settings(machine_file=machine, user_file=tmp_path / "none.toml", environ={})

    with pytest.raises(CheckFailed, match="neon"):
        selftest.check_settings(loaded)
    assert selftest.check_settings(LoadedSettings(Settings())) == "no settings files; the defaults apply"
    assert (
        selftest.check_settings(LoadedSettings(Settings(), sources=["/etc/x.toml"]))
        == "read from /etc/x.toml"
    )


def test_resources_are_found() -> None:
    assert "icons and demo data" in selftest.check_resources()


def test_temporary_store_is_migrated_to_head(tmp_path: Path) -> None:
    engine, detail = selftest.open_temporary_store(selftest.temporary_database_url(tmp_path))
    engine.dispose()

    assert detail.endswith(head_revision())
    assert (tmp_path / "self-test.db").is_file()


def test_self_test_settings_use_the_temporary_database_and_demo_data() -> None:
    loaded = LoadedSettings(Settings(database_url="sqlite:///fleet.db", demo_data=False, theme="dark"))

    settings = selftest.self_test_settings(loaded, "sqlite:///tmp.db")

    assert (settings.database_url, settings.demo_data, settings.theme) == ("sqlite:///tmp.db", True, "dark")


def test_demo_data_check_fills_the_empty_database_once(engine: Engine, db_url: str) -> None:
    services = build_services(Settings(), db_url, engine)
    try:
        detail = selftest.create_demo_data(services)
        assert re.fullmatch(r"\d+ flows, \d+ actions, \d+ CRM contacts", detail)
        with pytest.raises(CheckFailed, match="not empty"):
            selftest.create_demo_data(services)
    finally:
        asyncio.run(services.aclose())
        services.close()


def test_without_a_console_the_report_goes_to_the_log_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(paths, "log_dir", lambda: tmp_path / "logs")
    monkeypatch.setattr(sys, "stdout", None)

    report = SelfTestReport()
    report.check("first", lambda: "fine")
    assert report.finish() == 0

    text = (tmp_path / "logs" / "self-test.txt").read_text(encoding="utf-8")
    assert text.splitlines() == ["[ok  ] first: fine", "Self-test passed: all 1 checks."]


def test_configured_database_that_does_not_exist_yet_is_fine(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'agent.db'}")

    assert selftest.check_configured_database(settings).endswith("the app creates it on its first start")
    assert list(tmp_path.iterdir()) == []


def test_configured_database_is_read_without_leaving_files_beside_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'agent.db'}"
    open_store(url).dispose()
    before = sorted(tmp_path.iterdir())

    detail = selftest.check_configured_database(Settings(database_url=url))

    assert detail.endswith(f"is at schema revision {head_revision()}: up to date")
    assert sorted(tmp_path.iterdir()) == before


def test_configured_database_from_a_newer_version_fails_the_check(tmp_path: Path) -> None:
    path = tmp_path / "agent.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999')")
    connection.close()

    with pytest.raises(CheckFailed, match="written by a newer version of CTI Desktop"):
        selftest.check_configured_database(Settings(database_url=f"sqlite:///{path}"))


def test_configured_file_that_is_not_a_database_fails_the_check(tmp_path: Path) -> None:
    path = tmp_path / "agent.db"
    path.write_text("not a database, just text that is long enough to have a header" * 10, encoding="utf-8")

    with pytest.raises(CheckFailed, match="is not a CTI Desktop database"):
        selftest.check_configured_database(Settings(database_url=f"sqlite:///{path}"))


def test_configured_database_without_its_driver_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing_driver(_url: str, *_options: object) -> str | None:
        raise ModuleNotFoundError("No module named 'psycopg'")

    monkeypatch.setattr(selftest, "check_known_revision", missing_driver)

    with pytest.raises(
        CheckFailed, match=r"the driver for this kind of database is not installed \(No module"
    ):
        selftest.check_configured_database(Settings(database_url="postgresql://cti@db.example/cti"))
