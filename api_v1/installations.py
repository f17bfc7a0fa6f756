"""GitHub App installations (twin of the legacy `/api/installations`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from sqlalchemy.orm import Session

from api_v1.deps import UnitOfWorkDep
from api_v1.errors import NOT_FOUND
from api_v1.pagination import Page, PageDep, PageParams
from api_v1.params import NO_NUL, Id
from api_v1.router import resource_router
from api_v1.schemas.admin import InstallationRead
from shared_db.errors import NotFound
from shared_db.queries import admin as queries

router = resource_router("installations")


def _page(
    session: Session, params: PageParams, account_login: str | None, account_type: str | None
) -> tuple[list[InstallationRead], int | None]:
    rows, next_after = queries.installation_rows(
        session, params.keyset, account_login, account_type
    )
    return [InstallationRead.model_validate(row) for row in rows], next_after


def _installation(session: Session, id: int) -> InstallationRead:
    installation = queries.get_installation(session, id)
    if installation is None:
        raise NotFound(queries.INSTALLATION_NOT_FOUND)
    return InstallationRead.model_validate(installation)


@router.get("", response_model=Page[InstallationRead])
async def list_installations(
    uow: UnitOfWorkDep,
    page: PageDep,
    account_login: Annotated[
        str | None,
        Query(
            min_length=1,
            pattern=NO_NUL,
            max_length=255,
            description="Account login",
            examples=["packit"],
        ),
    ] = None,
    account_type: Annotated[
        str | None,
        Query(
            min_length=1,
            pattern=NO_NUL,
            max_length=32,
            description="GitHub account type",
            examples=["Organization", "User"],
        ),
    ] = None,
) -> Page[InstallationRead]:
    """GitHub App installations, newest first, optionally of one account or account type."""
    items, next_after = await uow.run(_page, page, account_login, account_type)
    return page.of(items, next_after)


@router.get("/{id}", response_model=InstallationRead, responses=NOT_FOUND)
async def read_installation(uow: UnitOfWorkDep, id: Id) -> InstallationRead:
    """One GitHub App installation; 404 for an unknown id."""
    return await uow.run(_installation, id)
