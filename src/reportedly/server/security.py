"""The guards every request passes: a bounded body, the write token (compared in constant
time), and headers that keep a page from loading or running anything it did not ship."""

from __future__ import annotations

import hmac
import json
from typing import Any

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Pages load only their own stylesheet, script and images; nothing inline, no frames.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class BodyLimit:
    """Refuse a body over ``limit`` bytes with 413, by its Content-Length or, when it has
    none, as soon as the bytes received pass the limit."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _too_large(send, self.limit)
            return
        received = 0
        answered = False

        async def bounded() -> Message:
            # Past the limit: answer 413 here and tell the app the client left, so what the
            # app then tries to send is dropped (FastAPI turns a body error into a 400).
            nonlocal received, answered
            if answered:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    answered = True
                    await _too_large(send, self.limit)
                    return {"type": "http.disconnect"}
            return message

        async def unless_answered(message: Message) -> None:
            if not answered:
                await send(message)

        await self.app(scope, bounded, unless_answered)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps(
        {"error": {"status": 413, "message": f"request body over {limit} bytes"}}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add ``HEADERS`` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in HEADERS if n not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def presented_token(request: Request) -> str | None:
    """The token a request carries: ``Authorization: Bearer ...`` or ``X-Reportedly-Token``."""
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.headers.get("x-reportedly-token")


def check_token(expected: str | None, request: Request, what: str) -> None:
    """Raise 401/403 unless the request carries ``expected``."""
    if expected is None:
        raise HTTPException(403, f"{what} are turned off: start the server with --token")
    given = presented_token(request)
    if given is None:
        raise HTTPException(401, f"{what} need the token (Authorization: Bearer ...)")
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(403, "wrong token")


def error_body(status: int, message: Any) -> dict[str, Any]:
    return {"error": {"status": status, "message": message}}
