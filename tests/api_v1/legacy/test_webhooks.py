"""webhooks (legacy view): the v1 verification and store, answered as Flask answers."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from gateway.settings import Settings
from shared_db.engine import Database
from tests.api_v1.legacy.side_by_side import SideBySide, json_of
from tests.conftest import GITLAB_TOKEN
from tests.webhooks import PR_OPENED, github_headers, signature, stored

pytestmark = pytest.mark.flask  # compares the stacks: both must be there


@pytest.fixture
def both(connection: Connection, database: Database, settings: Settings) -> SideBySide:
    return SideBySide(connection, database, settings)


def gitlab_headers(token: str | None, delivery: str = "g-1") -> dict[str, str]:
    headers = {"X-Gitlab-Event": "Merge Request Hook", "X-Gitlab-Event-UUID": delivery}
    if token is not None:
        headers["X-Gitlab-Token"] = token
    return headers


async def test_a_signed_delivery_is_stored_once_with_its_raw_body(
    both: SideBySide, session: Session
) -> None:
    body = b'{"action":   "opened", "number": 7}'  # stored byte for byte, as signed
    headers = github_headers(body)

    first = await both.view("/webhooks/github", method="POST", headers=headers, body=body)
    again = await both.view("/webhooks/github", method="POST", headers=headers, body=body)

    assert (first.status, again.status) == (202, 202)
    assert json_of(first) == json_of(again) == "Webhook accepted. We thank you, Github."
    assert stored(session) == [("github", "d-1", body.decode())]


async def test_a_gitlab_delivery_is_stored(both: SideBySide, session: Session) -> None:
    answer = await both.view(
        "/webhooks/gitlab", method="POST", headers=gitlab_headers(GITLAB_TOKEN), body=PR_OPENED
    )

    assert answer.status == 202
    assert stored(session) == [("gitlab", "g-1", PR_OPENED.decode())]


async def test_a_refused_delivery_stores_nothing(both: SideBySide, session: Session) -> None:
    headers = {**github_headers(PR_OPENED), "X-Hub-Signature-256": "sha256=" + "0" * 64}

    answer = await both.view("/webhooks/github", method="POST", headers=headers, body=PR_OPENED)

    assert answer.status == 401
    assert stored(session) == []


@pytest.mark.parametrize(
    "header",
    [
        None,
        "sha256=" + "0" * 64,
        signature(PR_OPENED, secret="another secret"),
        signature(PR_OPENED).replace("sha256", "sha1"),
        "garbage",
    ],
    ids=["missing", "zeros", "other-secret", "wrong-algorithm", "garbage"],
)
async def test_bad_or_missing_signatures(both: SideBySide, header: str | None) -> None:
    headers = github_headers(PR_OPENED)
    del headers["X-Hub-Signature-256"]
    if header is not None:
        headers["X-Hub-Signature-256"] = header

    answer = await both.same("/webhooks/github", method="POST", headers=headers, body=PR_OPENED)

    assert answer.status == 401


async def test_a_body_changed_after_signing(both: SideBySide) -> None:
    tampered = PR_OPENED.replace(b"7", b"8")
    headers = github_headers(PR_OPENED)

    answer = await both.same("/webhooks/github", method="POST", headers=headers, body=tampered)

    assert answer.status == 401


@pytest.mark.parametrize(
    "body", [b"", b"{not json", b"[1, 2]", b"{}", b'"text"', b"\xff\xfe{}"], ids=repr
)
async def test_a_body_that_is_not_a_json_object(both: SideBySide, body: bytes) -> None:
    headers = github_headers(body)

    answer = await both.same("/webhooks/github", method="POST", headers=headers, body=body)

    assert answer.status == 400


async def test_a_ping(both: SideBySide) -> None:
    body = json.dumps({"zen": "Keep it simple.", "hook_id": 1, "hook": {"id": 1}}).encode()

    answer = await both.same(
        "/webhooks/github", method="POST", headers=github_headers(body), body=body
    )

    assert (answer.status, json_of(answer)) == (200, "Pong!")


@pytest.mark.parametrize(
    ("event", "payload"),
    [
        ("pull_request", {"action": "closed"}),
        ("push", {"deleted": True}),
        ("star", {"action": "created"}),
    ],
)
async def test_an_event_the_service_ignores(
    both: SideBySide, event: str, payload: dict[str, object]
) -> None:
    body = json.dumps(payload).encode()
    headers = github_headers(body, event=event)

    answer = await both.same("/webhooks/github", method="POST", headers=headers, body=body)

    assert answer.status == 202


async def test_without_a_delivery_id(both: SideBySide) -> None:
    headers = github_headers(PR_OPENED)
    del headers["X-GitHub-Delivery"]

    answer = await both.same("/webhooks/github", method="POST", headers=headers, body=PR_OPENED)

    assert answer.status == 202


@pytest.mark.parametrize(
    ("token", "status"),
    [(GITLAB_TOKEN, 202), ("wrong", 401), (GITLAB_TOKEN + "x", 401), (None, 401)],
)
async def test_gitlab_checks_its_token(both: SideBySide, token: str | None, status: int) -> None:
    answer = await both.same(
        "/webhooks/gitlab", method="POST", headers=gitlab_headers(token), body=PR_OPENED
    )

    assert answer.status == status


@pytest.mark.settings(github_webhook_secret=None, gitlab_webhook_token=None)
@pytest.mark.parametrize("forge", ["github", "gitlab"])
async def test_no_secret_configured_refuses_every_delivery(both: SideBySide, forge: str) -> None:
    headers = github_headers(PR_OPENED) if forge == "github" else gitlab_headers(GITLAB_TOKEN)

    answer = await both.same(f"/webhooks/{forge}", method="POST", headers=headers, body=PR_OPENED)

    assert answer.status == 401


@pytest.mark.settings(max_body_bytes=1024)
async def test_a_body_over_the_limit_is_restx_413(both: SideBySide, session: Session) -> None:
    body = json.dumps({"action": "opened", "padding": "x" * 2048}).encode()
    headers = github_headers(body)

    answer = await both.same("/webhooks/github", method="POST", headers=headers, body=body)
    await both.view("/webhooks/github", method="POST", headers=headers, body=body)

    assert answer.status == 413
    assert stored(session) == []
