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
from pydantic import BaseModel, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from starlette.datastructures import URL

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


NOT_ISSUED = "Not a cursor this API gave out"


def _bad_cursor(message: str) -> PydanticCustomError:
    # A custom error keeps the message as written (a ValueError would get a prefix).
    return PydanticCustomError("value_error", message)


def decode_cursor(cursor: str, order: Order) -> int:
    """The id a cursor continues after; a validation error (422 naming ``cursor``) for
    anything else.

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


class PageQuery(BaseModel):
    """The paging query parameters of every list."""

    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page", examples=[20]
    )
    # Before ``cursor``: its validator reads the order a cursor must continue.
    order: Order = Field("newest", description="Newest (highest id) or oldest first")
    cursor: str | None = Field(
        None, min_length=1, max_length=200, description="`next_cursor` of the previous page"
    )

    @field_validator("cursor")
    @classmethod
    def _issued(cls, cursor: str | None, info: ValidationInfo) -> str | None:
        order = info.data.get("order")
        if cursor is not None and order is not None:
            decode_cursor(cursor, order)
        return cursor

    @property
    def after(self) -> int | None:
        return None if self.cursor is None else decode_cursor(self.cursor, self.order)


@dataclass(frozen=True, slots=True)
class PageParams:
    """The page asked for (``keyset``, passed to the query layer) and how to answer it:
    :meth:`of` sets ``Link`` on the route's response when another page follows."""

    keyset: Keyset
    order: Order
    url: URL
    response: Response

    def of(self, items: list[ItemT], next_after: int | None) -> Page[ItemT]:
        next_cursor = None if next_after is None else encode_cursor(next_after, self.order)
        if next_cursor is not None:
            url = self.url.include_query_params(cursor=next_cursor)
            self.response.headers["Link"] = f'<{url}>; rel="next"'
        # The items were built from database rows by the route: taken as they are. FastAPI
        # then checks the page against the route's response model, which passes the
        # items through (they are instances of its item model) and writes JSON.
        return _ANY_PAGE.model_construct(items=items, next_cursor=next_cursor)


async def page_params(
    query: Annotated[PageQuery, Query()], request: Request, response: Response
) -> PageParams:
    keyset = Keyset(limit=query.limit, after=query.after, ascending=query.order == "oldest")
    return PageParams(keyset, query.order, request.url, response)


PageDep = Annotated[PageParams, Depends(page_params)]
