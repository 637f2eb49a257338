"""A problem found in something a person made, where it is and how bad it is: one class for a form's
fields (a field path such as "form.fields[2].name") and a flow's blocks (a block id).

Errors keep the thing from being saved or run; warnings are shown but do not stop it (a migrated flow
with an unknown block is still stored).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
# What `where` names: a block of a flow, or the path of a field (or a property) of a form.
Place = Literal["block", "field"]


@dataclass(frozen=True, slots=True)
class Problem:
    where: str  # a block id or a field path; "" for the whole flow or form
    message: str
    severity: Severity = "warning"
    place: Place = "block"

    @classmethod
    def of_field(cls, path: str, message: str, severity: Severity = "error") -> Problem:
        """A problem of a form's field (or of a file being imported), by its path."""
        return cls(path, message, severity, "field")

    @property
    def block_id(self) -> str:
        return self.where

    @property
    def field_path(self) -> str:
        return self.where

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        if self.place == "field":
            return f"{self.where}: {self.message}" if self.where else self.message
        where = f"block {self.where}: " if self.where else ""
        return f"{self.severity}: {where}{self.message}"
