"""The threaded CRM wrapper answers like the connector it wraps, from another thread."""

from __future__ import annotations

import asyncio
import threading

from sqlalchemy import Engine

from cti_desktop.crm.threaded import ThreadedCrm
from cti_desktop.store.crm import LocalCrm


def test_lookups_run_off_the_event_loop_thread_and_give_the_same_answers(engine: Engine) -> None:
    local = LocalCrm(engine)
    threads: list[str] = []
    original_get = local.get

    def get_recording_thread(record_id: str) -> object:
        threads.append(threading.current_thread().name)
        return original_get(record_id)

    local.get = get_recording_thread  # type: ignore[method-assign,assignment]
    crm = ThreadedCrm(local)
    assert (crm.name, crm.has_urls) == (local.name, local.has_urls)
    assert crm.supports("SE_SFRetrieve") == local.supports("SE_SFRetrieve")

    async def use_it() -> tuple[object, ...]:
        created = await crm.create("Contact", {"LastName": "Hopper", "Phone": "+12065550199"})
        updated = await crm.update(created.Id, {"FirstName": "Grace"})
        return (
            created,
            updated,
            await crm.get(created.Id),
            await crm.find_by_phone("(206) 555-0199"),
            await crm.search("Hopper"),
            await crm.list_by_type("Contact"),
        )

    created, updated, fetched, by_phone, searched, listed = asyncio.run(use_it())
    threads_used = list(threads)
    assert fetched == updated == local.get(created.Id)  # type: ignore[attr-defined]
    ids = [[r.Id for r in found] for found in (by_phone, searched, listed)]  # type: ignore[attr-defined]
    assert ids == [[created.Id]] * 3  # type: ignore[attr-defined]
    assert threads_used and threading.main_thread().name not in threads_used
