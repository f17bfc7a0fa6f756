from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from gateway.settings import DEFAULT_DATABASE_URL, Settings


class TestPoolArithmetic:
    def test_default_pool_covers_every_session_holding_thread(self) -> None:
        settings = Settings(wsgi_threads=6, api_threads=20, shadow_sessions=3, _env_file=None)

        assert settings.pool_size == 29
        assert settings.database_config().pool_size == 29

    def test_larger_pool_is_kept(self) -> None:
        settings = Settings(
            wsgi_threads=2, api_threads=2, shadow_sessions=1, db_pool_size=10, _env_file=None
        )

        assert settings.pool_size == 10

    def test_pool_smaller_than_the_threads_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="smaller than wsgi_threads"):
            Settings(wsgi_threads=10, api_threads=40, db_pool_size=20, _env_file=None)


class TestHeadroom:
    def test_two_workers_of_the_defaults_use_under_half_of_postgres_default_100(self) -> None:
        settings = Settings(database_url="postgresql+psycopg://db/ci", _env_file=None)

        assert settings.max_connections_per_worker == 24
        assert 2 * settings.max_connections_per_worker < 100 / 2

    def test_on_sqlite_there_is_no_feed_connection_to_count(self) -> None:
        assert Settings(_env_file=None).max_connections_per_worker == 22

    def test_a_worker_holds_at_most_its_session_holding_threads(self) -> None:
        settings = Settings(
            wsgi_threads=3, api_threads=5, shadow_sessions=1, db_pool_size=30, _env_file=None
        )

        assert settings.max_connections_per_worker == 9  # SQLite: no event feed connections

    def test_shutdown_is_bounded_by_default(self) -> None:
        assert Settings(_env_file=None).shutdown_timeout == 20


class TestSources:
    def test_default_database_is_a_sqlite_file_under_var(self) -> None:
        settings = Settings(_env_file=None)

        assert settings.database_url == DEFAULT_DATABASE_URL
        assert settings.sqlite_directory() == Path("./var")

    def test_environment_variables_use_the_gateway_prefix(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("GATEWAY_API_THREADS", "7")

        assert Settings(_env_file=None).api_threads == 7

    def test_dotenv_file_is_read(self, tmp_path: Path) -> None:
        env_file = tmp_path / ".env"
        env_file.write_text("GATEWAY_WSGI_THREADS=3\nGATEWAY_LOG_LEVEL=debug\n")

        settings = Settings(_env_file=env_file)

        assert (settings.wsgi_threads, settings.log_level) == (3, "debug")

    def test_postgres_has_no_sqlite_directory(self) -> None:
        settings = Settings(database_url="postgresql+psycopg://u@h/db", _env_file=None)

        assert settings.sqlite_directory() is None
