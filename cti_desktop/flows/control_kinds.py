"""One declaration per control kind (`ControlKind` in registry.py): how a value of the kind reads
(`parse`) and what is wrong with it (`check`). Validation, flow import, `flows validate`, the flow
designer's inspector and the executor all call these, so a control's `required`, `choices` and number
bounds mean the same everywhere.

Two entry points:

- `control_problems(spec, value)`: everything wrong with a control as a flow holds it (before references
  are resolved): a required control without a value, a reference or template that cannot be read, a
  literal the kind refuses. What validation lists and the inspector shows under the control.
- `run_problems(spec, value)`: what fails a block when a run reaches it, checked on the value after
  resolution: the same kind check. A reference that resolves to nothing is not one (docs/flows.md: it gives
  null, with a warning), and neither is a reference that cannot be read (it gives null too).

A control is missing when the flow does not give it or gives it as null: an empty text is a value, which
the block itself judges (an empty URL is "not a web address", an empty record Id may be allowed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, get_args

from cti_desktop.flows.references import Mode, find_value_errors, parse_reference, to_text
from cti_desktop.flows.registry import ControlKind, ControlSpec
from cti_desktop.flows.values import as_number

# What `control_problems` is given for a control the flow does not hold at all.
ABSENT: Final = None
REQUIRED_MESSAGE: Final = "a value is required"


def _as_is(value: Any) -> Any:
    return value


def _no_check(spec: ControlSpec, value: Any) -> list[str]:
    return []


def parse_number(value: Any) -> int | float:
    number = as_number(value)
    if number is None:
        raise ValueError(f"“{to_text(value)}” is not a number")
    return number


def check_number(spec: ControlSpec, value: Any) -> list[str]:
    try:
        number = parse_number(value)
    except ValueError as exc:
        return [f"{exc} (write a number or a $. reference)"]
    if spec.minimum is not None and number < spec.minimum:
        return [f"{number:g} is less than {spec.minimum:g}, the least this control takes"]
    if spec.maximum is not None and number > spec.maximum:
        return [f"{number:g} is more than {spec.maximum:g}, the most this control takes"]
    return []


def parse_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = to_text(value).strip().lower()
    if text in ("true", "false"):
        return text == "true"
    raise ValueError(f"“{to_text(value)}” is not one of: true, false")


def check_boolean(spec: ControlSpec, value: Any) -> list[str]:
    try:
        parse_boolean(value)
    except ValueError as exc:
        return [str(exc)]
    return []


def parse_choice(value: Any) -> str:
    return to_text(value)


def check_choice(spec: ControlSpec, value: Any) -> list[str]:
    text = parse_choice(value)
    choices = spec.choices
    if spec.ignore_case:
        text, choices = text.casefold(), tuple(choice.casefold() for choice in choices)
    if spec.choices and text not in choices:
        return [f"“{parse_choice(value)}” is not one of: {', '.join(spec.choices)}"]
    return []


@dataclass(frozen=True, slots=True)
class ControlKindSpec:
    """A control kind: how its references read (`mode`), how a value of it reads (`parse`, which raises
    ValueError for a value the kind cannot take) and what is wrong with a literal value (`check`)."""

    kind: ControlKind
    mode: Mode
    parse: Callable[[Any], Any]
    check: Callable[[ControlSpec, Any], list[str]]


CONTROL_KINDS: Final[dict[ControlKind, ControlKindSpec]] = {
    spec.kind: spec
    for spec in (
        ControlKindSpec("text", "value", _as_is, _no_check),
        ControlKindSpec("multiline", "value", _as_is, _no_check),
        ControlKindSpec("number", "value", parse_number, check_number),
        ControlKindSpec("boolean", "value", parse_boolean, check_boolean),
        ControlKindSpec("choice", "value", parse_choice, check_choice),
        # Dicts and lists may also be JSON text or one reference; the block says what it cannot use.
        ControlKindSpec("dict", "value", _as_is, _no_check),
        ControlKindSpec("list", "value", _as_is, _no_check),
        ControlKindSpec("expression", "expression", _as_is, _no_check),
        ControlKindSpec("template", "template", _as_is, _no_check),
        ControlKindSpec("reference", "value", _as_is, _no_check),
    )
}
if set(CONTROL_KINDS) != set(get_args(ControlKind)):  # a kind added to ControlKind needs its declaration
    raise RuntimeError("every ControlKind needs its declaration in CONTROL_KINDS")


def control_kind(kind: str) -> ControlKindSpec:
    """The declaration of a kind; an unknown kind reads as text."""
    return CONTROL_KINDS.get(kind, CONTROL_KINDS["text"])  # type: ignore[call-overload]


def is_missing(value: Any) -> bool:
    return value is None


def is_dynamic(value: Any, mode: Mode) -> bool:
    """True when the value is only known once the run resolves it: a reference, a {{ }} template, an
    expression. Its kind is checked on the resolved value instead."""
    if mode == "expression":
        return True
    if isinstance(value, str):
        return "{{" in value or parse_reference(value) is not None
    return False


def control_problems(spec: ControlSpec, value: Any) -> list[str]:
    """Everything wrong with a control's value as the flow holds it (`ABSENT` when it holds none)."""
    if is_missing(value):
        return [REQUIRED_MESSAGE] if spec.required else []
    declaration = control_kind(spec.kind)
    problems = find_value_errors(value, declaration.mode)
    if not is_dynamic(value, declaration.mode):
        problems.extend(run_problems(spec, value))
    return problems


def run_problems(spec: ControlSpec, value: Any) -> list[str]:
    """What stops a block whose control resolved to `value`: the kind's check. Null and empty text mean
    "the block's default" and are left to the block (a reference to nothing is not an error)."""
    if value is None or value == "":
        return []
    return control_kind(spec.kind).check(spec, value)


def given_value(spec: ControlSpec, controls: Mapping[str, Any]) -> Any:
    """The control's value in a block's controls, under its name or an alias; `ABSENT` when not there."""
    if spec.name in controls:
        return controls[spec.name]
    for alias in spec.aliases:
        if alias in controls:
            return controls[alias]
    return ABSENT


def block_control_problems(controls: Mapping[str, Any], specs: tuple[ControlSpec, ...]) -> list[str]:
    """Each declared control's problems, as "control 'name': problem"."""
    return [
        f"control '{spec.name}': {problem}"
        for spec in specs
        for problem in control_problems(spec, given_value(spec, controls))
    ]


def checked_kinds() -> frozenset[ControlKind]:
    """The kinds whose check can refuse a value (the others take anything a reference gives)."""
    return frozenset(kind for kind, spec in CONTROL_KINDS.items() if spec.check is not _no_check)
