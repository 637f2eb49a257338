"""How contacts and values read on screen, the same in every panel."""

from __future__ import annotations

import json
from typing import Any

TYPE_LABELS = {"voice": "Call", "chat": "Chat", "task": "Task", "callback": "Callback"}


def contact_label(contact: Any, contact_id: str = "") -> str:
    """ "Call (206) 555-0100 · Sales" for a contact; its id when it is gone; "No contact" for none."""
    if contact is None:
        return f"Contact {contact_id} (closed)" if contact_id else "No contact"
    who = contact.phone.national if contact.phoneNumber else contact.contactId
    parts = [f"{TYPE_LABELS.get(contact.type, contact.type.title())} {who}"]
    if contact.queueName:
        parts.append(contact.queueName)
    return " · ".join(parts)


def value_text(value: Any) -> str:
    """A value as the agent reads and copies it: text as it is, other values as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    try:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
    except (TypeError, ValueError):
        return str(value)
