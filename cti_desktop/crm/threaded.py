"""A CRM connector whose database work happens on a worker thread.

Flows run on the GUI's event loop; a CRM search can take tens of milliseconds on a large database, long
enough to freeze the overlay. Wrapping the connector makes every lookup awaitable (the CRM blocks already
await what a connector returns), so the event loop keeps turning while the store works.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import Executor
from typing import Any, TypeVar

from cti_desktop.crm.base import BlockingCrmConnector, CrmRecord

T = TypeVar("T")


class ThreadedCrm:
    def __init__(self, inner: BlockingCrmConnector, executor: Executor | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.has_urls = inner.has_urls
        self._executor = executor

    def _off_loop(self, function: Callable[..., T], *args: Any) -> Awaitable[T]:
        return asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    def supports(self, block_type: str) -> bool:
        return self.inner.supports(block_type)

    def search(
        self, text: str, types: Sequence[str] | None = None, limit: int = 50
    ) -> Awaitable[list[CrmRecord]]:
        return self._off_loop(self.inner.search, text, types, limit)

    def find_by_phone(
        self, number: str, types: Sequence[str] | None = None, field_name: str | None = None
    ) -> Awaitable[list[CrmRecord]]:
        return self._off_loop(self.inner.find_by_phone, number, types, field_name)

    def get(self, record_id: str) -> Awaitable[CrmRecord | None]:
        return self._off_loop(self.inner.get, record_id)

    def create(
        self, record_type: str, fields: Mapping[str, Any], record_id: str | None = None
    ) -> Awaitable[CrmRecord]:
        return self._off_loop(self.inner.create, record_type, fields, record_id)

    def update(self, record_id: str, fields: Mapping[str, Any]) -> Awaitable[CrmRecord]:
        return self._off_loop(self.inner.update, record_id, fields)

    def list_by_type(self, record_type: str, limit: int = 100, offset: int = 0) -> Awaitable[list[CrmRecord]]:
        return self._off_loop(self.inner.list_by_type, record_type, limit, offset)
