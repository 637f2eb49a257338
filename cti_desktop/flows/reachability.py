"""What the links of a flow allow, without running it: loops no run can leave, and which blocks can
have run before a given one (so a reference to `$.actions.<id>` has something to read).

Only declared outcomes count: a port named after an outcome the block never takes is never followed.
An outcome left unconnected ends the run, so it is a way out of a loop; so is a block of a type nobody
declared (the run fails there) and `SE_End`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cti_desktop.domain.problems import Problem
from cti_desktop.flows.registry import BlockRegistry

if TYPE_CHECKING:
    from cti_desktop.flows.document import FlowDocument

__all__ = ["before", "loop_problems", "loops", "reference_problems", "referenced_blocks", "successors"]

# `$.actions.<id>` in a reference or a template; an id runs to the next dot, space, bracket or quote.
_ACTION_REFERENCE = re.compile(r"\$\.actions\.([^.\s\[\]{}()'\",]+)")

END_TYPE = "SE_End"
START_TYPE = "SE_Start"


def successors(document: FlowDocument, registry: BlockRegistry) -> dict[str, list[str]]:
    """For each block (first of an id used twice), the blocks its declared outcomes lead to, in the
    order of those outcomes (an unknown block type: every port)."""
    ids = {action.id for action in document.actions}
    out: dict[str, list[str]] = {}
    for action in document.actions:
        if action.id in out:
            continue
        spec = registry.get(action.type)
        outcomes = list(spec.outcomes) if spec is not None else list(action.ports)
        out[action.id] = [target for outcome in outcomes if (target := action.ports.get(outcome)) in ids]
    return out


def _has_exit(document: FlowDocument, registry: BlockRegistry, block_id: str, within: set[str]) -> bool:
    action = document.action(block_id)
    if action is None:
        return True
    spec = registry.get(action.type)
    if spec is None or action.type == END_TYPE or not spec.outcomes:
        return True
    return any(action.ports.get(outcome) not in within for outcome in spec.outcomes)


def loops(graph: dict[str, list[str]]) -> Iterator[list[str]]:
    """Each loop of the graph (a strongly connected set of blocks with a link inside it), its blocks
    in the graph's order (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    order = {block_id: rank for rank, block_id in enumerate(graph)}
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, position = work[-1]
            targets = graph[node]
            if position < len(targets):
                work[-1] = (node, position + 1)
                target = targets[position]
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1 or node in graph[node]:
                    yield sorted(members, key=order.__getitem__)


def loop_problems(document: FlowDocument, registry: BlockRegistry) -> list[Problem]:
    """A warning for each loop no outcome leaves: once a run enters it, it goes round until its step
    budget or time limit stops it. Named on the loop's first block."""
    graph = successors(document, registry)
    problems = []
    for members in loops(graph):
        within = set(members)
        if any(_has_exit(document, registry, block_id, within) for block_id in members):
            continue
        names = ", ".join(members)
        what = "this block leads only back to itself" if len(members) == 1 else f"the loop {names}"
        problems.append(
            Problem(
                members[0],
                f"{what} has no way out (every outcome stays in the loop): a run that gets here goes "
                "round until its step budget or time limit stops it",
            )
        )
    return problems


def reachable(graph: dict[str, list[str]], start: str) -> set[str]:
    seen = {start}
    pending = [start]
    while pending:
        for target in graph.get(pending.pop(), ()):
            if target not in seen:
                seen.add(target)
                pending.append(target)
    return seen


def before(document: FlowDocument, registry: BlockRegistry) -> dict[str, set[str]]:
    """For each block, the blocks that can have run before it in some run from SE_Start (itself too, if
    a loop leads back to it). Blocks no run reaches have nothing before them."""
    graph = successors(document, registry)
    starts = [action.id for action in document.actions if action.type == START_TYPE]
    if len(starts) != 1:
        return {block_id: set() for block_id in graph}
    from_start = reachable(graph, starts[0])
    backwards: dict[str, list[str]] = {block_id: [] for block_id in graph}
    for source, targets in graph.items():
        if source in from_start:
            for target in targets:
                backwards[target].append(source)
    result: dict[str, set[str]] = {}
    for block_id in graph:
        if block_id not in from_start:
            result[block_id] = set()
            continue
        ancestors: set[str] = set()
        pending = list(backwards[block_id])
        while pending:
            source = pending.pop()
            if source not in ancestors:
                ancestors.add(source)
                pending.extend(backwards[source])
        result[block_id] = ancestors
    return result


def referenced_blocks(value: Any) -> list[str]:
    """The block ids `$.actions.<id>` names anywhere in a control's value (texts, lists, objects)."""
    found: list[str] = []
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            found.extend(match.group(1) for match in _ACTION_REFERENCE.finditer(item))
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return list(dict.fromkeys(found))


def reference_problems(document: FlowDocument, registry: BlockRegistry) -> list[Problem]:
    """A warning for each reference to `$.actions.<id>` of a block that is not in the flow, or that
    cannot have run before the block that reads it (which then finds nothing there). Blocks no run
    reaches are left out: they are warned about already."""
    graph = successors(document, registry)
    starts = [action.id for action in document.actions if action.type == START_TYPE]
    if len(starts) != 1:
        return []
    runs = reachable(graph, starts[0])
    earlier = before(document, registry)
    problems = []
    checked: set[str] = set()
    for action in document.actions:
        if action.id in checked or action.id not in runs:
            continue
        checked.add(action.id)
        for name, value in action.controls.items():
            for target in referenced_blocks(value):
                reference = f"control '{name}' refers to $.actions.{target}"
                if target not in graph:
                    problems.append(Problem(action.id, f"{reference}, which is not in the flow"))
                elif target not in earlier[action.id]:
                    problems.append(
                        Problem(
                            action.id,
                            f"{reference}, but no run goes through block '{target}' before this one, "
                            "so it finds nothing there",
                        )
                    )
    return problems
