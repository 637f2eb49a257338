"""References (`$.payload.x`) and `{{ }}` templates in control values, as docs/flows.md defines them.

A control value is compiled once per flow into a `Resolver`: a plain callable `(scope, warnings) -> value`
that does no parsing when the flow runs. The scope is a dict with the roots `payload`, `contact`, `agent`,
`actions` and `properties`. A reference to something that does not exist gives `None` and appends a
warning to `warnings`; it is never an error.

Three modes say how a string is read:

- ``"value"`` (most controls): a whole-string reference keeps the referenced value's type; `{{ $.x }}`
  parts are replaced by their text; anything else is literal text.
- ``"template"`` (String Template): like "value", but a `{{ }}` part that is not a plain reference is a
  JSONata expression.
- ``"expression"`` (If-else condition): the whole string is a JSONata expression.

Plain references never go through JSONata (it costs ~45 µs per evaluation); JSONata expressions are
compiled once and cached. Nothing here can execute code.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from cti_desktop.flows.expressions import ExpressionLimitError, compile_expression
from cti_desktop.flows.expressions import evaluate as evaluate_bounded

if TYPE_CHECKING:
    import jsonata

Scope = Mapping[str, Any]
Resolver = Callable[[Scope, list[str]], Any]
Mode = Literal["value", "template", "expression"]

ROOTS = ("payload", "contact", "agent", "actions", "properties")

# A path segment: anything but dots, brackets, braces and spaces (ids such as `uid-1` hold dashes).
_SEGMENT = r"[^.\[\]\s{}]+"
_STEP = rf"(?:\.{_SEGMENT}|\.?\[\d+\])"
_REFERENCE_RE = re.compile(rf"\$\.({_SEGMENT})((?:{_STEP})*)")
_STEP_RE = re.compile(rf"\.({_SEGMENT})|\.?\[(\d+)\]")
_TEMPLATE_RE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# String literals inside a JSONata expression, left untouched when references are rewritten.
_JSONATA_STRING_RE = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_IDENTIFIER_RE = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
# Inside an expression a segment stops at operators and brackets: `$.actions.uid-1.results.value`.
_CODE_SEGMENT = r"[\w-]+"
_CODE_REFERENCE_RE = re.compile(rf"\$\.({_CODE_SEGMENT})((?:\.{_CODE_SEGMENT}|\.?\[\d+\])*)")

MISSING_SUFFIX = "refers to nothing; using null"


def to_text(value: Any) -> str:
    """The text a value gives inside a template: JavaScript-like, with JSON for objects and lists."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return repr(value)
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


# --------------------------------------------------------------------------------------------- parsing


def parse_reference(text: str) -> tuple[str | int, ...] | None:
    """The steps of `text` if the whole of it is one reference (`$.actions.uid-1.results.value`)."""
    match = _REFERENCE_RE.fullmatch(text.strip())
    if match is None or match.group(1) not in ROOTS:
        return None
    steps: list[str | int] = [match.group(1)]
    for name, index in _STEP_RE.findall(match.group(2)):
        steps.append(int(index) if index else name)
    return tuple(steps)


def _looks_like_reference(text: str) -> bool:
    return _REFERENCE_RE.fullmatch(text.strip()) is not None


def _reference_problem(text: str) -> str | None:
    stripped = text.strip()
    match = _REFERENCE_RE.fullmatch(stripped)
    if match is None:
        return f"'{stripped}' is not a reference (write $.payload.<key>, $.contact.<field>, ...)"
    if match.group(1) not in ROOTS:
        roots = ", ".join(f"$.{root}" for root in ROOTS)
        return f"'{stripped}' starts with an unknown root '{match.group(1)}' (use one of {roots})"
    return None


def _compile_jsonata(expression: str) -> jsonata.Jsonata:
    return compile_expression(_rewrite_for_jsonata(expression))


def _rewrite_for_jsonata(expression: str) -> str:
    """Write our references in JSONata's syntax: `uid-1` -> `` `uid-1` ``, `.[0]` -> `[0]`."""
    out: list[str] = []
    last = 0
    for literal in _JSONATA_STRING_RE.finditer(expression):
        out.append(_rewrite_code(expression[last : literal.start()]))
        out.append(literal.group(0))
        last = literal.end()
    out.append(_rewrite_code(expression[last:]))
    return "".join(out)


def _rewrite_code(code: str) -> str:
    def rewrite(match: re.Match[str]) -> str:
        if match.group(1) not in ROOTS:
            return match.group(0)
        parts = ["$", _quote_segment(match.group(1))]
        for name, index in _STEP_RE.findall(match.group(2)):
            parts.append(f"[{index}]" if index else "." + _quote_segment(name))
        return parts[0] + "." + "".join(parts[1:])

    return _CODE_REFERENCE_RE.sub(rewrite, code)


def _quote_segment(name: str) -> str:
    return name if _IDENTIFIER_RE.fullmatch(name) else "`" + name.replace("`", "") + "`"


# ------------------------------------------------------------------------------------------- resolvers


def _constant(value: Any) -> Resolver:
    def resolve(scope: Scope, warnings: list[str]) -> Any:
        return value

    return resolve


def _getter(text: str, steps: tuple[str | int, ...]) -> Resolver:
    """A resolver for one reference, unrolled for the common short paths."""
    warning = f"{text} {MISSING_SUFFIX}"
    misses = (KeyError, IndexError, TypeError)
    if len(steps) == 1:
        (a,) = steps

        def get1(scope: Scope, warnings: list[str]) -> Any:
            try:
                return scope[a]  # type: ignore[index]
            except misses:
                warnings.append(warning)
                return None

        return get1
    if len(steps) == 2:
        a, b = steps

        def get2(scope: Scope, warnings: list[str]) -> Any:
            try:
                return scope[a][b]  # type: ignore[index]
            except misses:
                warnings.append(warning)
                return None

        return get2
    if len(steps) == 3:
        a, b, c = steps

        def get3(scope: Scope, warnings: list[str]) -> Any:
            try:
                return scope[a][b][c]  # type: ignore[index]
            except misses:
                warnings.append(warning)
                return None

        return get3
    if len(steps) == 4:
        a, b, c, d = steps

        def get4(scope: Scope, warnings: list[str]) -> Any:
            try:
                return scope[a][b][c][d]  # type: ignore[index]
            except misses:
                warnings.append(warning)
                return None

        return get4

    def get(scope: Scope, warnings: list[str]) -> Any:
        current: Any = scope
        try:
            for step in steps:
                current = current[step]
        except misses:
            warnings.append(warning)
            return None
        return current

    return get


def _unreadable(text: str, problem: str) -> Resolver:
    warning = f"{problem}; using null"

    def resolve(scope: Scope, warnings: list[str]) -> Any:
        warnings.append(warning)
        return None

    return resolve


def _expression(text: str) -> Resolver:
    try:
        compiled = _compile_jsonata(text)
    except Exception as exc:
        return _unreadable(text, f"expression '{text.strip()}' cannot be read ({exc})")

    shown = text.strip()

    def evaluate(scope: Scope, warnings: list[str]) -> Any:
        try:
            return evaluate_bounded(compiled, _plain(scope), shown)
        except ExpressionLimitError:
            raise  # the block fails: a runaway is not a missing value
        except Exception as exc:
            warnings.append(f"expression '{text.strip()}' failed ({exc}); using null")
            return None

    return evaluate


def _plain(scope: Scope) -> Scope:
    """The scope with `$.actions` entries as plain dicts: the executor keeps them as step objects that
    answer `[key]`, but JSONata walks dicts only."""
    actions = scope.get("actions")
    if not actions or all(type(entry) is dict for entry in actions.values()):
        return scope
    plain = {key: entry if type(entry) is dict else entry.to_entry() for key, entry in actions.items()}
    return {**scope, "actions": plain}


def _template_part(inner: str, mode: Mode) -> Resolver:
    steps = parse_reference(inner)
    if steps is not None:
        return _getter(inner.strip(), steps)
    if mode == "template" and inner.strip() and not _looks_like_reference(inner):
        return _expression(inner)
    problem = _reference_problem(inner) if inner.strip() else "an empty {{ }}"
    return _unreadable(inner, f"template part {{{{{inner}}}}}: {problem}")


def _compile_string(text: str, mode: Mode) -> tuple[bool, Resolver]:
    steps = parse_reference(text)
    if steps is not None:
        return False, _getter(text.strip(), steps)
    if mode == "expression":
        if not text.strip():
            return True, _constant(None)
        return False, _expression(text)
    if "{{" not in text:
        return True, _constant(text)
    parts: list[str | Resolver] = []
    last = 0
    for match in _TEMPLATE_RE.finditer(text):
        if match.start() > last:
            parts.append(text[last : match.start()])
        parts.append(_template_part(match.group(1), mode))
        last = match.end()
    if last < len(text):
        parts.append(text[last:])
    return False, _template(tuple(parts))


def _template(parts: tuple[str | Resolver, ...]) -> Resolver:
    if len(parts) == 1 and not isinstance(parts[0], str):
        (only,) = parts

        def render1(scope: Scope, warnings: list[str]) -> str:
            return to_text(only(scope, warnings))  # type: ignore[operator]

        return render1

    def render(scope: Scope, warnings: list[str]) -> str:
        return "".join([part if type(part) is str else to_text(part(scope, warnings)) for part in parts])  # type: ignore[operator]

    return render


def _compile(value: Any, mode: Mode) -> tuple[bool, Resolver]:
    if isinstance(value, str):
        return _compile_string(value, mode)
    if isinstance(value, dict):
        items = [(key, *_compile(item, mode)) for key, item in value.items()]
        if all(constant for _, constant, _ in items):
            return True, _constant(value)
        pairs = tuple((key, resolver) for key, _, resolver in items)

        def resolve_dict(scope: Scope, warnings: list[str]) -> dict[str, Any]:
            return {key: resolver(scope, warnings) for key, resolver in pairs}

        return False, resolve_dict
    if isinstance(value, list):
        compiled = [_compile(item, mode) for item in value]
        if all(constant for constant, _ in compiled):
            return True, _constant(value)
        resolvers = tuple(resolver for _, resolver in compiled)

        def resolve_list(scope: Scope, warnings: list[str]) -> list[Any]:
            return [resolver(scope, warnings) for resolver in resolvers]

        return False, resolve_list
    return True, _constant(value)


def mode_for_kind(kind: str) -> Mode:
    """How a control of a declared kind (registry.ControlKind) reads its value: its declaration says."""
    from cti_desktop.flows.control_kinds import control_kind  # it reads references: imported late

    return control_kind(kind).mode


def compile_value(value: Any, mode: Mode = "value") -> Resolver:
    """Turn a control value into a resolver, once per flow: running it does no parsing."""
    return _compile(value, mode)[1]


def is_constant(value: Any, mode: Mode = "value") -> bool:
    """True when `value` holds no reference, template or expression."""
    return _compile(value, mode)[0]


def compile_controls(
    controls: Mapping[str, Any], modes: Mapping[str, Mode] | None = None
) -> Callable[[Scope, list[str]], dict[str, Any]]:
    """A resolver for a block's whole controls dict. Constant controls give the same dict every time
    (blocks must treat their controls as read-only); otherwise a copy of the constant part gets the
    resolved ones, so constants cost nothing per run."""
    modes = modes or {}
    fixed: dict[str, Any] = {}
    dynamic: list[tuple[str, Resolver]] = []
    for name, value in controls.items():
        constant, resolver = _compile(value, modes.get(name, "value"))
        if constant:
            fixed[name] = value
        else:
            dynamic.append((name, resolver))
    if not dynamic:

        def constant_controls(scope: Scope, warnings: list[str]) -> dict[str, Any]:
            return fixed

        return constant_controls
    if len(dynamic) == 1:
        ((only_name, only),) = dynamic

        def resolve_one(scope: Scope, warnings: list[str]) -> dict[str, Any]:
            resolved = fixed.copy()
            resolved[only_name] = only(scope, warnings)
            return resolved

        return resolve_one
    pairs = tuple(dynamic)

    def resolve_controls(scope: Scope, warnings: list[str]) -> dict[str, Any]:
        resolved = fixed.copy()
        for name, resolver in pairs:
            resolved[name] = resolver(scope, warnings)
        return resolved

    return resolve_controls


def resolve_value(value: Any, scope: Scope, mode: Mode = "value") -> Any:
    """Resolve a value once (e.g. a form default such as `$.contact.phoneNumber`). Missing -> None."""
    return compile_value(value, mode)(scope, [])


# ---------------------------------------------------------------------------------------------- checks


def find_reference_errors(text: str, mode: Mode = "value") -> list[str]:
    """Syntax problems in a value that may hold references or templates, in words for the editor."""
    if not isinstance(text, str):
        return []
    if mode == "expression":
        if not text.strip() or parse_reference(text) is not None:
            return []
        return _expression_errors(text)
    stripped = text.strip()
    if stripped.startswith("$.") and "{{" not in stripped and " " not in stripped:
        problem = _reference_problem(stripped)
        return [problem] if problem else []
    errors: list[str] = []
    last = 0
    for match in _TEMPLATE_RE.finditer(text):
        errors.extend(_unbalanced(text[last : match.start()], last))
        inner = match.group(1)
        if not inner.strip():
            errors.append(f"position {match.start() + 1}: empty {{{{ }}}}")
        elif "{{" in inner:
            errors.append(f"position {match.start() + 1}: '{{{{' inside a template part")
        elif parse_reference(inner) is None:
            if mode == "template" and not _looks_like_reference(inner):
                errors.extend(f"position {match.start() + 1}: {e}" for e in _expression_errors(inner))
            else:
                errors.append(f"position {match.start() + 1}: {_reference_problem(inner)}")
        last = match.end()
    errors.extend(_unbalanced(text[last:], last))
    return errors


def _unbalanced(chunk: str, offset: int) -> list[str]:
    errors = []
    opening = chunk.find("{{")
    if opening >= 0:
        errors.append(f"position {offset + opening + 1}: '{{{{' is not closed by '}}}}'")
    closing = chunk.find("}}")
    if closing >= 0 and (opening < 0 or closing < opening):
        errors.append(f"position {offset + closing + 1}: '}}}}' without an opening '{{{{'")
    return errors


def _expression_errors(expression: str) -> list[str]:
    try:
        _compile_jsonata(expression)
    except Exception as exc:
        return [f"expression '{expression.strip()}' cannot be read: {exc}"]
    return []


def find_value_errors(value: Any, mode: Mode = "value") -> list[str]:
    """`find_reference_errors` over every string inside a dict or list value."""
    if isinstance(value, str):
        return find_reference_errors(value, mode)
    if isinstance(value, dict):
        return [error for item in value.values() for error in find_value_errors(item, mode)]
    if isinstance(value, list):
        return [error for item in value for error in find_value_errors(item, mode)]
    return []
