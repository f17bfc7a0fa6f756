"""allowlist (legacy view): the whole allowlist, oldest entry first, and one entry.

An unknown namespace is v1's 404; the legacy answer to it is an empty 204.
"""

from __future__ import annotations

from typing import Any

from fastapi import Response
from sqlalchemy.orm import Session

from api_v1 import allowlist as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.responses import empty, legacy_json
from api_v1.legacy.routing import LegacyRouter
from api_v1.schemas.admin import AllowlistEntryRead
from shared_db.errors import NotFound
from shared_db.queries import admin as queries

router = LegacyRouter("allowlist")


def entry_item(entry: AllowlistEntryRead) -> dict[str, Any]:
    return {
        "namespace": entry.namespace,
        "status": entry.status.value,
        "fas_account": entry.fas_account,
    }


def _entries(session: Session) -> list[AllowlistEntryRead]:
    return [AllowlistEntryRead.model_validate(e) for e in queries.list_allowlist(session)]


@router.get("/allowlist", "list", twin=v1.list_allowlist)
async def allowlist(uow: UnitOfWorkDep) -> Response:
    return legacy_json([entry_item(entry) for entry in await uow.run(_entries)])


@router.get("/allowlist/<path:namespace>", "get", twin=v1.read_allowlist_entry)
async def allowlist_entry(uow: UnitOfWorkDep, namespace: str) -> Response:
    try:
        entry = await v1.read_allowlist_entry(uow, namespace)
    except NotFound:
        return empty()
    return legacy_json(entry_item(entry))
