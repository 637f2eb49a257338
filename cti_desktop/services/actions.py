"""CTI action use cases shared by the editor, the overlay and the command line: validate, save, delete,
duplicate, import and export. Every change is announced as one `Change(ACTION, ids)` on the change bus
(`services.changes`), so open overlays and editors refresh at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from cti_desktop.domain import json_input
from cti_desktop.domain.actions import CtiAction, FlowRef, action_problems, flow_problems
from cti_desktop.domain.form_types import field_type
from cti_desktop.domain.forms import FormatError, FormSpec, is_blank, is_reference
from cti_desktop.domain.problems import Problem
from cti_desktop.flows.references import find_reference_errors, resolve_value
from cti_desktop.services.changes import Change, ChangeBus, ChangeKind, EditingRefusal, refuse_editing_if
from cti_desktop.store.actions import (
    ActionNotFound,
    ActionRepository,
    NothingToPublish,
    VersionNotFound,
)
from cti_desktop.store.actions import EditConflict as EditConflict  # the editor's conflict, re-exported
from cti_desktop.store.versions import Version

EXPORT_FORMAT_VERSION = 1


class ActionInvalid(Exception):
    """Saving was refused; `problems` says why, each at the path of what it concerns."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def reference_errors(text: str) -> list[str]:
    """Problems in the references and `{{ }}` templates of a payload value or a default."""
    return find_reference_errors(text)


def form_defaults(spec: FormSpec, scope: Mapping[str, Any]) -> dict[str, Any]:
    """The values a form opens with: literal defaults parsed for their type, references (such as
    `$.contact.phoneNumber`) filled from `scope` (roots payload, contact, agent, actions, properties)."""
    values: dict[str, Any] = {}
    for f in spec.fields:
        raw = resolve_value(f.default, scope) if is_reference(f.default) else f.default
        declaration = field_type(f.type)
        if is_blank(raw) and not declaration.yes_no:  # a blank yes/no still opens as "no"
            continue
        try:
            values[f.name] = declaration.parse(raw)
        except ValueError:
            values[f.name] = raw  # shown as it is; validation tells the agent what is wrong
    return values


def _limit_problems(action: CtiAction) -> list[Problem]:
    """The input limits (`domain.json_input`): an action whose name, payload or form holds text that is
    not valid Unicode, or is nested too deeply, could be stored but never shown or exported again."""
    found = json_input.problem(action.to_json())
    return [] if found is None else [Problem.of_field("", f"The action is refused: {found}")]


class ActionService:
    def __init__(
        self,
        engine: Engine,
        changes: ChangeBus | None = None,
        *,
        editing_refusal: EditingRefusal | None = None,
    ) -> None:
        self._engine = engine
        self._repo = ActionRepository(engine)
        self.changes = changes or ChangeBus()
        self.editing_refusal = editing_refusal

    # ------------------------------------------------------------------------------------ reading

    def list_actions(self) -> list[CtiAction]:
        """Every action as supervisors edit it: its draft where it has one."""
        return self._repo.all()

    def published_actions(self) -> list[CtiAction]:
        """The actions agents see: each one's published version (never-published ones left out)."""
        return self._repo.published()

    def get(self, action_id: int) -> CtiAction | None:
        """The action as supervisors edit it: its draft where it has one."""
        return self._repo.get(action_id)

    def get_published(self, action_id: int) -> CtiAction | None:
        return self._repo.get_published(action_id)

    def find(self, name: str) -> CtiAction | None:
        """The action of that name (its draft's name where it has a draft), ignoring case."""
        key = name.strip().casefold()
        return next((a for a in self._repo.all() if a.name.strip().casefold() == key), None)

    def publication(self) -> dict[int, tuple[int, int]]:
        """Each action's (published version, newest version): a draft waits where the second is larger."""
        return self._repo.publication()

    def history(self, action_id: int) -> list[Version]:
        """Every version of the action, newest first (ActionNotFound if there is none)."""
        return self._repo.history(action_id)

    def version(self, action_id: int, number: int) -> CtiAction:
        """One saved version (VersionNotFound if there is none)."""
        return self._repo.version(action_id, number)

    def flows(self) -> list[FlowRef]:
        """Every flow, by name (an action's history names the flows its versions ran)."""
        return self._repo.flows()

    def cti_flows(self) -> list[FlowRef]:
        """The flows an action may run (source CTI Action), by name."""
        return self._repo.cti_flows()

    # ---------------------------------------------------------------------------------- validation

    def validate(self, action: CtiAction) -> list[Problem]:
        limits = _limit_problems(action)
        if limits:
            return limits
        flow = self._repo.flow(action.flow_id) if action.flow_id is not None else None
        return [
            *flow_problems(action, flow),
            *action_problems(action, self._repo.all(), reference_errors),
        ]

    # ------------------------------------------------------------------------------------ writing

    def save(
        self,
        action: CtiAction,
        expected: CtiAction | None = None,
        *,
        publish: bool = True,
        note: str = "",
    ) -> CtiAction:
        """Store the action as a new version when it is valid; ActionInvalid (nothing stored) otherwise.
        `publish=False` saves a draft that agents do not see until `publish`; imports and scripts publish
        at once. With `expected` (the action as an edit started from it), EditConflict when someone saved
        it meanwhile, saying who and when."""
        refuse_editing_if(self.editing_refusal)
        problems = self.validate(action)
        if publish and not problems:
            problems = self._unpublished_flow(action)
        if problems:
            raise ActionInvalid(problems)
        try:
            saved = self._repo.save(action, expected, publish=publish, note=note)
        except IntegrityError:
            # Another window stored the same name between validation and saving.
            raise ActionInvalid(
                [Problem.of_field("name", f'An action named "{action.name}" already exists')]
            ) from None
        except ActionNotFound as exc:
            raise ActionInvalid([Problem.of_field("", str(exc))]) from None
        if saved.id is None:
            raise ValueError("saved has no id: it was never stored")
        self._announce((saved.id,))
        return saved

    def publish(self, action_id: int, note: str = "") -> CtiAction:
        """Make the action's draft what every agent sees. ActionInvalid when the draft cannot be
        published (it is invalid, its flow was never published, its name is taken) or there is none."""
        refuse_editing_if(self.editing_refusal)
        draft = self._repo.get(action_id)
        if draft is None:
            raise ActionInvalid([Problem.of_field("", "The action was deleted meanwhile")])
        problems = self.validate(draft) or self._unpublished_flow(draft)
        if problems:
            raise ActionInvalid(problems)
        try:
            published = self._repo.publish(action_id, note)
        except NothingToPublish as exc:
            raise ActionInvalid([Problem.of_field("", str(exc))]) from None
        except IntegrityError:
            message = f'Another action is already called "{draft.name}": rename this one, then publish'
            raise ActionInvalid([Problem.of_field("name", message)]) from None
        self._announce((action_id,))
        return published

    def rollback(self, action_id: int, number: int, note: str = "") -> CtiAction:
        """Publish version `number` again, as a new version. ActionInvalid when there is no such version,
        or its name is now another action's."""
        refuse_editing_if(self.editing_refusal)
        try:
            published = self._repo.rollback(action_id, number, note)
        except (VersionNotFound, ActionNotFound) as exc:
            raise ActionInvalid([Problem.of_field("", str(exc))]) from None
        except IntegrityError:
            message = f"Version {number} has a name another action uses now: rename that one first"
            raise ActionInvalid([Problem.of_field("name", message)]) from None
        self._announce((action_id,))
        return published

    def _unpublished_flow(self, action: CtiAction) -> list[Problem]:
        flow = self._repo.flow(action.flow_id) if action.flow_id is not None else None
        if flow is None or self._repo.flow_published(flow.id):
            return []
        message = f'The flow "{flow.name}" was never published: publish it first, agents cannot run it yet'
        return [Problem.of_field("flow", message)]

    def delete(self, action_id: int) -> bool:
        refuse_editing_if(self.editing_refusal)
        deleted = self._repo.delete(action_id)
        if deleted:
            self._announce((action_id,), removed=True)
        return deleted

    def duplicate(self, action_id: int) -> CtiAction:
        refuse_editing_if(self.editing_refusal)
        copy = self._repo.duplicate(action_id)
        if copy.id is None:
            raise ValueError("copy has no id: it was never stored")
        self._announce((copy.id,))
        return copy

    def _announce(self, ids: tuple[int, ...], *, removed: bool = False) -> None:
        self.changes.announce(Change(ChangeKind.ACTION, ids, removed))

    # ----------------------------------------------------------------------------- import, export

    def export_json(self) -> str:
        actions = [a.to_json() for a in self._repo.all()]
        return json_input.dumps({"actions": actions}, indent=2) + "\n"

    def import_json(self, text: str) -> list[Problem]:
        """Import every action of `text`, or none: the returned list is empty on success, else it holds
        every problem found. An action whose name exists is updated."""
        refuse_editing_if(self.editing_refusal)
        actions, problems = self._read_import(text)
        if problems:
            return problems
        try:
            saved = self._repo.save_many(actions)
        except (IntegrityError, ActionNotFound) as exc:
            return [
                Problem.of_field("", f"Nothing was imported: the actions changed while importing ({exc})")
            ]
        if saved:
            self._announce(tuple(a.id for a in saved if a.id is not None))
        return []

    def names_in_import(self, text: str) -> set[str]:
        """The names (case-folded) of the actions a JSON import would write; empty if it cannot be read."""
        try:
            data = json_input.loads(text, "The file")
        except json_input.JsonInputError:
            return set()
        items = data.get("actions") if isinstance(data, dict) else None
        return {
            item["name"].strip().casefold()
            for item in items or []
            if isinstance(item, dict) and isinstance(item.get("name"), str)
        }

    def _read_import(self, text: str) -> tuple[list[CtiAction], list[Problem]]:
        try:
            data = json_input.loads(text, "The file")
        except json_input.JsonInputError as exc:
            return [], [Problem.of_field("", str(exc))]
        if not isinstance(data, dict) or not isinstance(data.get("actions"), list):
            return [], [Problem.of_field("", 'The file must be a JSON object with an "actions" list')]
        existing = {a.name.strip().casefold(): a for a in self._repo.all()}
        flows = {f.name: f for f in self._repo.flows()}
        problems: list[Problem] = []
        parsed: list[tuple[int, str, CtiAction]] = []
        first_index: dict[str, int] = {}
        for index, item in enumerate(data["actions"]):
            name = item.get("name") if isinstance(item, dict) else None
            title = f'Action "{name}"' if isinstance(name, str) and name else f"Action {index + 1}"
            try:
                action = CtiAction.from_json(item)
            except FormatError as exc:
                problems.append(Problem.of_field(f"actions[{index}]", f"{title}: {exc}"))
                continue
            limits = _limit_problems(action)
            if limits:
                problems.extend(
                    Problem.of_field(f"actions[{index}]", f"{title}: {p.message}") for p in limits
                )
                continue
            key = action.name.strip().casefold()
            if key in first_index:
                problems.append(
                    Problem.of_field(
                        f"actions[{index}].name",
                        f"{title}: the name is used twice in the file (also action {first_index[key] + 1})",
                    )
                )
                continue
            first_index[key] = index
            flow = flows.get(action.flow_name)
            stored = existing.get(key)
            action = replace(action, id=stored.id if stored else None, flow_id=flow.id if flow else None)
            parsed.append((index, title, action))
        # Names and shortcuts must be unique among the stored actions the file leaves alone and the file's.
        untouched = [a for k, a in existing.items() if k not in first_index]
        actions = [action for _, _, action in parsed]
        for position, (index, title, action) in enumerate(parsed):
            others = untouched + actions[:position] + actions[position + 1 :]
            flow = flows.get(action.flow_name)
            found = [*flow_problems(action, flow), *action_problems(action, others, reference_errors)]
            found = found or self._unpublished_flow(action)
            problems.extend(
                Problem.of_field(f"actions[{index}].{p.field_path}", f"{title}: {p.message}") for p in found
            )
        # Listed in file order, whichever pass found them.
        problems.sort(key=lambda p: int(p.field_path.split("]", 1)[0].removeprefix("actions[")))
        return actions, problems
