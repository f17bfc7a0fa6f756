"""The legacy list conventions: ``page``/``per_page`` in, 206 with ``Content-Range`` out.

The parser is Flask-RESTX's own ``reqparse`` (as the contract's reference uses), so a bad
value gets RESTX's 400 ``{"errors": {...}, "message": ...}`` answer unchanged. It reads
the query string only: RESTX's default also reads a JSON body, where a list, a string or
a ``null`` broke the parser or the page arithmetic (a 500) and no client sends one.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import reqparse

from legacy_flask.responses import response_maker
from shared_db.queries.pages import PAST_EVERY_LIST, PageWindow

__all__ = ["PAST_EVERY_LIST", "PageWindow", "partial_content", "requested_window", "window_from"]

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


def window_from(args: dict[str, Any]) -> PageWindow:
    """The rows a page covers; ``args`` come from a parser that includes the pagination
    arguments (``parser.copy()`` of :data:`pagination_arguments` for extra filters).

    A page past every list (``page=99999999999999999999``) is answered like any page past
    the end of its list, as the contract has it: 206, an empty array and the
    ``Content-Range`` of the page asked for.
    """
    return PageWindow.of_page(int(args["page"]), args["per_page"])


def requested_window() -> PageWindow:
    return window_from(pagination_arguments.parse_args())


def partial_content(items: list[Any], resource: str, window: PageWindow) -> Response:
    """206 with ``Content-Range: <resource> <first+1>-<last>/*``, whatever the page holds."""
    response = response_maker(items, HTTPStatus.PARTIAL_CONTENT)
    response.headers["Content-Range"] = window.content_range(resource)
    return response
