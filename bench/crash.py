"""Crash safety, measured: the app's writers killed (SIGKILL, as a power cut does) at random moments.

    python bench/crash.py [--kills N] [--seed S] [--json PATH]

Each kill starts a writer on a fresh copy of a prepared database, kills it after a random delay within
the time the same work takes unkilled, then opens the database as the app would and checks:

- `integrity`: SQLite's integrity check says ok;
- `acknowledged`: every write the writer reported as done before it died is there (a save, a property,
  a run record, a draft), and all-or-nothing imports hold all or none of their items;
- `upgrade`: an interrupted schema upgrade is either not begun (the old revision, none of the new
  tables) or finished, every file named like a backup is a sound database, and upgrading again works.

The writers are the app's own code, through the command line (`python -m cti_desktop ...` or its `main`
in a loop, so the process lives long enough for many writes) and the draft store the overlay types into.
Figures, not pass/fail: the JSON holds `kills`, `survived`, `failures` (each with its scenario, delay and
what was wrong) and `by_scenario`. `tests/test_crash_bench.py` runs a quick subset in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLOW_FILES = 300
CRM_RECORDS = 3_000
ACTIONS = 50
UPGRADE_FLOWS = 3_000
LOOPED_WRITES = 150


def env() -> dict[str, str]:
    environ = dict(os.environ, CTI_DESKTOP_NO_USER_FILES="1", QT_QPA_PLATFORM="offscreen")
    environ.pop("PYTHONDONTWRITEBYTECODE", None)
    return environ


# ------------------------------------------------------------------------------------- preparing


def flow_document(index: int) -> dict[str, Any]:
    return {
        "name": f"Flow {index}",
        "actions": [
            {"id": "start", "type": "SE_Start", "ports": {"done": "log"}, "position": [0, 0]},
            {
                "id": "log",
                "type": "SE_Log",
                "controls": {"level": "info", "message": f"flow {index} for {{{{ $.payload.who }}}}"},
                "ports": {"done": "end"},
                "position": [200, 0],
            },
            {"id": "end", "type": "SE_End", "position": [400, 0]},
        ],
    }


@dataclass
class Templates:
    """Databases and input files made once; every kill works on a fresh copy."""

    folder: Path
    head_db: Path = field(init=False)
    earlier_db: Path = field(init=False)
    flow_files: list[Path] = field(init=False)
    actions_file: Path = field(init=False)
    crm_file: Path = field(init=False)

    def __post_init__(self) -> None:
        from cti_desktop.store.database import open_store

        self.head_db = self.folder / "head.db"
        engine = open_store(f"sqlite:///{self.head_db}")
        engine.dispose()
        flows = self.folder / "flows"
        flows.mkdir()
        self.flow_files = []
        for index in range(FLOW_FILES):
            path = flows / f"flow-{index:03d}.json"
            path.write_text(json.dumps(flow_document(index)), encoding="utf-8")
            self.flow_files.append(path)
        # The actions' flow must exist: the head template gets one CTI Action flow.
        run(
            ["flows", "import", str(self.flow_files[0]), "--source", "ctiAction", "--name", "Crash Flow"],
            self.head_db,
        )
        self.actions_file = self.folder / "actions.json"
        actions = [
            {"name": f"Action {i}", "flow": "Crash Flow", "order": i, "payload": [{"key": "who", "value": i}]}
            for i in range(ACTIONS)
        ]
        self.actions_file.write_text(json.dumps({"actions": actions}), encoding="utf-8")
        self.crm_file = self.folder / "crm.json"
        records = [
            {"type": "Contact", "fields": {"FirstName": f"F{i}", "Phone": f"+1206555{i:04d}"}}
            for i in range(CRM_RECORDS)
        ]
        self.crm_file.write_text(json.dumps(records), encoding="utf-8")
        self.earlier_db = self.folder / "earlier.db"
        earlier_version_database(self.earlier_db)


def earlier_version_database(path: Path) -> None:
    """A database as the earlier version wrote it (revision 0001) with many flows: an upgrade to do."""
    from datetime import datetime

    from alembic import command

    from cti_desktop.store import database

    engine = database.make_engine(f"sqlite:///{path}")
    config = database._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    now = datetime(2025, 3, 1, 12, 0).isoformat(sep=" ")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO flow (name, description, source, event, active, document, created_at, updated_at,"
            " version) VALUES (?, '', 'voiceContact', 'onConnecting', 0, ?, ?, ?, 1)",
            [(f"Flow {i}", json.dumps(flow_document(i)), now, now) for i in range(UPGRADE_FLOWS)],
        )
    connection.close()


def run(arguments: list[str], db: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "cti_desktop", "--db", f"sqlite:///{db}", *arguments],
        capture_output=True,
        text=True,
        env=env(),
        cwd=ROOT,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{arguments}: {done.stderr}")
    return done


# ------------------------------------------------------------------------------------- checking


def integrity(db: Path) -> str | None:
    connection = sqlite3.connect(db)
    try:
        rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()
    return None if rows == ["ok"] else f"integrity check: {rows[:3]}"


def scalar(db: Path, query: str, *params: Any) -> Any:
    connection = sqlite3.connect(db)
    try:
        row = connection.execute(query, params).fetchone()
        return row[0] if row else None
    finally:
        connection.close()


def all_or_none(count: int, whole: int, before: int, finished: bool, what: str) -> str | None:
    if finished and count != before + whole:
        return f"{what}: acknowledged, but {count - before} of {whole} are stored"
    if count not in (before, before + whole):
        return f"{what}: {count - before} of {whole} stored (all or none expected)"
    return None


# ------------------------------------------------------------------------------------- scenarios


@dataclass
class Outcome:
    finished: bool  # the writer exited on its own with 0: everything it did is acknowledged
    acknowledged: list[str]  # the "ACK ..." lines it printed before it died


Check = Callable[[Path, Outcome], str | None]


@dataclass
class Scenario:
    name: str
    template: Callable[[Templates], Path]
    command: Callable[[Templates, Path], list[str]]
    check: Check


def cli(*arguments: str) -> Callable[[Templates, Path], list[str]]:
    def command(templates: Templates, db: Path) -> list[str]:
        expanded: list[str] = []
        for argument in arguments:
            if argument == "{flows}":
                expanded.extend(str(path) for path in templates.flow_files)
            elif argument == "{actions}":
                expanded.append(str(templates.actions_file))
            elif argument == "{crm}":
                expanded.append(str(templates.crm_file))
            else:
                expanded.append(argument)
        return [sys.executable, "-m", "cti_desktop", "--db", f"sqlite:///{db}", *expanded]

    return command


def looped(body: str) -> Callable[[Templates, Path], list[str]]:
    """A writer that repeats one write and prints "ACK <i>" after each one is done."""

    def command(templates: Templates, db: Path) -> list[str]:
        code = (
            "import sys\n"
            f"url = 'sqlite:///{db}'\n"
            "from cti_desktop.cli import main\n"
            f"for i in range({LOOPED_WRITES}):\n"
            f"{body}"
            "    print(f'ACK {i}', flush=True)\n"
        )
        return [sys.executable, "-c", code]

    return command


def check_actions(db: Path, outcome: Outcome) -> str | None:
    count = scalar(db, "SELECT count(*) FROM cti_action")
    return all_or_none(count, ACTIONS, 0, outcome.finished, "actions import")


def check_flows(db: Path, outcome: Outcome) -> str | None:
    count = scalar(db, "SELECT count(*) FROM flow")
    return all_or_none(count, FLOW_FILES, 1, outcome.finished, "flows import")


def check_crm(db: Path, outcome: Outcome) -> str | None:
    count = scalar(db, "SELECT count(*) FROM crm_record")
    return all_or_none(count, CRM_RECORDS, 0, outcome.finished, "CRM import")


def check_properties(db: Path, outcome: Outcome) -> str | None:
    for line in outcome.acknowledged:
        index = int(line.split()[1])
        value = scalar(db, "SELECT json_quote(value) FROM property WHERE key = ?", f"key{index}")
        if value is None or json.loads(value) not in (index, str(index)):
            return f"property key{index} was acknowledged but is {value!r}"
    return None


def check_runs(db: Path, outcome: Outcome) -> str | None:
    count = scalar(db, "SELECT count(*) FROM flow_run")
    if count < len(outcome.acknowledged):
        return f"{len(outcome.acknowledged)} runs acknowledged, {count} recorded"
    steps = scalar(db, "SELECT count(*) FROM flow_run_step")
    if steps != 3 * count:
        return f"{count} runs recorded with {steps} steps (3 each expected: a run is recorded whole)"
    return None


def check_drafts(db: Path, outcome: Outcome) -> str | None:
    if not outcome.acknowledged:
        return None
    last = int(outcome.acknowledged[-1].split()[1])
    values = scalar(db, "SELECT \"values\" FROM form_draft WHERE action_id = 1 AND contact_id = 'c-1'")
    typed = json.loads(values or "{}").get("note", "")
    if len(typed) < last + 1:
        return f"a draft of {last + 1} characters was acknowledged; {len(typed)} can be restored"
    return None


def check_upgrade(db: Path, outcome: Outcome) -> str | None:
    from cti_desktop.store.maintenance import check_file
    from cti_desktop.store.revisions import HEAD_REVISION

    revision = scalar(db, "SELECT version_num FROM alembic_version")
    tables = {row for row in _tables(db)}
    if revision == "0001" and "cti_action" in tables:
        return "the upgrade stopped half-way: revision 0001 with the next revision's tables"
    if revision not in ("0001", HEAD_REVISION):
        return f"the upgrade stopped at revision {revision}"
    if outcome.finished and revision != HEAD_REVISION:
        return "the upgrade was acknowledged but the revision is still 0001"
    for backup in db.parent.glob(f"{db.stem}.backup-*{db.suffix}"):
        health = check_file(backup)
        if health.revision != "0001" or (not health.ok and "no damage" not in health.findings[0]):
            return f"{backup.name} is named like a backup but is not one: {health.findings}"
    if scalar(db, "SELECT count(*) FROM flow") != UPGRADE_FLOWS:
        return "flows were lost"
    try:
        run(["db", "upgrade"], db)
    except RuntimeError as exc:
        return f"upgrading again failed: {exc}"
    return None


def _tables(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    finally:
        connection.close()


DRAFT_BODY = (
    "    if i == 0:\n"
    "        from cti_desktop.store.database import open_store\n"
    "        from cti_desktop.store.drafts import DraftRepository\n"
    "        drafts = DraftRepository(open_store(url))\n"
    "    drafts.save(1, 'c-1', {'note': 'x' * (i + 1)})\n"
)

SCENARIOS = [
    Scenario("actions import", lambda t: t.head_db, cli("actions", "import", "{actions}"), check_actions),
    Scenario("flows import", lambda t: t.head_db, cli("flows", "import", "{flows}"), check_flows),
    Scenario("CRM import", lambda t: t.head_db, cli("crm", "import", "{crm}"), check_crm),
    Scenario(
        "properties set",
        lambda t: t.head_db,
        looped("    assert main(['--db', url, 'properties', 'set', f'key{i}', str(i)]) == 0\n"),
        check_properties,
    ),
    Scenario(
        "runs recorded",
        lambda t: t.head_db,
        looped("    assert main(['--db', url, 'flows', 'run', 'Crash Flow']) == 0\n"),
        check_runs,
    ),
    Scenario("drafts typed", lambda t: t.head_db, looped(DRAFT_BODY), check_drafts),
    Scenario("schema upgrade", lambda t: t.earlier_db, cli("db", "upgrade"), check_upgrade),
]


# ------------------------------------------------------------------------------------- killing


def attempt(
    scenario: Scenario, templates: Templates, work: Path, delay: float | None
) -> tuple[Outcome, float]:
    """Run the writer on a fresh copy; kill it after `delay` seconds (None: let it finish)."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    db = work / "cti-desktop.db"
    shutil.copyfile(scenario.template(templates), db)
    # The writer's output goes to a file, not a pipe: a pipe nobody reads until the end would fill up
    # and stop the writer.
    output_file = work / "output.txt"
    began = time.monotonic()
    with output_file.open("w", encoding="utf-8") as output_handle:
        child = subprocess.Popen(
            scenario.command(templates, db),
            stdout=output_handle,
            stderr=subprocess.DEVNULL,
            env=env(),
            cwd=ROOT,
            text=True,
        )
        try:
            child.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait()
    elapsed = time.monotonic() - began
    output = output_file.read_text(encoding="utf-8")
    acknowledged = [line for line in output.splitlines() if line.startswith("ACK ")]
    return Outcome(child.returncode == 0, acknowledged), elapsed


def verify(scenario: Scenario, work: Path, outcome: Outcome) -> str | None:
    db = work / "cti-desktop.db"
    return integrity(db) or scenario.check(db, outcome)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=500, help="how many kills in all (default 500)")
    parser.add_argument("--seed", type=int, default=None, help="the random seed (default: from the clock)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="cti-crash-"))
    try:
        print(f"preparing databases and files in {folder} ...", flush=True)
        templates = Templates(folder)
        work = folder / "work"
        durations: dict[str, float] = {}
        by_scenario: dict[str, dict[str, Any]] = {}
        failures: list[dict[str, Any]] = []
        for scenario in SCENARIOS:
            outcome, durations[scenario.name] = attempt(scenario, templates, work, None)
            problem = verify(scenario, work, outcome)
            if not outcome.finished or problem:
                raise SystemExit(f"{scenario.name} does not work unkilled: {problem}")
            unkilled = round(durations[scenario.name], 2)
            by_scenario[scenario.name] = {"kills": 0, "survived": 0, "unkilled_s": unkilled}
        for number in range(args.kills):
            scenario = SCENARIOS[number % len(SCENARIOS)]
            delay = rng.uniform(0.0, durations[scenario.name])
            outcome, _ = attempt(scenario, templates, work, delay)
            problem = verify(scenario, work, outcome)
            figures = by_scenario[scenario.name]
            figures["kills"] += 1
            if problem is None:
                figures["survived"] += 1
            else:
                failures.append({"scenario": scenario.name, "delay_s": round(delay, 3), "problem": problem})
                print(f"  FAILED {scenario.name} after {delay:.3f} s: {problem}", flush=True)
            if (number + 1) % 25 == 0:
                print(f"{number + 1} kills ...", flush=True)
        survived = sum(f["survived"] for f in by_scenario.values())
        print()
        print(f"{'scenario':<18} {'kills':>6} {'survived':>9} {'unkilled (s)':>13}")
        for name, figures in by_scenario.items():
            print(f"{name:<18} {figures['kills']:>6} {figures['survived']:>9} {figures['unkilled_s']:>13}")
        print(f"{'all':<18} {args.kills:>6} {survived:>9}")
        result = {
            "kills": args.kills,
            "survived": survived,
            "seed": seed,
            "failures": failures,
            "by_scenario": by_scenario,
        }
        if args.json:
            args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
