"""Changing settings from Preferences: read what applies and who fixed it, check a value, write the
user's settings file and announce the change.

The user's file is edited in place with tomlkit, so its comments, its order and the settings Preferences
does not show stay as they were. A setting the machine-wide file (placed by IT) sets is not the user's to
change: it is refused here, and Preferences shows it read-only. Every value is checked with the same
`Settings` model the app reads the files with; one bad value refuses the whole write, so the file never
holds half a change. A written setting is announced on the change bus as a `setting` change naming its key.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from pydantic import ValidationError

from cti_desktop.services.changes import Change, ChangeBus, ChangeKind
from cti_desktop.settings import Settings, load_settings
from cti_desktop.settings_sources import ENVIRONMENT, read_file

# The settings Preferences edits. The theme and the log level apply at once, and the backups folder is
# read whenever a backup is made (at a start that upgrades the database, by `db upgrade`); the others
# are read when the app starts (the database is opened, the CRM and the simulator read numbers in the
# default country, the overlay is built with its Data tab's rule).
EDITABLE: tuple[str, ...] = (
    "theme",
    "default_country",
    "overlay_data_kept",
    "database_url",
    "backups_dir",
    "log_level",
)
# Settings inside tables are named with dots ("telephony.sip.listen" is listen in [telephony.sip]).
TELEPHONY_EDITABLE: tuple[str, ...] = (
    "telephony.connector",
    *(
        f"telephony.sip.{key}"
        for key in (
            "listen", "registrar", "user", "domain", "transport", "queue_header",
            "attribute_header_prefix", "auto_answer",
        )
    ),
)  # fmt: skip
APPLIES_AT_ONCE: frozenset[str] = frozenset({"theme", "log_level", "backups_dir"})
# Settings that an empty value removes from the user's file, so the default (or the machine's) applies.
EMPTY_REMOVES: frozenset[str] = frozenset({"database_url", "backups_dir"})
FIXED_BY_IT = "set by your IT department"


class SettingsRefused(ValueError):
    """Some values cannot be written; `problems` says, per setting, why in words."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{key}: {problem}" for key, problem in self.problems.items()))


@dataclass(frozen=True, slots=True)
class SettingsSnapshot:
    """The settings as they apply now, and those the machine-wide file fixes."""

    values: dict[str, Any]
    fixed_by_machine: frozenset[str]
    user_file: Path
    # Settings an environment variable gives for as long as it is set (key: the variable's name): they
    # win over the files, so a change written here shows only once the variable is gone.
    from_environment: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SettingsWritten:
    changed: tuple[str, ...]
    needs_restart: tuple[str, ...] = field(default=())


def _nested(key: str, value: Any) -> dict[str, Any]:
    """{"telephony.sip.listen": v} as {"telephony": {"sip": {"listen": v}}}."""
    data: Any = value
    for part in reversed(key.split(".")):
        data = {part: data}
    return dict(data)


def _flat(values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Tables' settings under dotted names, beside the plain ones."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flat(value, f"{name}."))
        flat[name] = value
    return flat


def setting_problem(key: str, value: Any) -> str | None:
    """Why `value` cannot be the setting `key`, in words; None when it can."""
    if key.split(".")[0] not in Settings.model_fields:
        return f"'{key}' is not a setting"
    try:
        Settings.model_validate(_nested(key, value))
    except ValidationError as exc:
        reasons = "; ".join(str(error["msg"]) for error in exc.errors())
        return f"{value!r} cannot be used: {reasons}"
    if key == "backups_dir" and isinstance(value, str) and value.strip():
        return folder_problem(Path(value.strip()).expanduser())
    return None


def folder_problem(folder: Path) -> str | None:
    """Why backups cannot be written into `folder`, in words; None when they can. The folder is made if
    it is missing (as the first backup would make it), and a file is written in it and removed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return f"{folder} is a file, not a folder"
    except OSError as exc:
        return f"the folder {folder} cannot be made: {exc.strerror or exc}"
    try:
        with tempfile.TemporaryFile(prefix=".cti-desktop-", dir=folder):
            pass
    except OSError as exc:
        return f"nothing can be written in {folder}: {exc.strerror or exc}"
    return None


class SettingsWriter:
    """Reads and writes the user's settings file for Preferences; the app passes the platform's paths
    (`paths.user_settings_path()`, `paths.machine_settings_path()`), tests their own."""

    def __init__(
        self,
        changes: ChangeBus,
        *,
        user_file: Path,
        machine_file: Path,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._changes = changes
        self.user_file = user_file
        self.machine_file = machine_file
        self._environ = os.environ if environ is None else environ

    def machine_values(self) -> dict[str, Any]:
        return read_file(self.machine_file, [])

    def snapshot(self) -> SettingsSnapshot:
        """What the app reads from the two files (the environment and command line left out: they
        hold for one run, Preferences edits what holds for every run)."""
        loaded = load_settings(user_file=self.user_file, machine_file=self.machine_file, environ={})
        fixed = frozenset(
            key for key in _flat(self.machine_values()) if key.split(".")[0] in Settings.model_fields
        )
        from_environment = {
            key: variable for variable, key in ENVIRONMENT.items() if self._environ.get(variable, "") != ""
        }
        values = _flat(loaded.settings.model_dump())
        return SettingsSnapshot(values, fixed, self.user_file, from_environment)

    def write(self, values: Mapping[str, Any]) -> SettingsWritten:
        """Write these settings into the user's file, all or none. An empty database address or backups
        folder removes the setting (the default, or the machine's, then applies). Raises SettingsRefused."""
        fixed = set(_flat(self.machine_values()))
        problems: dict[str, str] = {}
        for key, value in values.items():
            if key in fixed:
                problems[key] = f"'{key}' is {FIXED_BY_IT} and cannot be changed here"
            elif (problem := setting_problem(key, value)) is not None:
                problems[key] = problem
        if problems:
            raise SettingsRefused(problems)
        if not values:
            return SettingsWritten(())
        document = self._read_document()
        for key, value in values.items():
            if key in EMPTY_REMOVES and value == "":
                document.pop(key, None)
            elif "." in key:
                _set_in_table(document, key, value)
            else:
                document[key] = value
        self._save(tomlkit.dumps(document))
        changed = tuple(values)
        self._changes.announce(Change(ChangeKind.SETTING, changed))
        return SettingsWritten(changed, tuple(key for key in changed if key not in APPLIES_AT_ONCE))

    # -- internals ------------------------------------------------------------------------------------

    def _read_document(self) -> tomlkit.TOMLDocument:
        try:
            text = self.user_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return tomlkit.document()
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsRefused({"": f"the settings file {self.user_file} cannot be read: {exc}"}) from exc
        try:
            return tomlkit.parse(text)
        except tomlkit.exceptions.ParseError as exc:
            raise SettingsRefused(
                {"": f"the settings file {self.user_file} is not valid TOML ({exc}); correct it first"}
            ) from exc

    def _save(self, text: str) -> None:
        """Replace the file in one step: a crash mid-write leaves the old file, never half of one."""
        folder = self.user_file.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".settings-", suffix=".toml", dir=folder)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, self.user_file)
        except OSError as exc:
            raise SettingsRefused(
                {"": f"the settings file {self.user_file} cannot be written: {exc.strerror or exc}"}
            ) from exc


def _set_in_table(document: tomlkit.TOMLDocument, key: str, value: Any) -> None:
    """Write `telephony.sip.listen` as listen in [telephony.sip], making the tables when missing."""
    *tables, name = key.split(".")
    table: Any = document
    for part in tables:
        if part not in table:
            table[part] = tomlkit.table()
        table = table[part]
    table[name] = value


__all__ = [
    "APPLIES_AT_ONCE",
    "EDITABLE",
    "FIXED_BY_IT",
    "TELEPHONY_EDITABLE",
    "SettingsRefused",
    "SettingsSnapshot",
    "SettingsWriter",
    "SettingsWritten",
    "folder_problem",
    "setting_problem",
]
