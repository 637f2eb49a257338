"""The import contracts hold: Qt stays in the GUI, and the GUI reaches the store only through the
services. `lint-imports` checks them in CI; this keeps the second from being dropped unnoticed."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUI_CONTRACT = "Windows reach the store only through the services"


def test_the_gui_may_not_import_the_store_directly() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}
    contract = contracts[GUI_CONTRACT]
    assert contract["type"] == "forbidden"
    assert contract["source_modules"] == ["cti_desktop.gui"]
    assert set(contract["forbidden_modules"]) == {"cti_desktop.store", "sqlalchemy", "sqlmodel"}
    assert contract["allow_indirect_imports"] is True
    # The one exception: the start-up reader that must run before SQLAlchemy loads.
    assert contract["ignore_imports"] == ["cti_desktop.gui.app -> cti_desktop.store.quick_read"]


def test_lint_imports_keeps_the_contracts() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{GUI_CONTRACT} KEPT" in done.stdout
