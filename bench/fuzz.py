"""Fuzzing every input, measured: the properties of tests/fuzz run with many examples each.

    python bench/fuzz.py [--examples N] [--json PATH]

Each input (flow, action, CRM and settings files, run arguments, `properties set`, references, templates
and JSONata through the executor) is fed N hostile cases by hypothesis (default 2,000): deep nesting,
lone surrogates, NaN and Infinity, huge numbers, truncated and non-UTF-8 files, runaway expressions.
A case fails when it ends in a traceback, a hang (a run past its time limit by 2 s), a refusal that is not
clear (exit 2 with the reason on stderr) or a store changed by a refusal. Figures, not pass/fail: the
JSON holds `inputs` (cases and failures per input), `cases`, `failures`, `longest_run_s` (the longest
expression run, whose limit is 1 s) and `seconds`. CI runs the same properties with 40 examples each.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Test function -> the input it fuzzes, as the figures name it.
INPUTS = {
    "test_flow_files": "flow files",
    "test_action_files": "action files",
    "test_crm_json_files": "CRM files (JSON)",
    "test_crm_csv_files": "CRM files (CSV)",
    "test_settings_files": "settings files",
    "test_run_arguments": "run arguments",
    "test_properties_set": "properties set",
    "test_references_templates_and_expressions": "references, templates, JSONata",
}


class Collector:
    """A pytest plugin: the failures, per input, with the first line of what went wrong."""

    def __init__(self) -> None:
        self.failures: dict[str, list[str]] = {}

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.failed:
            name = report.nodeid.rsplit("::", 1)[-1]
            lines = [line for line in str(report.longrepr).splitlines() if line.startswith("E ")]
            self.failures.setdefault(INPUTS.get(name, name), []).append(
                (lines[0] if lines else f"{report.when} failed").removeprefix("E").strip()
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="cases per input (default 2000)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    os.environ["CTI_FUZZ_EXAMPLES"] = str(args.examples)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CTI_DESKTOP_NO_USER_FILES"] = "1"
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    import pytest

    collector = Collector()
    started = time.monotonic()
    print(f"fuzzing {len(INPUTS)} inputs with {args.examples} cases each ...", flush=True)
    pytest.main(
        ["tests/fuzz", "-q", "-p", "no:cacheprovider", "-o", "timeout=0", "--no-header", "-p", "no:warnings"],
        plugins=[collector],
    )
    seconds = time.monotonic() - started
    support = sys.modules["tests.fuzz.support"]
    cases: dict[str, int] = dict(support.CASES)
    inputs = {
        name: {"cases": cases.get(name, 0), "failures": collector.failures.get(name, [])}
        for name in INPUTS.values()
    }
    figures = {
        "examples_per_input": args.examples,
        "inputs": inputs,
        "cases": sum(cases.values()),
        "failures": sum(len(one["failures"]) for one in inputs.values()),
        "longest_run_s": round(support.LONGEST_RUN_S[0], 3),
        "seconds": round(seconds, 1),
    }
    print()
    print(f"{'input':<32} {'cases':>7} {'failures':>9}")
    for name, one in inputs.items():
        print(f"{name:<32} {one['cases']:>7} {len(one['failures']):>9}")
        for failure in one["failures"]:
            print(f"    {failure}")
    print(f"{'all':<32} {figures['cases']:>7} {figures['failures']:>9}")
    longest, seconds_in_all = figures["longest_run_s"], figures["seconds"]
    print(f"longest expression run: {longest} s (time limit 1 s); {seconds_in_all} s in all")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
