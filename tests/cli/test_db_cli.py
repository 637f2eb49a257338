"""`cti-desktop db status|history|upgrade`, and the refusal of a database from a newer version."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from cti_desktop.cli import main
from cti_desktop.store.database import head_revision, make_engine, open_store

# The schema's creation and upgrades: each test starts from an empty database.
pytestmark = pytest.mark.empty_database


def test_status_history_and_upgrade_step_by_step(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "db", "status"]) == 0
    assert "current:  (empty)" in capsys.readouterr().out
    assert main(["--db", db_url, "db", "upgrade", "--to", "0001"]) == 0
    assert "to 0001" in capsys.readouterr().out
    assert main(["--db", db_url, "db", "status"]) == 0
    out = capsys.readouterr().out
    assert "current:  0001" in out and f"head:     {head_revision()}" in out
    assert main(["--db", db_url, "db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert f"to {head_revision()}" in out and "backup:" in out
    assert main(["--db", db_url, "db", "history"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines][:2] == ["0001", "0002"]
    assert lines[-1].startswith(head_revision())


def test_upgrade_adds_cti_action_to_the_picklist(db_url: str) -> None:
    assert main(["--db", db_url, "db", "upgrade", "--to", "0001"]) == 0
    engine = make_engine(db_url)
    query = sa.text("SELECT label FROM flow_source WHERE api_value = 'ctiAction'")
    with engine.connect() as connection:
        assert connection.execute(query).first() is None
    assert main(["--db", db_url, "db", "upgrade"]) == 0
    with engine.connect() as connection:
        assert connection.execute(query).scalar_one() == "CTI Action"
    engine.dispose()


def test_unknown_target_revision_is_a_usage_error(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "db", "upgrade", "--to", "nope"]) == 2
    assert "unknown revision 'nope'" in capsys.readouterr().err


@pytest.mark.sqlite_only
@pytest.mark.parametrize("command", [["db", "status"], ["db", "upgrade"], ["flows", "list"]])
def test_newer_database_exits_2_and_stays_byte_identical(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    open_store(db_url).dispose()
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    path = tmp_path / "cti-desktop.db"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(["--db", db_url, *command]) == 2
    err = capsys.readouterr().err
    assert "newer version of CTI Desktop" in err and "left untouched" in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert list(tmp_path.glob("*.backup-*")) == []


@pytest.mark.sqlite_only
def test_check_and_restore_from_the_command_line(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cti_desktop.store.database import backup_sqlite_file

    open_store(db_url).dispose()
    path = tmp_path / "cti-desktop.db"
    assert main(["--db", db_url, "db", "check"]) == 0
    assert "no damage" in capsys.readouterr().out

    backup = backup_sqlite_file(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))

    assert main(["--db", db_url, "db", "check"]) == 2
    out = capsys.readouterr().out
    assert f"cti-desktop db restore {backup}" in out

    assert main(["--db", db_url, "db", "restore", str(backup)]) == 2  # stdin is not a terminal
    assert "add --yes" in capsys.readouterr().err
    assert main(["--db", db_url, "db", "restore", str(backup), "--yes"]) == 0
    assert "kept as" in capsys.readouterr().out
    assert main(["--db", db_url, "db", "check"]) == 0


@pytest.mark.sqlite_only  # SQLite's backup file; PostgreSQL's is tests/store/test_postgresql.py
def test_upgrade_and_check_use_the_backups_folder_of_the_settings(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cti_desktop import paths

    folder = tmp_path / "backups"
    user = tmp_path / "user.toml"
    user.write_text(f'backups_dir = "{folder}"\n', encoding="utf-8")
    monkeypatch.setenv("CTI_DESKTOP_NO_USER_FILES", "0")
    monkeypatch.setattr(paths, "user_settings_path", lambda: user)
    monkeypatch.setattr(paths, "machine_settings_path", lambda: tmp_path / "machine.toml")
    assert main(["--db", db_url, "db", "upgrade", "--to", "0001"]) == 0
    assert main(["--db", db_url, "db", "upgrade"]) == 0
    [backup] = folder.glob("cti-desktop.backup-*.db")
    assert f"backup: {backup}" in capsys.readouterr().out
    assert main(["--db", db_url, "db", "check"]) == 0
    assert f"latest backup: {backup}" in capsys.readouterr().out
