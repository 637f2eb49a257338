"""Build small flows and run them in memory: to try a block out, in tests and in the benchmark."""

from __future__ import annotations

import asyncio
from typing import Any

from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.executor import FlowExecutor
from cti_desktop.flows.properties import MemoryProperties
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.flows.results import RunResult, StepTrace


class FlowSandbox:
    def __init__(self, registry: BlockRegistry | None = None, **executor_options: Any) -> None:
        self.registry = registry or default_registry()
        self.executor = FlowExecutor(self.registry, **executor_options)
        self.properties = MemoryProperties()

    @staticmethod
    def document(*actions: dict[str, Any], name: str = "sandbox") -> FlowDocument:
        return FlowDocument.from_dict({"name": name, "actions": list(actions)})

    def single(
        self, block_type: str, controls: dict[str, Any] | None = None, connect: bool = True
    ) -> FlowDocument:
        """SE_Start -> the block -> SE_End, with every declared outcome connected to the end (or none)."""
        spec = self.registry.get(block_type)
        outcomes = spec.outcomes if spec is not None else ("done",)
        ports = {outcome: "end" for outcome in outcomes} if connect else {}
        return self.document(
            {"id": "start", "type": "SE_Start", "ports": {"done": "block"}},
            {"id": "block", "type": block_type, "controls": controls or {}, "ports": ports},
            {"id": "end", "type": "SE_End"},
        )

    async def run_async(self, document: FlowDocument, **options: Any) -> RunResult:
        options.setdefault("properties", self.properties)
        return await self.executor.run(document, **options)

    def run(self, document: FlowDocument, **options: Any) -> RunResult:
        """Run on a new event loop (not from inside a running loop: use `run_async` there)."""
        return asyncio.run(self.run_async(document, **options))

    def step(self, block_type: str, controls: dict[str, Any] | None = None, **options: Any) -> StepTrace:
        """Run one block and return its step; raises AssertionError if the run did not complete."""
        result = self.run(self.single(block_type, controls), **options)
        if result.status != "completed":
            raise AssertionError(f"the run {result.status}: {result.error}")
        return next(step for step in result.steps if step.id == "block")
