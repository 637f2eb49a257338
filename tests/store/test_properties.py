from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine

from cti_desktop.store.properties import InMemoryPropertyStore, PropertyStore


def test_properties_persist_across_stores(engine: Engine) -> None:
    store = PropertyStore(engine)
    store.set("taskId", "00T1")
    store.set("limits", {"calls": [1, 2]})
    assert store.get("taskId") == "00T1"
    again = PropertyStore(engine)
    assert again.all() == {"limits": {"calls": [1, 2]}, "taskId": "00T1"}
    assert again.unset("taskId") == "00T1"
    assert again.unset("taskId") is None
    assert PropertyStore(engine).all() == {"limits": {"calls": [1, 2]}}
    again.clear()
    assert PropertyStore(engine).all() == {}


def test_values_that_are_not_json_are_stored_as_text(engine: Engine) -> None:
    store = PropertyStore(engine)
    store.set("odd", {"when": object.__name__, "set": {1}})
    assert PropertyStore(engine).get("odd") == {"when": "object", "set": "{1}"}


def test_writes_on_a_worker_keep_their_order(engine: Engine) -> None:
    with ThreadPoolExecutor(max_workers=1) as writer:
        store = PropertyStore(engine, writer)
        for n in range(20):
            store.set("n", n)
        store.unset("n")
        store.set("last", True)
        assert store.values == {"last": True}  # reads never wait for the database
        store.flush()
    assert PropertyStore(engine).all() == {"last": True}


def test_reload_sees_other_writers(engine: Engine) -> None:
    store = PropertyStore(engine)
    PropertyStore(engine).set("k", 1)
    assert store.get("k") is None
    store.reload()
    assert store.get("k") == 1


def test_in_memory_variant_touches_no_database() -> None:
    store = InMemoryPropertyStore({"a": 1})
    store.set("b", [1])
    assert store.all() == {"a": 1, "b": [1]}
    store.clear()
    assert store.values == {}
