"""What the health checks read."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import column, func, select, table
from sqlalchemy.orm import Session

from shared_db.models import GitProject

# Alembic's own bookkeeping table; not part of the models' metadata.
alembic_version = table("alembic_version", column("version_num"))


@dataclass(frozen=True, slots=True)
class DatabaseHealth:
    backend: str
    schema_revision: str | None
    projects: int


def database_health(session: Session) -> DatabaseHealth:
    """Read the schema revision and a row count: proves the database answers queries."""
    revision = session.execute(select(alembic_version.c.version_num)).scalar_one_or_none()
    projects = session.execute(select(func.count()).select_from(GitProject)).scalar_one()
    return DatabaseHealth(
        backend=session.get_bind().dialect.name,
        schema_revision=revision,
        projects=projects,
    )
