"""History of an action or a flow: its versions, a readable diff between any two, and Roll Back.
Only these openers are imported with the windows that offer History; the dialog loads when first asked
for."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from cti_desktop.gui.history.dialog import HistoryDialog
    from cti_desktop.services.actions import ActionService
    from cti_desktop.services.flows import FlowService


def open_action_history(
    parent: QWidget | None, actions: ActionService, action_id: int, *, read_only: bool = False
) -> HistoryDialog:
    """Show the history of the action with id `action_id` (a window of its own, deleted on close);
    `read_only` hides Roll Back (for a person whose role may not publish)."""
    from cti_desktop.domain.version_diff import diff_actions
    from cti_desktop.gui.history.dialog import HistoryDialog
    from cti_desktop.gui.operations import run_now

    action = run_now(parent, "The action could not be read", actions.get, action_id)
    flows = run_now(parent, "The flows could not be read", actions.flows) or []
    flow_names = {flow.id: flow.name for flow in flows}
    dialog = HistoryDialog(
        parent,
        f"“{action.name}”" if action is not None else f"action {action_id}",
        partial(actions.history, action_id),
        partial(diff_actions, flow_names=flow_names),
        None if read_only else partial(actions.rollback, action_id),
    )
    return _show(dialog)


def open_flow_history(
    parent: QWidget | None, flows: FlowService, flow_name: str, *, read_only: bool = False
) -> HistoryDialog:
    """Show the history of the flow named `flow_name` (a window of its own, deleted on close);
    `read_only` hides Roll Back."""
    from cti_desktop.domain.version_diff import diff_flows
    from cti_desktop.flows.blocks import default_registry
    from cti_desktop.gui.history.dialog import HistoryDialog

    registry = default_registry()

    def type_label(block_type: str) -> str:
        spec = registry.get(block_type)
        return spec.title if spec is not None and spec.title else block_type

    dialog = HistoryDialog(
        parent,
        f"“{flow_name}”",
        partial(flows.history, flow_name),
        partial(diff_flows, type_label=type_label),
        None if read_only else partial(flows.rollback, flow_name),
    )
    return _show(dialog)


def _show(dialog: HistoryDialog) -> HistoryDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


__all__ = ["open_action_history", "open_flow_history"]
