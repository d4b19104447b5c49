"""Rules for webhooks: where they may point, their secrets, conditional changes, their log."""

import asyncio
import ipaddress
import socket
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

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


def _refusal(msg: str) -> Unprocessable:
    return Unprocessable(
        f"webhook url refused: {msg}", errors=[{"loc": ["body", "url"], "msg": msg}]
    )


def _private(host: str) -> Unprocessable:
    return _refusal(
        f"host {host!r} is a loopback or private address "
        "(RELMAP_WEBHOOKS_ALLOW_PRIVATE=true allows it)"
    )


def _parts(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of an http(s) URL with a host and no credentials, else a 422."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise _refusal("not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _refusal("an http or https URL with a host is needed")
    if parts.username or parts.password:
        raise _refusal("credentials in the URL are not accepted")
    return parts.scheme, parts.hostname, port


async def _addresses(host: str, port: int | None) -> list[str] | None:
    """The addresses a host is (an IP literal) or resolves to now; None when it does not
    resolve (no such name, a DNS outage, too slow)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        infos = await asyncio.wait_for(
            asyncio.get_running_loop().getaddrinfo(host, port or 443, type=socket.SOCK_STREAM),
            RESOLVE_TIMEOUT_S,
        )
    except (OSError, TimeoutError):
        return None
    return [str(info[4][0]) for info in infos] or None


async def check_url(url: str, allow_private: bool) -> None:
    """A 422 for a URL that is not http(s) with a host, or (unless allow_private) whose host is
    or resolves to a loopback, private, link-local or otherwise non-public address. A name that
    does not resolve now passes (a name only the receiver's network resolves, a DNS outage):
    every delivery resolves it again and posts only to an address it checked (pinned)."""
    _scheme, host, port = _parts(url)
    if allow_private:
        return
    addresses = await _addresses(host, port)
    if addresses is not None and any(_refused(a) for a in addresses):
        raise _private(host)


@dataclass(frozen=True)
class Pinned:
    """Where one delivery posts: the URL with its host replaced by an address checked to be
    public, and what keeps the request about the named host (its Host header; for https the
    name TLS sends and verifies the certificate against)."""

    url: str
    headers: dict[str, str]
    extensions: dict[str, Any]


async def pin_url(url: str) -> Pinned:
    """The URL resolved once, every address it resolves to checked, and the request bound to
    the first of them, so a name that answers differently between the check and the connection
    (DNS rebinding) cannot reach a private address. A 422 when any address is private or the
    name does not resolve (the delivery is retried later)."""
    scheme, host, port = _parts(url)
    addresses = await _addresses(host, port)
    if addresses is None:
        raise _refusal(f"host {host!r} does not resolve")
    if any(_refused(a) for a in addresses):
        raise _private(host)
    ip = ipaddress.ip_address(addresses[0].split("%")[0])
    literal = f"[{ip}]" if ip.version == 6 else str(ip)
    parts = urlsplit(url)
    netloc = literal if port is None else f"{literal}:{port}"
    pinned = urlunsplit((scheme, netloc, parts.path, parts.query, parts.fragment))
    host_header = parts.netloc.rsplit("@", 1)[-1]
    extensions: dict[str, Any] = {"sni_hostname": host} if scheme == "https" else {}
    return Pinned(pinned, {"host": host_header}, extensions)


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
