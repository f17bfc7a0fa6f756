"""Date-times that leave the years 1 to 9999 once in UTC: a clear 4xx on both stacks.

``9999-12-31T23:59:59-14:00`` is a valid ISO 8601 value, but in UTC it is in year 10000,
which no ``datetime`` can hold: every timestamp is compared in UTC, so the edges refuse it
(v1: 422 naming the parameter; legacy usage: 400 in the contract's ``errors`` list) before
a query binds it. The v1 parameters are read from its OpenAPI document.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

import httpx
import pytest

from gateway.app import create_app
from shared_db.base import OUT_OF_RANGE_IN_UTC, as_utc
from tests.conftest import make_settings
from tests.gateway.parameters import TextParameter, legacy_text_parameters, v1_text_parameters

PAST_THE_END = "9999-12-31T23:59:59-14:00"  # 10000-01-01T13:59:59Z
BEFORE_THE_START = "0001-01-01T00:00:00+14:00"  # 0000-12-31T10:00:00Z
OUT_OF_RANGE = [PAST_THE_END, BEFORE_THE_START]

_GATEWAY = create_app(make_settings("sqlite://")).state.gateway
_V1, _FLASK = _GATEWAY.v1, _GATEWAY.flask
V1_DATETIMES = [p for p in v1_text_parameters(_V1) if "date-time" in p.formats]
LEGACY_DATETIMES = [p for p in legacy_text_parameters(_FLASK) if p.name in ("from", "to")]


class TestAsUtc:
    def test_converts_to_utc(self) -> None:
        moment = datetime(2026, 3, 1, 12, tzinfo=timezone(timedelta(hours=2)))
        assert as_utc(moment) == datetime(2026, 3, 1, 10, tzinfo=UTC)
        assert as_utc(moment).tzinfo is UTC

    @pytest.mark.parametrize("value", OUT_OF_RANGE)
    def test_out_of_range_is_a_value_error(self, value: str) -> None:
        with pytest.raises(ValueError, match="out of range once converted to UTC"):
            as_utc(datetime.fromisoformat(value))

    def test_the_last_representable_moment_is_kept(self) -> None:
        last = datetime.fromisoformat("9999-12-31T09:59:59-14:00")
        assert as_utc(last) == datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


def test_the_walk_finds_the_datetime_parameters() -> None:
    v1 = {str(p) for p in V1_DATETIMES}
    assert "GET /api/v1/copr-builds query.submitted_after" in v1
    assert "GET /api/v1/runs query.submitted_before" in v1
    assert "GET /api/v1/usage query.from" in v1
    assert "GET /api/v1/usage/project/{forge}/{namespace}/{repo_name} query.to" in v1
    assert {str(p) for p in LEGACY_DATETIMES} == {
        "GET /api/usage query.from",
        "GET /api/usage query.to",
        "GET /api/usage/project/{forge}/{namespace}/{repo_name} query.from",
        "GET /api/usage/project/{forge}/{namespace}/{repo_name} query.to",
    }


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize("parameter", V1_DATETIMES, ids=str)
async def test_v1_is_a_422_naming_the_parameter(
    parameter: TextParameter, value: str, client: httpx.AsyncClient
) -> None:
    response = await client.get(parameter.url(value))

    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert error["field"] == f"query.{parameter.name}"
    assert OUT_OF_RANGE_IN_UTC in error["message"]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize("parameter", LEGACY_DATETIMES, ids=str)
async def test_legacy_usage_is_a_400_in_the_contracts_shape(
    parameter: TextParameter, value: str, client: httpx.AsyncClient
) -> None:
    response = await client.get(parameter.url(value))

    assert response.status_code == 400
    word = "From" if parameter.name == "from" else "To"
    assert response.json() == {"errors": [f"{word} timestamp: invalid format"]}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/copr-builds?submitted_after=",
        "/api/v1/runs?submitted_before=",
        "/api/v1/usage?to=",
        "/api/usage?to=",
    ],
)
async def test_the_last_representable_moment_is_accepted(
    path: str, client: httpx.AsyncClient
) -> None:
    response = await client.get(path + quote("9999-12-31T09:59:59-14:00"))

    assert response.status_code == 200, response.text
