"""The Run History table models over recorded runs: Qt's model rules, pages read as the view scrolls,
newer runs merged in place, and how statuses, triggers and steps are shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from pytestqt.modeltest import ModelTester
from sqlalchemy import Engine

from cti_desktop.flows.sandbox import FlowSandbox
from cti_desktop.gui.runs.icons import status_color
from cti_desktop.gui.runs.model import (
    COL_CONTACT,
    COL_DURATION,
    COL_ERROR,
    COL_EXCEPTION,
    COL_FLOW,
    COL_SEQ,
    COL_STATUS,
    COL_SUCCESS,
    COL_TRIGGER,
    RUN_ROLE,
    RunTableModel,
    StepTableModel,
)
from cti_desktop.store.runs import RunFilter, RunRepository

# Icons are pixmaps: they need the application object.
pytestmark = pytest.mark.usefixtures("qapp")

SANDBOX = FlowSandbox()
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def record(
    runs: RunRepository,
    name: str,
    status: str = "completed",
    minutes: int = 0,
    error: str = "",
    **fields: object,
) -> int:
    result = SANDBOX.run(SANDBOX.single("SE_Log"), name=name)
    result.status = status
    result.error = error
    result.started_at = T0 + timedelta(minutes=minutes)
    for key, value in fields.items():
        setattr(result, key, value)
    return runs.record(result)


def cell(model: RunTableModel, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return model.index(row, column).data(role)


def test_the_runs_model_keeps_qts_rules_while_paging_and_merging(
    engine: Engine, qtmodeltester: ModelTester
) -> None:
    runs = RunRepository(engine)
    for n in range(5):
        record(
            runs, f"flow {n}", "failed" if n % 2 else "completed", minutes=n, error="boom" if n % 2 else ""
        )
    model = RunTableModel(runs, page_size=2)
    model.reload()
    qtmodeltester.check(model, force_py=True)  # the tester also fetches every page
    assert [s.flow_name for s in model.runs()] == [f"flow {n}" for n in range(4, -1, -1)]
    record(runs, "flow 5", minutes=10)
    assert model.add_newer() == 1
    assert model.run(0) is not None and model.run(0).flow_name == "flow 5"  # type: ignore[union-attr]


def test_pages_are_read_as_the_view_asks(engine: Engine) -> None:
    runs = RunRepository(engine)
    ids = [record(runs, "f", minutes=n) for n in range(5)]
    model = RunTableModel(runs, page_size=2)
    model.reload()
    assert model.rowCount() == 2 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert [s.id for s in model.runs()] == ids[::-1]
    assert not model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 5


def test_newer_runs_go_where_they_started_and_never_twice(engine: Engine) -> None:
    runs = RunRepository(engine)
    record(runs, "early", minutes=0)
    record(runs, "late", minutes=20)
    model = RunTableModel(runs)
    model.reload()
    # A long run that started between the two finishes (is recorded) last: it goes between them.
    middle = record(runs, "middle", minutes=10)
    assert model.add_newer() == 1
    assert [s.flow_name for s in model.runs()] == ["late", "middle", "early"]
    assert model.row_of(middle) == 1
    assert model.add_newer() == 0


def test_newer_runs_that_belong_to_an_unread_page_wait_for_it(engine: Engine) -> None:
    runs = RunRepository(engine)
    for n in range(4):
        record(runs, f"f{n}", minutes=10 + n)
    model = RunTableModel(runs, page_size=2)
    model.reload()
    oldest = record(runs, "oldest", minutes=0)
    assert model.add_newer() == 0
    while model.canFetchMore():
        model.fetchMore()
    assert model.row_of(oldest) == 4 and model.rowCount() == 5


def test_newer_runs_follow_the_filter(engine: Engine) -> None:
    runs = RunRepository(engine)
    model = RunTableModel(runs)
    model.set_filter(RunFilter(statuses=("failed",)))
    record(runs, "ok")
    failed = record(runs, "bad", "failed", error="it broke")
    assert model.add_newer() == 1
    assert [s.id for s in model.runs()] == [failed]


def test_a_failed_run_is_shown_with_its_error_icon_and_colour(engine: Engine) -> None:
    runs = RunRepository(engine)
    record(
        runs,
        "Gift Card",
        "failed",
        error="block 'task' (SE_SFCreateTask) failed: the CRM refused\nTraceback follows",
        trigger_kind="action",
        trigger_detail="Customer Gift Card",
        contact={"contactId": "sim-4"},
    )
    record(
        runs, "Pop", "timed_out", minutes=1, trigger_kind="event", trigger_detail="voiceContact.onConnecting"
    )
    record(runs, "Manual", "cancelled", minutes=2)
    model = RunTableModel(runs)
    model.reload()
    assert [cell(model, row, COL_STATUS) for row in range(3)] == ["Cancelled", "Timed out", "Failed"]
    assert cell(model, 2, COL_ERROR) == "block 'task' (SE_SFCreateTask) failed: the CRM refused"
    assert "Traceback follows" in str(cell(model, 2, COL_ERROR, Qt.ItemDataRole.ToolTipRole))
    assert cell(model, 2, COL_TRIGGER) == "Action: Customer Gift Card"
    assert cell(model, 1, COL_TRIGGER) == "Event: Voice Contact onConnecting"
    assert cell(model, 0, COL_TRIGGER) == "Manual"
    assert cell(model, 2, COL_CONTACT) == "sim-4"
    assert cell(model, 2, COL_FLOW, RUN_ROLE).flow_name == "Gift Card"  # type: ignore[attr-defined]
    for row, status in ((0, "cancelled"), (1, "timed_out"), (2, "failed")):
        assert cell(model, row, COL_STATUS, Qt.ItemDataRole.ForegroundRole) == status_color(status)
        icon = cell(model, row, COL_STATUS, Qt.ItemDataRole.DecorationRole)
        assert isinstance(icon, QIcon) and not icon.isNull()
    assert str(cell(model, 0, COL_DURATION)).endswith(("µs", "ms"))
    assert cell(model, 0, COL_DURATION, Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )


def test_a_completed_run_is_not_coloured(engine: Engine) -> None:
    runs = RunRepository(engine)
    record(runs, "fine")
    model = RunTableModel(runs)
    model.reload()
    assert cell(model, 0, COL_STATUS) == "Completed"
    assert cell(model, 0, COL_STATUS, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(model, 0, COL_ERROR) == ""


def test_the_steps_model_shows_each_step_and_keeps_qts_rules(
    engine: Engine, qtmodeltester: ModelTester
) -> None:
    runs = RunRepository(engine)
    broken = SANDBOX.document(
        {"id": "start", "type": "SE_Start", "ports": {"done": "old"}},
        {"id": "old", "type": "SE_Gone", "ports": {"success": "end"}},
        {"id": "end", "type": "SE_End"},
    )
    recorded = runs.get(runs.record(SANDBOX.run(broken, name="broken")))
    assert recorded is not None
    model = StepTableModel()
    model.set_steps(recorded.steps)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2
    assert [model.index(row, COL_SEQ).data() for row in range(2)] == ["1", "2"]
    assert model.index(1, COL_SUCCESS).data() == "No"
    assert model.index(1, COL_EXCEPTION).data() == "unknown block type 'SE_Gone'"
    assert model.index(1, COL_EXCEPTION).data(Qt.ItemDataRole.ForegroundRole) == status_color("failed")
    assert model.index(0, COL_SUCCESS).data() == "Yes"
