"""Shared fixtures. GUI tests run offscreen; Qt warnings fail a test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep every test away from the real user's data, settings and logs.
os.environ.setdefault("CTI_DESKTOP_NO_USER_FILES", "1")

from sqlalchemy import Engine

from cti_desktop.store.database import open_store


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cti-desktop.db'}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_store(db_url)
    yield engine
    engine.dispose()
