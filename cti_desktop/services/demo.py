"""Demo data for a first run: a few flows, CTI actions and CRM records, so a newcomer sees a working
product. Only the app creates them, only into an empty database; the command line never does."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from cti_desktop.crm.importing import read_json_file
from cti_desktop.resources import resource
from cti_desktop.store.models import CrmRecordRow, CtiActionRow, FlowRow

if TYPE_CHECKING:
    from cti_desktop.services.app_services import AppServices

log = logging.getLogger(__name__)


def is_empty(engine: Engine) -> bool:
    with Session(engine) as session:
        for table in (FlowRow, CtiActionRow, CrmRecordRow):
            if session.exec(select(func.count()).select_from(table)).one():
                return False
    return True


def create_demo_data_if_empty(services: AppServices) -> bool:
    """Fill an empty database with the demo data; returns whether it did."""
    if not is_empty(services.engine):
        return False
    from cti_desktop.services.people import whoami

    if not whoami(services.engine).may_edit_actions_and_flows:
        return False  # an agent's login may not write actions and flows: a supervisor's first start does
    demo = resource("demo")
    manifest: dict[str, Any] = json.loads((demo / "flows.json").read_text(encoding="utf-8"))
    for entry in manifest["flows"]:
        document = json.loads((demo / "flows" / entry["file"]).read_text(encoding="utf-8"))
        services.flows.save(
            entry["name"],
            document,
            source=entry["source"],
            event=entry["event"],
            active=entry["active"],
            description=entry.get("description", ""),
        )
    problems = services.actions.import_json((demo / "actions.json").read_text(encoding="utf-8"))
    if problems:
        # The demo file ships with the app: a problem here is a bug, and must not pass silently.
        raise RuntimeError("the demo actions do not import: " + "; ".join(str(p) for p in problems))
    services.crm.bulk_insert(read_json_file(demo / "crm_records.json"))
    log.info("created demo data: %d flows, the demo actions and CRM records", len(manifest["flows"]))
    return True
