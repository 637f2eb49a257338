"""Typed settings and where they come from.

Precedence, highest first: the command line, the environment (CTI_DESKTOP_*), the user's settings file,
the machine's settings file (placed by IT with the installer), the defaults. A malformed file is reported
and skipped: the app still starts.
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from cti_desktop import paths

log = logging.getLogger(__name__)

Theme = Literal["system", "light", "dark"]


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    database_url: str = ""
    demo_data: bool = True
    theme: Theme = "system"
    default_country: str = "US"
    run_time_limit_s: float = 60.0
    run_step_budget: int = 10_000
    # How long the overlay's Data tab keeps what flows sent for a contact: until the contact is closed,
    # or until the agent clears it.
    overlay_data_kept: Literal["until_closed", "until_cleared"] = "until_closed"

    def resolved_database_url(self) -> str:
        return self.database_url or paths.default_database_url()


ENVIRONMENT = {
    "CTI_DESKTOP_DB": "database_url",
    "CTI_DESKTOP_DEMO_DATA": "demo_data",
    "CTI_DESKTOP_THEME": "theme",
    "CTI_DESKTOP_DEFAULT_COUNTRY": "default_country",
}


@dataclass
class LoadedSettings:
    settings: Settings
    # Problems found while reading the files, in words for the user (shown in the log and the status bar).
    problems: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _read_file(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"The settings file {path} is not valid TOML and was ignored: {exc}")
    except UnicodeDecodeError:
        problems.append(f"The settings file {path} is not UTF-8 text and was ignored.")
    except OSError as exc:
        problems.append(f"The settings file {path} could not be read and was ignored: {exc.strerror or exc}")
    return {}


def _valid_values(values: dict[str, Any], source: str, problems: list[str]) -> dict[str, Any]:
    """The values of one source that are valid; each unknown or invalid key is reported and dropped on
    its own, so a typo in the theme does not throw away the database URL next to it."""
    kept: dict[str, Any] = {}
    for key, value in values.items():
        if key not in Settings.model_fields:
            known = ", ".join(Settings.model_fields)
            problems.append(f"{source}: unknown setting '{key}' was ignored (known settings: {known}).")
            continue
        try:
            Settings.model_validate({key: value})
        except ValidationError as exc:
            reason = "; ".join(error["msg"] for error in exc.errors())
            problems.append(
                f"{source}: the value {value!r} for '{key}' is not valid and was ignored: {reason}."
            )
            continue
        kept[key] = value
    return kept


def load_settings(
    overrides: dict[str, Any] | None = None,
    *,
    machine_file: Path | None = None,
    user_file: Path | None = None,
    environ: dict[str, str] | None = None,
) -> LoadedSettings:
    environ = dict(os.environ) if environ is None else environ
    problems: list[str] = []
    sources: list[str] = []
    merged: dict[str, Any] = {}
    # Tests and the self-test set this so that no file of the real machine or user leaks in.
    use_files = environ.get("CTI_DESKTOP_NO_USER_FILES") != "1"
    machine = (
        machine_file if machine_file is not None else (paths.machine_settings_path() if use_files else None)
    )
    user = user_file if user_file is not None else (paths.user_settings_path() if use_files else None)
    layers: list[tuple[str, dict[str, Any]]] = []
    for path in (machine, user):
        if path is not None:
            layers.append(
                (str(path), _valid_values(_read_file(path, problems), f"The settings file {path}", problems))
            )
    for variable, key in ENVIRONMENT.items():
        if environ.get(variable, "") != "":
            values = {key: environ[variable]}
            layers.append(
                (f"${variable}", _valid_values(values, f"The environment variable {variable}", problems))
            )
    given = {key: value for key, value in (overrides or {}).items() if value is not None}
    layers.append(("command line", _valid_values(given, "The command line", problems)))
    for source, values in layers:
        if values:
            sources.append(source)
            merged.update(values)
    # Each value was valid on its own; validating them together guards against future cross-field rules.
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        problems.append(f"Some settings were invalid and the defaults were used: {details}")
        settings = Settings()
    for problem in problems:
        log.warning("%s", problem)
    return LoadedSettings(settings, problems, sources)
