"""HTTP conventions of every route (../shared/API.md "HTTP conventions") that no single
handler can keep: a request id on every answer, HEAD wherever GET works, and a 405 whose
Allow header lists every method of the path."""

import json
import re
import uuid
from typing import Any

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PROBLEM = b"application/problem+json"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_GOOD_ID = re.compile(r"^[\x21-\x7e]{1,200}$")  # visible ASCII, no spaces


def header(scope: Scope, name: bytes) -> str | None:
    """A request header of an ASGI scope (`name` in lower case), or None."""
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


class RequestId:
    """X-Request-ID: echoed when the caller sent a usable one, made otherwise, on every answer;
    a problem body carries it as `request_id`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = header(scope, b"x-request-id")
        request_id = given if given and _GOOD_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        start: Message | None = None
        held: list[bytes] = []

        async def tagged(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
                if any(k == b"content-type" and v.startswith(PROBLEM) for k, v in headers):
                    start = message  # held until the body is whole, to add request_id
                    return
            elif message["type"] == "http.response.body" and start is not None:
                held.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = _with_request_id(b"".join(held), request_id)
                headers = [(k, v) for k, v in start["headers"] if k != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                message = {"type": "http.response.body", "body": body, "more_body": False}
            await send(message)

        await self.app(scope, receive, tagged)


def _with_request_id(body: bytes, request_id: str) -> bytes:
    try:
        data: Any = json.loads(body)
    except ValueError:
        return body
    if isinstance(data, dict):
        data["request_id"] = request_id
        return json.dumps(data).encode()
    return body


class Methods:
    """HEAD answers as GET would, without the body; a 405 names in Allow every method the path
    takes (each method of a path is its own route, so the router alone names one)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def _allowed(self, scope: Scope) -> set[str]:
        routes = scope["app"].router.routes
        methods = {
            method
            for method in METHODS
            if any(r.matches({**scope, "method": method})[0] is Match.FULL for r in routes)
        }
        if "GET" in methods:
            methods.add("HEAD")
        return methods

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head and "GET" in self._allowed(scope):
            scope = {**scope, "method": "GET"}

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                allowed = ", ".join(sorted(self._allowed(scope)))
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"allow"]
                message = {**message, "headers": [*headers, (b"allow", allowed.encode())]}
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, answer)
