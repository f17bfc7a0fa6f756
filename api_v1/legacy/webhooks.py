"""webhooks (legacy view): GitHub and GitLab deliveries, through the v1 routes.

The v1 routes verify and store each delivery (:mod:`shared_db.webhooks`) and answer a
receipt, or refuse it with a domain error; the legacy answer is the same message as a
bare JSON string with the status in the HTTP code. A body over the limit gets the 413
Flask-RESTX writes for it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Response

from api_v1 import webhooks as v1
from api_v1.deps import UnitOfWork, UnitOfWorkDep
from api_v1.legacy.errors import PAYLOAD_TOO_LARGE
from api_v1.legacy.responses import legacy_json, restx_json
from api_v1.legacy.routing import LegacyRouter
from api_v1.schemas.webhooks import WebhookReceiptRead
from api_v1.state import V1Config, V1ConfigDep
from shared_db.errors import InvalidInput, PayloadTooLarge, Unauthorized

router = LegacyRouter("webhooks")

Delivery = Callable[[Request, Response, UnitOfWork, V1Config], Awaitable[WebhookReceiptRead]]


async def deliver(twin: Delivery, request: Request, uow: UnitOfWork, config: V1Config) -> Response:
    answered = Response()  # where the v1 route sets its status (200 ping, 202 otherwise)
    try:
        receipt = await twin(request, answered, uow, config)
    except (InvalidInput, Unauthorized) as refused:
        return legacy_json(refused.message, refused.status_code)
    except PayloadTooLarge:
        return restx_json(PAYLOAD_TOO_LARGE, 413)
    return legacy_json(receipt.message, answered.status_code)


@router.post("/webhooks/github", "github", twin=v1.github_webhook)
async def github_webhook(request: Request, uow: UnitOfWorkDep, config: V1ConfigDep) -> Response:
    return await deliver(v1.github_webhook, request, uow, config)


@router.post("/webhooks/gitlab", "gitlab", twin=v1.gitlab_webhook)
async def gitlab_webhook(request: Request, uow: UnitOfWorkDep, config: V1ConfigDep) -> Response:
    return await deliver(v1.gitlab_webhook, request, uow, config)
