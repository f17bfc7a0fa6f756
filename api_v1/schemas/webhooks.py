"""Webhook receipts.

Changes from the legacy answers: the legacy body is a bare JSON string with the status in
the HTTP code; v1 answers 200/202 with this object (the same message, plus whether this
delivery was stored now), and 400/401/413 with the v1 error model (the message in
``detail``).
"""

from __future__ import annotations

from pydantic import Field

from api_v1.schemas.base import Schema


class WebhookReceiptRead(Schema):
    """What happened to a delivery."""

    message: str = Field(examples=["Webhook accepted. We thank you, Github."])
    stored: bool = Field(
        description="True when this delivery was stored now; false for a ping, an ignored "
        "event, or a redelivery of one already stored"
    )
