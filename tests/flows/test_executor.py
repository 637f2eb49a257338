from __future__ import annotations

import asyncio
from typing import Any

import pytest

from cti_desktop.domain.masking import MASK
from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.executor import FlowExecutor, RunHandle
from cti_desktop.flows.registry import BlockRegistry, BlockResult, BlockSpec
from cti_desktop.flows.sandbox import FlowSandbox


def start(to: str) -> dict[str, Any]:
    return {"id": "s", "type": "SE_Start", "ports": {"done": to}}


END = {"id": "e", "type": "SE_End"}


def test_reaching_the_end_completes(harness: FlowSandbox) -> None:
    result = harness.run(harness.single("SE_Log", {"message": "hi"}))
    assert (result.status, result.error, result.warnings) == ("completed", "", [])
    assert [step.id for step in result.steps] == ["start", "block", "end"]
    assert result.duration_ms > 0


@pytest.mark.parametrize(
    ("block_type", "controls", "outcome"),
    [
        ("SE_Log", {"message": "x"}, "done"),
        ("SE_CoreTruthy", {"value": 1}, "true"),
        ("SE_CoreTruthy", {"value": 0}, "false"),
        ("SE_Divide", {"left": 4, "right": 2}, "success"),
    ],
)
def test_unconnected_quiet_outcome_completes_with_a_warning(
    harness: FlowSandbox, block_type: str, controls: dict[str, Any], outcome: str
) -> None:
    result = harness.run(harness.single(block_type, controls, connect=False))
    assert result.status == "completed"
    assert result.warnings == [
        f"block 'block' ({block_type}): the '{outcome}' outcome is not connected; the run ends here"
    ]


def test_unconnected_failure_fails_naming_the_block(harness: FlowSandbox) -> None:
    result = harness.run(harness.single("SE_Divide", {"left": 1, "right": 0}, connect=False))
    assert result.status == "failed"
    assert result.error == "block 'block' (SE_Divide) failed: division by zero"


def test_connected_failure_goes_on(harness: FlowSandbox) -> None:
    result = harness.run(harness.single("SE_Divide", {"left": 1, "right": 0}))
    assert result.status == "completed"
    assert result.steps[1].success is False


def test_unknown_block_type_fails_that_block(harness: FlowSandbox) -> None:
    result = harness.run(harness.single("SE_Teleport"))
    assert result.status == "failed"
    assert result.error == "block 'block' (SE_Teleport) failed: unknown block type 'SE_Teleport'"
    connected = harness.run(
        harness.document(start("x"), {"id": "x", "type": "SE_Teleport", "ports": {"failure": "e"}}, END)
    )
    assert (
        connected.status == "completed" and connected.steps[1].exception == "unknown block type 'SE_Teleport'"
    )


def test_block_not_supported_by_the_connector_fails() -> None:
    registry = BlockRegistry()
    harness = FlowSandbox(registry)
    from cti_desktop.flows.blocks import core

    core.register(registry)

    def lookup(ctx: Any, controls: dict[str, Any]) -> BlockResult:
        return BlockResult("success", {"found": True})

    registry.register(
        BlockSpec("SE_Lookup", "Lookup", "CRM", (), ("success", "failure"), (), lookup, needs="crm")
    )

    class Crm:
        def __init__(self, ok: bool) -> None:
            self.ok = ok

        def supports(self, block_type: str) -> bool:
            return self.ok

    document = harness.single("SE_Lookup", connect=False)
    assert harness.run(document, crm=Crm(True)).status == "completed"
    refused = harness.run(document, crm=Crm(False))
    assert refused.error == (
        "block 'block' (SE_Lookup) failed: SE_Lookup is not supported by the configured CRM connector"
    )
    assert harness.run(document).status == "failed"


def test_port_to_a_missing_block_ends_the_run_like_an_unconnected_one(harness: FlowSandbox) -> None:
    result = harness.run(harness.document(start("gone")))
    assert result.status == "completed"
    assert "its port points at 'gone', which is not in the flow" in result.warnings[0]


@pytest.mark.parametrize(
    ("actions", "message"),
    [
        ([END], "the flow is invalid: it has no SE_Start block"),
        ([start("e"), {"id": "s2", "type": "SE_Start"}, END], "it has 2 SE_Start blocks"),
        ([start("e"), END, {"id": "e", "type": "SE_Log"}], "the id 'e' is used twice"),
    ],
)
def test_invalid_flow_fails_at_once(
    harness: FlowSandbox, actions: list[dict[str, Any]], message: str
) -> None:
    result = harness.run(harness.document(*actions))
    assert result.status == "failed" and message in result.error and result.steps == []


def test_a_raising_block_is_a_failure(harness: FlowSandbox) -> None:
    def explode(ctx: Any, controls: dict[str, Any]) -> BlockResult:
        raise KeyError("boom")

    harness.registry = BlockRegistry()
    harness.registry.register(BlockSpec("SE_Start", "Start", "Flow", (), ("done",), (), None))
    harness.registry.register(BlockSpec("SE_Boom", "Boom", "Flow", (), ("done", "failure"), (), explode))
    harness.executor = FlowExecutor(harness.registry)
    result = harness.run(harness.single("SE_Boom", connect=False))
    assert result.error == "block 'block' (SE_Boom) failed: KeyError: 'boom'"


def loop_flow() -> FlowDocument:
    return FlowSandbox.document(
        start("a"),
        {"id": "a", "type": "SE_Log", "controls": {"message": "again"}, "ports": {"done": "b"}},
        {"id": "b", "type": "SE_CoreTruthy", "controls": {"value": True}, "ports": {"true": "a"}},
    )


def test_loops_are_allowed_until_the_step_budget(harness: FlowSandbox) -> None:
    result = harness.run(loop_flow(), step_budget=101)
    assert result.status == "timed_out"
    assert len(result.steps) == 101
    assert "after 101 steps (its step budget)" in result.error
    assert FlowExecutor(harness.registry).step_budget == 10_000


def test_time_limit_stops_a_waiting_block(harness: FlowSandbox) -> None:
    result = harness.run(harness.single("SE_Delay", {"milliseconds": 5000}), time_limit_s=0.05)
    assert result.status == "timed_out"
    assert result.error == "the run reached its time limit at block 'block' (SE_Delay)"
    assert result.duration_ms < 2000
    assert FlowExecutor(harness.registry).time_limit_s == 60


def test_time_limit_stops_a_busy_loop(harness: FlowSandbox) -> None:
    result = harness.run(loop_flow(), time_limit_s=0.02, step_budget=10**9)
    assert result.status == "timed_out" and "time limit" in result.error


def test_cancel_while_waiting(harness: FlowSandbox) -> None:
    async def scenario() -> tuple[str, str, bool]:
        handle, task = harness.executor.start(
            harness.single("SE_Delay", {"milliseconds": 5000}), properties=harness.properties
        )
        await asyncio.sleep(0.02)
        handle.cancel("the agent closed the contact")
        result = await task
        return result.status, result.error, task.cancelled()

    status, error, task_cancelled = asyncio.run(scenario())
    assert (status, task_cancelled) == ("cancelled", False)
    assert error == "the run was cancelled at block 'block' (SE_Delay): the agent closed the contact"


def test_cancel_before_start(harness: FlowSandbox) -> None:
    handle = RunHandle()
    handle.cancel()
    result = harness.run(harness.single("SE_Log", {"message": "x"}), handle=handle)
    assert result.status == "cancelled" and result.steps == []


def test_foreign_cancellation_is_not_swallowed(harness: FlowSandbox) -> None:
    async def scenario() -> None:
        task = asyncio.get_running_loop().create_task(
            harness.run_async(harness.single("SE_Delay", {"milliseconds": 5000}))
        )
        await asyncio.sleep(0.01)
        task.cancel()
        await task

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(scenario())


def test_concurrent_runs_share_only_properties(harness: FlowSandbox) -> None:
    document = harness.document(
        start("d"),
        {
            "id": "d",
            "type": "SE_Delay",
            "controls": {"milliseconds": "$.payload.wait"},
            "ports": {"done": "t"},
        },
        {
            "id": "t",
            "type": "SE_StringTemplate",
            "controls": {"template": "{{ $.payload.n }}/{{ $.actions.d.success }}"},
            "ports": {"done": "p"},
        },
        {
            "id": "p",
            "type": "SE_SetProperty",
            "controls": {"key": "$.payload.n", "value": "$.payload.n"},
            "ports": {"done": "e"},
        },
        END,
    )

    async def scenario() -> list[Any]:
        runs = [harness.run_async(document, payload={"n": f"r{n}", "wait": 30 - 10 * n}) for n in range(3)]
        return list(await asyncio.gather(*runs))

    results = asyncio.run(scenario())
    assert [result.steps[2].results["value"] for result in results] == ["r0/true", "r1/true", "r2/true"]
    assert harness.properties.values == {"r0": "r0", "r1": "r1", "r2": "r2"}


def test_compiled_flows_are_cached_until_edited(harness: FlowSandbox) -> None:
    document = harness.single("SE_Log", {"message": "a"})
    first = harness.executor.compile(document)
    assert harness.executor.compile(document) is first
    action = document.action("block")
    assert action is not None
    action.controls["message"] = "b"
    document.touch()
    assert harness.executor.compile(document) is not first
    assert harness.run(document).log == [{"level": "info", "message": "b"}]


def test_missing_references_warn_in_the_step_and_the_run(harness: FlowSandbox) -> None:
    result = harness.run(harness.single("SE_Log", {"message": "$.payload.nope"}))
    assert result.steps[1].warnings == ("$.payload.nope refers to nothing; using null",)
    assert result.warnings == ["block 'block': $.payload.nope refers to nothing; using null"]


def test_results_are_readable_by_later_blocks_with_dashed_ids(harness: FlowSandbox) -> None:
    document = harness.document(
        start("uid-1"),
        {
            "id": "uid-1",
            "type": "SE_Multiply",
            "controls": {"left": 6, "right": 7},
            "ports": {"done": "uid-2"},
        },
        {
            "id": "uid-2",
            "type": "SE_Log",
            "controls": {"message": "$.actions.uid-1.results.value"},
            "ports": {"done": "e"},
        },
        END,
    )
    assert harness.run(document).log[0]["message"] == "42"


def test_json_contract(harness: FlowSandbox) -> None:
    result = harness.run(
        harness.single("SE_SendDataToOverlay", {"value": {"a": 1}}),
        contact={"contactId": "c-9"},
        name="Overlay",
    )
    data = result.to_json_dict()
    assert list(data) == [
        "run_id", "flow", "status", "error", "warnings", "steps", "overlay_data", "screenpops", "contact",
        "properties", "duration_ms",
    ]  # fmt: skip
    assert list(data["steps"][0]) == [
        "id", "type", "outcome", "success", "results", "exception", "duration_ms", "warnings",
    ]  # fmt: skip
    assert data["flow"] == "Overlay" and data["contact"] == {"contactId": "c-9"}
    assert result.contact_id == "c-9"


def test_sensitive_values_are_masked_in_the_record(harness: FlowSandbox) -> None:
    document = harness.document(
        start("t"),
        {
            "id": "t",
            "type": "SE_StringTemplate",
            "controls": {"template": "card {{ $.payload.card }} for {{ $.payload.name }}"},
            "ports": {"done": "o"},
        },
        {
            "id": "o",
            "type": "SE_SendDataToOverlay",
            "controls": {"value": {"Card": "$.payload.card"}},
            "ports": {"done": "e"},
        },
        END,
    )
    seen: list[Any] = []

    class Events:
        def overlay_data(self, pairs: Any) -> None:
            seen.append(dict(pairs))

        def screenpop(self, pop: dict[str, Any]) -> None: ...

        def modal(self, title: str, message: str) -> None: ...

    payload = {"card": "4111111111111111", "name": "Ann"}
    result = harness.run(document, payload=payload, sensitive_keys={"card", "absent"}, events=Events())
    assert seen == [{"Card": "4111111111111111"}]  # the overlay itself shows it
    assert result.inputs["payload"] == {"card": MASK, "name": "Ann"}
    assert result.steps[1].results == {"value": f"card {MASK} for Ann"}
    assert result.overlay_data == [{"key": "Card", "value": MASK}]
    assert payload["card"] == "4111111111111111"


def test_cancel_from_inside_a_run_does_not_reach_the_caller(harness: FlowSandbox) -> None:
    handle = RunHandle()

    class Events:
        def overlay_data(self, pairs: Any) -> None:
            handle.cancel("closed")

        def screenpop(self, pop: dict[str, Any]) -> None: ...

        def modal(self, title: str, message: str) -> None: ...

    document = harness.document(
        start("o"),
        {"id": "o", "type": "SE_SendDataToOverlay", "controls": {"value": {"a": 1}}, "ports": {"done": "l"}},
        {"id": "l", "type": "SE_Log", "controls": {"message": "never"}, "ports": {"done": "e"}},
        END,
    )

    async def scenario() -> str:
        result = await harness.run_async(document, handle=handle, events=Events())
        await asyncio.sleep(0)  # would raise CancelledError if the cancellation leaked
        return result.status

    assert asyncio.run(scenario()) == "cancelled"


def test_a_blocks_own_timeout_is_its_failure(harness: FlowSandbox) -> None:
    async def slow(ctx: Any, controls: dict[str, Any]) -> BlockResult:
        raise TimeoutError("the server did not answer")

    harness.registry = BlockRegistry()
    harness.registry.register(BlockSpec("SE_Start", "Start", "Flow", (), ("done",), (), None))
    harness.registry.register(
        BlockSpec("SE_Slow", "Slow", "Flow", (), ("success", "failure"), (), slow, is_async=True)
    )
    harness.executor = FlowExecutor(harness.registry)
    result = harness.run(harness.single("SE_Slow", connect=False))
    assert (result.status, result.error) == (
        "failed",
        "block 'block' (SE_Slow) failed: TimeoutError: the server did not answer",
    )


def test_after_a_block_declared_to_refresh_the_contact_the_run_reads_it_again() -> None:
    """The behaviour follows the declaration's flag, not the block's category (a display label)."""
    contact = {"contactId": "c-1", "attributes": {"tier": "silver"}}

    def promote(ctx: Any, controls: dict[str, Any]) -> BlockResult:
        ctx.contact["attributes"] = {"tier": "gold"}
        return BlockResult("done")

    registry = BlockRegistry()
    for type_, refreshes in (("X_Promote", True), ("X_Quiet", False)):
        registry.register(
            BlockSpec(type_, type_, "Anything", (), ("done",), (), promote, refreshes_contact=refreshes)
        )
    harness = FlowSandbox(registry)
    from cti_desktop.flows.blocks import core

    core.register(registry)
    for type_, tier in (("X_Promote", "gold"), ("X_Quiet", "silver")):
        document = harness.document(
            start("p"),
            {"id": "p", "type": type_, "ports": {"done": "t"}},
            {
                "id": "t",
                "type": "SE_StringTemplate",
                "controls": {"template": "{{ $.contact.attributes.tier }}"},
                "ports": {"done": "e"},
            },
            END,
        )
        result = harness.run(document, contact=dict(contact))
        assert result.steps[2].results == {"value": tier}, type_


def test_every_contact_and_agent_block_declares_that_it_refreshes_the_contact() -> None:
    from cti_desktop.flows.blocks import default_registry

    for spec in default_registry().all():
        assert spec.refreshes_contact is (spec.category == "Contact and agent"), spec.type
