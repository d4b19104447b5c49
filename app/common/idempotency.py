"""Idempotency-Key on every POST (../shared/API.md "HTTP conventions"), held in Neo4j so that
it holds across API processes.

The same key with the same request (method, path, query and body) within 24 hours answers the
first answer again, status and body, and writes nothing; the same key with another request is
a 422 problem. Keys belong to the caller (the X-API-Key sent with them), so one caller can
neither replay nor block another's. While the first request with a key runs, a second one
waits for its answer (up to WAIT_S, then a 409 problem: retry). An answer that is a 5xx, a
401/403 or a 429 is not kept: the key is given back and a retry runs. A claim whose process
died is taken over after LEASE_S.
"""

import asyncio
import hashlib
import logging
import time
from datetime import timedelta
from typing import Any

from neo4j.exceptions import DriverError, Neo4jError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.common.conventions import header
from app.db.convert import now
from app.errors import problem

log = logging.getLogger("relmap.idempotency")

TTL = timedelta(hours=24)
LEASE_S = 300.0
WAIT_S = 10.0
MAX_KEPT_BODY = 4 * 1024 * 1024
NOT_KEPT = frozenset({401, 403, 429})
PRUNE_EVERY_S = 3600.0


class Idempotency:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._pruned_at = -PRUNE_EVERY_S

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        given = header(scope, b"idempotency-key") if scope["type"] == "http" else None
        if given is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        if not (1 <= len(given) <= 255 and given.isprintable() and given.isascii()):
            response = problem(
                422,
                "Idempotency-Key must be 1 to 255 printable ASCII characters",
                "validation",
                errors=[{"loc": ["header", "Idempotency-Key"], "msg": "invalid key"}],
            )
            await response(scope, receive, send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            more = message.get("more_body", False)
        caller = header(scope, b"x-api-key") or ""
        key = hashlib.sha256(f"{caller}\n{given}".encode()).hexdigest()
        request = b"\n".join(
            (scope["method"].encode(), scope["path"].encode(), scope.get("query_string", b""))
        )
        fingerprint = hashlib.sha256(request + b"\n" + body).hexdigest()
        db = scope["app"].state.db

        async def replay_body() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        if not await scope["app"].state.schema.admits():  # its key is unique by constraint
            response = problem(503, "the schema is not in place yet; retry later", "unavailable")
            await response(scope, replay_body, send)
            return
        deadline = time.monotonic() + WAIT_S
        while True:
            moment = now()
            try:
                await self._prune(db)
                row = await db.write_state(
                    "claim_idempotency_key",
                    key=key,
                    fingerprint=fingerprint,
                    now=moment,
                    lease_until=moment + timedelta(seconds=LEASE_S),
                    expires_at=moment + TTL,
                )
            except (Neo4jError, DriverError):
                response = problem(503, "the database is unreachable; retry later", "unavailable")
                await response(scope, replay_body, send)
                return
            assert row is not None
            record: dict[str, Any] = row["record"]
            if row["claimed"]:
                break
            if record["fingerprint"] != fingerprint:
                response = problem(
                    422,
                    "this Idempotency-Key was used with another request; use a new key",
                    "idempotency-key-reused",
                )
                await response(scope, replay_body, send)
                return
            if record["state"] == "done":
                await _replay(record, send)
                return
            if time.monotonic() > deadline:
                response = problem(
                    409,
                    "a request with this Idempotency-Key is still running; retry shortly",
                    "conflict",
                )
                await response(scope, replay_body, send)
                return
            await asyncio.sleep(0.1)

        started: Message | None = None
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay_body, keep)
        finally:
            await self._settle(db, key, fingerprint, started, b"".join(chunks))

    async def _prune(self, db: Any) -> None:
        if time.monotonic() - self._pruned_at < PRUNE_EVERY_S:
            return
        self._pruned_at = time.monotonic()
        await db.write_state("prune_idempotency_keys", now=now(), limit=10_000)

    async def _settle(
        self, db: Any, key: str, fingerprint: str, started: Message | None, body: bytes
    ) -> None:
        status = int(started["status"]) if started else 500
        media_type = ""
        if started is not None:
            for name, value in started.get("headers", []):
                if name.lower() == b"content-type":
                    media_type = value.decode("latin-1")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        try:
            if status >= 500 or status in NOT_KEPT or text is None or len(body) > MAX_KEPT_BODY:
                await db.write_state("release_idempotency_key", key=key, fingerprint=fingerprint)
            else:
                await db.write_state(
                    "complete_idempotency_key",
                    key=key,
                    fingerprint=fingerprint,
                    status=status,
                    media_type=media_type,
                    body=text,
                )
        except Exception:
            log.warning("could not record the answer of an idempotent request", exc_info=True)


async def _replay(record: dict[str, Any], send: Send) -> None:
    body = str(record.get("body") or "").encode("utf-8")
    headers = [
        (b"content-type", str(record.get("media_type") or "application/json").encode("latin-1")),
        (b"content-length", str(len(body)).encode()),
        (b"idempotent-replayed", b"true"),
    ]
    await send({"type": "http.response.start", "status": int(record["status"]), "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
