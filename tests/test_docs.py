"""docs/flows.md describes every declared block type, control, outcome and result.

The doc is read against the registry (not the block modules' files), so a block added, renamed or given
a new control or outcome without its entry in the doc fails here instead of drifting silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.registry import BlockRegistry, BlockSpec, ControlSpec

DOC = Path(__file__).resolve().parent.parent / "docs" / "flows.md"

_CATEGORY_RE = re.compile(r"^### (.+)$")
_BLOCK_RE = re.compile(r"^#### `(\w+)`: (.+)$")
_HEADING_RE = re.compile(r"^#{1,6} ")
_CONTROL_ROW_RE = re.compile(r"^\| `(\w+)` \|")
_OUTCOMES_RE = re.compile(r"^Outcomes: (.*?)$\nResults: (.*?)(?:\n\n|\Z)", re.MULTILINE | re.DOTALL)
_CODE_RE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True, slots=True)
class Entry:
    """One block's section of the doc: from its `#### `TYPE`: Title` heading to the next heading."""

    category: str
    title: str
    body: str


def read_entries(text: str) -> tuple[dict[str, Entry], list[str]]:
    """The doc's block entries by type, and the types that have more than one entry."""
    entries: dict[str, Entry] = {}
    repeated: list[str] = []
    category = ""
    current: tuple[str, str] | None = None
    body: list[str] = []

    def close() -> None:
        if current is None:
            return
        block_type, title = current
        if block_type in entries:
            repeated.append(block_type)
        entries[block_type] = Entry(category, title, "\n".join(body).strip() + "\n")

    for line in text.splitlines():
        block = _BLOCK_RE.match(line)
        if _HEADING_RE.match(line):
            close()
            current, body = None, []
        if block is not None:
            current = (block.group(1), block.group(2).strip())
            continue
        section = _CATEGORY_RE.match(line)
        if section is not None:
            category = section.group(1).strip()
        elif current is not None:
            body.append(line)
    close()
    return entries, repeated


def _controls_documented(body: str) -> set[str]:
    return {match.group(1) for line in body.splitlines() if (match := _CONTROL_ROW_RE.match(line))}


def _entry_problems(spec: BlockSpec, entry: Entry) -> list[str]:
    where = f"{spec.type} in docs/flows.md"
    problems = []
    if entry.title != spec.title:
        problems.append(f"{where}: the title is '{entry.title}', the declaration says '{spec.title}'")
    if entry.category != spec.category:
        problems.append(
            f"{where}: listed under '{entry.category}', the declaration's category is '{spec.category}'"
        )
    declared: tuple[ControlSpec, ...] = spec.controls
    documented = _controls_documented(entry.body)
    for control in declared:
        if control.name not in documented:
            problems.append(f"{where}: the control '{control.name}' has no row")
    for name in sorted(documented - {control.name for control in declared}):
        problems.append(f"{where}: the control '{name}' has a row but is not declared")
    lines = _OUTCOMES_RE.search(entry.body)
    if lines is None:
        problems.append(f"{where}: no 'Outcomes:' line followed by a 'Results:' line")
        return problems
    outcomes = set(_CODE_RE.findall(lines.group(1)))
    for outcome in spec.outcomes:
        if outcome not in outcomes:
            problems.append(f"{where}: the outcome '{outcome}' is not listed")
    for outcome in sorted(outcomes - set(spec.outcomes)):
        problems.append(f"{where}: the outcome '{outcome}' is listed but not declared")
    results = set(_CODE_RE.findall(lines.group(2)))
    for result in spec.results:
        if result not in results:
            problems.append(f"{where}: the result '{result}' is not listed")
    return problems


def doc_problems(text: str, registry: BlockRegistry) -> list[str]:
    """Everything in which the doc and the registry disagree, in words."""
    entries, repeated = read_entries(text)
    problems = [f"{block_type} has more than one entry in docs/flows.md" for block_type in repeated]
    for spec in registry.all():
        entry = entries.get(spec.type)
        if entry is None:
            problems.append(f"{spec.type} ({spec.title}) has no entry in docs/flows.md")
        else:
            problems.extend(_entry_problems(spec, entry))
    for block_type in entries:
        if block_type not in registry:
            problems.append(f"docs/flows.md describes {block_type}, which is not a declared block type")
    return problems


@pytest.fixture(scope="module")
def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_the_doc_describes_every_declared_block_exactly(doc_text: str) -> None:
    assert doc_problems(doc_text, default_registry()) == []


def test_every_declared_block_type_has_one_entry(doc_text: str) -> None:
    entries, repeated = read_entries(doc_text)
    assert repeated == []
    assert set(entries) == {spec.type for spec in default_registry().all()}


# The checks above can fail: each kind of drift, made on a copy of the doc, is reported.


def test_a_block_without_an_entry_is_reported(doc_text: str) -> None:
    text = re.sub(r"^#### `SE_Delay`: .*?(?=^#### )", "", doc_text, flags=re.MULTILINE | re.DOTALL)
    assert doc_problems(text, default_registry()) == ["SE_Delay (Delay) has no entry in docs/flows.md"]


def test_a_missing_control_row_is_reported(doc_text: str) -> None:
    text = doc_text.replace("| `timeoutMs` | number |", "| timeoutMs | number |")
    assert doc_problems(text, default_registry()) == [
        "SE_HttpRequest in docs/flows.md: the control 'timeoutMs' has no row"
    ]


def test_a_missing_outcome_and_result_are_reported(doc_text: str) -> None:
    entries, _ = read_entries(doc_text)
    divide = entries["SE_Divide"].body
    broken = divide.replace("Outcomes: `success`, `failure`.", "Outcomes: `success`.").replace(
        "Results: `value`.", "Results: none."
    )
    assert doc_text.count(divide.strip()) == 1
    text = doc_text.replace(divide.strip(), broken.strip())
    assert doc_problems(text, default_registry()) == [
        "SE_Divide in docs/flows.md: the outcome 'failure' is not listed",
        "SE_Divide in docs/flows.md: the result 'value' is not listed",
    ]


def test_an_undeclared_block_in_the_doc_is_reported(doc_text: str) -> None:
    text = (
        doc_text + "\n#### `SE_Teleport`: Teleport\n\nControls: none.\n\nOutcomes: `done`.\nResults: none.\n"
    )
    assert doc_problems(text, default_registry()) == [
        "docs/flows.md describes SE_Teleport, which is not a declared block type"
    ]
