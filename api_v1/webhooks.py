"""Webhooks (twin of the legacy `/api/webhooks`): the same verification and the same
durable, idempotent store, from :mod:`shared_db.webhooks`."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated, Any

from fastapi import Header, Request, Response
from pydantic import SecretStr

from api_v1.deps import UnitOfWorkDep
from api_v1.openapi import error_doc
from api_v1.router import resource_router
from api_v1.schemas.webhooks import WebhookReceiptRead
from api_v1.state import V1Config, V1ConfigDep
from shared_db.errors import InvalidInput, PayloadTooLarge, Unauthorized
from shared_db.models import Forge
from shared_db.webhooks import NO_JSON, receive

router = resource_router("webhooks")

_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The forge's delivery, exactly as it was signed",
        "content": {"application/json": {"schema": {"type": "object", "minProperties": 1}}},
    }
}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": WebhookReceiptRead, "description": "A ping, answered"},
    202: {"model": WebhookReceiptRead, "description": "Accepted (stored once) or ignored"},
    400: error_doc(400, "invalid_input", NO_JSON.message, "The body is not a JSON object"),
    401: error_doc(
        401,
        "unauthorized",
        "Payload signature validation failed.",
        "Missing or wrong signature or token",
    ),
    413: error_doc(
        413,
        "payload_too_large",
        "The body is larger than 1048576 bytes",
        "The body is larger than allowed",
    ),
}

# The headers a delivery is checked and stored by, declared for the document and for
# clients. They are optional here: a missing or wrong one is answered by
# shared_db.webhooks.receive (401, or 202 "not interested"), as on the legacy stack, which
# reads them from all the request's headers (the raw signature must be checked as sent).
GitHubSignature = Annotated[
    str | None,
    Header(
        alias="X-Hub-Signature-256",
        description="`sha256=` and the HMAC-SHA256 of the raw body with the webhook secret",
    ),
]
GitHubEvent = Annotated[
    str | None, Header(alias="X-GitHub-Event", description="The event's name", examples=["push"])
]
GitHubDelivery = Annotated[
    str | None,
    Header(alias="X-GitHub-Delivery", description="The delivery's id: stored once per id"),
]
GitLabToken = Annotated[
    str | None, Header(alias="X-Gitlab-Token", description="The webhook's secret token")
]
GitLabEvent = Annotated[
    str | None,
    Header(alias="X-Gitlab-Event", description="The event's name", examples=["Push Hook"]),
]


async def _read_body(request: Request, limit: int) -> bytes:
    """The raw body, refused as soon as it grows past the configured limit."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The body is larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge(f"The body is larger than {limit} bytes")
    return bytes(body)


async def _deliver(
    request: Request,
    response: Response,
    uow: UnitOfWorkDep,
    config: V1Config,
    forge: Forge,
    secret: SecretStr | None,
) -> WebhookReceiptRead:
    body = await _read_body(request, config.max_body_bytes)
    headers = dict(request.headers)
    revealed = None if secret is None else secret.get_secret_value()
    receipt = await uow.run(receive, forge, revealed, headers, body)
    if receipt.status == HTTPStatus.BAD_REQUEST:
        raise InvalidInput(receipt.message)
    if receipt.status == HTTPStatus.UNAUTHORIZED:
        raise Unauthorized(receipt.message)
    response.status_code = receipt.status
    return WebhookReceiptRead(message=receipt.message, stored=receipt.stored)


@router.post(
    "/github",
    response_model=WebhookReceiptRead,
    status_code=202,
    responses=_RESPONSES,
    openapi_extra=_BODY,
)
async def github_webhook(
    request: Request,
    response: Response,
    uow: UnitOfWorkDep,
    config: V1ConfigDep,
    x_hub_signature_256: GitHubSignature = None,
    x_github_event: GitHubEvent = None,
    x_github_delivery: GitHubDelivery = None,
) -> WebhookReceiptRead:
    """A GitHub App delivery, checked against `X-Hub-Signature-256` (HMAC-SHA256 of the raw
    body) and stored once per `X-GitHub-Delivery` before the answer."""
    return await _deliver(
        request, response, uow, config, Forge.github, config.github_webhook_secret
    )


@router.post(
    "/gitlab",
    response_model=WebhookReceiptRead,
    status_code=202,
    responses=_RESPONSES,
    openapi_extra=_BODY,
)
async def gitlab_webhook(
    request: Request,
    response: Response,
    uow: UnitOfWorkDep,
    config: V1ConfigDep,
    x_gitlab_token: GitLabToken = None,
    x_gitlab_event: GitLabEvent = None,
) -> WebhookReceiptRead:
    """A GitLab delivery, checked against the `X-Gitlab-Token` secret and stored once per
    `X-Gitlab-Event-UUID` before the answer."""
    return await _deliver(request, response, uow, config, Forge.gitlab, config.gitlab_webhook_token)
