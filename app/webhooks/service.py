"""Rules for webhooks: where they may point, their secrets, conditional changes, their log."""

import asyncio
import ipaddress
import socket
import uuid
from typing import Any
from urllib.parse import urlsplit

from app.changes.repository import Position
from app.common.etag import entity_tag, if_match_holds
from app.common.pagination import Page, decode_cursor, encode_cursor
from app.config import Settings
from app.db.convert import now
from app.db.database import Database
from app.errors import BadRequest, NotFound, PreconditionFailed, Unprocessable
from app.webhooks.repository import Row, WebhookRepository
from app.webhooks.schemas import (
    Delivery,
    Webhook,
    WebhookCreate,
    WebhookUpdate,
    delivery_of,
)
from app.webhooks.signing import new_secret

RESOLVE_TIMEOUT_S = 3.0


def _refused(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


async def check_url(url: str, allow_private: bool) -> None:
    """A 422 for a URL that is not http(s) with a host, or (unless allow_private) whose host is
    or resolves to a loopback, private, link-local or otherwise non-public address. A name that
    does not resolve now passes: deliveries check it again before each POST."""

    def bad(msg: str) -> Unprocessable:
        return Unprocessable(
            f"webhook url refused: {msg}", errors=[{"loc": ["body", "url"], "msg": msg}]
        )

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise bad("not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad("an http or https URL with a host is needed")
    if parts.username or parts.password:
        raise bad("credentials in the URL are not accepted")
    if allow_private:
        return
    host = parts.hostname
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            infos = await asyncio.wait_for(
                asyncio.get_running_loop().getaddrinfo(host, port or 443, type=socket.SOCK_STREAM),
                RESOLVE_TIMEOUT_S,
            )
        except (OSError, TimeoutError):
            # not knowable now (a name only the receiver's network resolves, a DNS outage):
            # accepted; every delivery checks the address again (DeliveryWorker.post)
            return
        addresses = [str(info[4][0]) for info in infos]
    if not addresses or any(_refused(a) for a in addresses):
        raise bad(
            f"host {host!r} is a loopback or private address "
            "(RELMAP_WEBHOOKS_ALLOW_PRIVATE=true allows it)"
        )


def _stale(webhook_id: str, current: str) -> PreconditionFailed:
    return PreconditionFailed(
        f"the webhook {webhook_id} has changed since the tag in If-Match; read it again "
        "(its current tag is in ETag)",
        current,
    )


def webhook_of(row: Row) -> Webhook:
    return Webhook.model_validate(row)


class WebhookService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.repo = WebhookRepository(db)
        self.allow_private = settings.relmap_webhooks_allow_private

    async def create(self, body: WebhookCreate) -> Webhook:
        await check_url(body.url, self.allow_private)
        ts = now()
        props: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "url": body.url,
            "events": body.events,
            "secret": body.secret or new_secret(),
            "description": body.description,
            "created_at": ts,
            "updated_at": ts,
        }
        return webhook_of(await self.repo.create({k: v for k, v in props.items() if v is not None}))

    async def get_tagged(self, webhook_id: str) -> tuple[Webhook, str]:
        row = await self.repo.get(webhook_id)
        if row is None:
            raise NotFound(f"no webhook with id {webhook_id}")
        webhook = webhook_of(row)
        return webhook, entity_tag(webhook)

    async def page(self, limit: int, cursor: str | None) -> Page[Webhook]:
        after = decode_cursor(cursor).get("after")
        rows = await self.repo.find(after if isinstance(after, str) else None, limit + 1)
        items = [webhook_of(r) for r in rows[:limit]]
        more = len(rows) > limit
        return Page[Webhook](
            items=items, next_cursor=encode_cursor({"after": items[-1].id}) if more else None
        )

    async def update(
        self, webhook_id: str, body: WebhookUpdate, if_match: str | None
    ) -> tuple[Webhook, str]:
        fields = body.model_dump(exclude_unset=True)
        for key in ("url", "events"):
            if key in fields and fields[key] is None:
                fields.pop(key)  # required: null keeps them
        if fields.get("url") is not None:
            await check_url(fields["url"], self.allow_private)
        if "secret" in fields and fields["secret"] is None:
            fields["secret"] = new_secret()  # null: a new one

        def edit(row: Row) -> Row:
            current = entity_tag(webhook_of(row))
            if not if_match_holds(if_match, current):
                raise _stale(webhook_id, current)
            return {**fields, "updated_at": now()}

        row = await self.repo.change(webhook_id, edit)
        if row is None:
            raise NotFound(f"no webhook with id {webhook_id}")
        webhook = webhook_of(row)
        return webhook, entity_tag(webhook)

    async def delete(self, webhook_id: str, if_match: str | None) -> None:
        def check(row: Row) -> None:
            current = entity_tag(webhook_of(row))
            if not if_match_holds(if_match, current):
                raise _stale(webhook_id, current)

        if not await self.repo.delete(webhook_id, check):
            raise NotFound(f"no webhook with id {webhook_id}")

    async def deliveries(self, webhook_id: str, limit: int, cursor: str | None) -> Page[Delivery]:
        """The delivery log, newest change first."""
        key = decode_cursor(cursor)
        before = None
        if key:
            seq, idx = key.get("seq"), key.get("idx")
            if not (isinstance(seq, int) and isinstance(idx, int)):
                raise BadRequest("cursor is not one this API gave out")
            before = Position(seq, idx)
        if await self.repo.get(webhook_id) is None:
            raise NotFound(f"no webhook with id {webhook_id}")
        rows = await self.repo.deliveries(webhook_id, before, limit + 1)
        items = [delivery_of(r) for r in rows[:limit]]
        following = None
        if len(rows) > limit:
            last = rows[limit - 1]
            following = encode_cursor({"seq": last["seq"], "idx": last["idx"]})
        return Page[Delivery](items=items, next_cursor=following)
