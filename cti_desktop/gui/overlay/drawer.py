"""The overlay drawer: a dock with the Attributes, Actions and Data tabs that agents keep beside their
softphone. The panels are small classes of their own; the drawer only hosts them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDockWidget, QTabWidget, QWidget


class OverlayPanel(Protocol):
    title: str

    def teardown(self) -> None: ...


class OverlayDrawer(QDockWidget):
    OBJECT_NAME = "overlayDrawer"

    def __init__(self, panels: Sequence[QWidget], parent: QWidget | None = None) -> None:
        super().__init__("Overlay", parent)
        self.setObjectName(self.OBJECT_NAME)
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.setAccessibleName("Overlay drawer")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("overlayTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Overlay tabs")
        self._panels: list[QWidget] = []
        self._titles: list[str] = []
        for panel in panels:
            self.add_panel(panel)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setWidget(self.tabs)
        self._keep_on_top = False
        self.topLevelChanged.connect(self._apply_keep_on_top)

    def add_panel(self, panel: QWidget, index: int | None = None) -> None:
        """Add a panel as a tab, at `index` (the end when None); start-up adds the panels that need the
        store once it has loaded, beside the Actions tab."""
        index = len(self._panels) if index is None else index
        title = str(getattr(panel, "title", panel.objectName()))
        self._panels.insert(index, panel)
        self._titles.insert(index, title)
        self.tabs.insertTab(index, panel, title)
        badge_signal = getattr(panel, "badge_changed", None)
        if badge_signal is not None:
            badge_signal.connect(self._update_badges)

    def panel(self, title: str) -> QWidget:
        for panel, panel_title in zip(self._panels, self._titles, strict=True):
            if panel_title == title:
                return panel
        raise KeyError(title)

    def panels(self) -> list[QWidget]:
        return list(self._panels)

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def show_panel(self, title: str) -> None:
        self.tabs.setCurrentWidget(self.panel(title))

    def focus_current_panel(self) -> None:
        """Give the keyboard to the shown tab (its focus proxy: the action list, the data tree…)."""
        self.raise_()
        if self.isFloating():
            self.activateWindow()
        panel = self.tabs.currentWidget()
        target: QWidget = self.tabs
        if panel is not None:
            proxy = panel.focusProxy()
            if proxy is not None and proxy.isVisible():
                target = proxy
            else:
                # An open form hides the list: the first control that takes the keyboard instead.
                target = next(
                    (
                        child
                        for child in panel.findChildren(QWidget)
                        if child.isVisible() and child.focusPolicy() & Qt.FocusPolicy.TabFocus
                    ),
                    self.tabs,
                )
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def _update_badges(self) -> None:
        for index, (panel, title) in enumerate(zip(self._panels, self._titles, strict=True)):
            count = int(getattr(panel, "badge_count", 0) or 0)
            self.tabs.setTabText(index, f"{title} ({count})" if count else title)

    @Slot(int)
    def _tab_shown(self, index: int) -> None:
        panel = self.tabs.widget(index)
        clear = getattr(panel, "clear_badge", None)
        if clear is not None:
            clear()
        self._update_badges()

    def set_keep_on_top(self, on_top: bool) -> None:
        """Keep the drawer above other windows while it floats (agents float it over the softphone)."""
        self._keep_on_top = on_top
        self._apply_keep_on_top(self.isFloating())

    @Slot(bool)
    def _apply_keep_on_top(self, floating: bool) -> None:
        if not floating:
            return
        flags = self.windowFlags()
        wanted = (
            flags | Qt.WindowType.WindowStaysOnTopHint
            if self._keep_on_top
            else flags & ~Qt.WindowType.WindowStaysOnTopHint
        )
        if wanted != flags:
            self.setWindowFlags(wanted)
            self.show()

    def teardown(self) -> None:
        for panel in self._panels:
            teardown = getattr(panel, "teardown", None)
            if teardown is not None:
                teardown()
