"""The parts of `cti-desktop --self-test` that need no Qt: the report, and the checks of the installation,
the settings, the store and the demo data. `cti_desktop.gui.selftest` adds the windows and the demo action.

Installers run the self-test after installing, so it must never touch the user's data: it works on a
temporary database (with the demo data) that is deleted afterwards, and keeps window state there too.
"""

from __future__ import annotations

import asyncio
import platform
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cti_desktop import __version__, paths
from cti_desktop.resources import resources_dir
from cti_desktop.settings import LoadedSettings, Settings
from cti_desktop.store.database import (
    check_known_revision,
    current_revision,
    describe_url,
    head_revision,
    history,
    open_store,
    sqlite_path,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from cti_desktop.services.app_services import AppServices

# The demo action the self-test runs (it has no form) and the demo caller it runs for.
DEMO_ACTION = "Caller Details"
DEMO_CALLER = "+12065550100"
DEMO_DIAL_NUMBER = "+12065550123"
# No single check may take longer than this; a hang is a failure, not a stuck installer.
CHECK_TIMEOUT_S = 30.0


class CheckFailed(Exception):
    """A check found something wrong; the message says what, in words for IT."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    duration_ms: float


class SelfTestReport:
    """Runs checks one by one, printing each result as it comes (so a hang shows where it is)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._file: TextIO | None = None
        if stream is None and sys.stdout is None:
            # The windowed Windows build has no console: keep the report where IT can find it.
            path = report_file_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = path.open("w", encoding="utf-8")
        self._stream = stream if stream is not None else self._file
        self.results: list[CheckResult] = []

    @property
    def stream(self) -> TextIO:
        return self._stream if self._stream is not None else sys.stdout

    def record(self, name: str, ok: bool, detail: str, duration_ms: float = 0.0) -> None:
        self.results.append(CheckResult(name, ok, detail, duration_ms))
        mark = "ok  " if ok else "FAIL"
        self.stream.write(f"[{mark}] {name}: {detail}\n")
        self.stream.flush()

    def check(self, name: str, run: Callable[[], str]) -> bool:
        """Run one check: `run` returns what it verified, or raises (CheckFailed or anything else)."""
        started = time.perf_counter()
        try:
            detail = run()
        except Exception as exc:
            self.record(name, False, _describe(exc), _ms_since(started))
            return False
        self.record(name, True, detail, _ms_since(started))
        return True

    async def check_async(
        self, name: str, run: Callable[[], Awaitable[str]], timeout_s: float = CHECK_TIMEOUT_S
    ) -> bool:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(timeout_s):
                detail = await run()
        except TimeoutError:
            self.record(name, False, f"did not finish within {timeout_s:g} s", _ms_since(started))
            return False
        except Exception as exc:
            self.record(name, False, _describe(exc), _ms_since(started))
            return False
        self.record(name, True, detail, _ms_since(started))
        return True

    def skip(self, name: str, reason: str) -> None:
        """A check that could not run because an earlier one failed: a failure too, named as such."""
        self.record(name, False, f"not run: {reason}")

    @property
    def failures(self) -> list[CheckResult]:
        return [result for result in self.results if not result.ok]

    def finish(self) -> int:
        """Print the verdict; the exit code is 0 when every check passed."""
        failures = self.failures
        if not failures:
            self.stream.write(f"Self-test passed: all {len(self.results)} checks.\n")
        else:
            names = ", ".join(result.name for result in failures)
            self.stream.write(f"Self-test FAILED: {len(failures)} of {len(self.results)} checks ({names}).\n")
        self.stream.flush()
        if self._file is not None:
            self._file.close()
            self._file = None
        return 0 if not failures else 1


def report_file_path() -> Path:
    return paths.log_dir() / "self-test.txt"


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _describe(exc: BaseException) -> str:
    if isinstance(exc, CheckFailed):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


# ------------------------------------------------------------------------------------------- checks


def describe_installation() -> str:
    how = (
        "bundle at " + str(Path(sys.executable).parent) if getattr(sys, "frozen", False) else "Python package"
    )
    return (
        f"CTI Desktop {__version__} ({how}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()} {platform.machine()}"
    )


def check_settings(loaded: LoadedSettings) -> str:
    """The machine's and the user's settings files must read cleanly: a typo in the fleet file is
    exactly what an installation check should catch. The app itself would start with defaults."""
    if loaded.problems:
        raise CheckFailed(" | ".join(loaded.problems))
    if not loaded.sources:
        return "no settings files; the defaults apply"
    return "read from " + ", ".join(loaded.sources)


def check_configured_database(settings: Settings) -> str:
    """The database the app will use, looked at without changing it: reachable (its driver is installed,
    the server answers) and not written by a newer version."""
    url = settings.resolved_database_url()
    where = describe_url(url)
    path = sqlite_path(url)
    try:
        if path is None:
            from cti_desktop.services.server_options import server_options

            revision = check_known_revision(url, server_options(settings))
        elif not path.exists():
            return f"{where} does not exist yet; the app creates it on its first start"
        else:
            revision = _sqlite_revision_untouched(path)
    except ModuleNotFoundError as exc:
        raise CheckFailed(f"{where}: the driver for this kind of database is not installed ({exc})") from exc
    if revision is None:
        return f"{where} is reachable and empty; the app migrates it on its first start"
    head = head_revision()
    if revision not in {known.revision for known in history()}:
        raise CheckFailed(
            f"{where} was written by a newer version of CTI Desktop (schema revision {revision}; this "
            f"version knows up to {head}): install the newer version"
        )
    state = "up to date" if revision == head else f"the app upgrades it to {head} (after a backup)"
    return f"{where} is at schema revision {revision}: {state}"


def _sqlite_revision_untouched(path: Path) -> str | None:
    """The schema revision of an SQLite file, read as an immutable file: no lock and no -wal/-shm files
    created beside it (made by root when IT runs the self-test, they would lock the agents out)."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    try:
        tables = connection.execute(
            "SELECT name FROM sqlite_master WHERE name = 'alembic_version'"
        ).fetchall()
        if not tables:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    except sqlite3.DatabaseError as exc:
        raise CheckFailed(f"{path} is not a CTI Desktop database: {exc}") from exc
    finally:
        connection.close()


def check_resources() -> str:
    folder = resources_dir()
    needed = [
        folder / "icons" / "cti-desktop.svg",
        folder / "demo" / "flows.json",
        folder / "demo" / "actions.json",
    ]
    missing = [str(path) for path in needed if not path.is_file()]
    if missing:
        raise CheckFailed(f"missing from {folder}: {', '.join(missing)}")
    return f"icons and demo data in {folder}"


def temporary_database_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'self-test.db'}"


def open_temporary_store(url: str) -> tuple[Engine, str]:
    """A fresh database migrated to this build's schema; returns the engine and what was checked."""
    engine = open_store(url)
    revision = current_revision(engine)
    head = head_revision()
    if revision != head:
        engine.dispose()
        raise CheckFailed(f"the migrations stopped at revision {revision}, not at this build's head {head}")
    return engine, f"temporary SQLite database migrated to revision {head}"


def self_test_settings(loaded: LoadedSettings, url: str) -> Settings:
    """The machine's settings, but with the temporary database and the demo data."""
    return loaded.settings.model_copy(update={"database_url": url, "demo_data": True})


def create_demo_data(services: AppServices) -> str:
    from cti_desktop.services.demo import create_demo_data_if_empty

    if not create_demo_data_if_empty(services):
        raise CheckFailed("the temporary database was not empty, so no demo data was created")
    flows = services.flows.list()
    actions = services.actions.published_actions()
    broken = [f"{action.name}: {action.broken}" for action in actions if action.broken]
    if broken:
        raise CheckFailed("demo actions that cannot run: " + "; ".join(broken))
    if not any(action.name == DEMO_ACTION for action in actions):
        raise CheckFailed(f"the demo data has no '{DEMO_ACTION}' action")
    return f"{len(flows)} flows, {len(actions)} actions, {services.crm.count('Contact')} CRM contacts"


def scratch_folder() -> tempfile.TemporaryDirectory[str]:
    # On Windows the database file may still be locked for a moment after the engine is disposed.
    return tempfile.TemporaryDirectory(prefix="cti-desktop-self-test-", ignore_cleanup_errors=True)
