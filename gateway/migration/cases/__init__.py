"""The legacy contract as data: one :class:`RouteCase` per route (and answer) of the spec.

Each resource-group module here exports ``CASES``. ``gateway migration verify`` runs them
against Flask and against the legacy views on the current database and compares the two
answers; the test suite (``tests/legacy_flask/test_contract.py``) also checks each answer
against the contract (status, headers, exact keys and value types) on seeded data.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import NoneType
from typing import Any

from shared_db.queries.types import AnySelect

# A JSON value's allowed Python types, e.g. ``int`` or ``(str, NoneType)``.
TypeSpec = type | tuple[type, ...]

INT = int
STR = str
BOOL = bool
OPT_INT = (int, NoneType)
OPT_STR = (str, NoneType)
OPT_BOOL = (bool, NoneType)
LIST = list
DICT = dict
OPT_LIST = (list, NoneType)
OPT_DICT = (dict, NoneType)

# The project info block (spec: "Project info block"), for a git project or a release-
# monitoring one; value types allow both.
PROJECT_INFO: dict[str, TypeSpec] = {
    "pr_id": OPT_INT,
    "issue_id": OPT_INT,
    "branch_name": OPT_STR,
    "release": OPT_STR,
    "anitya_version": OPT_STR,
    "repo_namespace": OPT_STR,
    "repo_name": OPT_STR,
    "project_url": OPT_STR,
    "anitya_project_id": OPT_INT,
    "anitya_project_name": OPT_STR,
    "anitya_package": OPT_STR,
    "non_git_upstream": BOOL,
}


@dataclass(frozen=True, slots=True)
class CaseSecrets:
    """The secrets the stacks under test check deliveries with (None: none configured)."""

    github: str | None = None
    gitlab: str | None = None
    testing_farm: str | None = None


# Builds a case's request headers and body from the secrets (signed deliveries).
RequestBuilder = Callable[[CaseSecrets], tuple[Mapping[str, str], bytes]]


@dataclass(frozen=True)
class RouteCase:
    """One request and the answer the contract promises for it.

    ``rule`` is the route as Flask's url_map spells it (without ``/api``); ``path`` may
    hold ``{name}`` placeholders filled from the row ``lookup`` selects on the seeded
    database. ``keys`` is the exact key set of the object, or of every item of a list
    (``list_of``); ``json`` a body the answer must equal instead. ``checks`` look deeper
    into the object (or every item): each raises AssertionError on a value the client
    cannot read.
    """

    name: str
    rule: str
    path: str
    method: str = "GET"
    status: int = 200
    lookup: AnySelect | None = None
    keys: Mapping[str, TypeSpec] | None = None
    list_of: bool = False
    json: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    request_headers: Mapping[str, str] = field(default_factory=dict)
    request_body: bytes | None = None
    signed: RequestBuilder | None = None
    empty_body: bool = False
    checks: tuple[Callable[[Mapping[str, Any]], None], ...] = ()

    def request(self, secrets: CaseSecrets) -> tuple[dict[str, str], bytes | None]:
        """The headers and body to send, signed with ``secrets`` where the case says so."""
        if self.signed is None:
            return dict(self.request_headers), self.request_body
        headers, body = self.signed(secrets)
        return {**self.request_headers, **headers}, body


def all_cases() -> list[RouteCase]:
    cases: list[RouteCase] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name):
        cases.extend(importlib.import_module(f"{__name__}.{module.name}").CASES)
    return cases
