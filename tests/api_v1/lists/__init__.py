"""The v1 list routes as data: each resource-group module here exports ``LISTS``.

``tests/api_v1/test_lists.py`` walks every list with its cursor on the seeded database and
checks that the ids it gives are exactly those its ``ids`` statement selects (every row
once, in order), for the unfiltered list and for every filter case, and that a page costs
the same number of SQL statements whatever its limit.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field

from shared_db.queries.types import AnySelect


@dataclass(frozen=True)
class FilterCase:
    """Query parameters, and a SELECT of the ids (one column) the list must give for them."""

    params: Mapping[str, str]
    ids: AnySelect


@dataclass(frozen=True)
class ListCase:
    """A v1 list route (path under /api/v1) and the ids its unfiltered walk must give,
    newest first (the SELECT's order is ignored: the test sorts descending)."""

    path: str
    ids: AnySelect
    filters: list[FilterCase] = field(default_factory=list)
    id_key: str = "id"


def all_lists() -> list[ListCase]:
    cases: list[ListCase] = []
    for module in pkgutil.iter_modules(__path__):
        cases.extend(importlib.import_module(f"{__name__}.{module.name}").LISTS)
    return cases
