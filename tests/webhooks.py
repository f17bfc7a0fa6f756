"""Helpers for the webhook tests of both stacks."""

from __future__ import annotations

import hashlib
import hmac
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared_db.models import WebhookDelivery
from tests.conftest import GITHUB_SECRET

PR_OPENED = json.dumps({"action": "opened", "number": 7}).encode()


def signature(body: bytes, secret: str = GITHUB_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def github_headers(
    body: bytes, delivery: str = "d-1", event: str = "pull_request"
) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery,
        "X-Hub-Signature-256": signature(body),
    }


def stored(session: Session) -> list[tuple[str, str, str]]:
    rows = session.execute(
        select(WebhookDelivery.forge, WebhookDelivery.delivery_id, WebhookDelivery.payload)
    )
    return [(row.forge.value, row.delivery_id, row.payload) for row in rows]
