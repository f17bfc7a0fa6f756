"""One registry of legacy operations, from code, checked against both apps at start-up.

The views declare each operation once (``api_v1.legacy.<group>``: the Flask rule, the
stable id, the v1 twin). Here they are checked against what really exists: every
operation of the Flask app must be declared (when Flask is loaded), every declared one
must exist there, every twin must be a route of the v1 app, and no id or rule may repeat.
Any failure stops the start with a message naming the operations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from starlette.applications import Starlette

from api_v1.app import PREFIX as V1_PREFIX
from api_v1.legacy.routing import LegacyOperation, rule_variables
from api_v1.routes import RouteInfo, route_infos

ALL = "all"
_TEMPLATE_VARIABLE = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)(?::[a-z_]+)?\}")


class RegistryError(RuntimeError):
    """The operations declared, the Flask app and the v1 app disagree."""


class UnknownOperation(LookupError):
    """A name that is neither an operation id, a group nor ``all``."""


@dataclass(frozen=True)
class Registry:
    operations: tuple[LegacyOperation, ...]
    twins: dict[str, RouteInfo] = field(repr=False)

    @property
    def by_id(self) -> dict[str, LegacyOperation]:
        return {operation.id: operation for operation in self.operations}

    @property
    def groups(self) -> dict[str, list[LegacyOperation]]:
        grouped: dict[str, list[LegacyOperation]] = {}
        for operation in self.operations:
            grouped.setdefault(operation.group, []).append(operation)
        return grouped

    def select(self, name: str) -> list[LegacyOperation]:
        """The operations an operation id, a group name or ``all`` stands for."""
        if name == ALL:
            return list(self.operations)
        if name in self.by_id:
            return [self.by_id[name]]
        if name in self.groups:
            return self.groups[name]
        raise UnknownOperation(
            f"{name!r} is no operation id, group or {ALL!r}; groups: {', '.join(self.groups)}"
        )

    def twin_of(self, operation: LegacyOperation) -> RouteInfo:
        return self.twins[operation.id]

    def successor_url(self, operation: LegacyOperation, params: Mapping[str, object]) -> str:
        """The v1 URL of the twin, with the request's path values filled in."""
        template = self.twins[operation.id].path
        path = _TEMPLATE_VARIABLE.sub(lambda m: str(params.get(m.group(1), m.group(0))), template)
        return V1_PREFIX + path


def build_registry(
    declared: Sequence[LegacyOperation],
    v1_app: Starlette,
    flask_operations: Iterable[tuple[str, str]] | None,
) -> Registry:
    """Check ``declared`` against the v1 app and, when given, the Flask app's operations
    (``(method, rule)`` pairs); raise :class:`RegistryError` naming every problem."""
    problems: list[str] = []
    seen_ids: dict[str, LegacyOperation] = {}
    seen_rules: dict[tuple[str, str], LegacyOperation] = {}
    for operation in declared:
        if operation.id in seen_ids:
            problems.append(f"duplicate operation id {operation.id!r} ({operation.label})")
        key = (operation.method, operation.rule)
        if key in seen_rules:
            problems.append(
                f"duplicate operation {operation.label}: {seen_rules[key].id} and {operation.id}"
            )
        seen_ids.setdefault(operation.id, operation)
        seen_rules.setdefault(key, operation)

    routes_by_endpoint = {info.endpoint: info for info in route_infos(v1_app) if info.endpoint}
    twins: dict[str, RouteInfo] = {}
    for operation in declared:
        twin = routes_by_endpoint.get(operation.twin)
        name = getattr(operation.twin, "__qualname__", repr(operation.twin))
        if twin is None:
            problems.append(f"{operation.id} ({operation.label}): its twin {name} is no v1 route")
            continue
        if operation.method not in twin.methods and operation.method != "HEAD":
            problems.append(
                f"{operation.id} ({operation.label}): its twin {name} answers"
                f" {sorted(twin.methods)}, not {operation.method}"
            )
        needed = set(_TEMPLATE_VARIABLE.findall(twin.path)) - set(rule_variables(operation.rule))
        if needed:
            problems.append(
                f"{operation.id} ({operation.label}): its twin {twin.path} needs"
                f" {sorted(needed)}, which the legacy rule does not give"
            )
        twins[operation.id] = twin

    if flask_operations is not None:
        flask = set(flask_operations)
        for method, rule in sorted(flask - set(seen_rules)):
            problems.append(f"legacy operation {method} {rule} has no twin: no view declares it")
        for method, rule in sorted(set(seen_rules) - flask):
            problems.append(
                f"{seen_rules[(method, rule)].id} declares {method} {rule},"
                " which the Flask app does not have"
            )
    if problems:
        raise RegistryError("the twin registry is inconsistent:\n  " + "\n  ".join(problems))
    return Registry(operations=tuple(declared), twins=twins)
