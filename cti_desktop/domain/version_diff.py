"""What changed between two saved versions of a CTI action or a flow, in words a supervisor reads.

A version's content is the JSON the store keeps (`store.versions`): for an action its fields, payload
rows and form; for a flow its settings and its document in the CTI Adapter's format (blocks under
"actions", each with "id", "type", "controls", "ports" and "meta"). `diff_actions` and `diff_flows` give
one `DiffLine` per difference, in a stable order (settings first, then rows, fields, blocks, links);
identical contents give none. Values are shown short: text quoted, long text and JSON cut with "…".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from cti_desktop.domain.actions import CtiAction

Change = Literal["added", "removed", "changed"]

# A value longer than this is cut, with "…" at the end.
MAX_VALUE: Final = 80

_ACTION_FIELDS: Final = (
    ("name", "Name"),
    ("flow_id", "Flow"),
    ("order", "Order"),
    ("active", "Active"),
    ("shortcut", "Shortcut"),
    ("title", "Form title"),
    ("instructions", "Form instructions"),
)
_FLOW_SETTINGS: Final = (
    ("name", "Name"),
    ("description", "Description"),
    ("source", "Source"),
    ("event", "Event"),
    ("active", "Active"),
)
_FIELD_PROPERTIES: Final = {
    "name": "key",
    "label": "label",
    "type": "type",
    "required": "required",
    "placeholder": "placeholder",
    "help": "help",
    "default": "default",
    "options": "options",
    "validation": "validation",
    "visibleWhen": "shown when",
    "sensitive": "sensitive",
}
# Keys of a block that are compared on their own (or not at all: `ports` become links).
_BLOCK_KEYS: Final = frozenset({"id", "type", "title", "controls", "ports", "meta", "position"})


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One difference. `where` names the thing ("Form field 'Amount'", "Block 'Create Task' (id 3)");
    `detail` the part of it that changed ("label", "control 'subject'"), empty when the thing itself was
    added, removed or changed whole; `before` and `after` are short readable values ("" when absent)."""

    change: Change
    where: str
    before: str = ""
    after: str = ""
    detail: str = ""

    @property
    def text(self) -> str:
        """One readable sentence."""
        if self.change == "added":
            return f"{self.where} added" + (f": {self.after}." if self.after else ".")
        if self.change == "removed":
            return f"{self.where} removed" + (f" (was {self.before})." if self.before else ".")
        part = f"{self.where}, {self.detail}" if self.detail else self.where
        return f"{part} changed from {self.before or '(nothing)'} to {self.after or '(nothing)'}."


def short(value: Any, limit: int = MAX_VALUE) -> str:
    """A value as a person reads it, at most `limit` characters: text in quotes, yes/no, compact JSON."""
    if value is None:
        shown = "(none)"
    elif isinstance(value, bool):
        shown = "yes" if value else "no"
    elif isinstance(value, str):
        flat = " ".join(value.split())
        if not flat:
            return "(empty)"
        return f"“{_cut(flat, limit - 2, words=True)}”"
    elif isinstance(value, int | float):
        shown = str(value)
    elif isinstance(value, Mapping | list | tuple) and not value:
        shown = "(empty)"
    else:
        shown = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return _cut(shown, limit)


def _cut(text: str, limit: int, *, words: bool = False) -> str:
    """At most `limit` characters, ending in "…" when cut; text is cut after a word where one ends near."""
    if len(text) <= limit:
        return text
    kept = text[: max(limit - 1, 1)]
    if words and " " in kept[-15:]:
        kept = kept[: kept.rindex(" ")]
    return kept.rstrip() + "…"


def _equal(old: Any, new: Any) -> bool:
    """Equal as JSON: an absent value, None, "" and an empty list or object are all "nothing"."""
    return _normal(old) == _normal(new)


def _normal(value: Any) -> Any:
    if value is None or value == "" or value == [] or value == {}:
        return None
    return value


# ---------------------------------------------------------------------------------------------- actions


def action_content(action: CtiAction) -> dict[str, Any]:
    """An action in the shape its saved versions have (what `diff_actions` compares)."""
    return {
        "name": action.name,
        "flow_id": action.flow_id,
        "order": action.order,
        "active": action.active,
        "shortcut": action.shortcut,
        "payload": [entry.to_json() for entry in action.payload],
        "title": action.form.title,
        "instructions": action.form.instructions,
        "form": {"fields": [f.to_json() for f in action.form.fields]},
    }


def diff_actions(
    old: Mapping[str, Any], new: Mapping[str, Any], flow_names: Mapping[int, str] | None = None
) -> list[DiffLine]:
    """The differences between two versions of a CTI action. `flow_names` (flow id → name) names the
    flow the action runs; without it, or for a flow not in it, the flow shows as "flow #id"."""
    names = flow_names or {}

    def flow(value: Any) -> str:
        if value is None:
            return "(none)"
        return f"“{names[value]}”" if value in names else f"flow #{value}"

    lines: list[DiffLine] = []
    for key, label in _ACTION_FIELDS:
        before, after = old.get(key), new.get(key)
        if _equal(before, after):
            continue
        if key == "flow_id":
            lines.append(DiffLine("changed", label, flow(before), flow(after)))
        else:
            lines.append(DiffLine("changed", label, short(before), short(after)))
    lines += _diff_payload(old.get("payload") or [], new.get("payload") or [])
    lines += _diff_form(old.get("form") or {}, new.get("form") or {})
    known = {key for key, _ in _ACTION_FIELDS} | {"payload", "form"}
    lines += _diff_other(old, new, known, "Setting")
    return lines


def _rows(rows: Iterable[Any]) -> dict[str, Any]:
    """Payload rows by key (the first row of a key wins: keys are unique in a valid action)."""
    found: dict[str, Any] = {}
    for row in rows:
        if isinstance(row, Mapping):
            found.setdefault(str(row.get("key", "")), row.get("value"))
    return found


def _diff_payload(old: list[Any], new: list[Any]) -> list[DiffLine]:
    before, after = _rows(old), _rows(new)
    lines: list[DiffLine] = []
    for key in before:
        if key not in after:
            lines.append(DiffLine("removed", f"Payload row '{key}'", before=short(before[key])))
        elif not _equal(before[key], after[key]):
            lines.append(
                DiffLine("changed", f"Payload row '{key}'", short(before[key]), short(after[key]), "value")
            )
    lines += [
        DiffLine("added", f"Payload row '{key}'", after=short(after[key]))
        for key in after
        if key not in before
    ]
    lines += _diff_order("Payload rows' order", list(before), list(after))
    return lines


def _diff_order(where: str, before: list[str], after: list[str]) -> list[DiffLine]:
    """A line when the items both versions have are in another order."""
    kept_before = [key for key in before if key in after]
    kept_after = [key for key in after if key in before]
    if kept_before == kept_after:
        return []
    return [DiffLine("changed", where, short(", ".join(kept_before)), short(", ".join(kept_after)))]


def _fields(form: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    found: dict[str, Mapping[str, Any]] = {}
    for field in form.get("fields") or []:
        if isinstance(field, Mapping):
            found.setdefault(str(field.get("name", "")), field)
    return found


def _field_where(name: str, *fields: Mapping[str, Any] | None) -> str:
    label = next(
        (str(f.get("label", "")).strip() for f in fields if f and str(f.get("label", "")).strip()), ""
    )
    if label and label != name:
        return f"Form field '{label}' ({name})"
    return f"Form field '{name}'"


def _field_summary(field: Mapping[str, Any]) -> str:
    kind = str(field.get("type") or "text")
    return f"{kind} field" + (", required" if field.get("required") else "")


def _diff_form(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[DiffLine]:
    before, after = _fields(old), _fields(new)
    lines: list[DiffLine] = []
    for key in ("title", "instructions"):  # kept in the form itself by some versions
        if not _equal(old.get(key), new.get(key)):
            lines.append(DiffLine("changed", f"Form {key}", short(old.get(key)), short(new.get(key))))
    for name, field in before.items():
        if name not in after:
            lines.append(DiffLine("removed", _field_where(name, field), before=_field_summary(field)))
            continue
        other = after[name]
        where = _field_where(name, other, field)
        for key in _property_keys(field, other):
            if not _equal(field.get(key), other.get(key)):
                detail = _FIELD_PROPERTIES.get(key, key)
                lines.append(DiffLine("changed", where, short(field.get(key)), short(other.get(key)), detail))
    lines += [
        DiffLine("added", _field_where(name, field), after=_field_summary(field))
        for name, field in after.items()
        if name not in before
    ]
    lines += _diff_order("Form fields' order", list(before), list(after))
    return lines


def _property_keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """A field's properties in the editor's order, then any others by name; not its key (the identity)."""
    known = [key for key in _FIELD_PROPERTIES if key != "name"]
    others = sorted((set(old) | set(new)) - set(_FIELD_PROPERTIES))
    return known + others


def _diff_other(
    old: Mapping[str, Any], new: Mapping[str, Any], known: set[str] | frozenset[str], label: str
) -> list[DiffLine]:
    """Keys neither version's reader knows, compared as values."""
    lines = []
    for key in sorted((set(old) | set(new)) - set(known)):
        if not _equal(old.get(key), new.get(key)):
            lines.append(DiffLine("changed", f"{label} '{key}'", short(old.get(key)), short(new.get(key))))
    return lines


# ------------------------------------------------------------------------------------------------ flows


def diff_flows(
    old: Mapping[str, Any], new: Mapping[str, Any], type_label: Callable[[str], str] | None = None
) -> list[DiffLine]:
    """The differences between two versions of a flow: its settings, its blocks (by id, named by title or
    type; `type_label` turns a block type such as "SE_Log" into its title) and its links."""
    lines: list[DiffLine] = []
    for key, setting in _FLOW_SETTINGS:
        if not _equal(old.get(key), new.get(key)):
            lines.append(DiffLine("changed", setting, short(old.get(key)), short(new.get(key))))
    lines += _diff_other(old, new, {key for key, _ in _FLOW_SETTINGS} | {"document"}, "Setting")
    before_doc, after_doc = old.get("document") or {}, new.get("document") or {}
    before, after = _blocks(before_doc), _blocks(after_doc)
    label = type_label or (lambda block_type: block_type)

    def where(block_id: str, *blocks: Mapping[str, Any] | None) -> str:
        return f"Block {_block_name(label, *blocks)} (id {block_id})"

    for block_id, block in before.items():
        if block_id not in after:
            lines.append(DiffLine("removed", where(block_id, block), before=_kind_of(label, block)))
        else:
            lines += _diff_block(where(block_id, after[block_id], block), block, after[block_id], label)
    lines += [
        DiffLine("added", where(block_id, block), after=_kind_of(label, block))
        for block_id, block in after.items()
        if block_id not in before
    ]
    lines += _diff_links(before, after, label)
    known_doc = {"actions", "name"}
    lines += _diff_other(before_doc, after_doc, known_doc, "Flow file key")
    return lines


def _blocks(document: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    found: dict[str, Mapping[str, Any]] = {}
    for block in document.get("actions") or []:
        if isinstance(block, Mapping):
            found.setdefault(str(block.get("id", "")), block)
    return found


def _title(block: Mapping[str, Any]) -> str:
    meta = block.get("meta")
    title = meta.get("title") if isinstance(meta, Mapping) else None
    if not isinstance(title, str) or not title.strip():
        title = block.get("title")
    return title.strip() if isinstance(title, str) else ""


def _block_name(label: Callable[[str], str], *blocks: Mapping[str, Any] | None) -> str:
    for block in blocks:
        if block and _title(block):
            return f"'{_title(block)}'"
    block = next((b for b in blocks if b), {})
    return f"'{label(str(block.get('type', '')))}'"


def _kind_of(label: Callable[[str], str], block: Mapping[str, Any]) -> str:
    """The block's type, when its name (its title) does not already say it."""
    return label(str(block.get("type", ""))) if _title(block) else ""


def _controls(block: Mapping[str, Any]) -> Mapping[str, Any]:
    controls = block.get("controls")
    return controls if isinstance(controls, Mapping) else {}


def _diff_block(
    where: str, old: Mapping[str, Any], new: Mapping[str, Any], label: Callable[[str], str]
) -> list[DiffLine]:
    lines: list[DiffLine] = []
    if old.get("type") != new.get("type"):
        old_type, new_type = label(str(old.get("type", ""))), label(str(new.get("type", "")))
        lines.append(DiffLine("changed", where, old_type, new_type, "type"))
    if _title(old) != _title(new):
        lines.append(DiffLine("changed", where, short(_title(old)), short(_title(new)), "title"))
    old_controls, new_controls = _controls(old), _controls(new)
    for name in [*old_controls, *(n for n in new_controls if n not in old_controls)]:
        before, after = old_controls.get(name), new_controls.get(name)
        if not _equal(before, after):
            lines.append(DiffLine("changed", where, short(before), short(after), f"control '{name}'"))
    old_meta = old.get("meta") if isinstance(old.get("meta"), Mapping) else {}
    new_meta = new.get("meta") if isinstance(new.get("meta"), Mapping) else {}
    for key in sorted((set(old_meta or {}) | set(new_meta or {})) - {"title"}):
        before, after = (old_meta or {}).get(key), (new_meta or {}).get(key)
        if not _equal(before, after):
            lines.append(DiffLine("changed", where, short(before), short(after), f"'{key}'"))
    for key in sorted((set(old) | set(new)) - _BLOCK_KEYS):
        if not _equal(old.get(key), new.get(key)):
            lines.append(DiffLine("changed", where, short(old.get(key)), short(new.get(key)), f"'{key}'"))
    if not _equal(old.get("position"), new.get("position")):
        lines.append(DiffLine("changed", where, _position(old), _position(new), "place on the canvas"))
    return lines


def _position(block: Mapping[str, Any]) -> str:
    position = block.get("position")
    if isinstance(position, list | tuple) and len(position) == 2:
        return ", ".join(f"{value:g}" if isinstance(value, int | float) else str(value) for value in position)
    return short(position)


Link = tuple[str, str, str]


def _links(blocks: Mapping[str, Mapping[str, Any]]) -> list[Link]:
    found: list[Link] = []
    for block_id, block in blocks.items():
        ports = block.get("ports")
        if not isinstance(ports, Mapping):
            continue
        for outcome, target in ports.items():
            if isinstance(target, str) and target:
                found.append((block_id, str(outcome), target))
    return found


def _diff_links(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]], label: Callable[[str], str]
) -> list[DiffLine]:
    def name(block_id: str) -> str:
        return f"{_block_name(label, new.get(block_id), old.get(block_id))} ({block_id})"

    def arrow(link: Link) -> str:
        source, outcome, target = link
        return f"{name(source)} --{outcome}--> {name(target)}"

    before, after = _links(old), _links(new)
    kept_before, kept_after = set(before), set(after)
    lines = [DiffLine("removed", "Link", before=arrow(link)) for link in before if link not in kept_after]
    lines += [DiffLine("added", "Link", after=arrow(link)) for link in after if link not in kept_before]
    return lines


__all__ = ["MAX_VALUE", "Change", "DiffLine", "diff_actions", "diff_flows", "short"]
