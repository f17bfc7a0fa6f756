"""Response helpers that write JSON exactly as the legacy API always has (Flask's jsonify)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response, jsonify


def response_maker(result: Any, status: HTTPStatus = HTTPStatus.OK) -> Response:
    response = jsonify(result)
    response.status_code = status.value
    return response
