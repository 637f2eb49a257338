"""Tidy: a flow laid out left to right in run order, without Qt.

A layered layout (after Sugiyama): each block goes in the column of its longest path from where the run
starts, so every link but a loop points right; within a column the blocks follow their parents' outcome
order (a block's branches stack in the order of its outcomes) and a few sweeps reorder them to cross fewer
links; then each block is set level with its parent (a row lower per outcome), pushed down only as far as
needed so no two blocks overlap. Links that jump several columns get a lane of their own through the
columns they cross, so they run between blocks rather than through them. Links back to an earlier
block (loops) are left out of the ordering; the canvas draws them around. Blocks no path from the start
reaches are laid out the same way, group by group, below.

Sizes are in the file's units (the canvas draws a block `POSITION_SCALE` times larger): `card_size`
gives the size of the canvas's card for a block, the canvas checks it draws the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from cti_desktop.flows.document import START_TYPE, Action, FlowDocument
from cti_desktop.flows.editing import position_of
from cti_desktop.flows.registry import BlockRegistry

__all__ = [
    "Size",
    "card_size",
    "count_crossings",
    "outcomes_of",
    "overlaps",
    "tidy",
]

Size = tuple[float, float]
Point = tuple[float, float]

# The canvas's card, in its own units, and the factor between those and the file's.
CANVAS_SCALE = 1.35
CARD_WIDTH = 200.0
CARD_HEADER = 46.0
CARD_ROW = 22.0
CARD_FOOT = 8.0

# Room between columns and between blocks of a column, in the file's units.
GAP_X = 70.0
GAP_Y = 24.0
# Height a link passing through a column takes there, and the room between laid-out groups.
LANE = 14.0
GROUP_GAP = 60.0
SWEEPS = 6


def outcomes_of(action: Action, registry: BlockRegistry) -> list[str]:
    """The block's outcomes as the canvas lists them: declared ones, then ports only the file has."""
    spec = registry.get(action.type)
    declared = list(spec.outcomes) if spec is not None else []
    return declared + [outcome for outcome in action.ports if outcome not in declared]


def card_size(action: Action, registry: BlockRegistry) -> Size:
    rows = len(outcomes_of(action, registry))
    height = CARD_HEADER + CARD_ROW * rows + (CARD_FOOT if rows else 0.0)
    return CARD_WIDTH / CANVAS_SCALE, height / CANVAS_SCALE


def port_offset(index: int) -> float:
    """How far below a block's top its `index`th outcome port is, in the file's units."""
    return (CARD_HEADER + CARD_ROW * index + CARD_ROW / 2) / CANVAS_SCALE


INPUT_OFFSET = CARD_HEADER / 2 / CANVAS_SCALE


@dataclass(slots=True, eq=False)
class _Node:
    key: str  # a block id, or a lane's made-up key
    size: Size
    lane: bool = False
    layer: int = 0
    order: float = 0.0
    y: float = 0.0
    # (node, outcome index at the source) for links from the previous column, and to the next one.
    preds: list[tuple[_Node, int]] = field(default_factory=list)
    succs: list[tuple[_Node, int]] = field(default_factory=list)


def tidy(
    document: FlowDocument,
    registry: BlockRegistry,
    sizes: Mapping[str, Size] | None = None,
) -> dict[str, Point]:
    """New positions (file units) for every block with a unique id, keyed by id. The laid-out flow
    starts where the blocks' top-left corner was (or at 0, 0)."""
    actions: dict[str, Action] = {}
    for action in document.actions:
        actions.setdefault(action.id, action)
    if not actions:
        return {}
    size_of: Callable[[str], Size] = (
        (lambda block_id: sizes.get(block_id) or card_size(actions[block_id], registry))
        if sizes is not None
        else (lambda block_id: card_size(actions[block_id], registry))
    )
    links = {
        block_id: [
            (index, target)
            for index, outcome in enumerate(outcomes_of(action, registry))
            if (target := action.ports.get(outcome)) in actions
        ]
        for block_id, action in actions.items()
    }
    positions: dict[str, Point] = {}
    top = 0.0
    for group in _groups(actions, links):
        laid = _lay_out(group, links, size_of)
        bottom = max(y + size_of(block_id)[1] for block_id, (_, y) in laid.items())
        for block_id, (x, y) in laid.items():
            positions[block_id] = (x, y + top)
        top += bottom + GROUP_GAP
    origin = _top_left(actions.values())
    # Whole numbers, as the adapter writes them; tidying a tidy flow then moves nothing.
    return {
        block_id: (float(round(x + origin[0])), float(round(y + origin[1])))
        for block_id, (x, y) in positions.items()
    }


def _top_left(actions: Iterable[Action]) -> Point:
    points = [point for action in actions if (point := position_of(action)) is not None]
    if not points:
        return 0.0, 0.0
    return min(x for x, _ in points), min(y for _, y in points)


def _groups(actions: Mapping[str, Action], links: Mapping[str, list[tuple[int, str]]]) -> list[list[str]]:
    """Blocks in depth-first run order, from SE_Start, then from each block nothing leads to, then from
    what is left (loops nothing enters): one group per walk, each holding what its walk reached first."""
    incoming = {target for targets in links.values() for _, target in targets}
    starts = [block_id for block_id, action in actions.items() if action.type == START_TYPE]
    roots = starts + [b for b in actions if b not in incoming and b not in starts] + list(actions)
    seen: set[str] = set()
    groups: list[list[str]] = []
    for root in roots:
        if root in seen:
            continue
        group: list[str] = []
        pending = [root]
        while pending:
            block_id = pending.pop()
            if block_id in seen:
                continue
            seen.add(block_id)
            group.append(block_id)
            # Reversed, so the first outcome is walked first.
            pending.extend(target for _, target in reversed(links[block_id]) if target not in seen)
        groups.append(group)
    return groups


def _forward_links(
    group: list[str], links: Mapping[str, list[tuple[int, str]]]
) -> list[tuple[str, int, str]]:
    """The group's links without those that close a loop (found by a depth-first walk from its first
    block, in outcome order): what is left has no cycle."""
    members = set(group)
    state: dict[str, int] = {}  # 1 on the walk's path, 2 done
    back: set[tuple[str, int]] = set()
    for root in group:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            block_id, next_index = stack[-1]
            targets = links[block_id]
            if next_index >= len(targets):
                state[block_id] = 2
                stack.pop()
                continue
            stack[-1] = (block_id, next_index + 1)
            index, target = targets[next_index]
            if target not in members:
                continue
            if state.get(target) == 1:
                back.add((block_id, index))
            elif target not in state:
                state[target] = 1
                stack.append((target, 0))
    return [
        (block_id, index, target)
        for block_id in group
        for index, target in links[block_id]
        if target in members and (block_id, index) not in back
    ]


def _lay_out(
    group: list[str], links: Mapping[str, list[tuple[int, str]]], size_of: Callable[[str], Size]
) -> dict[str, Point]:
    forward = _forward_links(group, links)
    nodes = {block_id: _Node(block_id, size_of(block_id)) for block_id in group}
    # Columns: the longest path from the group's first blocks (links only point right).
    preds: dict[str, list[str]] = {block_id: [] for block_id in group}
    for source, _, target in forward:
        preds[target].append(source)
    for block_id in _topological(group, forward):
        node = nodes[block_id]
        node.layer = max((nodes[p].layer + 1 for p in preds[block_id]), default=0)
    layers: list[list[_Node]] = [[] for _ in range(max(node.layer for node in nodes.values()) + 1)]
    for rank, block_id in enumerate(group):
        node = nodes[block_id]
        node.order = float(rank)
        layers[node.layer].append(node)
    # Links that skip columns get a lane node in each column they cross.
    for source, index, target in forward:
        start, end = nodes[source], nodes[target]
        previous, previous_index = start, index
        for column in range(start.layer + 1, end.layer):
            lane = _Node(f"{source}:{index}:{column}", (size_of(source)[0], LANE), lane=True, layer=column)
            lane.order = start.order + 0.5
            layers[column].append(lane)
            _link(previous, previous_index, lane)
            previous, previous_index = lane, 0
        _link(previous, previous_index, end)
    for layer in layers:
        layer.sort(key=lambda node: node.order)
        _renumber(layer)
    _reduce_crossings(layers)
    # Two ways of levelling where links meet: keep the one whose drawn links cross less.
    candidates = [_coordinates(layers, middle) for middle in (False, True)]
    widths = {block_id: size_of(block_id)[0] for block_id in group}
    return min(candidates, key=lambda positions: _segment_crossings(forward, positions, widths))


def _link(source: _Node, index: int, target: _Node) -> None:
    source.succs.append((target, index))
    target.preds.append((source, index))


def _topological(group: list[str], forward: list[tuple[str, int, str]]) -> list[str]:
    count = {block_id: 0 for block_id in group}
    out: dict[str, list[str]] = {block_id: [] for block_id in group}
    for source, _, target in forward:
        count[target] += 1
        out[source].append(target)
    ready = [block_id for block_id in group if count[block_id] == 0]
    ready.reverse()
    ordered: list[str] = []
    while ready:
        block_id = ready.pop()
        ordered.append(block_id)
        for target in reversed(out[block_id]):
            count[target] -= 1
            if count[target] == 0:
                ready.append(target)
    return ordered


def _renumber(layer: list[_Node]) -> None:
    for rank, node in enumerate(layer):
        node.order = float(rank)


def _slot(node: _Node, index: int) -> float:
    """Where a link leaves its source, as a rank: outcomes stacked in their order."""
    return node.order + (index + 1) / (len(node.succs) + 2)


def _reduce_crossings(layers: list[list[_Node]]) -> None:
    """Barycentre sweeps, down then up, keeping the order that crosses the fewest links."""
    best = [list(layer) for layer in layers]
    best_count = _crossings(layers)
    for sweep in range(SWEEPS):
        down = sweep % 2 == 0
        sequence = range(1, len(layers)) if down else range(len(layers) - 2, -1, -1)
        for index in sequence:
            layer = layers[index]

            def key(node: _Node, down: bool = down) -> float:
                near = node.preds if down else node.succs
                if not near:
                    return node.order
                if down:
                    return sum(_slot(source, outcome) for source, outcome in near) / len(near)
                return sum(target.order for target, _ in near) / len(near)

            layer.sort(key=key)
            _renumber(layer)
        count = _crossings(layers)
        if count < best_count:
            best, best_count = [list(layer) for layer in layers], count
    for index, layer in enumerate(best):
        layers[index][:] = layer
        _renumber(layers[index])


def _crossings(layers: list[list[_Node]]) -> int:
    total = 0
    for layer in layers[:-1]:
        ends = [(_slot(source, index), target.order) for source in layer for target, index in source.succs]
        ends.sort()
        for i, (_, b1) in enumerate(ends):
            for a2, b2 in ends[i + 1 :]:
                if b2 < b1 and a2 != ends[i][0]:
                    total += 1
    return total


def _coordinates(layers: list[list[_Node]], middle: bool) -> dict[str, Point]:
    """Each block level with its first parent, pushed down only as far as the block above it in its
    column needs; columns as wide as their widest block."""
    x = 0.0
    positions: dict[str, Point] = {}
    for layer in layers:
        bottom = -GAP_Y
        for node in layer:
            wanted = _wanted_y(node, middle)
            gap = LANE / 2 if node.lane else GAP_Y
            node.y = max(wanted, bottom + gap) if wanted is not None else bottom + gap
            bottom = node.y + node.size[1]
            if not node.lane:
                positions[node.key] = (x, node.y)
        width = max((node.size[0] for node in layer), default=0.0)
        x += width + GAP_X
    low = min((y for _, y in positions.values()), default=0.0)
    return {key: (px, py - low) for key, (px, py) in positions.items()}


def _wanted_y(node: _Node, middle: bool) -> float | None:
    """Level with the parent for its first outcome, one row lower for each later one, so a chain of
    blocks reads on one line and branches step down in outcome order. Where links meet: level with
    the first parent, or (`middle`) with the middle one."""
    if not node.preds:
        return None
    if not middle:
        source, index = min(node.preds, key=lambda pair: (pair[0].order, pair[1]))
        return _level(source, index, node)
    levels = sorted(_level(source, index, node) for source, index in node.preds)
    return levels[(len(levels) - 1) // 2]


def _level(source: _Node, index: int, node: _Node) -> float:
    """Where `node` wants its top for the link from `source`'s `index`th outcome: a lane runs at the
    height of the port it carries on from; a block sits level with its parent (a row lower per
    outcome), its input a little above the port."""
    link = source.y + (LANE / 2 if source.lane else port_offset(index))
    if node.lane:
        return link - LANE / 2
    return link - port_offset(0)


# -------------------------------------------------------------------------------------- checks (tests)


def overlaps(positions: Mapping[str, Point], sizes: Mapping[str, Size]) -> list[tuple[str, str]]:
    """Pairs of blocks whose cards overlap at these positions."""
    boxes = sorted((x, y, x + sizes[key][0], y + sizes[key][1], key) for key, (x, y) in positions.items())
    found = []
    for i, (left, top, right, bottom, key) in enumerate(boxes):
        for other_left, other_top, other_right, other_bottom, other in boxes[i + 1 :]:
            if other_left >= right:
                break
            if other_top < bottom and top < other_bottom and left < other_right:
                found.append((key, other))
    return found


def count_crossings(document: FlowDocument, registry: BlockRegistry, positions: Mapping[str, Point]) -> int:
    """How many pairs of links cross, drawn as straight lines from outcome port to input, among links
    that point right (loops are drawn around)."""
    links: list[tuple[str, int, str]] = []
    widths: dict[str, float] = {}
    for action in document.actions:
        widths[action.id] = card_size(action, registry)[0]
        for index, outcome in enumerate(outcomes_of(action, registry)):
            target = action.ports.get(outcome)
            if target is not None:
                links.append((action.id, index, target))
    return _segment_crossings(links, positions, widths)


def _segment_crossings(
    links: Iterable[tuple[str, int, str]], positions: Mapping[str, Point], widths: Mapping[str, float]
) -> int:
    segments: list[tuple[Point, Point, str, str]] = []
    for source, index, target in links:
        if source not in positions or target not in positions:
            continue
        (sx, sy), (tx, ty) = positions[source], positions[target]
        if tx <= sx:
            continue
        start = (sx + widths[source], sy + port_offset(index))
        segments.append((start, (tx, ty + INPUT_OFFSET), source, target))
    total = 0
    for i, (a1, a2, s1, t1) in enumerate(segments):
        for b1, b2, s2, t2 in segments[i + 1 :]:
            if s1 == s2 or t1 == t2:
                continue  # links sharing an end meet there, they do not cross
            if _cross(a1, a2, b1, b2):
                total += 1
    return total


def _cross(a1: Point, a2: Point, b1: Point, b2: Point) -> bool:
    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2 = side(b1, b2, a1), side(b1, b2, a2)
    d3, d4 = side(a1, a2, b1), side(a1, a2, b2)
    return d1 * d2 < 0 and d3 * d4 < 0
