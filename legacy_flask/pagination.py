"""The legacy list conventions: ``page``/``per_page`` in, 206 with ``Content-Range`` out.

The parser is Flask-RESTX's own ``reqparse`` (as the contract's reference uses), so a bad
value gets RESTX's 400 ``{"errors": {...}, "message": ...}`` answer unchanged. It reads
the query string only: RESTX's default also reads a JSON body, where a list, a string or
a ``null`` broke the parser or the page arithmetic (a 500) and no client sends one.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import reqparse

from legacy_flask.responses import response_maker
from shared_db.base import MAX_ID
from shared_db.queries.pages import Window

PER_PAGE_CHOICES = (2, 10, 20, 30, 40, 50)
DEFAULT_PER_PAGE = 10

pagination_arguments = reqparse.RequestParser()
pagination_arguments.add_argument("page", type=int, default=1, location="args", help="Page number")
pagination_arguments.add_argument(
    "per_page",
    type=int,
    choices=PER_PAGE_CHOICES,
    default=DEFAULT_PER_PAGE,
    location="args",
    help="Results per page",
)

# Ids are INTEGER columns, so no list holds more than MAX_ID rows: a page that starts
# past that is empty, however far past. The database is asked from there instead of from
# the page's own offset, which can exceed what OFFSET takes (64 bits) and make it fail.
PAST_EVERY_LIST = MAX_ID


@dataclass(frozen=True, slots=True)
class PageWindow(Window):
    """The rows the database is asked for, and ``first``, the page's first row as the
    client numbered it (``(page - 1) * per_page``, unbounded), which the header shows."""

    first: int = 0


def window_from(args: dict[str, Any]) -> PageWindow:
    """The rows a page covers; ``args`` come from a parser that includes the pagination
    arguments (``parser.copy()`` of :data:`pagination_arguments` for extra filters).

    A page past every list (``page=99999999999999999999``) is answered like any page past
    the end of its list, as the contract has it: 206, an empty array and the
    ``Content-Range`` of the page asked for.
    """
    per_page: int = args["per_page"]
    page = max(int(args["page"]), 1)
    first = (page - 1) * per_page
    return PageWindow(offset=min(first, PAST_EVERY_LIST), limit=per_page, first=first)


def requested_window() -> PageWindow:
    return window_from(pagination_arguments.parse_args())


def partial_content(items: list[Any], resource: str, window: PageWindow) -> Response:
    """206 with ``Content-Range: <resource> <first+1>-<last>/*``, whatever the page holds."""
    response = response_maker(items, HTTPStatus.PARTIAL_CONTENT)
    last = window.first + window.limit
    response.headers["Content-Range"] = f"{resource} {window.first + 1}-{last}/*"
    return response
