"""installations (legacy view): every GitHub App installation, oldest first, and one.

An unknown id is v1's 404; the legacy answer to it is an empty 204.
"""

from __future__ import annotations

from typing import Any

from fastapi import Response
from sqlalchemy.orm import Session

from api_v1 import installations as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.responses import empty, legacy_json
from api_v1.legacy.routing import LegacyRouter
from api_v1.schemas.admin import InstallationRead
from shared_db.errors import NotFound
from shared_db.queries import admin as queries

router = LegacyRouter("installations")

# The one legacy timestamp that is not epoch seconds: day first, in UTC (v1 times are UTC).
CREATED_AT_FORMAT = "%d/%m/%Y %H:%M:%S"


def installation_item(installation: InstallationRead) -> dict[str, Any]:
    return {
        "account_login": installation.account_login,
        "account_id": installation.account_id,
        "account_type": installation.account_type,
        "account_url": installation.account_url,
        "sender_login": installation.sender_login,
        "sender_id": installation.sender_id,
        "created_at": installation.created_at.strftime(CREATED_AT_FORMAT),
    }


def _installations(session: Session) -> list[InstallationRead]:
    return [InstallationRead.model_validate(i) for i in queries.list_installations(session)]


@router.get("/installations", "list", twin=v1.list_installations)
async def installations(uow: UnitOfWorkDep) -> Response:
    return legacy_json([installation_item(i) for i in await uow.run(_installations)])


@router.get("/installations/<int:id>", "get", twin=v1.read_installation)
async def installation(uow: UnitOfWorkDep, id: int) -> Response:
    try:
        found = await v1.read_installation(uow, id)
    except NotFound:
        return empty()
    return legacy_json(installation_item(found))
