"""One comparator of two answers to the same legacy request: Flask's and the legacy view's.

``gateway migration verify``, the tests (and part 2's shadow runs) all use it. It compares
what a client can tell apart: the status, the headers that matter, and the body. JSON
bodies are compared field by field (each difference named by its JSON pointer); a list
of rows is compared as a set of ids plus their order, so a row that only one side saw is
reported as that, not as every later row differing. Equal JSON written with other bytes
(key order, separators, whitespace) is a difference too: the dashboard gets bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

HEADERS_THAT_MATTER = ("content-type", "content-range", "allow", "retry-after", "location")
# The key that identifies a row, by the lists of the legacy contract (first found wins).
ROW_IDS = ("packit_id", "merged_run_id", "srpm_build_id", "run_id")
_ABSENT = object()


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: Mapping[str, str]  # names lower-cased
    body: bytes

    @classmethod
    def of(cls, status: int, headers: Iterable[tuple[str, str]], body: bytes) -> Answer:
        return cls(status, {name.lower(): value for name, value in headers}, body)


@dataclass(frozen=True, slots=True)
class Difference:
    """One way the view's answer differs from Flask's.

    ``category``: ``status``, ``header``, ``value`` (a field), ``missing`` / ``extra`` (a
    key or a row only one side has), ``order`` (same rows, other order) or ``bytes``
    (equal JSON, other bytes).
    """

    where: str
    category: str
    legacy: Any
    view: Any

    def describe(self) -> str:
        return (
            f"{self.where} [{self.category}]: flask={_short(self.legacy)} view={_short(self.view)}"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "category": self.category,
            "legacy": _short(self.legacy),
            "view": _short(self.view),
        }


def _short(value: Any, limit: int = 200) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=repr)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pointer(parent: str, key: object) -> str:
    return f"{parent}/{str(key).replace('~', '~0').replace('/', '~1')}"


def _row_id_key(items: Sequence[Any]) -> str | None:
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for key in ROW_IDS:
        if all(key in item for item in items):
            return key
    return None


def _compare_values(where: str, legacy: Any, view: Any, found: list[Difference]) -> None:
    if isinstance(legacy, dict) and isinstance(view, dict):
        for key in legacy.keys() | view.keys():
            inner = _pointer(where, key)
            if key not in view:
                found.append(Difference(inner, "missing", legacy[key], None))
            elif key not in legacy:
                found.append(Difference(inner, "extra", None, view[key]))
            else:
                _compare_values(inner, legacy[key], view[key], found)
        return
    if isinstance(legacy, list) and isinstance(view, list):
        _compare_lists(where, legacy, view, found)
        return
    if type(legacy) is not type(view) or legacy != view:
        found.append(Difference(where or "/", "value", legacy, view))


def _compare_lists(where: str, legacy: list[Any], view: list[Any], found: list[Difference]) -> None:
    key = _row_id_key(legacy) if _row_id_key(view) == _row_id_key(legacy) else None
    if key is None:
        for index in range(max(len(legacy), len(view))):
            inner = _pointer(where, index)
            if index >= len(view):
                found.append(Difference(inner, "missing", legacy[index], None))
            elif index >= len(legacy):
                found.append(Difference(inner, "extra", None, view[index]))
            else:
                _compare_values(inner, legacy[index], view[index], found)
        return
    legacy_ids = [item[key] for item in legacy]
    view_ids = [item[key] for item in view]
    view_rows = {item[key]: item for item in view}
    for index, row_id in enumerate(legacy_ids):
        if row_id not in view_rows:
            found.append(Difference(_pointer(where, index), "missing", {key: row_id}, None))
    legacy_set = set(legacy_ids)
    for index, row_id in enumerate(view_ids):
        if row_id not in legacy_set:
            found.append(Difference(_pointer(where, index), "extra", None, {key: row_id}))
    common_legacy = [row_id for row_id in legacy_ids if row_id in view_rows]
    common_view = [row_id for row_id in view_ids if row_id in legacy_set]
    if common_legacy != common_view:
        found.append(Difference(where or "/", "order", common_legacy, common_view))
    for index, item in enumerate(legacy):
        other = view_rows.get(item[key])
        if other is not None:
            _compare_values(_pointer(where, index), item, other, found)


def _header_value(name: str, value: str | None, masked: Sequence[str]) -> Any:
    if value is None:
        return value
    if name == "allow":
        return sorted({method.strip() for method in value.split(",") if method.strip()})
    if name in masked:
        return re.sub(r"\d+", "<id>", value)
    return value


def _parse(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return _ABSENT


def compare(
    legacy: Answer, view: Answer, noise: Sequence[str] = (), masked: Sequence[str] = ()
) -> list[Difference]:
    """Every difference between the two answers, except those ``noise`` names (JSON pointers
    in which ``*`` stands for one key or index, e.g. ``/*/time_submitted``). In the
    ``masked`` headers numbers are not compared: two runs that each store a row get two ids
    (a rolled-back insert still used up its id of a PostgreSQL sequence)."""
    found: list[Difference] = []
    if legacy.status != view.status:
        found.append(Difference("status", "status", legacy.status, view.status))
    for name in HEADERS_THAT_MATTER:
        left = _header_value(name, legacy.headers.get(name), masked)
        right = _header_value(name, view.headers.get(name), masked)
        if left != right:
            found.append(Difference(f"header {name}", "header", left, right))
    left_json, right_json = _parse(legacy.body), _parse(view.body)
    if left_json is _ABSENT or right_json is _ABSENT:
        if legacy.body != view.body:
            found.append(
                Difference(
                    "body",
                    "bytes",
                    legacy.body.decode(errors="replace"),
                    view.body.decode(errors="replace"),
                )
            )
    else:
        _compare_values("", left_json, right_json, found)
        if not found and legacy.body != view.body:
            offset = next(
                (i for i, (a, b) in enumerate(zip(legacy.body, view.body, strict=False)) if a != b),
                min(len(legacy.body), len(view.body)),
            )
            found.append(
                Difference(
                    f"body byte {offset}",
                    "bytes",
                    legacy.body[max(0, offset - 20) : offset + 40].decode(errors="replace"),
                    view.body[max(0, offset - 20) : offset + 40].decode(errors="replace"),
                )
            )
    return [d for d in found if not any(matches(rule, d.where) for rule in noise)]


def matches(rule: str, where: str) -> bool:
    """Whether the JSON pointer ``where`` is ``rule`` (``*``: any one segment) or lies
    below it."""
    rule_parts, parts = rule.split("/"), where.split("/")
    if len(parts) < len(rule_parts):
        return False
    return all(r in ("*", p) for r, p in zip(rule_parts, parts, strict=False))
