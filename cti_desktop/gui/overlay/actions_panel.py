"""The Actions tab: the active CTI actions in their order. An action without a form runs with Execute; one
with a form opens it in the drawer. Runs go on in the background (asyncio on qasync's loop): the row shows
progress, cannot be started twice, and ends with a short success or error line whose details are one click
away. A filter box appears once there are more than ten actions.

At start-up the panel can be built before the services exist, from the actions read directly from the
store (`store.quick_read`): it lists them at once and accepts clicks, Enter and shortcuts, which wait as
"Starting…" until `bind(services)` and then run (or open their form) as if made just then."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAccessible, QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.domain.actions import CtiAction
from cti_desktop.gui.changes import QtChanges
from cti_desktop.gui.overlay.action_list import (
    ACTION_ROLE,
    FAILED,
    IDLE,
    RUNNING,
    SUCCEEDED,
    ActionDelegate,
    ActionListView,
    RowStatus,
    RunningActionListModel,
)
from cti_desktop.gui.overlay.connections import PANEL_WIDTH, CoreConnections, small_screen
from cti_desktop.gui.overlay.result_bar import ResultBar
from cti_desktop.services.action_runs import ActionAlreadyRunning, ActionCannotRun, ActionOutcome, RunKey
from cti_desktop.services.changes import ChangeKind, ChangeSet
from cti_desktop.services.run_states import ActionRunStates

if TYPE_CHECKING:
    import asyncio

    from cti_desktop.gui.overlay.action_form_page import ActionFormPage
    from cti_desktop.services.app_services import AppServices
    from cti_desktop.services.overlay import OverlayService

log = logging.getLogger(__name__)

FILTER_THRESHOLD = 10
# Once the window is up, the actions' flows are loaded in the background so the first click runs at once.
WARM_FLOWS_AFTER_MS = 500
LIST_PAGE, FORM_PAGE = 0, 1
# The contact of a run asked for before the services exist (there is no contact yet then).
NO_CONTACT = ""


class ActionsPanel(QWidget):
    title = "Actions"
    # An action's run ended (for the drawer, tests and the benchmark).
    run_finished = Signal(object)

    def __init__(
        self,
        services: AppServices | None,
        parent: QWidget | None = None,
        *,
        startup_actions: list[CtiAction] | None = None,
    ) -> None:
        """With services, a working panel. Without (start-up), it lists `startup_actions` (None: not known
        yet, so "Loading…") and queues what the agent starts until `bind(services)`."""
        super().__init__(parent)
        self.setObjectName("actionsPanel")
        self.setAccessibleName("CTI actions")
        self._overlay: OverlayService | None = None
        self._startup_actions = startup_actions
        # Which actions run, and how they ended: the overlay service's holder once bound. Before that a
        # holder of the panel's own queues what the agent starts, to be started at `bind`.
        self._states = ActionRunStates()
        self._tasks: set[asyncio.Future[Any]] = set()
        self._shortcuts: list[QAction] = []
        self._shortcut_host: QWidget | None = None
        self._torn_down = False

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("actionsFilter")
        self.filter_edit.setPlaceholderText("Filter actions")
        self.filter_edit.setAccessibleName("Filter actions")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.hide()
        self.filter_edit.installEventFilter(self)

        self.model = RunningActionListModel(self._row_status, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit.textChanged.connect(self._filter_changed)

        self.view = ActionListView(self)
        self.view.setObjectName("actionsView")
        self.view.setAccessibleName("Actions")
        self.view.setAccessibleDescription("Enter runs the selected action or opens its form; type to filter")
        self.view.setModel(self.proxy)
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setMouseTracking(True)
        self.delegate = ActionDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.delegate.clicked.connect(self._row_clicked)
        self.view.activate_current.connect(self.activate_current)
        self.view.typed.connect(self._type_into_filter)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("actionsEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)
        self.empty_label.hide()
        self.result_bar = ResultBar(self)

        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.filter_edit)
        list_layout.addWidget(self.view, 1)
        list_layout.addWidget(self.empty_label, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(list_page)
        self._form_page: ActionFormPage | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.result_bar)
        self.setFocusProxy(self.view)

        # Repaints running rows so their progress moves; runs only while something runs.
        self._animation = QTimer(self)
        self._animation.setInterval(60)
        self._animation.timeout.connect(self._animate)

        self._warm_timer = QTimer(self)
        self._warm_timer.setSingleShot(True)
        self._warm_timer.setInterval(WARM_FLOWS_AFTER_MS)
        self._warm_timer.timeout.connect(self._warm_flows)

        self._connections = CoreConnections()
        self._changes: QtChanges | None = None
        if small_screen():
            self.set_compact(True)
        if services is not None:
            self.bind(services)
        else:
            self.reload()

    @property
    def is_bound(self) -> bool:
        return self._overlay is not None

    def bind(self, services: AppServices) -> None:
        """Work on these services from now on: read the actions from the store, then start what the agent
        started while the app was loading."""
        if self._overlay is not None:
            raise RuntimeError("the Actions panel is already bound to services")
        overlay = services.overlay
        queued = self._states.take_queued()
        self._overlay = overlay
        self._states = overlay.run_states
        self._startup_actions = None
        self._changes = QtChanges(services.changes, self)
        self._changes.changed.connect(self._store_changed)
        self._connections.connect(overlay.run_states.changed, self._status_changed)
        self._connections.connect(overlay.run_started, self._on_run_started)
        self._connections.connect(overlay.run_finished, self._on_run_finished)
        self._connections.connect(overlay.current_contact_changed, self._on_current_contact)
        self.reload()
        self._warm_timer.start()
        for action_id in queued:
            action = next((a for a in self.model.actions() if a.id == action_id), None)
            if action is None:
                self.result_bar.show_message("An action started while loading was removed meanwhile.")
            else:
                self._status_changed(action_id)
                self.activate(action)
        self._set_running_state()

    def sizeHint(self) -> QSize:
        # Wide enough for a form's fields and a value with its Copy button; the dock starts at this size.
        return QSize(PANEL_WIDTH, 560)

    def teardown(self) -> None:
        self._torn_down = True
        self._connections.disconnect_all()
        if self._changes is not None:
            self._changes.close()
        self._animation.stop()
        self._warm_timer.stop()
        if self._form_page is not None:
            self._form_page.close_form()
        self._clear_shortcuts()

    # -- the list -----------------------------------------------------------------------------------

    @Slot(object)
    def _store_changed(self, changes: ChangeSet) -> None:
        # An action's flow changing can make it runnable or broken: both kinds concern the list.
        if changes.concerns(ChangeKind.ACTION, ChangeKind.FLOW):
            self.reload()

    @Slot()
    def reload(self) -> None:
        """Read the actions again (the editor saved a change): keeps the selection and an open form."""
        current = self.current_action()
        if self._overlay is not None:
            actions = self._overlay.active_actions()
        else:
            actions = list(self._startup_actions or [])
        self.model.set_actions(actions)
        many = len(actions) > FILTER_THRESHOLD
        self.filter_edit.setVisible(many)
        self.view.forward_typing = many
        if not many and self.filter_edit.text():
            self.filter_edit.clear()
        loading = self._overlay is None and self._startup_actions is None
        self.empty_label.setText(
            "Loading actions…"
            if loading
            else "No actions yet. A supervisor adds them in Admin → CCP Element Editor."
        )
        self.empty_label.setVisible(not actions)
        self.view.setVisible(bool(actions))
        self._select(current.id if current is not None else None)
        self._install_shortcuts(actions)
        self._refresh_open_form(actions)

    @Slot()
    def _warm_flows(self) -> None:
        # Here the event loop runs (at construction it may not yet), so the runner can work in the background.
        if not self._torn_down and self._overlay is not None:
            self._overlay.keep_flows_warm(self.model.actions())

    def cti_actions(self) -> list[CtiAction]:
        return self.model.actions()

    def visible_action_names(self) -> list[str]:
        return [str(self.proxy.index(r, 0).data()) for r in range(self.proxy.rowCount())]

    def current_action(self) -> CtiAction | None:
        index = self.view.currentIndex()
        action = index.data(ACTION_ROLE) if index.isValid() else None
        return action if isinstance(action, CtiAction) else None

    def action_named(self, name: str) -> CtiAction | None:
        return next((a for a in self.model.actions() if a.name == name), None)

    def view_index(self, action: CtiAction) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.index(self.model.row_of(action.id)))

    def button_center(self, action: CtiAction) -> Any:
        """Where the action's Execute button (or arrow) is, in the view's viewport (tests, benchmark)."""
        rect = self.view.visualRect(self.view_index(action))
        return self.delegate.button_rect(rect, action.has_form).center()

    def _select(self, action_id: int | None) -> None:
        row = self.model.row_of(action_id)
        index = self.proxy.mapFromSource(self.model.index(row)) if row >= 0 else QModelIndex()
        if not index.isValid() and self.proxy.rowCount():
            index = self.proxy.index(0, 0)
        if index.isValid():
            self.view.setCurrentIndex(index)

    @Slot(str)
    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        # The best match is the first one: Enter runs it, arrows move from there.
        if self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))

    @Slot(str)
    def _type_into_filter(self, text: str) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.insert(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # In the filter box, arrows move through the list and Enter runs the current action.
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move_current(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.activate_current()
                return True
            if key == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                return True
        return super().eventFilter(watched, event)

    def _move_current(self, key: int) -> None:
        count = self.proxy.rowCount()
        if not count:
            return
        row = self.view.currentIndex().row() if self.view.currentIndex().isValid() else -1
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}[
            Qt.Key(key)
        ]
        row = min(max(row + step, 0), count - 1)
        self.view.setCurrentIndex(self.proxy.index(row, 0))

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        action = current.data(ACTION_ROLE) if current.isValid() else None
        if not isinstance(action, CtiAction):
            return
        outcome = self._states.outcome(self._key(action))
        if outcome is not None:
            self.result_bar.show_outcome(outcome)

    # -- starting actions ---------------------------------------------------------------------------

    @Slot(QModelIndex, bool)
    def _row_clicked(self, index: QModelIndex, on_button: bool) -> None:
        action = index.data(ACTION_ROLE)
        if not isinstance(action, CtiAction):
            return
        self.view.setCurrentIndex(index)
        if action.has_form or on_button:
            self.activate(action)

    @Slot()
    def activate_current(self) -> None:
        action = self.current_action()
        if action is None and self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))
            action = self.current_action()
        if action is not None:
            self.activate(action)

    def activate(self, action: CtiAction) -> None:
        """What a click, Enter or the action's shortcut does: open its form, or run it."""
        if action.broken:
            self.result_bar.show_message(f"✗ {action.name} cannot run. {action.broken}")
            return
        if action.has_form:
            self.open_form(action)
        else:
            self.execute(action)

    def _queue(self, action: CtiAction) -> bool:
        """Before the services exist: remember the action, to start once they do."""
        if action.id is None or self._states.is_queued(action.id):
            self.result_bar.show_message(f"{action.name} starts as soon as CTI Desktop has loaded.")
            return False
        self._states.queue(action.id)
        self._status_changed(action.id)
        self._set_running_state()
        return True

    def execute(self, action: CtiAction, form_values: dict[str, Any] | None = None) -> bool:
        """Start a run for the selected contact; False when it is already running."""
        if self._overlay is None:
            return self._queue(action)
        # The event loop comes with the services (see gui.startup); asyncio is loaded by then.
        import asyncio

        key = self._key(action)
        if not self._states.reserve(key):
            self.result_bar.show_message(f"{action.name} is already running.")
            return False
        self._set_running_state()
        self._status_changed(action.id)
        task = asyncio.ensure_future(self._run(action, form_values, key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    async def _run(self, action: CtiAction, form_values: dict[str, Any] | None, key: RunKey) -> None:
        if self._overlay is None:  # runs start only once bound
            return
        try:
            await self._overlay.run_action(action, form_values, key[1])
        except ActionAlreadyRunning as exc:
            if not self._torn_down:
                self.result_bar.show_message(str(exc))
        except ActionCannotRun as exc:
            if not self._torn_down:
                self.result_bar.show_message(f"✗ {exc}")
        finally:
            self._states.release(key)
            if not self._torn_down:
                self._status_changed(action.id)
                self._set_running_state()

    def _contact_id(self) -> str:
        return self._overlay.current_contact_id if self._overlay is not None else NO_CONTACT

    def _key(self, action: CtiAction) -> RunKey:
        return (action.id if action.id is not None else -1, self._contact_id())

    def _row_status(self, action_id: int | None) -> RowStatus:
        if action_id is None:
            return RowStatus()
        if self._states.is_queued(action_id):
            return RowStatus(RUNNING, "Starting…")
        key = (action_id, self._contact_id())
        if self._states.is_busy(key):
            return RowStatus(RUNNING, "Running…")
        outcome = self._states.outcome(key)
        if outcome is None:
            return RowStatus(IDLE)
        return RowStatus(SUCCEEDED if outcome.ok else FAILED, outcome.message)

    def row_status(self, action: CtiAction) -> RowStatus:
        return self._row_status(action.id)

    def _on_run_started(self, action_id: int, contact_id: str) -> None:
        self._set_running_state()

    def _on_run_finished(self, outcome: ActionOutcome) -> None:
        self._set_running_state()
        if outcome.contact_id == self._contact_id():
            self.result_bar.show_outcome(outcome)
            page = self._form_page
            if page is not None and page.action is not None and page.action.id == outcome.action_id:
                page.set_running(False)
                if (
                    outcome.ok
                    and self.stack.currentIndex() == FORM_PAGE
                    and page.contact_id == outcome.contact_id
                ):
                    self.show_list()
        self.run_finished.emit(outcome)

    def _set_running_state(self) -> None:
        running = self._states.any_busy()
        if running and not self._animation.isActive():
            self._animation.start()
        elif not running:
            self._animation.stop()
        page = self._form_page
        if page is not None and page.action is not None:
            page.set_running(self._states.is_busy((page.action.id or -1, page.contact_id)))

    @Slot()
    def _animate(self) -> None:
        """Move the progress of the running rows in view; the other rows are not repainted."""
        contact_id = self._contact_id()
        running = {a for a, c in self._states.busy_keys() if c == contact_id}
        running.update(self._states.queued())
        for action_id in running:
            self._repaint_row(action_id)

    def _status_changed(self, action_id: int | None = None) -> None:
        """Show a row's new run status (every row's for None). Only that row is repainted: the model's
        dataChanged makes QListView repaint every visible row, three times per click, so it is sent only
        when an accessibility client listens."""
        if QAccessible.isActive():
            self.model.status_changed(action_id)
        elif action_id is None:
            self.view.viewport().update()
        else:
            self._repaint_row(action_id)

    def _repaint_row(self, action_id: int) -> None:
        row = self.model.row_of(action_id)
        if row < 0:
            return
        viewport = self.view.viewport()
        rect = self.view.visualRect(self.proxy.mapFromSource(self.model.index(row)))
        if rect.intersects(viewport.rect()):
            viewport.update(rect)

    def _on_current_contact(self, contact_id: str) -> None:
        self._status_changed()
        if self._form_page is not None and self.stack.currentIndex() == FORM_PAGE:
            self._form_page.switch_contact(contact_id)
        action = self.current_action()
        outcome = self._states.outcome(self._key(action)) if action is not None else None
        if outcome is not None:
            self.result_bar.show_outcome(outcome)
        else:
            self.result_bar.dismiss()

    # -- the form page ------------------------------------------------------------------------------

    def form_page(self) -> ActionFormPage:
        if self._overlay is None:
            raise RuntimeError("a form opens only once the services are attached")
        if self._form_page is None:
            # Built on first use: start-up only pays for the list.
            from cti_desktop.gui.overlay.action_form_page import ActionFormPage

            page = ActionFormPage(self._overlay, self)
            page.back_requested.connect(self.show_list)
            page.submitted.connect(self._form_submitted)
            self.stack.addWidget(page)
            self._form_page = page
        return self._form_page

    def open_form(self, action: CtiAction) -> None:
        if self._overlay is None:
            self._queue(action)
            return
        page = self.form_page()
        page.open_action(action, self._overlay.current_contact_id)
        self.stack.setCurrentIndex(FORM_PAGE)
        page.focus_first_field()

    @Slot()
    def show_list(self) -> None:
        if self._form_page is not None:
            self._form_page.save_draft_now()
        self.stack.setCurrentIndex(LIST_PAGE)
        current = self._form_page.action if self._form_page is not None else None
        if current is not None:
            self._select(current.id)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def is_form_open(self) -> bool:
        return self.stack.currentIndex() == FORM_PAGE

    @Slot(object, dict)
    def _form_submitted(self, action: CtiAction, values: dict[str, Any]) -> None:
        if self.execute(action, values) and self._form_page is not None:
            self._form_page.set_running(True)

    def _refresh_open_form(self, actions: list[CtiAction]) -> None:
        page = self._form_page
        if page is None or page.action is None:
            return
        fresh = next((a for a in actions if a.id == page.action.id), None)
        if fresh is None:
            name = page.action.name
            page.close_form()
            self.show_list()
            self.result_bar.show_message(f"{name} was removed or deactivated by a supervisor.")
        elif fresh != page.action and self.is_form_open():
            values = page.values()
            page.save_draft_now()
            page.open_action(fresh, page.contact_id)
            if page.form is not None:
                page.form.set_values({k: v for k, v in values.items() if fresh.form.field_named(k)})

    # -- shortcuts ----------------------------------------------------------------------------------

    def _install_shortcuts(self, actions: list[CtiAction]) -> None:
        self._clear_shortcuts()
        host = self._shortcut_widget()
        for action in actions:
            if not action.shortcut:
                continue
            sequence = QKeySequence(action.shortcut)
            if sequence.isEmpty():
                continue
            qaction = QAction(action.name, self)
            qaction.setShortcut(sequence)
            qaction.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            qaction.setData(action.id)
            qaction.triggered.connect(self._shortcut_triggered)
            host.addAction(qaction)
            self._shortcuts.append(qaction)
        self._shortcut_host = host

    def _shortcut_widget(self) -> QWidget:
        """The dock the panel lives in, which stays visible while other tabs are shown (docked or
        floating); the panel itself until it is placed in one."""
        widget = self.parentWidget()
        while widget is not None:
            if isinstance(widget, QDockWidget):
                return widget
            widget = widget.parentWidget()
        return self

    def _clear_shortcuts(self) -> None:
        for qaction in self._shortcuts:
            if self._shortcut_host is not None:
                self._shortcut_host.removeAction(qaction)
            qaction.deleteLater()
        self._shortcuts.clear()

    @Slot()
    def _shortcut_triggered(self) -> None:
        sender = self.sender()
        if not isinstance(sender, QAction):
            return
        action = next((a for a in self.model.actions() if a.id == sender.data()), None)
        if action is not None:
            self._select(action.id)
            self.activate(action)

    def event(self, event: QEvent) -> bool:
        # Once the drawer adopts the panel, the shortcuts move to the dock so they work from every tab.
        if event.type() == QEvent.Type.ParentChange and getattr(self, "_torn_down", True) is False:
            self._install_shortcuts(self.model.actions())
        return super().event(event)

    # -- compact mode -------------------------------------------------------------------------------

    def set_compact(self, compact: bool) -> None:
        """One line per action and tighter margins, for small screens."""
        margin = 2 if compact else 6
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(margin, margin, margin, margin)
        self.delegate.compact = compact
        self.view.doItemsLayout()
        self.view.viewport().update()
