from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, create_engine, inspect

from shared_db.migrate import alembic_config, compared_on, current_heads, upgrade
from shared_db.models import Base
from tests.conftest import DatabaseFactory


class TestMigrations:
    def test_migrated_database_matches_the_models(self, connection: Connection) -> None:
        opts = {"compare_type": True, "include_object": compared_on(connection.dialect.name)}
        context = MigrationContext.configure(connection, opts=opts)

        assert compare_metadata(context, Base.metadata) == []

    def test_there_is_one_head(self) -> None:
        assert len(current_heads()) == 1

    def test_downgrade_to_base_and_upgrade_again(self, databases: DatabaseFactory) -> None:
        url = databases.migrated()
        command.downgrade(alembic_config(url), "base")
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
            upgrade(url)
            with engine.connect() as connection:
                tables = set(inspect(connection).get_table_names())
        finally:
            engine.dispose()

        assert tables == set(Base.metadata.tables) | {"alembic_version"}
