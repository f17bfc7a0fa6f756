"""Query arguments read the way Flask-RESTX's ``reqparse`` reads them, errors included.

What the legacy lists accept is what ``reqparse`` accepts: values from the query string;
every value of an argument converted and checked, the first one kept; a bad one answered
``400 {"errors": {name: "<help> <why>"}, "message": "Input payload validation failed"}``
in RESTX's own JSON style.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute, Session

from shared_db.errors import DomainError
from shared_db.queries.pages import Keyset, PageWindow, Window, page_ids

VALIDATION_FAILED = "Input payload validation failed"
_MISSING = object()


class ArgumentError(DomainError):
    """A ``reqparse`` refusal: rendered as RESTX renders it (see the views' error handlers)."""

    status_code = 400

    def __init__(self, name: str, message: str) -> None:
        super().__init__(VALIDATION_FAILED)
        self.errors = {name: message}


@dataclass(frozen=True, slots=True)
class Argument:
    name: str
    type: Callable[[Any], Any] = str
    default: Any = None
    choices: Sequence[Any] = field(default=())
    help: str | None = None

    def _refuse(self, why: str) -> ArgumentError:
        return ArgumentError(self.name, f"{self.help} {why}" if self.help else why)

    def parse(self, values: list[Any]) -> Any:
        kept = _MISSING
        for value in values:
            try:
                converted = None if value is None else self.type(value)
            except Exception as error:  # reqparse turns any conversion error into a 400
                raise self._refuse(str(error)) from error
            if self.choices and converted not in self.choices:
                raise self._refuse(
                    f"The value '{converted}' is not a valid choice for '{self.name}'."
                )
            if kept is _MISSING:
                kept = converted
        return self.default if kept is _MISSING else kept


async def parse_arguments(request: Request, arguments: Sequence[Argument]) -> dict[str, Any]:
    """The arguments from the query string, as the legacy parsers read them (``location=
    "args"``: never from a body)."""
    return {
        argument.name: argument.parse(request.query_params.getlist(argument.name))
        for argument in arguments
    }


PER_PAGE_CHOICES = (2, 10, 20, 30, 40, 50)
PAGINATION = (
    Argument("page", type=int, default=1, help="Page number"),
    Argument("per_page", type=int, default=10, choices=PER_PAGE_CHOICES, help="Results per page"),
)


def window_of(arguments: dict[str, Any]) -> PageWindow:
    return PageWindow.of_page(int(arguments["page"]), arguments["per_page"])


async def requested_window(request: Request) -> PageWindow:
    """The page a legacy list was asked for (``legacy_flask.pagination.requested_window``)."""
    return window_of(await parse_arguments(request, PAGINATION))


def keyset_of(
    session: Session,
    window: Window,
    id_column: ColumnElement[int] | InstrumentedAttribute[int],
    *where: ColumnElement[bool],
) -> Keyset | None:
    """The v1 keyset page holding the rows of a legacy page (``window``), or None when
    that page is empty (it starts past the last row).

    Both lists are newest first by ``id_column``; ``where`` is the filter of the list. The
    rows of an offset window are the rows after the one just before it, so a legacy view
    reads that row's id (from the id index alone, as the legacy lists find their page)
    and then runs the very query of the v1 list, as if a v1 cursor pointed there.
    """
    if window.offset == 0:
        return Keyset(limit=window.limit)
    before = page_ids(session, id_column, Window(offset=window.offset - 1, limit=1), *where)
    return Keyset(limit=window.limit, after=before[0]) if before else None
