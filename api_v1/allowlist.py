"""Allowlist (twin of the legacy `/api/allowlist`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from sqlalchemy.orm import Session

from api_v1.deps import UnitOfWorkDep
from api_v1.errors import NOT_FOUND
from api_v1.pagination import Page, PageDep, PageParams
from api_v1.params import NO_NUL
from api_v1.router import resource_router
from api_v1.schemas.admin import AllowlistEntryRead
from shared_db.errors import NotFound
from shared_db.models import AllowlistStatus
from shared_db.queries import admin as queries

router = resource_router("allowlist")


def _page(
    session: Session, params: PageParams, status: AllowlistStatus | None
) -> tuple[list[AllowlistEntryRead], int | None]:
    rows, next_after = queries.allowlist_rows(session, params.keyset, status)
    return [AllowlistEntryRead.model_validate(row) for row in rows], next_after


def _entry(session: Session, namespace: str) -> AllowlistEntryRead:
    entry = queries.get_allowlist_entry(session, namespace)
    if entry is None:
        raise NotFound(queries.ALLOWLIST_ENTRY_NOT_FOUND)
    return AllowlistEntryRead.model_validate(entry)


@router.get("", response_model=Page[AllowlistEntryRead])
async def list_allowlist(
    uow: UnitOfWorkDep,
    page: PageDep,
    status: Annotated[
        AllowlistStatus | None, Query(description="Allowlist status", examples=["waiting"])
    ] = None,
) -> Page[AllowlistEntryRead]:
    """Allowlist entries, newest first, optionally of one status."""
    items, next_after = await uow.run(_page, page, status)
    return page.of(items, next_after)


@router.get("/{namespace:path}", response_model=AllowlistEntryRead, responses=NOT_FOUND)
async def read_allowlist_entry(
    uow: UnitOfWorkDep,
    namespace: Annotated[
        str,
        Path(
            min_length=1,
            pattern=NO_NUL,
            max_length=512,
            description="Forge host and account, exactly as stored",
            examples=["github.com/packit"],
        ),
    ],
) -> AllowlistEntryRead:
    """The allowlist entry of one namespace; 404 when it is not in the allowlist."""
    return await uow.run(_entry, namespace)
