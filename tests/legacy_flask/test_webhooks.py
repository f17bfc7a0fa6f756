"""Webhook deliveries: verification, answers, and a durable store without doubles."""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.app import create_app
from shared_db.engine import Database, DatabaseConfig
from shared_db.models import Forge, WebhookDelivery
from shared_db.webhooks import github_signature_valid, receive
from tests.conftest import GITHUB_SECRET, GITLAB_TOKEN, DatabaseFactory, make_settings
from tests.legacy_client import LegacyClient
from tests.webhooks import PR_OPENED, github_headers, signature, stored


def test_a_signed_delivery_is_stored_with_its_raw_body(
    legacy_client: LegacyClient, session: Session
) -> None:
    body = b'{"action":   "opened", "number": 7}'  # stored byte for byte, as signed
    response = legacy_client.post("webhooks/github", data=body, headers=github_headers(body))
    assert response.status_code == 202
    assert response.get_json() == "Webhook accepted. We thank you, Github."
    assert stored(session) == [("github", "d-1", body.decode())]


def test_a_redelivery_is_acknowledged_and_not_stored_twice(
    legacy_client: LegacyClient, session: Session
) -> None:
    headers = github_headers(PR_OPENED)
    first = legacy_client.post("webhooks/github", data=PR_OPENED, headers=headers)
    again = legacy_client.post("webhooks/github", data=PR_OPENED, headers=headers)
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.get_json() == first.get_json()
    assert len(stored(session)) == 1


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "X-Hub-Signature-256 not in request.headers"),
        ("sha256=" + "0" * 64, "Payload signature validation failed."),
        (signature(PR_OPENED, secret="another secret"), "Payload signature validation failed."),
        (signature(PR_OPENED).replace("sha256", "sha1"), "Payload signature validation failed."),
        ("garbage", "Payload signature validation failed."),
    ],
    ids=["missing", "zeros", "other-secret", "wrong-algorithm", "garbage"],
)
def test_a_bad_or_missing_signature_is_401_and_nothing_is_stored(
    legacy_client: LegacyClient, session: Session, header: str | None, message: str
) -> None:
    headers = github_headers(PR_OPENED)
    del headers["X-Hub-Signature-256"]
    if header is not None:
        headers["X-Hub-Signature-256"] = header
    response = legacy_client.post("webhooks/github", data=PR_OPENED, headers=headers)
    assert response.status_code == 401
    assert response.get_json() == message
    assert stored(session) == []


def test_a_body_changed_after_signing_is_rejected(legacy_client: LegacyClient) -> None:
    headers = github_headers(PR_OPENED)
    tampered = PR_OPENED.replace(b"7", b"8")
    assert legacy_client.post("webhooks/github", data=tampered, headers=headers).status_code == 401


@pytest.mark.settings(github_webhook_secret=None)
def test_no_secret_configured_rejects_every_delivery(legacy_client: LegacyClient) -> None:
    response = legacy_client.post(
        "webhooks/github", data=PR_OPENED, headers=github_headers(PR_OPENED)
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    "body", [b"", b"{not json", b"[1, 2]", b"{}", b'"text"', b"\xff\xfe{}"], ids=repr
)
def test_a_body_that_is_not_a_json_object_is_400(
    legacy_client: LegacyClient, session: Session, body: bytes
) -> None:
    response = legacy_client.post("webhooks/github", data=body, headers=github_headers(body))
    assert response.status_code == 400
    assert response.get_json() == "We haven't received any JSON data."
    assert stored(session) == []


def test_a_ping_gets_pong_and_is_not_stored(legacy_client: LegacyClient, session: Session) -> None:
    body = json.dumps({"zen": "Keep it simple.", "hook_id": 1, "hook": {"id": 1}}).encode()
    response = legacy_client.post("webhooks/github", data=body, headers=github_headers(body))
    assert (response.status_code, response.get_json()) == (200, "Pong!")
    assert stored(session) == []


@pytest.mark.parametrize(
    ("event", "payload"),
    [
        ("pull_request", {"action": "closed"}),
        ("push", {"deleted": True}),
        ("star", {"action": "created"}),
        # An action that is no string names no action (it was a 500: unhashable).
        ("issue_comment", {"action": ["created"]}),
        ("pull_request", {"action": {"opened": True}}),
    ],
)
def test_an_event_the_service_ignores_is_202_and_not_stored(
    legacy_client: LegacyClient, session: Session, event: str, payload: dict[str, object]
) -> None:
    body = json.dumps(payload).encode()
    response = legacy_client.post(
        "webhooks/github", data=body, headers=github_headers(body, event=event)
    )
    assert response.status_code == 202
    assert response.get_json() == "Thanks but we don't care about this event"
    assert stored(session) == []


def test_without_a_delivery_id_the_body_identifies_redeliveries(
    legacy_client: LegacyClient, session: Session
) -> None:
    headers = github_headers(PR_OPENED)
    del headers["X-GitHub-Delivery"]
    for _ in range(2):
        assert (
            legacy_client.post("webhooks/github", data=PR_OPENED, headers=headers).status_code
            == 202
        )
    (row,) = stored(session)
    assert row[1] == "sha256:" + hashlib.sha256(PR_OPENED).hexdigest()


@pytest.mark.parametrize(
    ("token", "status"),
    [(GITLAB_TOKEN, 202), ("wrong", 401), (GITLAB_TOKEN + "x", 401), (None, 401)],
)
def test_gitlab_checks_its_token(
    legacy_client: LegacyClient, session: Session, token: str | None, status: int
) -> None:
    headers = {"X-Gitlab-Event": "Merge Request Hook", "X-Gitlab-Event-UUID": "g-1"}
    if token is not None:
        headers["X-Gitlab-Token"] = token
    response = legacy_client.post("webhooks/gitlab", data=PR_OPENED, headers=headers)
    assert response.status_code == status
    assert stored(session) == ([("gitlab", "g-1", PR_OPENED.decode())] if status == 202 else [])


@pytest.mark.settings(max_body_bytes=1024)
def test_an_oversized_body_is_413(legacy_client: LegacyClient) -> None:
    body = json.dumps({"action": "opened", "padding": "x" * 2048}).encode()
    response = legacy_client.post("webhooks/github", data=body, headers=github_headers(body))
    assert response.status_code == 413
    assert response.is_json


def test_signature_check_is_exact() -> None:
    assert github_signature_valid(GITHUB_SECRET, PR_OPENED, signature(PR_OPENED))
    assert not github_signature_valid(GITHUB_SECRET, PR_OPENED, signature(PR_OPENED)[:-1])
    assert not github_signature_valid(GITHUB_SECRET, PR_OPENED, None)


# --- Concurrency, on committed data of a database of its own (SQLite file or PostgreSQL).


@pytest.fixture
def fresh_url(databases: DatabaseFactory) -> str:
    return databases.migrated()


def test_racing_redeliveries_store_exactly_one(fresh_url: str) -> None:
    """16 threads deliver the same id at the same moment, each in its own transaction."""
    database = Database(DatabaseConfig(url=fresh_url, pool_size=16, max_overflow=0))
    database.start()
    start = threading.Barrier(16)

    def deliver(_: int) -> bool:
        with database.transaction() as session:
            start.wait()
            receipt = receive(
                session, Forge.github, GITHUB_SECRET, github_headers(PR_OPENED, "same"), PR_OPENED
            )
            assert receipt.status == 202
            return receipt.stored

    try:
        with ThreadPoolExecutor(16) as pool:
            outcomes = list(pool.map(deliver, range(16)))
        with database.transaction() as session:
            count = session.scalar(select(func.count()).select_from(WebhookDelivery))
    finally:
        database.dispose()
    assert outcomes.count(True) == 1
    assert count == 1


async def test_concurrent_deliveries_through_the_gateway_lose_nothing_and_double_nothing(
    fresh_url: str,
) -> None:
    settings = make_settings(fresh_url).model_copy(update={"wsgi_threads": 8})
    app = create_app(settings)
    ids = [f"delivery-{n}" for n in range(25)]
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            responses = await asyncio.gather(
                *(
                    client.post(
                        "/api/webhooks/github",
                        content=PR_OPENED,
                        headers=github_headers(PR_OPENED, delivery),
                    )
                    for delivery in ids * 3  # every delivery arrives three times
                )
            )
    assert {response.status_code for response in responses} == {202}
    database = Database(DatabaseConfig(url=fresh_url, pool_size=1, max_overflow=0))
    database.start()
    try:
        with database.transaction() as session:
            delivered = sorted(session.scalars(select(WebhookDelivery.delivery_id)))
    finally:
        database.dispose()
    assert delivered == sorted(ids)
