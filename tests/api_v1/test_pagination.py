"""Cursors: only the exact strings this API gave out continue a list; anything else is a
422 naming ``cursor``, decided before any query (an id past INTEGER made PostgreSQL fail)."""

from __future__ import annotations

import base64
import json

import httpx
import pytest
from pydantic import ValidationError

from api_v1.pagination import PageQuery, decode_cursor, encode_cursor
from shared_db.base import MAX_ID


def forged(data: object, *, padding: bool = False) -> str:
    raw = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()
    return raw if padding else raw.rstrip("=")


def cursor_error(cursor: str, order: str = "newest") -> str:
    with pytest.raises(ValidationError) as raised:
        PageQuery.model_validate({"cursor": cursor, "order": order})
    (error,) = raised.value.errors()
    assert error["loc"] == ("cursor",)  # FastAPI adds "query"
    return str(error["msg"])


@pytest.mark.parametrize("after", [1, 17, MAX_ID])
@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_an_issued_cursor_decodes_to_its_id(after: int, order: str) -> None:
    assert decode_cursor(encode_cursor(after, order), order) == after  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "cursor",
    [
        forged({"after": 10**20, "order": "newest"}),
        forged({"after": 2**40, "order": "newest"}),
        forged({"after": MAX_ID + 1, "order": "newest"}),
        forged({"after": 0, "order": "newest"}),
        forged({"after": -1, "order": "newest"}),
        forged({"after": 5.0, "order": "newest"}),
        forged({"after": "5", "order": "newest"}),
        forged({"after": True, "order": "newest"}),
        forged({"after": None, "order": "newest"}),
        forged({"after": 5, "order": "sideways"}),
        forged({"after": 5, "order": ["newest"]}),
        forged({"after": 5}),
        forged({"order": "newest"}),
        forged({"after": 5, "order": "newest", "extra": 1}),
        forged({"order": "newest", "after": 5}),  # keys in another order
        forged([5, "newest"]),
        forged("newest"),
        forged(5),
        forged({"after": 17, "order": "newest"}, padding=True),
        base64.urlsafe_b64encode(b'{"after": 17, "order": "newest"}').decode(),  # spaces
        base64.standard_b64encode(b'{"after":17,"order":"newest"}').decode(),
        encode_cursor(17, "newest") + "A",
        encode_cursor(17, "newest")[:-1],
        "not-a-cursor",
        "%%%",
        "\x00",
        "eyJ",
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_a_cursor_the_api_did_not_give_out_is_refused(cursor: str) -> None:
    assert cursor_error(cursor) == "Not a cursor this API gave out"


def test_a_cursor_of_the_other_order_is_refused_with_the_reason() -> None:
    message = cursor_error(encode_cursor(17, "oldest"), "newest")
    assert message == "This cursor continues order=oldest, not order=newest"


@pytest.mark.parametrize("after", [10**20, 2**40, 2**31])
async def test_through_the_gateway_an_id_past_integer_is_a_422(
    after: int, client: httpx.AsyncClient
) -> None:
    response = await client.get(
        "/api/v1/copr-builds", params={"cursor": forged({"after": after, "order": "newest"})}
    )

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["query.cursor"]
