"""The catalog of flow sources and the events each one raises.

API values are a contract: the command line and flow files use them as they are. Labels shown to people
come from the flow-source picklist in the store; the defaults here seed that picklist.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTACT_LIFECYCLE: tuple[str, ...] = (
    "onIncoming",
    "onConnecting",
    "onConnected",
    "onAccepted",
    "onPending",
    "onMissed",
    "onEnded",
    "onDestroy",
    "onRefresh",
)


@dataclass(frozen=True, slots=True)
class Source:
    api_value: str
    default_label: str
    events: tuple[str, ...]


CTI_ACTION = "ctiAction"

SOURCES: tuple[Source, ...] = (
    Source("initialization", "Initialization", ("onInit",)),
    Source(
        "agent",
        "Agent",
        (
            "onStateChange",
            "onRoutable",
            "onNotRoutable",
            "onOffline",
            "onAfterCallWork",
            "onError",
            "onRefresh",
        ),
    ),
    Source("voiceContact", "Voice Contact", CONTACT_LIFECYCLE),
    Source("chatContact", "Chat Contact", (*CONTACT_LIFECYCLE, "onMessageReceived", "onMessageSent")),
    Source(
        "taskContact",
        "Task Contact",
        (
            *CONTACT_LIFECYCLE,
            "onTransferInitiated",
            "onTransferSucceeded",
            "onTransferFailed",
            "onTaskExpiring",
            "onTaskExpired",
        ),
    ),
    Source("queueCallbackContact", "Queue Callback Contact", CONTACT_LIFECYCLE),
    Source("ui", "UI", ("onClickToDial",)),
    Source(CTI_ACTION, "CTI Action", ()),
)

SOURCES_BY_VALUE: dict[str, Source] = {source.api_value: source for source in SOURCES}

# The sources the earlier version of the product knew: it had no CTI actions.
EARLIER_VERSION_SOURCES: tuple[Source, ...] = tuple(s for s in SOURCES if s.api_value != CTI_ACTION)

# Which flow source a contact of each channel raises its lifecycle events under.
CONTACT_SOURCE_BY_TYPE: dict[str, str] = {
    "voice": "voiceContact",
    "chat": "chatContact",
    "task": "taskContact",
    "callback": "queueCallbackContact",
}


def is_known_source(api_value: str) -> bool:
    return api_value in SOURCES_BY_VALUE


def events_for(api_value: str) -> tuple[str, ...]:
    source = SOURCES_BY_VALUE.get(api_value)
    return source.events if source else ()


def is_known_event(api_value: str, event: str) -> bool:
    return event in events_for(api_value)


def source_label(api_value: str, labels: dict[str, str] | None = None) -> str:
    """The label people see for a source; an unknown value never breaks a view."""
    if labels and api_value in labels:
        return labels[api_value]
    source = SOURCES_BY_VALUE.get(api_value)
    if source is None:
        return f"Unknown source ({api_value})"
    return source.default_label
