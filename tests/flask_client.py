"""Flask's test client as the gateway mounts the legacy app (imported only with Flask on)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


class MountedClient(FlaskClient):
    """Requests the legacy app as the gateway mounts it: SCRIPT_NAME is /api."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        kwargs.setdefault("base_url", "http://localhost/api/")
        return super().open(*args, **kwargs)
