"""PropertyService holds keys and values to the input limits (issue 11, defects 6 and 9)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from cti_desktop.services.properties import PropertyKeyInvalid, PropertyService, PropertyValueInvalid


def test_a_key_that_is_not_valid_unicode_is_refused(engine: Engine) -> None:
    service = PropertyService(engine)
    with pytest.raises(PropertyKeyInvalid, match="not valid Unicode"):
        service.set("k\ud800", 1)
    assert service.all() == {}


def nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("value", ["x\udcff", float("nan"), float("inf"), nested(450), nested(3000)])
def test_a_value_beyond_the_limits_is_refused(engine: Engine, value: object) -> None:
    service = PropertyService(engine)
    with pytest.raises(PropertyValueInvalid, match="The value of 'k' is refused"):
        service.set("k", value)
    assert service.all() == {}


def test_the_refusal_names_a_key_with_a_line_break_in_one_line(engine: Engine) -> None:
    with pytest.raises(PropertyValueInvalid) as refused:
        PropertyService(engine).set("0\n", float("inf"))
    assert "\n" not in str(refused.value) and "'0\\n'" in str(refused.value)
