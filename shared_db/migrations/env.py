"""Alembic environment: runs on a connection handed in, or on one built from the URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from shared_db.engine import DatabaseConfig, build_engine
from shared_db.migrate import compared_on
from shared_db.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=compared_on(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("GATEWAY_DATABASE_URL")
    if not url:
        raise RuntimeError("no database URL: set sqlalchemy.url or GATEWAY_DATABASE_URL")
    engine = build_engine(DatabaseConfig(url=url, pool_size=1))
    try:
        with engine.connect() as connection:
            _configure(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported")
run_migrations_online()
