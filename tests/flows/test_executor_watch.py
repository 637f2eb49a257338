"""A watched run (the designer's test run): the watcher hears of each block before it runs, may pause the
run there, sees the resolved controls and each step; a paused run can be cancelled, and a pause does not
count against the time limit."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Mapping
from typing import Any

from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.executor import FlowExecutor, RunHandle
from cti_desktop.flows.results import StepTrace

FLOW = FlowDocument.from_dict(
    {
        "actions": [
            {"id": "s", "type": "SE_Start", "ports": {"done": "a"}},
            {
                "id": "a",
                "type": "SE_Log",
                "controls": {"message": "hi {{ $.payload.who }}"},
                "ports": {"done": "b"},
            },
            {
                "id": "b",
                "type": "SE_SetProperty",
                "controls": {"key": "k", "value": "$.payload.who"},
                "ports": {"done": "e"},
            },
            {"id": "e", "type": "SE_End"},
        ]
    }
)


class Watcher:
    def __init__(self, pause_at: set[str]) -> None:
        self.pause_at = pause_at
        self.seen: list[str] = []
        self.controls: dict[str, dict[str, Any]] = {}
        self.steps: list[StepTrace] = []
        self.gate: asyncio.Future[None] | None = None
        self.paused = asyncio.Event()

    def before(self, block_id: str) -> Awaitable[None] | None:
        self.seen.append(block_id)
        if block_id not in self.pause_at:
            return None
        self.gate = asyncio.get_running_loop().create_future()
        self.paused.set()
        return self.gate

    def resolved(self, block_id: str, controls: Mapping[str, Any]) -> None:
        self.controls[block_id] = dict(controls)

    def stepped(self, step: StepTrace) -> None:
        self.steps.append(step)


def test_a_watched_run_pauses_at_a_block_and_goes_on_when_let() -> None:
    async def scenario() -> None:
        watcher = Watcher({"b"})
        executor = FlowExecutor(default_registry())
        task = asyncio.ensure_future(executor.run(FLOW, payload={"who": "Ann"}, watcher=watcher))
        await watcher.paused.wait()
        assert [step.id for step in watcher.steps] == ["s", "a"]  # b has not run
        assert not task.done()
        assert watcher.controls["a"]["message"] == "hi Ann"
        assert watcher.gate is not None
        watcher.gate.set_result(None)
        result = await task
        assert result.status == "completed"
        assert watcher.seen == ["s", "a", "b", "e"]
        assert [step.id for step in watcher.steps] == ["s", "a", "b", "e"]
        assert watcher.controls["b"] == {"key": "k", "value": "Ann"}

    asyncio.run(scenario())


def test_a_paused_run_can_be_stopped() -> None:
    async def scenario() -> None:
        watcher = Watcher({"a"})
        handle = RunHandle()
        executor = FlowExecutor(default_registry())
        task = asyncio.ensure_future(executor.run(FLOW, watcher=watcher, handle=handle))
        await watcher.paused.wait()
        handle.cancel()
        result = await task
        assert result.status == "cancelled"
        assert "block 'a'" in result.error
        assert [step.id for step in result.steps] == ["s", "a"] and result.steps[-1].exception == "cancelled"

    asyncio.run(scenario())


def test_a_pause_does_not_count_against_the_time_limit() -> None:
    async def scenario() -> None:
        watcher = Watcher({"a"})
        executor = FlowExecutor(default_registry(), time_limit_s=0.05)
        task = asyncio.ensure_future(executor.run(FLOW, watcher=watcher))
        await watcher.paused.wait()
        await asyncio.sleep(0.1)  # longer than the whole time limit
        assert watcher.gate is not None
        watcher.gate.set_result(None)
        assert (await task).status == "completed"

    asyncio.run(scenario())
