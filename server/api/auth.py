"""Bearer-key check and body-size cap, in front of every `/v1` route.

A pure ASGI middleware rather than a FastAPI dependency: dependencies run
after FastAPI has read and parsed the body, so an anonymous caller would be
answered "invalid JSON" before "who are you", and could make the server read
a body of any size. Here both checks happen before the body is touched, and
streamed responses pass through untouched. The name of the key (never the
key) goes on with the request, for the per-key limits.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from server.api.errors import AUTHENTICATION, INVALID_REQUEST, error_body
from server.api.keys import ApiKeyStore

PROTECTED_PREFIX = "/v1"
KEY_NAME = "netgpt_api_key_name"


def key_name(scope: Scope) -> str:
    """The name of the API key a request was let in with."""
    return str(scope["state"][KEY_NAME])


class ApiGate:
    def __init__(self, app: ASGIApp, keys: ApiKeyStore, max_body_bytes: int) -> None:
        self.app = app
        self.keys = keys
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PROTECTED_PREFIX):
            await self.app(scope, receive, send)
            return
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        scheme, _, key = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            await _refuse(send, 401, "Missing API key: send 'Authorization: Bearer <key>' "
                          "(create one with `netgpt apikey create NAME`).", AUTHENTICATION, "missing_api_key")
            return
        name = self.keys.verify(key.strip())
        if name is None:
            await _refuse(send, 401, "Invalid API key.", AUTHENTICATION, "invalid_api_key")
            return
        scope.setdefault("state", {})[KEY_NAME] = name
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body_bytes:
            await _refuse(send, 413, f"The request body is larger than {self.max_body_bytes} bytes.",
                          INVALID_REQUEST, "request_too_large")
            return
        await self.app(scope, _capped(receive, self.max_body_bytes), send)


def _capped(receive: Receive, limit: int) -> Receive:
    """Stop a body sent without Content-Length (chunked) at the same cap."""
    seen = 0

    async def wrapped() -> Any:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                # Truncated JSON is then refused as invalid JSON with a 400.
                return {"type": "http.request", "body": b"", "more_body": False}
        return message

    return wrapped


async def _refuse(send: Send, status: int, message: str, kind: str, code: str) -> None:
    body = json.dumps(error_body(message, kind, None, code)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
