"""Declaring legacy operations: the Flask rule, the v1 twin and the view, in one place.

A legacy operation is one method of one Flask rule (``GET /copr-builds/<int:id>``) with a
stable id (``copr-builds.get``). Each view module declares its operations on a
:class:`LegacyRouter`; the gateway's registry collects them and checks them against the
Flask app and the v1 app at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import APIRouter
from starlette.convertors import Convertor, register_url_convertor

from shared_db.base import MAX_ID

ViewT = TypeVar("ViewT", bound=Callable[..., Any])


def _bounded_int_regex(maximum: int) -> str:
    """A regex of the decimal numbers from 0 to ``maximum`` (leading zeros allowed), so a
    larger id is no route at all, like Flask's ``<int:…>`` bounded by the id columns."""
    digits = str(maximum)
    shorter = f"[0-9]{{1,{len(digits) - 1}}}" if len(digits) > 1 else None
    same_length = []
    for position, digit in enumerate(digits):
        if digit != "0":
            rest = len(digits) - position - 1
            low = f"[0-{int(digit) - 1}]" if digit != "1" else "0"
            same_length.append(digits[:position] + low + (f"[0-9]{{{rest}}}" if rest else ""))
    same_length.append(digits)
    alternatives = ([shorter] if shorter else []) + same_length
    return f"0*(?:{'|'.join(alternatives)})"


class LegacyIdConvertor(Convertor[int]):
    """Flask's ``<int:id>`` as the legacy app bounds it (werkzeug's digits, up to MAX_ID)."""

    regex = _bounded_int_regex(MAX_ID)

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


class LegacyPathConvertor(Convertor[str]):
    """Flask's ``<path:…>``: one or more segments, not starting with a slash."""

    regex = "[^/].*?"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("legacy_id", LegacyIdConvertor())
register_url_convertor("legacy_path", LegacyPathConvertor())

_FLASK_VARIABLE = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>[a-zA-Z_][a-zA-Z0-9_]*)>")
_CONVERTORS = {None: "", "int": ":legacy_id", "path": ":legacy_path"}


def starlette_path(rule: str) -> str:
    """The Starlette template of a Flask rule: ``/a/<int:id>`` → ``/a/{id:legacy_id}``."""

    def replace(match: re.Match[str]) -> str:
        converter = match.group("converter")
        if converter not in _CONVERTORS:
            raise ValueError(f"no legacy convertor for <{converter}:…> in {rule}")
        return "{" + match.group("name") + _CONVERTORS[converter] + "}"

    return _FLASK_VARIABLE.sub(replace, rule)


def rule_variables(rule: str) -> list[str]:
    return [match.group("name") for match in _FLASK_VARIABLE.finditer(rule)]


@dataclass(frozen=True, slots=True)
class Noise:
    """A part of an answer that may differ between two reads without anything being wrong
    (a JSON pointer; ``*`` stands for any one key or index), and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class LegacyOperation:
    """One legacy operation, its v1 twin and the view that answers it on FastAPI.

    ``writes``: answering it may store something (webhooks, notifications, usage reports);
    such an operation is never run twice for one request (part 2's shadow comparison
    skips it).
    """

    id: str
    group: str
    method: str
    rule: str
    twin: Callable[..., Any]
    view: Callable[..., Any]
    writes: bool = False
    noise: tuple[Noise, ...] = ()

    @property
    def path(self) -> str:
        return starlette_path(self.rule)

    @property
    def label(self) -> str:
        return f"{self.method} {self.rule}"


class LegacyRouter:
    """The operations of one legacy group and the FastAPI routes of their views."""

    def __init__(self, group: str) -> None:
        self.group = group
        self.operations: list[LegacyOperation] = []
        self.api_router = APIRouter(include_in_schema=False)

    def get(
        self,
        rule: str,
        name: str,
        *,
        twin: Callable[..., Any],
        writes: bool = False,
        head: bool = True,
        noise: tuple[Noise, ...] = (),
    ) -> Callable[[ViewT], ViewT]:
        """A GET operation; it answers HEAD too (the body left out by the gateway), as
        Flask does, unless the group declares HEAD on its own (``head=False``)."""
        methods = ("HEAD",) if head else ()
        return self._operation("GET", rule, name, twin, writes, also=methods, noise=noise)

    def head(self, rule: str, name: str, *, twin: Callable[..., Any]) -> Callable[[ViewT], ViewT]:
        """An operation Flask defines a ``head`` method for (the GET one then takes none)."""
        return self._operation("HEAD", rule, name, twin, False, also=())

    def post(
        self, rule: str, name: str, *, twin: Callable[..., Any], writes: bool = True
    ) -> Callable[[ViewT], ViewT]:
        return self._operation("POST", rule, name, twin, writes, also=())

    def _operation(
        self,
        method: str,
        rule: str,
        name: str,
        twin: Callable[..., Any],
        writes: bool,
        also: tuple[str, ...],
        noise: tuple[Noise, ...] = (),
    ) -> Callable[[ViewT], ViewT]:
        def register(view: ViewT) -> ViewT:
            operation = LegacyOperation(
                id=f"{self.group}.{name}",
                group=self.group,
                method=method,
                rule=rule,
                twin=twin,
                view=view,
                writes=writes,
                noise=noise,
            )
            self.operations.append(operation)
            self.api_router.add_api_route(
                operation.path, view, methods=[method, *also], name=operation.id
            )
            return view

        return register
