"""A test run of the open flow, as the designer drives it: started on the event loop (the executor is
asyncio, so the window never waits), watched block by block, paused at breakpoints, at the block chosen
with "Run to here" and after each step when stepping; Continue, Step and Stop act on the paused run.

The controller is the run's `RunWatcher`: it keeps each step with the controls it ran with, and says
what happens with Qt signals the panel and the canvas follow.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.executor import RunHandle
from cti_desktop.flows.results import StepTrace
from cti_desktop.gui.flow_designer.run_marks import RunPath, StepMark
from cti_desktop.services.designer_runs import DesignerRunOutcome, DesignerRuns, RunInputError, RunInputs

log = logging.getLogger(__name__)


@dataclass(slots=True)
class WatchedStep:
    step: StepTrace
    # The block's controls as the run resolved them (none for SE_Start and SE_End).
    controls: dict[str, Any] | None


class TestRunController(QObject):
    """Runs and steps one test run at a time."""

    __test__ = False  # not a test class, despite its name

    # The run started; a step was taken; the run paused before this block; the run ended.
    started = Signal()
    step_added = Signal(int)
    paused = Signal(str)
    finished = Signal(object)  # DesignerRunOutcome
    # The run could not start or broke down, in words.
    failed = Signal(str)

    def __init__(self, runs: DesignerRuns, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runs = runs
        self.steps: list[WatchedStep] = []
        self.breakpoints: set[str] = set()
        self.run_to: str | None = None
        self.stepping = False
        self.paused_at: str | None = None
        self.outcome: DesignerRunOutcome | None = None
        self._gate: asyncio.Future[None] | None = None
        self._handle: RunHandle | None = None
        self._task: asyncio.Task[None] | None = None
        self._controls: tuple[str, dict[str, Any]] | None = None
        self._busy = False

    # -- state -----------------------------------------------------------------------------------------

    def running(self) -> bool:
        return self._busy

    def path(self) -> RunPath:
        marks = (
            StepMark(s.step.id, s.step.outcome, s.step.success, s.step.exception, s.step.duration_ms)
            for s in self.steps
        )
        return RunPath.of(marks, self.paused_at)

    # -- driving ---------------------------------------------------------------------------------------

    def start(
        self, document: FlowDocument, inputs: RunInputs, name: str, *, step: bool = False, run_to: str = ""
    ) -> bool:
        """Start a run (False if one is under way). `step`: pause before the first block; `run_to`:
        pause before that block."""
        if self.running():
            return False
        self.steps = []
        self.outcome = None
        self.paused_at = None
        self.stepping = step
        self.run_to = run_to or None
        self._handle = RunHandle()
        self._busy = True
        self._task = asyncio.ensure_future(self._run(document, inputs, name, self._handle))
        self.started.emit()
        return True

    async def _run(self, document: FlowDocument, inputs: RunInputs, name: str, handle: RunHandle) -> None:
        try:
            outcome = await self.runs.run(document, inputs, name=name, watcher=self, handle=handle)
        except RunInputError as exc:
            self._emit(self.failed, f"The test run did not start: {exc}.")
            return
        except Exception as exc:  # the panel must say so rather than spin forever
            log.exception("a test run of %r broke down", name)
            self._emit(self.failed, f"The test run broke down: {type(exc).__name__}: {exc}")
            return
        finally:
            self._gate = None
            self.paused_at = None
            self._busy = False
        self.outcome = outcome
        self._emit(self.finished, outcome)

    def _emit(self, signal: Any, *args: Any) -> None:
        # A run stopped as its window closed ends after the window (and this object) are gone.
        if shiboken6.isValid(self):
            signal.emit(*args)

    def resume(self) -> None:
        """Continue a paused run to the next breakpoint (or the end)."""
        self.stepping = False
        self._open_gate()

    def step(self) -> None:
        """Run the block the run is paused at, and pause before the next."""
        self.stepping = True
        self._open_gate()

    def run_to_block(self, block_id: str) -> None:
        """Continue a paused run until it reaches `block_id`."""
        self.run_to = block_id
        self.resume()

    def stop(self) -> None:
        if self._handle is not None and self.running():
            self._handle.cancel("stopped from the designer")

    def _open_gate(self) -> None:
        gate, self._gate = self._gate, None
        self.paused_at = None
        if gate is not None and not gate.done():
            gate.set_result(None)

    # -- RunWatcher ------------------------------------------------------------------------------------

    def before(self, block_id: str) -> Awaitable[None] | None:
        if not (self.stepping or block_id in self.breakpoints or block_id == self.run_to):
            return None
        if block_id == self.run_to:
            self.run_to = None
        self.paused_at = block_id
        self._gate = asyncio.get_running_loop().create_future()
        self._emit(self.paused, block_id)
        return self._gate

    def resolved(self, block_id: str, controls: Mapping[str, Any]) -> None:
        self._controls = (block_id, dict(controls))

    def stepped(self, step: StepTrace) -> None:
        controls = None
        if self._controls is not None and self._controls[0] == step.id:
            controls = self._controls[1]
        self._controls = None
        self.steps.append(WatchedStep(step, controls))
        self._emit(self.step_added, len(self.steps) - 1)
