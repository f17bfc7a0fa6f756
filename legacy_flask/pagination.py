"""The legacy list conventions: ``page``/``per_page`` in, 206 with ``Content-Range`` out.

The parser is Flask-RESTX's own ``reqparse`` (as the contract's reference uses), so a bad
value gets RESTX's 400 ``{"errors": {...}, "message": ...}`` answer unchanged.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import reqparse

from legacy_flask.responses import response_maker
from shared_db.queries.pages import Window

PER_PAGE_CHOICES = (2, 10, 20, 30, 40, 50)
DEFAULT_PER_PAGE = 10

pagination_arguments = reqparse.RequestParser()
pagination_arguments.add_argument("page", type=int, default=1, help="Page number")
pagination_arguments.add_argument(
    "per_page",
    type=int,
    choices=PER_PAGE_CHOICES,
    default=DEFAULT_PER_PAGE,
    help="Results per page",
)


def window_from(args: dict[str, Any]) -> Window:
    """The rows a page covers; ``args`` come from a parser that includes the pagination
    arguments (``parser.copy()`` of :data:`pagination_arguments` for extra filters)."""
    per_page: int = args["per_page"]
    page = max(int(args["page"]), 1)
    return Window(offset=(page - 1) * per_page, limit=per_page)


def requested_window() -> Window:
    return window_from(pagination_arguments.parse_args())


def partial_content(items: list[Any], resource: str, window: Window) -> Response:
    """206 with ``Content-Range: <resource> <first+1>-<last>/*``, whatever the page holds."""
    response = response_maker(items, HTTPStatus.PARTIAL_CONTENT)
    response.headers["Content-Range"] = f"{resource} {window.offset + 1}-{window.end}/*"
    return response
