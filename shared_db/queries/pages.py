"""Offset pages that stay cheap at any depth.

The legacy routes address pages by number, so a page is an offset. ``OFFSET n`` on the
full row (joins and all) makes the database build and discard ``n`` whole rows; the
deferred join below walks only the ordering index to find the page's ids, then fetches
the wide rows for those ids alone. Walking ``n`` index entries is a small fraction of the
cost of materialising ``n`` rows, so page 5,000 costs a few times page 1, not 40 times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import InstrumentedAttribute, Session


@dataclass(frozen=True, slots=True)
class Window:
    """``limit`` rows after skipping ``offset`` of them."""

    offset: int
    limit: int

    def __post_init__(self) -> None:
        if self.offset < 0 or self.limit < 1:
            raise ValueError(f"invalid window: offset={self.offset}, limit={self.limit}")

    @property
    def end(self) -> int:
        return self.offset + self.limit


def page_ids(
    session: Session,
    id_column: ColumnElement[int] | InstrumentedAttribute[int],
    window: Window,
    *where: ColumnElement[bool],
) -> list[int]:
    """The ids of one page, newest first, read from the ``id`` index alone."""
    statement: Select[int] = (
        select(id_column).where(*where).order_by(id_column.desc()).offset(window.offset)
    ).limit(window.limit)
    return list(session.scalars(statement))


def in_page_order(rows: list[Any], ids: list[int], key: str = "id") -> list[Any]:
    """``rows`` (fetched with ``id IN ids``) back in the order of ``ids``."""
    position = {row_id: index for index, row_id in enumerate(ids)}
    return sorted(rows, key=lambda row: position[getattr(row, key)])
