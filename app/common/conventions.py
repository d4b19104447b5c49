"""HTTP conventions of every route (../shared/API.md "HTTP conventions") that no single
handler can keep: a request id on every answer, HEAD wherever GET works, and a 405 whose
Allow header lists every method of the path."""

import json
import re
import uuid
from typing import Any

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem

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


def _flat(routes: list[Any]) -> list[Any]:
    """Routes with their full paths: FastAPI keeps an included router's as its candidates."""
    out: list[Any] = []
    for route in routes:
        candidates = getattr(route, "effective_candidates", None)
        out.extend(_flat(candidates()) if callable(candidates) else [route])
    return out


class Methods:
    """HEAD answers as GET would, without the body; a 405 names in Allow every method the path
    takes (each method of a path is its own route, so the router alone names one). A path
    without parameters is that resource's alone: PATCH /v1/relationships/cooling is a 405,
    not an update of a relationship whose id would be "cooling"."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._fixed: dict[str, set[str]] | None = None

    def _fixed_paths(self, scope: Scope) -> dict[str, set[str]]:
        """The methods of each path that has no parameters (read once: routes never change)."""
        if self._fixed is None:
            fixed: dict[str, set[str]] = {}
            for route in _flat(scope["app"].router.routes):
                path, methods = getattr(route, "path", None), getattr(route, "methods", None)
                if isinstance(path, str) and "{" not in path and methods:
                    fixed.setdefault(path, set()).update(m for m in methods if m in METHODS)
            for methods in fixed.values():
                if "GET" in methods:
                    methods.add("HEAD")
            self._fixed = fixed
        return self._fixed

    def _allowed(self, scope: Scope) -> set[str]:
        fixed = self._fixed_paths(scope).get(scope["path"])
        if fixed is not None:
            return fixed
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
        fixed = self._fixed_paths(scope).get(scope["path"])
        if fixed is not None and scope["method"] not in fixed:
            response = problem(405, "Method Not Allowed", "method-not-allowed")
            response.headers["Allow"] = ", ".join(sorted(fixed))
            await response(scope, receive, send)
            return

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                allowed = ", ".join(sorted(self._allowed(scope)))
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"allow"]
                message = {**message, "headers": [*headers, (b"allow", allowed.encode())]}
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, answer)
