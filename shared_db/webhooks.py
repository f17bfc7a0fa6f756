"""Receiving a forge's webhook delivery: the decision both web stacks share.

:func:`receive` takes what arrived (headers, raw body) and answers with a
:class:`Receipt` (HTTP status and a short message) that each stack renders in its own
style. In the contract's order:

1. a body that is not a JSON object: 400;
2. a ping (``zen``, ``hook_id`` and ``hook`` all set): 200 "Pong!" (stored nowhere);
3. a missing or wrong signature (GitHub: HMAC-SHA256 of the raw body in
   ``X-Hub-Signature-256``; GitLab: the ``X-Gitlab-Token`` secret), or no secret
   configured at all: 401;
4. an event the service does not act on: 202, not stored;
5. otherwise the delivery is stored, once per ``(forge, delivery id)``, and 202.

Storing is one ``INSERT … ON CONFLICT DO NOTHING`` on the unique ``(forge, delivery_id)``
constraint: a redelivery, even one racing the first delivery in another process, is
acknowledged and never stored twice. The caller commits before answering, so an
acknowledged delivery is durable.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared_db.models import Forge, WebhookDelivery

GITLAB_EVENTS = frozenset(
    {
        "Issue Hook",
        "Merge Request Hook",
        "Note Hook",
        "Pipeline Hook",
        "Push Hook",
        "Release Hook",
    }
)


@dataclass(frozen=True, slots=True)
class Receipt:
    status: HTTPStatus
    message: str
    stored: bool = False  # this call stored the delivery (False for a redelivery)


NO_JSON = Receipt(HTTPStatus.BAD_REQUEST, "We haven't received any JSON data.")
PONG = Receipt(HTTPStatus.OK, "Pong!")
NOT_INTERESTED = Receipt(HTTPStatus.ACCEPTED, "Thanks but we don't care about this event")


def github_signature_valid(secret: str, body: bytes, header: str | None) -> bool:
    """``header`` is ``sha256=<hex HMAC of body>``; compared in constant time."""
    if header is None:
        return False
    algorithm, _, signature = header.partition("=")
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return algorithm == "sha256" and hmac.compare_digest(signature.encode(), expected.encode())


def gitlab_token_valid(secret: str, header: str | None) -> bool:
    return header is not None and hmac.compare_digest(header.encode(), secret.encode())


def github_interested(event: str | None, payload: Mapping[str, Any]) -> bool:
    action = payload.get("action")
    if not isinstance(action, str):  # any JSON can be there; only a string names an action
        action = None
    interests = {
        "check_run": action == "rerequested",
        "issue_comment": action in {"created", "edited"},
        "pull_request": action in {"opened", "reopened", "synchronize"},
        "push": not payload.get("deleted"),
        "release": action == "published",
        "installation": action == "created",
        "commit_comment": action == "created",
    }
    return interests.get(event or "", False)


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        payload = json.loads(body.decode("utf-8"))
    except ValueError:  # not UTF-8 (UnicodeDecodeError is a ValueError), or not JSON
        return None
    return payload if isinstance(payload, dict) and payload else None


def _is_ping(payload: Mapping[str, Any]) -> bool:
    return all(payload.get(key) for key in ("zen", "hook_id", "hook"))


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """Header lookup that works for plain dicts too (HTTP names are case-insensitive)."""
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def receive(
    session: Session,
    forge: Forge,
    secret: str | None,
    headers: Mapping[str, str],
    body: bytes,
) -> Receipt:
    """Decide on one delivery and, if accepted, store it (flushes only; the edge commits)."""
    payload = _json_object(body)
    if payload is None:
        return NO_JSON
    if _is_ping(payload):
        return PONG
    if forge is Forge.github:
        header = _header(headers, "X-Hub-Signature-256")
        verified = secret is not None and github_signature_valid(secret, body, header)
        failure = (
            "X-Hub-Signature-256 not in request.headers"
            if header is None
            else "Payload signature validation failed."
        )
        event = _header(headers, "X-GitHub-Event")
        delivery_id = _header(headers, "X-GitHub-Delivery")
        interested = github_interested(event, payload)
        thanks = "Webhook accepted. We thank you, Github."
    else:
        header = _header(headers, "X-Gitlab-Token")
        verified = secret is not None and gitlab_token_valid(secret, header)
        failure = (
            "X-Gitlab-Token not in request.headers"
            if header is None
            else "Can't decode X-Gitlab-Token."
        )
        event = _header(headers, "X-Gitlab-Event")
        delivery_id = _header(headers, "X-Gitlab-Event-UUID")
        interested = event in GITLAB_EVENTS
        thanks = "Webhook accepted. We thank you, Gitlab."
    if not verified:
        return Receipt(HTTPStatus.UNAUTHORIZED, failure)
    if not interested:
        return NOT_INTERESTED
    # Without the forge's delivery id, the body itself identifies a redelivery.
    key = delivery_id or "sha256:" + hashlib.sha256(body).hexdigest()
    stored = store_delivery(session, forge, key, event or "", body)
    return Receipt(HTTPStatus.ACCEPTED, thanks, stored=stored)


def store_delivery(
    session: Session, forge: Forge, delivery_id: str, event_type: str, body: bytes
) -> bool:
    """Insert the delivery unless ``(forge, delivery_id)`` is already stored; True if new."""
    values = {
        "forge": forge,
        "delivery_id": delivery_id[:128],
        "event_type": event_type[:64],
        "payload": body.decode(),
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(WebhookDelivery)
        .values(values)
        .on_conflict_do_nothing(index_elements=["forge", "delivery_id"])
        .returning(WebhookDelivery.id)
    )
    return session.execute(statement).scalar_one_or_none() is not None
