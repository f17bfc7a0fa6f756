"""Whether an answer keeps the legacy contract a case states: status, headers, and the exact
keys and value types of its body (or the exact body)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from gateway.migration.cases import RouteCase, TypeSpec


def _type_problems(where: str, body: Any, keys: Mapping[str, TypeSpec]) -> list[str]:
    if not isinstance(body, dict):
        return [f"{where}: not an object: {body!r:.100}"]
    if set(body) != set(keys):
        return [f"{where}: keys differ: {sorted(set(body) ^ set(keys))}"]
    problems = []
    for key, allowed in keys.items():
        value = body[key]
        # JSON has no bool/int distinction in Python's eyes unless we make it.
        bool_allowed = allowed is bool or (isinstance(allowed, tuple) and bool in allowed)
        if isinstance(value, bool) and not bool_allowed:
            problems.append(f"{where}: {key} is a bool, expected {allowed}")
        elif not isinstance(value, allowed):
            problems.append(f"{where}: {key}={value!r:.80} is not {allowed}")
    return problems


def contract_problems(
    case: RouteCase,
    status: int,
    headers: Mapping[str, Any],
    raw: bytes,
    *,
    require_rows: bool = True,
) -> list[str]:
    """Every way the answer breaks what ``case`` promises (none: it keeps the contract).

    ``require_rows``: a list case must list something (on seeded data, so its rows were
    checked); a database that has none of them is no breach of contract."""
    if status != case.status:
        return [f"{case.name}: status {status}, expected {case.status}: {raw[:200]!r}"]
    problems = [
        f"{case.name}: {header}={headers.get(header)!r}, expected {value!r}"
        for header, value in case.headers.items()
        if headers.get(header) != value
    ]
    if case.empty_body:
        return problems + ([f"{case.name}: a body where none is due"] if raw else [])
    if case.json is None and case.keys is None:
        return problems  # only the status and headers are promised
    try:
        body = json.loads(raw)
    except ValueError:
        return [*problems, f"{case.name}: the body is not JSON: {raw[:200]!r}"]
    if case.json is not None and body != case.json:
        problems.append(f"{case.name}: body {body!r:.200}, expected {case.json!r:.200}")
    if case.keys is None:
        return problems
    if not case.list_of:
        return problems + _type_problems(case.name, body, case.keys) + _deeper(case, body)
    if not isinstance(body, list) or (require_rows and not body):
        return [*problems, f"{case.name}: expected a non-empty list, got {body!r:.100}"]
    for index, item in enumerate(body):
        problems += _type_problems(f"{case.name}[{index}]", item, case.keys)
        problems += _deeper(case, item)
    return problems


def _deeper(case: RouteCase, body: Any) -> list[str]:
    """What the case's ``checks`` (assertions about values) find wrong."""
    problems = []
    for check in case.checks:
        try:
            check(body)
        except AssertionError as error:
            problems.append(f"{case.name}: {error}")
    return problems
