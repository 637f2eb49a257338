"""Start-up without a window: the settings read, the log level they name applied, and the backup before
an upgrade made in the backups folder they name."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command

from cti_desktop import paths
from cti_desktop.services.startup import prepare_services
from cti_desktop.store import database
from cti_desktop.store.database import make_engine


@pytest.fixture
def root_level() -> Iterator[None]:
    level = logging.getLogger().level
    yield
    logging.getLogger().setLevel(level)


def test_the_log_level_and_the_backups_folder_of_the_settings_apply_at_start(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root_level: None
) -> None:
    user = tmp_path / "user.toml"
    user.write_text(f'log_level = "ERROR"\nbackups_dir = "{tmp_path / "backups"}"\n', encoding="utf-8")
    monkeypatch.setenv("CTI_DESKTOP_NO_USER_FILES", "0")
    monkeypatch.setattr(paths, "user_settings_path", lambda: user)
    monkeypatch.setattr(paths, "machine_settings_path", lambda: tmp_path / "machine.toml")

    engine = make_engine(db_url)  # a database of the first schema: start-up upgrades it, backup first
    config = database._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()

    prepared = prepare_services({"database_url": db_url}, demo_data=False)
    prepared.services.close()

    assert logging.getLogger().level == logging.ERROR
    assert prepared.problems == []
    assert len(list((tmp_path / "backups").glob("cti-desktop.backup-*.db"))) == 1
    assert list(tmp_path.glob("*.backup-*")) == []
