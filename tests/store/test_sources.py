from __future__ import annotations

from sqlalchemy import Engine

from cti_desktop.store.sources import SourcePicklist


def test_picklist_holds_every_source_with_its_label(engine: Engine) -> None:
    picklist = SourcePicklist(engine)
    labels = picklist.labels()
    assert labels["ctiAction"] == "CTI Action"
    assert labels["voiceContact"] == "Voice Contact"
    assert list(labels) == [
        "initialization", "agent", "voiceContact", "chatContact", "taskContact", "queueCallbackContact", "ui",
        "ctiAction",
    ]  # fmt: skip
    assert all(entry.active for entry in picklist.entries())


def test_unknown_source_shows_its_value(engine: Engine) -> None:
    assert SourcePicklist(engine).label("salesforceUi") == "Unknown source (salesforceUi)"
