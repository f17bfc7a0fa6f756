"""The malformed-request table: requests no client should send, and the exact answer each
gets, on both stacks (tests/gateway/test_malformed.py sends them through the gateway).

Most rows are spelled out; the id and paging rows are made for every detail route and
every list of both stacks, read from the apps (the legacy url_map and swagger.json, the v1
OpenAPI document), so a new route gets its rows without being listed. The answers are the
contract's (legacy) or the v1 conventions': 422 naming the parameter, 404 for what cannot
exist, 405 with Allow, 413 past the body limit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from flask import Flask
from werkzeug.routing import IntegerConverter

from tests.conftest import GITHUB_SECRET, GITLAB_TOKEN, TESTING_FARM_SECRET
from tests.gateway.parameters import FRAMEWORK_ENDPOINTS, v1_paths

BODY_LIMIT = 64 * 1024  # the table's gateway refuses bodies past this (max_body_bytes)
UNSET: Any = object()


@dataclass(frozen=True)
class Malformed:
    """One request and its answer: ``status``, and where given the v1 error ``field``
    it must name, the exact JSON ``body_json``, or a ``header`` it must carry."""

    name: str
    method: str
    path: str  # as sent: percent-encoded
    status: int
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    chunked: bool = False  # send the body with Transfer-Encoding: chunked
    field: str | None = None
    body_json: Any = UNSET
    header: tuple[str, str] | None = None

    @property
    def id(self) -> str:
        path = self.path if len(self.path) <= 80 else self.path[:77] + "..."
        return f"{self.method} {path} ({self.name})"


def _signed(body: bytes, delivery: str) -> dict[str, str]:
    digest = hmac.new(GITHUB_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-GitHub-Event": "pull_request",
        "X-GitHub-Delivery": delivery,
        "X-Hub-Signature-256": f"sha256={digest}",
    }


PR = json.dumps({"action": "opened", "number": 7}).encode()
JSON = {"Content-Type": "application/json"}
BIG = b'{"pad": "' + b"x" * BODY_LIMIT + b'"}'
NO_JSON = "We haven't received any JSON data."
NOT_ISSUED = "Not a cursor this API gave out"


def _cursor(data: object) -> str:
    import base64

    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# --- ids: every detail route of both stacks -------------------------------------------------

LEGACY_BAD_IDS = {  # none reaches a resource: the router's 404, as the contract has it
    "non-numeric": "abc",
    "negative": "-1",
    "fraction": "1.5",
    "past INTEGER": "2147483648",
    "huge": "99999999999999999999",
    "NUL": "1%00",
    "exponent": "1e3",
}
V1_BAD_IDS = {  # 422 naming the id
    "non-numeric": "abc",
    "negative": "-1",
    "zero": "0",
    "fraction": "1.5",
    "past INTEGER": "2147483648",
    "huge": "99999999999999999999",
    "NUL": "1%00",
}


def legacy_id_rows(app: Flask) -> Iterator[Malformed]:
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in FRAMEWORK_ENDPOINTS or "GET" not in (rule.methods or ()):
            continue
        converters = rule._converters
        if not any(isinstance(c, IntegerConverter) for c in converters.values()):
            continue
        for what, value in LEGACY_BAD_IDS.items():
            path = "/api" + rule.rule
            for name, converter in converters.items():
                spelled = f"<int:{name}>" if isinstance(converter, IntegerConverter) else None
                if spelled:
                    path = path.replace(spelled, value)
            yield Malformed(f"{what} id", "GET", path, 404)


def v1_id_rows(app: FastAPI) -> Iterator[Malformed]:
    for path, operations in v1_paths(app):
        for method, operation in operations.items():
            ids = [
                p["name"]
                for p in operation.get("parameters", [])
                if p["in"] == "path" and p["schema"].get("type") == "integer"
            ]
            for name in ids:
                for what, value in V1_BAD_IDS.items():
                    url = path.replace("{" + name + "}", value)
                    yield Malformed(
                        f"{what} {name}", method.upper(), url, 422, field=f"path.{name}"
                    )


# --- pages: every list of both stacks ---------------------------------------------------------

LEGACY_BAD_PAGES = {  # the request parser's 400, naming the argument
    "page=abc": "page",
    "page=1.5": "page",
    "page=": "page",
    "per_page=7": "per_page",
    "per_page=abc": "per_page",
    "page=" + "9" * 5000: "page",  # past the digits int() reads
}
V1_BAD_PAGES = {  # what is wrong: (query, the parameter the 422 names)
    "limit 0": ("limit=0", "query.limit"),
    "limit 101": ("limit=101", "query.limit"),
    "negative limit": ("limit=-5", "query.limit"),
    "limit a word": ("limit=ten", "query.limit"),
    "no such order": ("order=sideways", "query.order"),
    "cursor id 10^20": ("cursor=" + _cursor({"after": 10**20, "order": "newest"}), "query.cursor"),
    "cursor id 2^40": ("cursor=" + _cursor({"after": 2**40, "order": "newest"}), "query.cursor"),
    "cursor NUL": ("cursor=%00", "query.cursor"),
    "cursor too long": ("cursor=" + "A" * 201, "query.cursor"),
}


def legacy_page_rows(swagger: Mapping[str, Any]) -> Iterator[Malformed]:
    for path, operations in sorted(swagger["paths"].items()):
        parameters = operations.get("get", {}).get("parameters", [])
        if not any(p["name"] == "page" for p in parameters):
            continue
        url = "/api" + path.format(forge="github.com", namespace="packit", repo_name="ogr")
        for query, argument in LEGACY_BAD_PAGES.items():
            yield Malformed(
                f"bad {argument}: {query[:16]}",
                "GET",
                f"{url}?{query}",
                400,
                field=f"errors.{argument}",
            )


def v1_page_rows(app: FastAPI) -> Iterator[Malformed]:
    for path, operations in v1_paths(app):
        parameters = operations.get("get", {}).get("parameters", [])
        if not any(p["name"] == "cursor" for p in parameters):
            continue
        url = path.format(forge="github.com", namespace="packit", repo_name="ogr")
        for what, (query, parameter) in V1_BAD_PAGES.items():
            yield Malformed(what, "GET", f"{url}?{query}", 422, field=parameter)


# --- everything else, spelled out -------------------------------------------------------------

V1_FILTERS = "/api/v1/copr-builds"
SPELLED = [
    # Date-times: malformed, without a zone, out of range once in UTC, empty ranges.
    *(
        Malformed(
            what, "GET", f"{V1_FILTERS}?submitted_after={value}", 422, field="query.submitted_after"
        )
        for what, value in {
            "not a date": "yesterday",
            "no time zone": "2026-03-01T12:00:00",
            "epoch seconds": "1700000000",
            "no such day": "2026-02-30T00:00:00Z",
            "month 13": "2026-13-01T00:00:00Z",
            "past year 9999 in UTC": "9999-12-31T23:59:59-14:00",
            "NUL": "2026-03-01T00:00:00Z%00",
        }.items()
    ),
    Malformed(
        "before year 1 in UTC",
        "GET",
        f"{V1_FILTERS}?submitted_before=0001-01-01T00:00:00%2B14:00",
        422,
        field="query.submitted_before",
    ),
    Malformed(
        "empty range",
        "GET",
        f"{V1_FILTERS}?submitted_after=2026-03-02T00:00:00Z&submitted_before=2026-03-01T00:00:00Z",
        422,
        field="query.submitted_before",
    ),
    Malformed(
        "usage: no such month", "GET", "/api/v1/usage?from=2026-13-01", 422, field="query.from"
    ),
    Malformed(
        "usage: past year 9999 in UTC",
        "GET",
        "/api/v1/usage?to=9999-12-31T23:59:59-14:00",
        422,
        field="query.to",
    ),
    Malformed(
        "usage: to before from",
        "GET",
        "/api/v1/usage?from=2026-03-02&to=2026-03-01",
        422,
        field="query.to",
    ),
    Malformed(
        "usage intervals: no length",
        "GET",
        "/api/v1/usage/intervals?days=0&hours=0",
        422,
        field="query.days",
    ),
    Malformed(
        "legacy usage: no such month",
        "GET",
        "/api/usage?from=2026-13-01",
        400,
        body_json={"errors": ["From timestamp: invalid format"]},
    ),
    Malformed(
        "legacy usage: past year 9999 in UTC",
        "GET",
        "/api/usage?to=9999-12-31T23:59:59-14:00",
        400,
        body_json={"errors": ["To timestamp: invalid format"]},
    ),
    Malformed(
        "legacy usage: before year 1 in UTC",
        "GET",
        "/api/usage/project/github.com/packit/ogr?from=0001-01-01T00:00:00%2B14:00",
        400,
        body_json={"errors": ["From timestamp: invalid format"]},
    ),
    Malformed(
        "legacy usage: bad top",
        "GET",
        "/api/usage?top=two",
        400,
        body_json={"errors": ["Top: invalid format"]},
    ),
    Malformed(
        "legacy intervals: bad days",
        "GET",
        "/api/usage/intervals?days=abc",
        400,
        body_json={"errors": ["Days: invalid format"]},
    ),
    # NUL characters: v1 names the parameter; legacy answers as for a name nothing has.
    Malformed(
        "NUL in a filter", "GET", f"{V1_FILTERS}?namespace=a%00b", 422, field="query.namespace"
    ),
    Malformed("NUL in a chroot", "GET", f"{V1_FILTERS}?chroot=%00", 422, field="query.chroot"),
    Malformed("NUL in a path", "GET", "/api/v1/allowlist/a%00b", 422, field="path.namespace"),
    Malformed(
        "NUL in a project",
        "GET",
        "/api/v1/projects/github.com/a%00b/ogr/prs",
        422,
        field="path.namespace",
    ),
    Malformed(
        "NUL in a sidetag",
        "GET",
        "/api/v1/koji-tag-requests?sidetag=f41%00",
        422,
        field="query.sidetag",
    ),
    Malformed(
        "NUL in a login",
        "GET",
        "/api/v1/installations?account_login=%00",
        422,
        field="query.account_login",
    ),
    Malformed("legacy: NUL in an allowlist namespace", "GET", "/api/allowlist/a%00b", 204),
    Malformed(
        "legacy: NUL in a project",
        "GET",
        "/api/projects/github.com/a%00b/ogr",
        404,
        body_json={"error": "No info about project stored in DB"},
    ),
    Malformed(
        "legacy: NUL in a project's PRs",
        "GET",
        "/api/projects/github.com/packit/og%00r/prs",
        200,
        body_json=[],
    ),
    Malformed(
        "legacy: NUL in a namespace list",
        "GET",
        "/api/projects/github.com/a%00b",
        200,
        body_json=[],
    ),
    Malformed(
        "legacy: NUL in usage dates",
        "GET",
        "/api/usage?from=%00",
        400,
        body_json={"errors": ["From timestamp: invalid format"]},
    ),
    # Bytes that are not UTF-8: decoded with replacement characters, so a name nothing has.
    Malformed(
        "not UTF-8 in a filter",
        "GET",
        f"{V1_FILTERS}?namespace=%FF%FE",
        200,
        body_json={"items": [], "next_cursor": None},
    ),
    Malformed("not UTF-8 in a path", "GET", "/api/v1/allowlist/%FF", 404, field=None),
    Malformed("legacy: not UTF-8 in a path", "GET", "/api/allowlist/%C3%28", 204),
    Malformed(
        "legacy: not UTF-8 in a project",
        "GET",
        "/api/projects/%FF/%FF/%FF",
        404,
        body_json={"error": "No info about project stored in DB"},
    ),
    Malformed(
        "legacy: not UTF-8 in a page", "GET", "/api/copr-builds?page=%FF", 400, field="errors.page"
    ),
    Malformed("legacy: not UTF-8 path", "GET", "/api/%FF%FE", 404),
    # Very long URLs and values.
    Malformed(
        "256-character namespace",
        "GET",
        f"{V1_FILTERS}?namespace={'a' * 256}",
        422,
        field="query.namespace",
    ),
    Malformed(
        "129-character chroot", "GET", f"{V1_FILTERS}?chroot={'a' * 129}", 422, field="query.chroot"
    ),
    Malformed(
        "a 10,000-character path",
        "GET",
        "/api/v1/projects/" + "a" * 10_000,
        422,
        field="path.forge",
    ),
    Malformed(
        "a 5,000-digit limit", "GET", f"{V1_FILTERS}?limit={'9' * 5000}", 422, field="query.limit"
    ),
    Malformed(
        "legacy: a 10,000-character project",
        "GET",
        "/api/projects/github.com/" + "a" * 10_000,
        200,
        body_json=[],
    ),
    Malformed("legacy: a 10,000-character unknown path", "GET", "/api/" + "a" * 10_000, 404),
    Malformed("an unknown v1 path", "GET", "/api/v1/" + "a" * 5000, 404),
    # Bodies that are not JSON, or not a JSON object.
    *(
        Malformed(f"github: {what}", "POST", path, 400, body=body, headers=_signed(body, f"bj-{i}"))
        for i, (what, body) in enumerate(
            {
                "truncated JSON": b"{",
                "a JSON list": b"[1, 2]",
                "not UTF-8": b"\xff\xfe{}",
                "empty": b"",
                "a JSON string": b'"x"',
                "an empty object": b"{}",
            }.items()
        )
        for path in ("/api/webhooks/github", "/api/v1/webhooks/github")
    ),
    Malformed(
        "legacy testing farm: truncated JSON",
        "POST",
        "/api/testing-farm/results",
        400,
        body=b"{",
        headers=JSON,
        body_json=NO_JSON,
    ),
    Malformed(
        "legacy testing farm: a JSON list",
        "POST",
        "/api/testing-farm/results",
        400,
        body=b"[]",
        headers=JSON,
        body_json=NO_JSON,
    ),
    Malformed(
        "testing farm: truncated JSON",
        "POST",
        "/api/v1/testing-farm/results",
        422,
        body=b"{",
        headers=JSON,
    ),
    Malformed(
        "testing farm: a JSON list",
        "POST",
        "/api/v1/testing-farm/results",
        422,
        body=b"[1, 2]",
        headers=JSON,
        field="body",
    ),
    Malformed(
        "testing farm: no request id",
        "POST",
        "/api/v1/testing-farm/results",
        422,
        body=json.dumps({"token": TESTING_FARM_SECRET}).encode(),
        headers=JSON,
        field="body.request_id",
    ),
    # Wrong content types.
    Malformed(
        "github: form-encoded",
        "POST",
        "/api/webhooks/github",
        400,
        body=b"payload=%7B%7D",
        headers={
            **_signed(b"payload=%7B%7D", "ct-1"),
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body_json=NO_JSON,
    ),
    Malformed(
        "github v1: form-encoded",
        "POST",
        "/api/v1/webhooks/github",
        400,
        body=b"payload=%7B%7D",
        headers={
            **_signed(b"payload=%7B%7D", "ct-2"),
            "Content-Type": "application/x-www-form-urlencoded",
        },
    ),
    Malformed(
        "testing farm: multipart",
        "POST",
        "/api/v1/testing-farm/results",
        422,
        body=b"--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    ),
    Malformed(
        "testing farm: text/plain",
        "POST",
        "/api/v1/testing-farm/results",
        422,
        body=b"request_id=x",
        headers={"Content-Type": "text/plain"},
    ),
    # Missing and wrong signatures and tokens.
    Malformed(
        "github: no signature",
        "POST",
        "/api/webhooks/github",
        401,
        body=PR,
        headers=JSON,
        body_json="X-Hub-Signature-256 not in request.headers",
    ),
    Malformed(
        "github: wrong signature",
        "POST",
        "/api/webhooks/github",
        401,
        body=PR,
        headers={**JSON, "X-Hub-Signature-256": "sha256=" + "0" * 64},
        body_json="Payload signature validation failed.",
    ),
    Malformed(
        "github: not sha256",
        "POST",
        "/api/webhooks/github",
        401,
        body=PR,
        headers={**JSON, "X-Hub-Signature-256": "sha1=abc"},
        body_json="Payload signature validation failed.",
    ),
    Malformed(
        "github: signature of another body",
        "POST",
        "/api/webhooks/github",
        401,
        body=PR,
        headers=_signed(b"{}", "sig-1"),
        body_json="Payload signature validation failed.",
    ),
    Malformed(
        "github v1: no signature", "POST", "/api/v1/webhooks/github", 401, body=PR, headers=JSON
    ),
    Malformed(
        "github v1: wrong signature",
        "POST",
        "/api/v1/webhooks/github",
        401,
        body=PR,
        headers={**JSON, "X-Hub-Signature-256": "sha256=" + "0" * 64},
    ),
    Malformed(
        "gitlab: no token",
        "POST",
        "/api/webhooks/gitlab",
        401,
        body=PR,
        headers=JSON,
        body_json="X-Gitlab-Token not in request.headers",
    ),
    Malformed(
        "gitlab: wrong token",
        "POST",
        "/api/webhooks/gitlab",
        401,
        body=PR,
        headers={**JSON, "X-Gitlab-Token": GITLAB_TOKEN + "x"},
        body_json="Can't decode X-Gitlab-Token.",
    ),
    Malformed("gitlab v1: no token", "POST", "/api/v1/webhooks/gitlab", 401, body=PR, headers=JSON),
    Malformed(
        "gitlab v1: wrong token",
        "POST",
        "/api/v1/webhooks/gitlab",
        401,
        body=PR,
        headers={**JSON, "X-Gitlab-Token": "nope"},
    ),
    Malformed(
        "legacy testing farm: no token",
        "POST",
        "/api/testing-farm/results",
        401,
        body=b'{"request_id": "x"}',
        headers=JSON,
        body_json="The notification doesn't contain any token",
    ),
    Malformed(
        "legacy testing farm: wrong token",
        "POST",
        "/api/testing-farm/results",
        401,
        body=b'{"request_id": "x", "token": "nope"}',
        headers=JSON,
        body_json="Invalid testing farm secret provided",
    ),
    Malformed(
        "testing farm: wrong token",
        "POST",
        "/api/v1/testing-farm/results",
        401,
        body=b'{"request_id": "x", "token": "nope"}',
        headers=JSON,
    ),
    # Oversized bodies (the limit is BODY_LIMIT here), with a length and chunked.
    Malformed(
        "github: oversized",
        "POST",
        "/api/webhooks/github",
        413,
        body=BIG,
        headers=_signed(BIG, "big-1"),
    ),
    Malformed(
        "github v1: oversized",
        "POST",
        "/api/v1/webhooks/github",
        413,
        body=BIG,
        headers=_signed(BIG, "big-2"),
    ),
    Malformed(
        "legacy testing farm: oversized",
        "POST",
        "/api/testing-farm/results",
        413,
        body=BIG,
        headers=JSON,
    ),
    Malformed(
        "testing farm: oversized",
        "POST",
        "/api/v1/testing-farm/results",
        413,
        body=BIG,
        headers=JSON,
    ),
    Malformed(
        "github v1: oversized, chunked",
        "POST",
        "/api/v1/webhooks/github",
        413,
        body=BIG,
        headers=_signed(BIG, "big-3"),
        chunked=True,
    ),
    Malformed(
        "github: oversized, chunked",
        "POST",
        "/api/webhooks/github",
        413,
        body=BIG,
        headers=_signed(BIG, "big-4"),
        chunked=True,
    ),
    Malformed(
        "testing farm: oversized, chunked",
        "POST",
        "/api/v1/testing-farm/results",
        413,
        body=BIG,
        headers=JSON,
        chunked=True,
    ),
    # Chunked bodies are bodies: read as such on both stacks.
    Malformed(
        "github: signed, chunked",
        "POST",
        "/api/webhooks/github",
        202,
        body=PR,
        headers=_signed(PR, "chunked-1"),
        chunked=True,
    ),
    Malformed(
        "github: unsigned, chunked",
        "POST",
        "/api/webhooks/github",
        401,
        body=PR,
        headers=JSON,
        chunked=True,
    ),
    Malformed(
        "github v1: unsigned, chunked",
        "POST",
        "/api/v1/webhooks/github",
        401,
        body=PR,
        headers=JSON,
        chunked=True,
    ),
    Malformed(
        "legacy testing farm: wrong token, chunked",
        "POST",
        "/api/testing-farm/results",
        401,
        body=b'{"request_id": "x", "token": "nope"}',
        headers=JSON,
        chunked=True,
    ),
    # Wrong methods.
    *(
        Malformed(f"{method} on a list", method, path, 405, header=("Allow", allow))
        for method in ("DELETE", "PUT", "PATCH", "POST")
        for path, allow in (("/api/v1/copr-builds", "GET"), ("/api/v1/runs", "GET"))
    ),
    *(
        Malformed(f"legacy: {method} on a list", method, path, 405)
        for method in ("DELETE", "PUT", "PATCH", "POST")
        for path in ("/api/copr-builds", "/api/runs")
    ),
    Malformed("GET on a webhook", "GET", "/api/v1/webhooks/github", 405, header=("Allow", "POST")),
    Malformed("legacy: GET on a webhook", "GET", "/api/webhooks/gitlab", 405),
    Malformed("legacy: DELETE on healthz", "DELETE", "/api/healthz", 405),
    Malformed("legacy: PUT on a detail", "PUT", "/api/copr-builds/1", 405),
    Malformed(
        "DELETE on a detail", "DELETE", "/api/v1/copr-builds/1", 405, header=("Allow", "GET")
    ),
    Malformed("an invented method", "QUERY", "/api/v1/copr-builds", 405, header=("Allow", "GET")),
]

# The rows of issue 10's items 5 and 6 (chunked bodies read whole, one body limit for both
# stacks, gateway.middleware.BodyLimitMiddleware): the table must keep them.
CHUNKED_AND_OVERSIZED = {
    "github: oversized, chunked",
    "testing farm: oversized",
    "testing farm: oversized, chunked",
    "github: signed, chunked",
    "github: unsigned, chunked",
    "legacy testing farm: wrong token, chunked",
}


def all_rows(v1: FastAPI, legacy: Flask, swagger: Mapping[str, Any]) -> list[Malformed]:
    return [
        *SPELLED,
        *legacy_id_rows(legacy),
        *v1_id_rows(v1),
        *legacy_page_rows(swagger),
        *v1_page_rows(v1),
    ]
