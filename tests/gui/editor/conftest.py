from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from cti_desktop.gui.editor import ElementEditorDialog
from cti_desktop.services.actions import ActionService
from cti_desktop.store.models import FlowRow


def add_flow(engine: Engine, name: str, source: str = "ctiAction") -> int:
    now = datetime.now(UTC)
    with Session(engine) as session:
        row = FlowRow(name=name, source=source, created_at=now, updated_at=now, published_version=1)
        session.add(row)
        session.commit()
        assert row.id is not None
        return row.id


@pytest.fixture
def service(engine: Engine) -> ActionService:
    add_flow(engine, "Gift Card")
    add_flow(engine, "Screen pop", "voiceContact")
    add_flow(engine, "Refund request")
    return ActionService(engine)


@pytest.fixture
def open_editor(
    service: ActionService, show_window: Callable[[ElementEditorDialog], ElementEditorDialog]
) -> Callable[[], ElementEditorDialog]:
    return lambda: show_window(ElementEditorDialog(service))
