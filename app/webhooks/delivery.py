"""Delivering the change feed to webhooks: one stream per webhook across every API process.

Each API process runs a DeliveryWorker (started in the lifespan, app/main.py). A webhook's
stream is leased in Neo4j (take_webhook_lease: owner + expiry on Neo4j's clock, taken and
renewed under the webhook's write lock), so one process at a time delivers it; the holder
sends the webhook's changes in feed order, one POST each, signed (Standard Webhooks), and
records its position and every attempt in the same fenced write (record_webhook_deliveries:
nothing is written once the lease is lost). A 2xx is delivered; anything else is retried with
the same webhook-id and exponential backoff, the stream waiting (order is kept), until it has
been retried for RELMAP_WEBHOOK_RETRY_FOR_S (25 h), then marked failed and passed. A process
killed between a POST and its record leaves the position behind: its successor, once the
lease ran out, sends those changes again with the same webhook-id (at least once).
"""

import asyncio
import contextlib
import json
import logging
import os
import random
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from app.changes.repository import ChangeRepository, Position, Row
from app.changes.service import next_position
from app.changes.types import split_patterns
from app.common.tasks import uncut
from app.config import Settings
from app.db.convert import now
from app.db.database import Database
from app.errors import Unprocessable
from app.webhooks.repository import WebhookRepository
from app.webhooks.service import pin_url
from app.webhooks.signing import sign

log = logging.getLogger("relmap.webhooks")
BATCH = 100
SAVE_IDLE_POSITION_S = 5.0  # an idle stream writes its position (past others' changes) this often
RENEW_EVERY_S = 2.0  # a held lease is renewed (and the webhook re-read) at least this often
PRUNE_EVERY_S = 3600.0
LEASE_MARGIN_S = 0.5  # a POST starts only while the lease outlives its timeout by this


def body_of(row: Row) -> bytes:
    """The delivery body {id, type, occurred_at, data}; data is the stored JSON as it is."""
    occurred: datetime = row["occurred_at"]
    head = json.dumps({"id": row["id"], "type": row["type"], "occurred_at": occurred.isoformat()})
    data: str = row["data"]
    return (head[:-1] + ',"data":' + data + "}").encode()


@dataclass(slots=True)
class Attempt:
    ok: bool
    code: int  # 0: no answer
    error: str | None


async def post(http: httpx.AsyncClient, webhook: Row, row: Row, allow_private: bool) -> Attempt:
    """One signed POST of a change to a webhook. Unless private receivers are allowed, its URL
    is resolved again first and the POST bound to an address checked to be public (pin_url)."""
    body = body_of(row)
    stamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "webhook-id": row["id"],
        "webhook-timestamp": str(stamp),
        "webhook-signature": sign(webhook["secret"], row["id"], stamp, body),
    }
    url, extensions = webhook["url"], {}
    if not allow_private:
        try:  # again at each delivery, and bound to the address checked
            pinned = await pin_url(url)
        except Unprocessable as refused:
            return Attempt(False, 0, refused.detail[:300])
        url, extensions = pinned.url, pinned.extensions
        headers.update(pinned.headers)
    try:
        answer = await http.post(url, content=body, headers=headers, extensions=extensions)
    except httpx.HTTPError as exc:
        return Attempt(False, 0, f"{type(exc).__name__}: {exc}"[:300])
    except Exception as exc:  # noqa: BLE001 - a malformed URL, say: retried, then failed
        return Attempt(False, 0, f"{type(exc).__name__}: {exc}"[:300])
    if 200 <= answer.status_code < 300:
        return Attempt(True, answer.status_code, None)
    return Attempt(False, answer.status_code, f"HTTP {answer.status_code}")


class DeliveryWorker:
    def __init__(self, db: Database, settings: Settings) -> None:
        # The process's request database: its change signal wakes the streams.
        self.db = db
        self.settings = settings
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        # The worker's own driver and small pool (RELMAP_WEBHOOK_POOL_SIZE): requests that
        # empty theirs under load do not starve the streams (whose timed-out queries would
        # restart them from the saved position: duplicates, seconds of delay).
        pool = settings.model_copy(
            update={"neo4j_max_pool_size": settings.relmap_webhook_pool_size}
        )
        self.own = Database.connect(pool, db.queries)
        self.hooks = WebhookRepository(self.own)
        self.changes = ChangeRepository(self.own)
        self.streams: dict[str, asyncio.Task[None]] = {}
        self.http = httpx.AsyncClient(
            timeout=settings.relmap_webhook_timeout_s,
            follow_redirects=False,
            headers={"user-agent": "relmap-webhooks/1"},
        )
        self._task: asyncio.Task[None] | None = None
        self._pruned = 0.0

    def start(self) -> None:
        self._task = asyncio.create_task(self._supervise(), name="webhook-supervisor")

    async def close(self) -> None:
        tasks = [t for t in (self._task, *self.streams.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.http.aclose()
        await self.own.close()

    async def _supervise(self) -> None:
        """Start a stream for every webhook whose lease is free (or ours), forever."""
        pause = self.settings.relmap_webhook_poll_s
        while True:
            try:
                for row in await uncut(self.hooks.streams()):
                    task = self.streams.get(row["id"])
                    if task is not None and not task.done():
                        continue
                    if row["free"] or row["owner"] == self.owner:
                        stream = Stream(self, row["id"])
                        self.streams[row["id"]] = asyncio.create_task(stream.run())
                for webhook_id in [k for k, t in self.streams.items() if t.done()]:
                    del self.streams[webhook_id]
                await uncut(self._prune())
                pause = self.settings.relmap_webhook_poll_s
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - Neo4j away: try again, less often
                log.warning("webhook supervisor: %s", exc)
                pause = min(pause * 2, 10.0)
            await asyncio.sleep(pause)

    async def _prune(self) -> None:
        """Forget delivery records and changes older than the retention (any process may)."""
        if time.monotonic() - self._pruned < PRUNE_EVERY_S:
            return
        self._pruned = time.monotonic()
        before = now() - timedelta(days=self.settings.relmap_changes_retention_days)
        await self.hooks.prune(before)
        await self.changes.prune(before)

    async def post(self, webhook: Row, row: Row) -> Attempt:
        return await post(self.http, webhook, row, self.settings.relmap_webhooks_allow_private)

    def backoff_s(self, attempts: int) -> float:
        base = self.settings.relmap_webhook_retry_base_s
        delay = min(base * 2 ** max(attempts - 1, 0), self.settings.relmap_webhook_retry_max_s)
        return float(delay) * random.uniform(0.8, 1.2)


class LeaseLost(Exception):
    """The stream's lease is someone else's now (or the webhook is gone)."""


class Stream:
    """One webhook's deliveries while this process holds its lease."""

    def __init__(self, worker: DeliveryWorker, webhook_id: str) -> None:
        self.worker = worker
        self.settings = worker.settings
        self.id = webhook_id
        self.webhook: Row = {}
        self.position = Position()
        self.saved = Position()
        self.saved_at = 0.0
        self.renewed_at = 0.0
        self.retry_key: str | None = None  # the head change waiting for a retry, and when
        self.retry_at: datetime | None = None
        self.head_checked = False

    async def run(self) -> None:
        hooks = self.worker.hooks
        try:
            await self._renew()
            self.position = self.saved = Position(
                int(self.webhook.get("pos_seq") or 0), int(self.webhook.get("pos_idx") or 0)
            )
            self.saved_at = time.monotonic()
            log.info(
                "webhook %s: delivering from %s (%s)", self.id, self.position, self.worker.owner
            )
            while True:
                await self._step()
        except LeaseLost:
            return
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await asyncio.shield(hooks.release_lease(self.id, self.worker.owner))
            raise
        except Exception as exc:  # noqa: BLE001 - Neo4j away: the supervisor starts it again
            log.warning("webhook %s: stream stopped: %s", self.id, exc)
            await asyncio.sleep(self.settings.relmap_webhook_poll_s)

    async def _renew(self) -> None:
        started = time.monotonic()
        webhook = await self.worker.hooks.take_lease(
            self.id, self.worker.owner, self.settings.relmap_webhook_lease_s
        )
        if webhook is None:
            raise LeaseLost
        self.webhook, self.renewed_at = webhook, started

    def _lease_left(self) -> float:
        return self.renewed_at + self.settings.relmap_webhook_lease_s - time.monotonic()

    async def _step(self) -> None:
        if time.monotonic() - self.renewed_at > min(
            RENEW_EVERY_S, self.settings.relmap_webhook_lease_s / 3
        ):
            await self._renew()
        signal = self.worker.db.change_signal()
        types, prefixes = split_patterns(list(self.webhook["events"]))
        top, rows = await self.worker.changes.after(self.position, BATCH, types, prefixes)
        if not rows:
            self.position = next_position(self.position, top, rows, BATCH)
            if (
                self.position != self.saved
                and time.monotonic() - self.saved_at > SAVE_IDLE_POSITION_S
            ):
                await self._record([])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(signal.wait(), self.settings.relmap_webhook_poll_s)
            return
        if await self._waiting(rows[0]):
            return
        done: list[Row] = []
        for row in rows:
            if self._lease_left() < self.settings.relmap_webhook_timeout_s + LEASE_MARGIN_S:
                self.renewed_at = 0.0  # renewed at the next step, before another POST
                break
            attempt = await self.worker.post(self.webhook, row)
            if attempt.ok:
                done.append(self._entry(row, attempt, "delivered", None))
                self.position = Position(row["seq"], row["idx"])
                continue
            done.append(await self._failed(row, attempt))
            break
        else:
            if len(rows) < BATCH:  # every change up to top is delivered or not for us
                self.position = next_position(self.position, top, rows, BATCH)
        await self._record(done)

    async def _waiting(self, head: Row) -> bool:
        """Whether the head change waits for its next retry (then wait, a bounded while)."""
        key = f"{self.id}:{head['id']}"
        if not self.head_checked:  # a stream taken over: the head's log says when
            self.head_checked = True
            found = await self.worker.hooks.delivery(key)
            if found is not None and found.get("status") == "retrying":
                self.retry_key, self.retry_at = key, found.get("next_attempt_at")
        if self.retry_key != key or self.retry_at is None:
            return False
        wait = (self.retry_at - now()).total_seconds()
        if wait <= 0:
            return False
        await asyncio.sleep(min(wait, RENEW_EVERY_S))
        return True

    async def _failed(self, row: Row, attempt: Attempt) -> Row:
        """The entry of a failed attempt: retried later, or failed for good once retried for
        RELMAP_WEBHOOK_RETRY_FOR_S (the stream then goes on past it)."""
        key = f"{self.id}:{row['id']}"
        found = await self.worker.hooks.delivery(key)
        attempts = int(found["attempts"]) + 1 if found else 1
        first: datetime = found["first_attempt_at"] if found else now()
        if (now() - first).total_seconds() >= self.settings.relmap_webhook_retry_for_s:
            self.position = Position(row["seq"], row["idx"])
            self.retry_key = self.retry_at = None
            log.warning(
                "webhook %s: gave up on change %s after %d attempts", self.id, row["id"], attempts
            )
            return self._entry(row, attempt, "failed", None)
        self.retry_key = key
        self.retry_at = now() + timedelta(seconds=self.worker.backoff_s(attempts))
        return self._entry(row, attempt, "retrying", self.retry_at)

    def _entry(self, row: Row, attempt: Attempt, status: str, next_at: datetime | None) -> Row:
        at = now()
        return {
            "key": f"{self.id}:{row['id']}",
            "change_id": row["id"],
            "seq": row["seq"],
            "idx": row["idx"],
            "type": row["type"],
            "occurred_at": row["occurred_at"],
            "status": status,
            "code": attempt.code,
            "error": attempt.error,
            "at": at,
            "next_at": next_at,
            "done_at": None if status == "retrying" else at,
        }

    async def _record(self, entries: list[Any]) -> None:
        if not await self.worker.hooks.record(self.id, self.worker.owner, self.position, entries):
            raise LeaseLost
        self.saved, self.saved_at = self.position, time.monotonic()
