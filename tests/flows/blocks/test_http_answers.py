"""SE_HttpRequest's answers held to the input limits (issue 11, defects 6 and 9): a JSON answer nested
too deeply or holding text that is not valid Unicode fails the block in words, and the run is recorded."""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

import httpx
import pytest

from cti_desktop.flows.blocks import core, http
from cti_desktop.flows.blocks.http import HttpRequester, close_requester, install_requester
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.flows.results import RunResult
from cti_desktop.flows.sandbox import FlowSandbox


def answer_with(content: bytes) -> RunResult:
    registry = BlockRegistry()
    core.register(registry)
    http.register(registry)
    sandbox = FlowSandbox(registry)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=content, headers={"content-type": "application/json"})

    async def go() -> RunResult:
        install_requester(HttpRequester(None, httpx.MockTransport(handler)))
        try:
            return await sandbox.run_async(sandbox.single("SE_HttpRequest", {"url": "https://x.test/"}))
        finally:
            await close_requester()

    result = asyncio.run(go())
    assert result.status == "completed", result.error
    return result


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (json.dumps(nested(450)).encode(), "the JSON answer is refused: it is nested too deeply"),
        (b"[" * 3000 + b"]" * 3000, "nested too deeply"),
        (b'{"name": "\\ud800"}', "the JSON answer is refused: it holds text that is not valid Unicode"),
    ],
)
def test_an_answer_beyond_the_limits_fails_the_block(content: bytes, words: str) -> None:
    step = answer_with(content).steps[1]
    assert step.outcome == "failure"
    assert (step.exception or "").startswith("GET https://x.test/: the JSON answer ")
    assert words in (step.exception or "")
    json.dumps(answer_with(content).to_json_dict(), allow_nan=False).encode("utf-8")  # recordable


def test_an_answer_with_nan_stays_text_as_other_non_standard_json_does() -> None:
    step = answer_with(b'{"score": NaN}').steps[1]
    assert step.outcome == "success"
    assert step.results["body"] == '{"score": NaN}'
    assert not any(isinstance(v, float) and math.isnan(v) for v in step.results.values())


def test_an_answer_within_the_limits_is_its_json_value() -> None:
    step = answer_with(json.dumps(nested(60)).encode()).steps[1]
    assert step.outcome == "success"
    assert step.results["body"] == nested(60)
