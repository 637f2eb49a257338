from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from cti_desktop.contacts.model import Contact
from cti_desktop.contacts.simulator import Simulator
from cti_desktop.flows.executor import RunHandle, RunResult
from cti_desktop.services.flow_runner import FlowNotFound, FlowRunner
from cti_desktop.store.flows import FlowRepository
from cti_desktop.store.properties import PropertyStore

FLOW = {
    "actions": [
        {"id": "s", "type": "SE_Start", "ports": {"done": "o"}},
        {
            "id": "o",
            "type": "SE_SendDataToOverlay",
            "controls": {"value": {"Caller": "$.contact.phoneNumber"}},
            "ports": {"done": "m"},
        },
        {
            "id": "m",
            "type": "SE_ShowModal",
            "controls": {"title": "Hi", "message": "$.payload.note"},
            "ports": {"done": "u"},
        },
        {
            "id": "u",
            "type": "SE_ScreenpopUrl",
            "controls": {"url": "https://crm.example.com/{{ $.payload.id }}"},
            "ports": {"success": "p"},
        },
        {
            "id": "p",
            "type": "SE_SetProperty",
            "controls": {"key": "last", "value": "$.payload.id"},
            "ports": {"done": "e"},
        },
        {"id": "e", "type": "SE_End"},
    ]
}


@pytest.fixture
def runner(engine: Engine) -> Iterator[FlowRunner]:
    FlowRepository(engine).save("Greet", FLOW, source="ctiAction")
    runner = FlowRunner(engine, telephony=Simulator())
    yield runner
    runner.close()


def test_a_run_announces_what_it_does_and_is_recorded(runner: FlowRunner, engine: Engine) -> None:
    heard: list[tuple[str, Any]] = []
    runner.overlay_data_sent.connect(lambda contact_id, pairs: heard.append(("overlay", (contact_id, pairs))))
    runner.screenpop_requested.connect(lambda contact_id, pop: heard.append(("pop", (contact_id, pop))))
    runner.modal_requested.connect(lambda title, message: heard.append(("modal", (title, message))))
    finished: list[RunResult] = []
    runner.run_finished.connect(finished.append)
    contact = Contact(contactId="c-5", phoneNumber="+12065550100")

    result = asyncio.run(
        runner.run(
            "Greet",
            payload={"id": "42", "note": "VIP"},
            contact=contact,
            trigger_kind="action",
            trigger_detail="Greet",
        )
    )

    assert result.status == "completed", result.error
    assert heard == [
        ("overlay", ("c-5", {"Caller": "+12065550100"})),
        ("modal", ("Hi", "VIP")),
        ("pop", ("c-5", {"kind": "url", "url": "https://crm.example.com/42"})),
    ]
    assert finished == [result]
    assert result.run_id is not None
    recorded = runner.runs.get(result.run_id)
    assert recorded is not None
    assert (recorded.run.flow_name, recorded.run.trigger_kind, recorded.run.contact_id) == (
        "Greet",
        "action",
        "c-5",
    )
    assert len(recorded.steps) == 6
    runner.close()
    assert PropertyStore(engine).get("last") == "42"


def test_the_store_is_used_off_the_calling_thread(runner: FlowRunner) -> None:
    threads: list[str] = []
    record = runner.runs.record

    def spy(result: RunResult) -> int:
        threads.append(threading.current_thread().name)
        return record(result)

    runner.runs.record = spy  # type: ignore[method-assign]
    asyncio.run(runner.run("Greet", payload={"id": "1"}))
    assert len(threads) == 1 and threads[0] != threading.current_thread().name


def test_unknown_flow(runner: FlowRunner) -> None:
    with pytest.raises(FlowNotFound, match="there is no flow named 'Nope'"):
        asyncio.run(runner.run("Nope"))


def test_a_new_version_is_parsed_again(runner: FlowRunner) -> None:
    row = runner.flows.require("Greet")
    assert runner.document(row) is runner.document(row)
    updated = runner.flows.save("Greet", {"actions": [{"id": "s", "type": "SE_Start"}]}).row
    assert len(runner.document(updated).actions) == 1
    result = asyncio.run(runner.run(updated))
    assert result.status == "completed" and result.flow_id == updated.id


def test_cancel_all_cancels_runs_under_way(engine: Engine) -> None:
    FlowRepository(engine).save(
        "Wait",
        {
            "actions": [
                {"id": "s", "type": "SE_Start", "ports": {"done": "d"}},
                {"id": "d", "type": "SE_Delay", "controls": {"milliseconds": 10000}, "ports": {"done": "e"}},
                {"id": "e", "type": "SE_End"},
            ]
        },
    )
    runner = FlowRunner(engine, record=False)

    async def scenario() -> tuple[RunResult, int]:
        handle = RunHandle()
        task = asyncio.get_running_loop().create_task(runner.run("Wait", handle=handle))
        while not runner._active:
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.01)
        cancelled = runner.cancel_all("the app is closing")
        return await task, cancelled

    result, cancelled = asyncio.run(scenario())
    runner.close()
    assert cancelled == 1
    assert result.status == "cancelled" and result.run_id is None
