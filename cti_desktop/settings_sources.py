"""Where settings come from, read without validating them: the machine's and the user's TOML files, the
environment (CTI_DESKTOP_*) and the command line, lowest precedence first.

`settings.load_settings` validates these layers with pydantic. `peek_startup_settings` takes from them,
before pydantic is loaded, the two values start-up needs to paint the window: the database and the theme.
It keeps a value only where validation would keep it, so both agree.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cti_desktop import paths
from cti_desktop.domain.json_input import MAX_DEPTH, problem

THEMES = ("system", "light", "dark")

ENVIRONMENT = {
    "CTI_DESKTOP_DB": "database_url",
    "CTI_DESKTOP_DEMO_DATA": "demo_data",
    "CTI_DESKTOP_THEME": "theme",
    "CTI_DESKTOP_DEFAULT_COUNTRY": "default_country",
}


@dataclass(frozen=True, slots=True)
class Layer:
    source: str  # as the sources list names it: a file path, $VARIABLE or "command line"
    described: str  # as a problem message starts: "The settings file …", "The environment variable …"
    values: dict[str, Any]
    machine: bool = False  # the machine's settings file, placed by IT (settings.MACHINE_ONLY)


def read_file(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            values = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"The settings file {path} is not valid TOML and was ignored: {exc}")
    except RecursionError:
        problems.append(
            f"The settings file {path} is nested too deeply (at most {MAX_DEPTH} levels) and was ignored."
        )
    except UnicodeDecodeError:
        problems.append(f"The settings file {path} is not UTF-8 text and was ignored.")
    except OSError as exc:
        problems.append(f"The settings file {path} could not be read and was ignored: {exc.strerror or exc}")
    else:
        return _within_limits(values, path, problems)
    return {}


def _within_limits(values: dict[str, Any], path: Path, problems: list[str]) -> dict[str, Any]:
    """The file's values within the input limits (`domain.json_input`); each other one is reported, in
    the words validation uses, and dropped on its own."""
    kept: dict[str, Any] = {}
    for key, value in values.items():
        found = problem(value)
        if found is not None:
            problems.append(
                f"The settings file {path}: the value for '{key}' is not valid and was ignored: {found}."
            )
            continue
        kept[key] = value
    return kept


def read_layers(
    overrides: dict[str, Any] | None,
    problems: list[str],
    *,
    machine_file: Path | None = None,
    user_file: Path | None = None,
    environ: dict[str, str] | None = None,
) -> list[Layer]:
    """The raw layers, lowest precedence first; unreadable files are reported in `problems`."""
    environ = dict(os.environ) if environ is None else environ
    # Tests and the self-test set this so that no file of the real machine or user leaks in.
    use_files = environ.get("CTI_DESKTOP_NO_USER_FILES") != "1"
    machine = (
        machine_file if machine_file is not None else (paths.machine_settings_path() if use_files else None)
    )
    user = user_file if user_file is not None else (paths.user_settings_path() if use_files else None)
    layers: list[Layer] = []
    for path in (machine, user):
        if path is not None:
            layers.append(
                Layer(str(path), f"The settings file {path}", read_file(path, problems), path is machine)
            )
    for variable, key in ENVIRONMENT.items():
        if environ.get(variable, "") != "":
            layers.append(
                Layer(f"${variable}", f"The environment variable {variable}", {key: environ[variable]})
            )
    given = {key: value for key, value in (overrides or {}).items() if value is not None}
    layers.append(Layer("command line", "The command line", given))
    return layers


@dataclass(frozen=True, slots=True)
class StartupSettings:
    database_url: str
    theme: str


def peek_startup_settings(overrides: dict[str, Any] | None = None, **sources: Any) -> StartupSettings:
    """The database URL (resolved to the default file when unset) and the theme the validated settings
    will have, read without pydantic; `sources` as for `read_layers`."""
    database_url, theme = "", "system"
    for layer in read_layers(overrides, [], **sources):
        value = layer.values.get("database_url")
        if isinstance(value, str) and "\x00" not in value:
            database_url = value
        value = layer.values.get("theme")
        if isinstance(value, str) and value in THEMES:
            theme = value
    return StartupSettings(database_url or paths.default_database_url(), theme)
