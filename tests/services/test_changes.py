"""The typed change and the bus that carries it."""

from __future__ import annotations

from cti_desktop.services.changes import Change, ChangeBus, ChangeKind, ChangeSet


def test_a_change_concerns_its_kind_and_ids() -> None:
    change = Change(ChangeKind.FLOW, (3, 4))
    assert change.concerns(ChangeKind.FLOW)
    assert change.concerns(ChangeKind.FLOW, 3) and not change.concerns(ChangeKind.FLOW, 5)
    assert not change.concerns(ChangeKind.ACTION, 3)
    assert Change(ChangeKind.FLOW).concerns(ChangeKind.FLOW, 99), "no ids: any of the kind"


def test_a_change_set_answers_by_kind() -> None:
    changes = ChangeSet.of(
        [
            Change(ChangeKind.FLOW, (1,)),
            Change(ChangeKind.ACTION, (7,), removed=True),
            Change(ChangeKind.FLOW, (2,)),
        ]
    )
    assert changes and not ChangeSet()
    assert changes.kinds() == {ChangeKind.FLOW, ChangeKind.ACTION}
    assert changes.concerns(ChangeKind.CRM_RECORD, ChangeKind.ACTION)
    assert not changes.concerns(ChangeKind.PROPERTY)
    assert changes.ids(ChangeKind.FLOW) == {1, 2} and changes.ids(ChangeKind.SETTING) == frozenset()


def test_the_bus_hands_every_change_to_every_listener() -> None:
    bus = ChangeBus()
    first: list[Change] = []
    second: list[Change] = []
    bus.changed.connect(first.append)
    bus.changed.connect(second.append)
    change = bus.announce(Change(ChangeKind.PROPERTY, ("tier",)))
    assert first == second == [change]
    bus.changed.disconnect(first.append)
    bus.announce(Change(ChangeKind.SETTING))
    assert len(first) == 1 and len(second) == 2


def test_the_kinds_are_the_tables_a_change_record_will_name() -> None:
    assert [kind.value for kind in ChangeKind] == [
        "action",
        "flow",
        "flow_source",
        "property",
        "crm_record",
        "setting",
    ]
