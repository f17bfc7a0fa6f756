"""The legacy Flask app alone, as a plain WSGI app (gunicorn, or any WSGI server).

    gunicorn 'gateway.wsgi:create_wsgi_app()'

This is how the legacy API ran before the gateway; the speed benchmark serves it this
way to compare the v1 twins against it.
"""

from __future__ import annotations

from flask import Flask

import legacy_flask
from gateway.settings import Settings
from shared_db.engine import Database


def create_wsgi_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings()
    database = Database(settings.database_config())
    database.start()
    return legacy_flask.create_app(database, settings.legacy_config())
