from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from cti_desktop.crm.importing import read_json_file
from cti_desktop.store.crm import LocalCrm

DEMO_RECORDS = Path(__file__).resolve().parents[2] / "resources" / "demo" / "crm_records.json"


@pytest.fixture
def crm(engine: Engine) -> LocalCrm:
    return LocalCrm(engine)


@pytest.fixture
def demo_crm(crm: LocalCrm) -> LocalCrm:
    crm.bulk_insert(read_json_file(DEMO_RECORDS))
    return crm
