"""The "$." button both designers put beside a box that may hold a reference: its menu lists references
(the contact and the agent; in the flow designer also earlier blocks' results) and inserts the chosen
one. The menu is filled each time it opens, so it always offers what the document holds now."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

# (label, reference) pairs a menu offers; a pair with an empty reference starts a section of the menu.
ReferenceChoices = list[tuple[str, str]]

# References a designer most often wants: the contact and the agent.
COMMON_REFERENCES: ReferenceChoices = [
    ("Customer's phone number", "$.contact.phoneNumber"),
    ("Customer's phone number, formatted", "$.contact.formattedPhoneNumber"),
    ("Customer's phone number, E.164", "$.contact.formattedNumberE164"),
    ("Queue name", "$.contact.queueName"),
    ("Contact ID", "$.contact.contactId"),
    ("Agent's name", "$.agent.name"),
    ("Agent's username", "$.agent.username"),
]


def insert_reference(text: str, cursor: int, reference: str) -> tuple[str, int]:
    """`reference` put into `text` at `cursor`: as the whole value into an empty box, bare inside an
    open `{{ }}`, else wrapped in `{{ }}`. Returns the new text and where the cursor goes."""
    if not text.strip():
        return reference, len(reference)
    cursor = min(max(cursor, 0), len(text))
    head, tail = text[:cursor], text[cursor:]
    inside = head.rfind("{{") > head.rfind("}}")
    piece = reference if inside else "{{ " + reference + " }}"
    return head + piece + tail, cursor + len(piece)


class ReferenceButton(QToolButton):
    """A "$." button; choosing a menu entry calls `insert(reference)`."""

    def __init__(
        self,
        choices: Callable[[], Sequence[tuple[str, str]]],
        insert: Callable[[str], None],
        parent: QWidget,
        *,
        name: str,
        tooltip: str,
        accessible_name: str,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setText("$.")
        self.setToolTip(tooltip)
        self.setAccessibleName(accessible_name)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._choices, self._insert = choices, insert
        self._menu = QMenu(self)
        self._menu.aboutToShow.connect(self._fill)
        self.setMenu(self._menu)
        self._fill()  # so the entries are there to read before the menu first opens

    def _fill(self) -> None:
        menu = self._menu
        menu.clear()
        for title, reference in self._choices():
            if not reference:
                menu.addSection(title)
                continue
            action = QAction(f"{title}  —  {reference}", menu)
            action.setData(reference)
            action.triggered.connect(self._chosen)
            menu.addAction(action)

    def _chosen(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self._insert(str(action.data()))
