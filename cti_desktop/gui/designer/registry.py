"""Which editor edits what a declaration names: each block control kind its inspector editor, each form
field property its inspector row, each field type's `editor` its renderer widget. A designer fills one
registry at import time; `missing()` is what the tests ask, so a declared kind without an editor fails
them instead of showing as a plain text box."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
E = TypeVar("E")


class EditorRegistry(Generic[K, E]):
    """Editors by kind, in the order registered (the order an inspector shows its rows)."""

    def __init__(self, what: str) -> None:
        self.what = what  # "control kind", "field property", ...: for messages
        self._editors: dict[K, E] = {}

    def register(self, kind: K, editor: E) -> E:
        if kind in self._editors:
            raise ValueError(f"the {self.what} {kind!r} already has an editor")
        self._editors[kind] = editor
        return editor

    def editor_for(self, kind: K, default: E | None = None) -> E:
        editor = self._editors.get(kind, default)
        if editor is None:
            raise KeyError(f"no editor is registered for the {self.what} {kind!r}")
        return editor

    def missing(self, kinds: Iterable[K]) -> list[K]:
        """The kinds of `kinds` without an editor."""
        return [kind for kind in kinds if kind not in self._editors]

    def __contains__(self, kind: object) -> bool:
        return kind in self._editors

    def __iter__(self) -> Iterator[K]:
        return iter(self._editors)

    def editors(self) -> list[E]:
        return list(self._editors.values())
