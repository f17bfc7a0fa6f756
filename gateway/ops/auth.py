"""The ops views ask for ``GATEWAY_OPS_TOKEN`` when it is set: as a bearer token (tools) or
as the password of HTTP Basic (a browser asks for it)."""

from __future__ import annotations

import base64
import binascii
import hmac

from starlette.types import ASGIApp, Receive, Scope, Send

from api_v1.legacy.responses import jsonify_bytes


def _presented(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name != b"authorization":
            continue
        text: str = value.decode("latin-1")
        scheme, _, credentials = text.partition(" ")
        if scheme.lower() == "bearer":
            return credentials.strip()
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(credentials.strip(), validate=True).decode()
            except (binascii.Error, UnicodeDecodeError):
                return None
            return decoded.partition(":")[2]
    return None


class OpsTokenMiddleware:
    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.token is None or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        presented = _presented(scope)
        if presented is not None and hmac.compare_digest(presented.encode(), self.token.encode()):
            await self.app(scope, receive, send)
            return
        body = jsonify_bytes({"error": "The ops views need the ops token"})
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"www-authenticate", b'Bearer realm="ops", Basic realm="ops"'),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
