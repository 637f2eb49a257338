"""The flow designer's runs: the Test Run dock (F5 runs the flow as drawn, F9 sets breakpoints, F10
steps, Ctrl+F10 runs to the selected block, Shift+F5 stops), the path of a test run or of a recorded run
(from Run History) lit on the canvas, and what the inspector's "$." menus offer besides the blocks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QMainWindow, QPushButton, QWidget

from cti_desktop.gui.flow_designer.inspector import BlockInspector, ReachExtras
from cti_desktop.gui.flow_designer.run_marks import RunPath, StepMark
from cti_desktop.gui.flow_designer.test_panel import TestRunPanel
from cti_desktop.gui.flow_designer.test_run import TestRunController
from cti_desktop.gui.theme import Tone, on_light
from cti_desktop.services.designer_runs import DesignerRuns
from cti_desktop.services.runs import RecordedRun

if TYPE_CHECKING:
    from cti_desktop.flows.editing import FlowEditor
    from cti_desktop.gui.flow_designer.scene import FlowScene
    from cti_desktop.gui.flow_designer.view import FlowView
    from cti_desktop.services.app_services import AppServices


class DesignerRunsMixin(QMainWindow):
    """The run side of `FlowDesignerWindow`, which provides the attributes and helpers declared here."""

    flow_name: str
    editor: FlowEditor
    scene: FlowScene
    view: FlowView
    inspector: BlockInspector

    if TYPE_CHECKING:  # the window's own methods, declared for the type checker only

        def _action(
            self, text: str, name: str, slot: Any, shortcuts: list[QKeySequence], tip: str
        ) -> QAction: ...

        def _say(self, text: str) -> None: ...

        def _load_inspector(self) -> None: ...

    # -- building --------------------------------------------------------------------------------------

    def _build_run_banner(self) -> QWidget:
        """The line above the canvas while a recorded run is shown on it (from Run History)."""
        self.run_banner = QLabel(self)
        self.run_banner.setObjectName("runBanner")
        self.run_banner.setAccessibleName("Run shown on the canvas")
        self.run_banner.setWordWrap(True)
        self.run_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.clear_run_button = QPushButton("Clear", self)
        self.clear_run_button.setObjectName("clearRunButton")
        self.clear_run_button.setAccessibleName("Stop showing the run")
        self.clear_run_button.setToolTip("Stop showing the run on the canvas")
        self.clear_run_button.clicked.connect(self.clear_recorded_run)
        banner = QHBoxLayout()
        banner.setContentsMargins(0, 0, 0, 0)
        banner.addWidget(self.run_banner, 1)
        banner.addWidget(self.clear_run_button)
        self.run_banner_box = QWidget(self)
        self.run_banner_box.setLayout(banner)
        self.run_banner_box.hide()
        return self.run_banner_box

    def _build_test_runs(self, services: AppServices) -> None:
        """The Test Run dock under the canvas, shown with F5 or the toolbar's Test Run."""
        country = services.settings.default_country
        runs = DesignerRuns(services.runner, services.crm, services.actions, country)
        self.test_run = TestRunController(runs, self)
        self.test_panel = TestRunPanel(self.test_run, self.flow_name, self)
        self.test_dock = QDockWidget("Test Run", self)
        self.test_dock.setObjectName("testRunDock")
        self.test_dock.setWidget(self.test_panel)
        self.test_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.test_dock)
        self.test_dock.hide()
        self._actions_loaded = False
        self.test_run.started.connect(self._show_run)
        self.test_run.step_added.connect(self._show_run)
        self.test_run.paused.connect(self._run_paused)
        self.test_run.finished.connect(self._show_run)
        self.test_run.failed.connect(self._show_run)
        self.test_panel.step_chosen.connect(self._step_chosen)
        self.test_panel.run_button.clicked.connect(self.run_or_continue)
        self.test_panel.step_button.clicked.connect(self.step_run)
        self.test_panel.run_to_button.clicked.connect(self.run_to_here)
        self.test_panel.stop_button.clicked.connect(self.test_run.stop)

        self._payload_keys: tuple[str, ...] | None = None
        self.inspector.reach_extras = self.reach_extras

    def _build_run_actions(self) -> None:
        self.test_action = self._action(
            "Test Run",
            "testRun",
            self.run_or_continue,
            [QKeySequence("F5")],
            "Run the flow as drawn, with test inputs (F5); Continue when paused",
        )
        self.step_action = self._action(
            "Step", "testStep", self.step_run, [QKeySequence("F10")], "Run one block, then pause (F10)"
        )
        self.run_to_action = self._action(
            "Run to here",
            "testRunTo",
            self.run_to_here,
            [QKeySequence("Ctrl+F10")],
            "Run until the selected block, then pause (Ctrl+F10)",
        )
        self.stop_action = self._action(
            "Stop", "testStop", self.test_run.stop, [QKeySequence("Shift+F5")], "Stop the test run (Shift+F5)"
        )
        self.breakpoint_action = self._action(
            "Breakpoint",
            "toggleBreakpoint",
            self.toggle_breakpoint,
            [QKeySequence("F9")],
            "A test run pauses before the selected blocks (F9 sets or clears)",
        )

    # -- test runs -------------------------------------------------------------------------------------

    def reach_extras(self) -> ReachExtras:
        """For the inspector's "$." menus: the payload keys of the actions using this flow (read once)
        and the properties stored now."""
        if self._payload_keys is None:
            keys: dict[str, None] = {}
            for action in self.test_run.runs.actions_using(self.flow_name):
                keys.update(dict.fromkeys(self.test_run.runs.payload_for(action)))
            self._payload_keys = tuple(keys)
        return ReachExtras(self._payload_keys, tuple(sorted(self.test_run.runs.stored_properties())))

    def show_test_panel(self) -> None:
        if not self._actions_loaded:
            self._actions_loaded = True
            self.test_panel.set_actions(self.test_run.runs.actions_using(self.flow_name))
        if self.test_dock.isHidden():
            self.test_dock.show()
            self.resizeDocks([self.test_dock], [max(260, self.height() * 2 // 5)], Qt.Orientation.Vertical)
        self.test_dock.raise_()

    def _start_run(self, *, step: bool = False, run_to: str = "") -> bool:
        self.show_test_panel()
        try:
            inputs = self.test_panel.inputs()
        except ValueError as exc:
            self.test_panel.say(f"The test run did not start: {exc}.", Tone.ERROR)
            return False
        self.test_run.breakpoints = set(self.scene.breakpoints)
        return self.test_run.start(self.editor.document, inputs, self.flow_name, step=step, run_to=run_to)

    @Slot()
    def run_or_continue(self) -> bool:
        """F5: run the flow as drawn (saved or not); Continue when a run is paused."""
        if self.test_run.paused_at is not None:
            self.test_run.resume()
            self.test_panel.update_buttons()
            return True
        if self.test_run.running():
            return False
        return self._start_run()

    @Slot()
    def step_run(self) -> bool:
        if self.test_run.paused_at is not None:
            self.test_run.step()
            self.test_panel.update_buttons()
            return True
        if self.test_run.running():
            return False
        return self._start_run(step=True)

    @Slot()
    def run_to_here(self) -> bool:
        ids = self.scene.selected_ids()
        if len(ids) != 1:
            self._say("Select the one block the run should pause at, then Run to here (Ctrl+F10).")
            return False
        if self.test_run.paused_at is not None:
            self.test_run.run_to_block(ids[0])
            self.test_panel.update_buttons()
            return True
        if self.test_run.running():
            return False
        return self._start_run(run_to=ids[0])

    @Slot()
    def toggle_breakpoint(self) -> None:
        ids = self.scene.selected_ids()
        if not ids:
            self._say("Select a block to set a breakpoint on (F9).")
            return
        points = set(self.scene.breakpoints)
        if all(block_id in points for block_id in ids):
            points -= set(ids)
            self._say(f"Breakpoint removed from {', '.join(ids)}.")
        else:
            points |= set(ids)
            self._say(f"A test run pauses before {', '.join(ids)}.")
        self.scene.set_breakpoints(points)
        self.test_run.breakpoints = set(points)

    @Slot()
    def _show_run(self, *args: object) -> None:
        self.run_banner_box.hide()
        self.scene.show_run(self.test_run.path())
        self.test_panel.update_buttons()

    def show_recorded_run(self, recorded: RecordedRun, note: str = "") -> None:
        """Light a recorded run's path (from Run History), with `note` (the flow changed since, ...)."""
        marks = [
            StepMark(step.block_id, step.outcome, step.success, step.exception, step.duration_ms)
            for step in recorded.steps
        ]
        self.scene.show_run(RunPath.of(marks))
        run = recorded.run
        started = run.started_at.strftime("%Y-%m-%d %H:%M:%S")
        text = f"Run {run.id} of {started}: {run.status}, {len(marks)} steps."
        if run.error:
            text += f" {run.error}."
        if note:
            text += f" {note}"
        self.run_banner.setText(text)
        self.run_banner.setStyleSheet(f"color: {on_light(Tone.WARNING).name()};" if note else "")
        self.run_banner_box.show()
        first = self.scene.node(marks[-1].block_id) if marks else None
        if first is not None:
            self.view.ensureVisible(first, 60, 60)

    @Slot()
    def clear_recorded_run(self) -> None:
        self.run_banner_box.hide()
        self.scene.clear_run()

    @Slot(str)
    def _run_paused(self, block_id: str) -> None:
        self._show_run()
        node = self.scene.node(block_id)
        if node is not None:
            self.view.ensureVisible(node, 60, 60)

    @Slot(int)
    def _step_chosen(self, index: int) -> None:
        block_id = self.test_run.steps[index].step.id
        node = self.scene.node(block_id)
        if node is not None:
            self.scene.blockSignals(True)
            self.scene.clearSelection()
            node.setSelected(True)
            self.scene.blockSignals(False)
            self._load_inspector()
            self.view.ensureVisible(node, 60, 60)
