"""The legacy app alone as a WSGI app (how it ran before the gateway)."""

from __future__ import annotations

from gateway.settings import Settings
from gateway.wsgi import create_wsgi_app


def test_the_legacy_app_serves_alone(settings: Settings) -> None:
    app = create_wsgi_app(settings)
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "We are healthy!"}
    assert app.config["GITHUB_WEBHOOK_SECRET"] == settings.legacy_config()["GITHUB_WEBHOOK_SECRET"]
    app.extensions["shared_db"].dispose()
