"""Where the app keeps its data, logs and settings (platformdirs, never hard-coded home paths)."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "cti-desktop"
APP_DISPLAY_NAME = "CTI Desktop"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "cti-desktop.db"


def default_database_url() -> str:
    return f"sqlite:///{default_database_path()}"


def machine_settings_path() -> Path:
    """The machine-wide settings file IT places with the installer."""
    if sys.platform.startswith("win"):
        return Path(platformdirs.site_config_dir("CTI Desktop", appauthor=False)) / "settings.toml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/CTI Desktop/settings.toml")
    return Path("/etc/cti-desktop/settings.toml")


def user_settings_path() -> Path:
    return user_config_dir() / "settings.toml"
