"""Typed settings and where they come from.

Precedence, highest first: the command line, the environment (CTI_DESKTOP_*), the user's settings file,
the machine's settings file (placed by IT with the installer), the defaults. A malformed file is reported
and skipped: the app still starts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
)

from cti_desktop import paths
from cti_desktop.contacts.sip.settings import TelephonySettings
from cti_desktop.flows.host_policy import valid_host_pattern
from cti_desktop.settings_sources import read_layers

log = logging.getLogger(__name__)

# settings_sources.THEMES lists the same (a test keeps them in step).
Theme = Literal["system", "light", "dark"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
# Settings that guard the machine (what flows may reach): IT sets them in the machine's settings file,
# and a user's file, the environment or the command line cannot loosen them.
MACHINE_ONLY = frozenset({"http_allowed_hosts"})


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    database_url: str = ""
    demo_data: bool = True
    theme: Theme = "system"
    # An ISO 3166 region code phone numbers are read in (US, DE, GB, ...).
    default_country: str = "US"
    # A run longer than a day is a run that never ends; NaN and infinity are no limit at all.
    run_time_limit_s: Annotated[float, Field(gt=0, le=86_400, allow_inf_nan=False)] = 60.0
    run_step_budget: Annotated[StrictInt, Field(gt=0, le=100_000_000)] = 10_000
    # How long the overlay's Data tab keeps what flows sent for a contact: until the contact is closed,
    # or until the agent clears it.
    overlay_data_kept: Literal["until_closed", "until_cleared"] = "until_closed"
    # What the values a run builds may hold in all, in MB (docs/flows.md, "Limits"): a flow that loops
    # building text fails with a clear message instead of taking the PC's memory.
    run_value_limit_mb: Annotated[StrictFloat, Field(gt=0, le=4096, allow_inf_nan=False)] = 10.0
    # The hosts HTTP Request blocks may reach ("api.example.com", "*.corp.example"); empty: any host but
    # link-local and metadata addresses. Only the machine's settings file may set it (MACHINE_ONLY).
    http_allowed_hosts: list[StrictStr] = []
    # [telephony] connector = "simulator" | "sip", and [telephony.sip]: the SIP phone (contacts/sip).
    telephony: TelephonySettings = TelephonySettings()
    # A shared database (PostgreSQL) for a floor of seats: how to reach it. Never a password here: it comes
    # from the OS keyring (`cti-desktop credentials set database --kind basic ...`), a .pgpass file, or
    # the server's own methods (Kerberos, certificates).
    database_connect_timeout_s: Annotated[StrictInt, Field(ge=1, le=300)] = 10
    database_sslmode: Literal["", "disable", "allow", "prefer", "require", "verify-ca", "verify-full"] = ""
    database_sslrootcert: str = ""
    # Shown in pg_stat_activity; empty: cti-desktop/<this PC's name>.
    database_application_name: str = ""
    # The seat's copy of what it needs to serve calls while the server is away; empty: in the user's data.
    cache_path: str = ""
    # Where the backup taken before a schema upgrade goes (a full path; "~" is the home folder); empty:
    # beside an SQLite file, the data folder's backups for a database server (pg_dump).
    backups_dir: str = ""
    # What the log file records, from this level up (--verbose records DEBUG whatever this says).
    log_level: LogLevel = "INFO"

    @field_validator("http_allowed_hosts")
    @classmethod
    def _host_patterns(cls, value: list[str]) -> list[str]:
        wrong = [pattern for pattern in value if not valid_host_pattern(pattern)]
        if wrong:
            raise ValueError(
                f"{', '.join(map(repr, wrong))} is not a host name, an address or '*.' and a domain"
            )
        return value

    @field_validator("database_url")
    @classmethod
    def _no_nul_character(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("the address holds a NUL character")
        return value

    @field_validator("default_country")
    @classmethod
    def _known_region(cls, value: str) -> str:
        import phonenumbers  # loaded with the settings, on the loading thread

        if value not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError("expected a two-letter country code in capitals, such as US, DE or GB")
        return value

    @field_validator("backups_dir")
    @classmethod
    def _full_path(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("the folder holds a NUL character")
        if value.strip() and not Path(value.strip()).expanduser().is_absolute():
            raise ValueError("expected a full path to a folder, such as /home/agent/cti-backups")
        return value.strip()

    def backups_folder(self) -> Path | None:
        """The folder backups go to; None: beside the database."""
        return Path(self.backups_dir).expanduser() if self.backups_dir else None

    def resolved_database_url(self) -> str:
        return self.database_url or paths.default_database_url()


@dataclass
class LoadedSettings:
    settings: Settings
    # Problems found while reading the files, in words for the user (shown in the log and the status bar).
    problems: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _valid_values(
    values: dict[str, Any], source: str, problems: list[str], machine: bool = False
) -> dict[str, Any]:
    """The values of one source that are valid; each unknown or invalid key is reported and dropped on
    its own, so a typo in the theme does not throw away the database URL next to it."""
    kept: dict[str, Any] = {}
    for key, value in values.items():
        if key in MACHINE_ONLY and not machine:
            problems.append(
                f"{source}: '{key}' can be set only in the machine's settings file and was ignored."
            )
            continue
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


def _merge(into: dict[str, Any], values: dict[str, Any]) -> None:
    """A later layer's values over an earlier one's; tables ([telephony.sip]) merge key by key, so the
    user's file may set the SIP user while the machine's sets the registrar."""
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            into[key] = dict(into[key])
            _merge(into[key], value)
        else:
            into[key] = value


def load_settings(
    overrides: dict[str, Any] | None = None,
    *,
    machine_file: Path | None = None,
    user_file: Path | None = None,
    environ: dict[str, str] | None = None,
) -> LoadedSettings:
    problems: list[str] = []
    sources: list[str] = []
    merged: dict[str, Any] = {}
    layers = [
        (layer.source, _valid_values(layer.values, layer.described, problems, layer.machine))
        for layer in read_layers(
            overrides, problems, machine_file=machine_file, user_file=user_file, environ=environ
        )
    ]
    for source, values in layers:
        if values:
            sources.append(source)
            _merge(merged, values)
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
