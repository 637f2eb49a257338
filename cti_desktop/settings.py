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
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"The settings file {path} could not be read and was ignored: {exc}")
        return {}
    try:
        # Validate the file on its own so one bad file names itself and does not spoil the others.
        Settings.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        problems.append(f"The settings file {path} has invalid values and was ignored: {details}")
        return {}
    return data


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
    use_user_files = environ.get("CTI_DESKTOP_NO_USER_FILES") != "1"
    machine = machine_file if machine_file is not None else (paths.machine_settings_path() if use_user_files else None)
    user = user_file if user_file is not None else (paths.user_settings_path() if use_user_files else None)
    for path in (machine, user):
        if path is None:
            continue
        data = _read_file(path, problems)
        if data:
            sources.append(str(path))
            merged.update(data)
    for variable, key in ENVIRONMENT.items():
        if variable in environ and environ[variable] != "":
            merged[key] = environ[variable]
            sources.append(f"${variable}")
    for key, value in (overrides or {}).items():
        if value is not None:
            merged[key] = value
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        problems.append(f"Some settings were invalid and the defaults were used: {details}")
        settings = Settings()
    for problem in problems:
        log.warning("%s", problem)
    return LoadedSettings(settings, problems, sources)
