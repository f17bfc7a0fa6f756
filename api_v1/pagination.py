"""Cursor pages: ``limit`` and an opaque ``cursor`` in, ``items`` and ``next_cursor`` out.

The cursor is the page's last id and its order, base64url-encoded: a client passes it
back untouched. The next page's URL is also sent as an RFC 8288 ``Link: <…>; rel="next"``
header, so clients can follow pages without building URLs.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, TypeVar, get_args

from fastapi import Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import Field

from api_v1.schemas.base import Schema
from shared_db.base import MAX_ID
from shared_db.queries.pages import Keyset

ItemT = TypeVar("ItemT")

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
Order = Literal["newest", "oldest"]


class Page(Schema, Generic[ItemT]):
    """One page of a list, newest first unless ``order=oldest`` was asked for."""

    items: list[ItemT]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page",
        examples=["eyJhZnRlciI6IDEyMywgIm9yZGVyIjogIm5ld2VzdCJ9"],
    )


# Held here: pydantic keeps parametrized models only while something references them, and
# rebuilding ``Page[Any]`` costs more than writing a page.
_ANY_PAGE = Page[Any]


def encode_cursor(after: int, order: Order) -> str:
    raw = json.dumps({"after": after, "order": order}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _bad_cursor(message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"loc": ("query", "cursor"), "msg": message, "type": "value_error", "input": None}]
    )


NOT_ISSUED = "Not a cursor this API gave out"


def decode_cursor(cursor: str, order: Order) -> int:
    """The id a cursor continues after; a 422 naming ``cursor`` for anything else.

    Only the exact strings :func:`encode_cursor` writes are cursors: the JSON must decode
    to the two keys with an id this API can have given out (1 to MAX_ID, the id columns'
    range), and re-encoding it must give the same string back, so hand-made variants
    (other keys, padding, spacing, a float or a huge id) are refused here rather than
    reaching the database, where PostgreSQL would refuse an id past INTEGER's range.
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        after, made_for = data["after"], data["order"]
    except (binascii.Error, ValueError, TypeError, KeyError) as error:
        raise _bad_cursor(NOT_ISSUED) from error
    if (
        not isinstance(after, int)
        or isinstance(after, bool)
        or not 1 <= after <= MAX_ID
        or made_for not in get_args(Order)
        or encode_cursor(after, made_for) != cursor
    ):
        raise _bad_cursor(NOT_ISSUED)
    if made_for != order:
        raise _bad_cursor(f"This cursor continues order={made_for}, not order={order}")
    return after


@dataclass(frozen=True, slots=True)
class PageParams:
    keyset: Keyset
    order: Order


async def page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Items per page", examples=[20])
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="`next_cursor` of the previous page"),
    ] = None,
    order: Annotated[Order, Query(description="Newest (highest id) or oldest first")] = "newest",
) -> PageParams:
    after = None if cursor is None else decode_cursor(cursor, order)
    return PageParams(Keyset(limit=limit, after=after, ascending=order == "oldest"), order)


PageDep = Annotated[PageParams, Depends(page_params)]


def page_of(
    items: list[ItemT],
    next_after: int | None,
    params: PageParams,
    request: Request,
    response: Response,
) -> Response:
    """The page, serialized, with a ``Link`` header when another page follows.

    The items are schemas the route built from database rows, so the page is written
    straight to JSON: FastAPI would otherwise dump it to dicts and validate them again
    against the route's ``response_model`` (which stays declared, for the docs), a third
    of the cost of a list request.
    """
    next_cursor = None if next_after is None else encode_cursor(next_after, params.order)
    page = _ANY_PAGE.model_construct(items=items, next_cursor=next_cursor)
    answer = Response(page.model_dump_json(), media_type="application/json")
    answer.headers.update(response.headers)
    if next_cursor is not None:
        url = request.url.include_query_params(cursor=next_cursor)
        answer.headers["Link"] = f'<{url}>; rel="next"'
    return answer
