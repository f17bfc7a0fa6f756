"""v1 webhooks: the legacy verification and store, answered in the v1 shapes."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy.orm import Session

from gateway.app import create_app
from shared_db.engine import Database
from tests.conftest import GITLAB_TOKEN, make_settings
from tests.webhooks import PR_OPENED, github_headers, stored


async def test_a_signed_delivery_is_stored_once(
    client: httpx.AsyncClient, session: Session
) -> None:
    headers = github_headers(PR_OPENED, "v1-1")
    first = await client.post("/api/v1/webhooks/github", content=PR_OPENED, headers=headers)
    again = await client.post("/api/v1/webhooks/github", content=PR_OPENED, headers=headers)
    assert first.status_code == again.status_code == 202
    assert first.json() == {"message": "Webhook accepted. We thank you, Github.", "stored": True}
    assert again.json()["stored"] is False
    assert stored(session) == [("github", "v1-1", PR_OPENED.decode())]


async def test_an_action_that_is_no_string_is_not_interesting(
    client: httpx.AsyncClient, session: Session
) -> None:
    body = json.dumps({"action": ["opened"], "number": 7}).encode()
    answer = await client.post(
        "/api/v1/webhooks/github", content=body, headers=github_headers(body, "v1-list")
    )
    assert answer.status_code == 202
    assert answer.json() == {
        "message": "Thanks but we don't care about this event",
        "stored": False,
    }
    assert stored(session) == []


async def test_both_stacks_share_one_store(client: httpx.AsyncClient, session: Session) -> None:
    headers = github_headers(PR_OPENED, "both")
    legacy = await client.post("/api/webhooks/github", content=PR_OPENED, headers=headers)
    v1 = await client.post("/api/v1/webhooks/github", content=PR_OPENED, headers=headers)
    assert (legacy.status_code, v1.status_code) == (202, 202)
    assert v1.json()["stored"] is False
    assert len(stored(session)) == 1


@pytest.mark.parametrize(
    ("body", "signature", "status", "detail"),
    [
        (PR_OPENED, "sha256=" + "0" * 64, 401, "Payload signature validation failed."),
        (PR_OPENED, None, 401, "X-Hub-Signature-256 not in request.headers"),
        (b"{oops", "sign", 400, "We haven't received any JSON data."),
    ],
    ids=["bad-signature", "no-signature", "no-json"],
)
async def test_refusals_use_the_v1_error_model(
    client: httpx.AsyncClient,
    session: Session,
    body: bytes,
    signature: str | None,
    status: int,
    detail: str,
) -> None:
    headers = github_headers(body)
    if signature is None:
        del headers["X-Hub-Signature-256"]
    elif signature != "sign":
        headers["X-Hub-Signature-256"] = signature
    response = await client.post("/api/v1/webhooks/github", content=body, headers=headers)
    assert response.status_code == status
    assert response.json()["status"] == status
    assert response.json()["detail"] == detail
    assert stored(session) == []


async def test_a_ping_is_answered_200(client: httpx.AsyncClient) -> None:
    body = json.dumps({"zen": "z", "hook_id": 1, "hook": {"id": 1}}).encode()
    response = await client.post(
        "/api/v1/webhooks/github", content=body, headers=github_headers(body)
    )
    assert (response.status_code, response.json()) == (200, {"message": "Pong!", "stored": False})


@pytest.mark.parametrize(("token", "status"), [(GITLAB_TOKEN, 202), ("nope", 401)])
async def test_gitlab_token(
    client: httpx.AsyncClient, session: Session, token: str, status: int
) -> None:
    headers = {"X-Gitlab-Token": token, "X-Gitlab-Event": "Push Hook", "X-Gitlab-Event-UUID": "g"}
    response = await client.post("/api/v1/webhooks/gitlab", content=PR_OPENED, headers=headers)
    assert response.status_code == status
    assert len(stored(session)) == (1 if status == 202 else 0)


async def test_an_oversized_body_is_413(database_url: str, database: Database) -> None:
    settings = make_settings(database_url).model_copy(update={"max_body_bytes": 1024})
    app = create_app(settings, database=database)
    body = json.dumps({"action": "opened", "padding": "x" * 4096}).encode()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            response = await client.post(
                "/api/v1/webhooks/github", content=body, headers=github_headers(body)
            )
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
