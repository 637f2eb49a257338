"""The problems of a form's design: what keeps an action from being saved, each with the path of what it
concerns (`form.fields[2].label`), so the designer can show it on the card and in the inspector row."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from cti_desktop.domain.form_types import (
    FIELD_TYPE_NAMES,
    FIELD_TYPES,
    P_LENGTH,
    P_OPTIONS,
    P_PATTERN,
    P_RANGE,
    FieldType,
)
from cti_desktop.domain.forms import (
    FormField,
    FormSpec,
    Validation,
    camel_case,
    is_blank,
    is_camel_case,
    is_reference,
)
from cti_desktop.domain.problems import Problem


def spec_problems(spec: FormSpec, prefix: str = "form") -> list[Problem]:
    """Everything wrong with a form's design, each with the path of what it concerns."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    names = [f.name for f in spec.fields]
    for index, f in enumerate(spec.fields):
        path = f"{prefix}.fields[{index}]"
        problems.extend(field_problems(f, names, path))
        if f.name in seen:
            problems.append(
                Problem.of_field(
                    f"{path}.name", f'Field name "{f.name}" is used twice; each field needs its own name'
                )
            )
        seen.setdefault(f.name, index)
    return problems


def field_problems(f: FormField, all_names: Iterable[str], path: str) -> list[Problem]:
    problems: list[Problem] = []
    label = f.display_label or f"field {path}"
    if not f.name:
        problems.append(Problem.of_field(f"{path}.name", f"{label}: a field name is required"))
    elif not is_camel_case(f.name):
        suggestion = camel_case(f.name) or "firstName"
        problems.append(
            Problem.of_field(
                f"{path}.name",
                f'Field name "{f.name}" must be one camelCase word: a lower-case letter, then letters and '
                f'digits (e.g. "{suggestion}")',
            )
        )
    if f.type not in FIELD_TYPES:
        problems.append(
            Problem.of_field(
                f"{path}.type",
                f'Field "{f.name}" has an unknown type "{f.type}" (known: {", ".join(FIELD_TYPE_NAMES)})',
            )
        )
        return problems
    declaration = FIELD_TYPES[f.type]
    if declaration.shown and not f.label.strip():
        problems.append(
            Problem.of_field(f"{path}.label", f'Field "{f.name}" needs a label the agent will see')
        )
    if declaration.has(P_OPTIONS):
        problems.extend(_option_problems(f, path))
    problems.extend(_validation_problems(f, declaration, path))
    if f.visible_when is not None:
        others = [n for n in all_names if n != f.name]
        if f.visible_when.field not in others:
            problems.append(
                Problem.of_field(
                    f"{path}.visibleWhen",
                    f'"Visible when" refers to "{f.visible_when.field}", which is not another field of this '
                    "form",
                )
            )
    if not is_blank(f.default) and not is_reference(f.default):
        try:
            parsed = declaration.parse(f.default)
        except ValueError as exc:
            problems.append(Problem.of_field(f"{path}.default", f"Default: {exc}"))
        else:
            message = declaration.check(replace(f, required=False), parsed) if not is_blank(parsed) else None
            if message:
                problems.append(Problem.of_field(f"{path}.default", f"Default: {message}"))
    return problems


def _option_problems(f: FormField, path: str) -> list[Problem]:
    problems: list[Problem] = []
    if not f.options:
        problems.append(Problem.of_field(f"{path}.options", f'"{f.display_label}" needs at least one option'))
    values = [o.value for o in f.options]
    for index, option in enumerate(f.options):
        if not option.value.strip():
            problems.append(
                Problem.of_field(f"{path}.options[{index}].value", f"Option {index + 1} needs a value")
            )
        elif values.index(option.value) != index:
            problems.append(
                Problem.of_field(
                    f"{path}.options[{index}].value", f'Option value "{option.value}" is used twice'
                )
            )
    return problems


def _validation_problems(f: FormField, declaration: FieldType, path: str) -> list[Problem]:
    problems: list[Problem] = []
    rules = f.validation
    vpath = f"{path}.validation"
    if declaration.has(P_LENGTH):
        for key, value in (("minLength", rules.min_length), ("maxLength", rules.max_length)):
            if value is not None and value < 0:
                problems.append(Problem.of_field(f"{vpath}.{key}", "A length limit cannot be negative"))
        if (
            rules.min_length is not None
            and rules.max_length is not None
            and rules.min_length > rules.max_length
        ):
            problems.append(
                Problem.of_field(
                    f"{vpath}.maxLength", "The maximum length is smaller than the minimum length"
                )
            )
    if declaration.has(P_RANGE):
        problems.extend(_range_problems(rules, declaration, vpath))
    if declaration.has(P_PATTERN) and rules.pattern:
        try:
            re.compile(rules.pattern)
        except re.error as exc:
            problems.append(
                Problem.of_field(f"{vpath}.pattern", f"The pattern is not a valid regular expression: {exc}")
            )
    return problems


def _range_problems(rules: Validation, declaration: FieldType, vpath: str) -> list[Problem]:
    problems: list[Problem] = []
    parsed: dict[str, Any] = {}
    for key, value in (("min", rules.min), ("max", rules.max)):
        if value is None or value == "":
            continue
        try:
            parsed[key] = declaration.parse(value)
        except ValueError as exc:
            problems.append(
                Problem.of_field(f"{vpath}.{key}", f"{'Minimum' if key == 'min' else 'Maximum'}: {exc}")
            )
    if "min" in parsed and "max" in parsed and parsed["min"] > parsed["max"]:
        problems.append(Problem.of_field(f"{vpath}.max", "The maximum is smaller than the minimum"))
    return problems
