"""A delivery posts only to an address it checked: the name is resolved once per delivery and
the POST is bound to that address (no second lookup a rebinding DNS server could answer with
a private address). The POST itself goes to a recording transport: the receivers these tests
need are public addresses this machine cannot reach."""

import asyncio
import json
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from app.webhooks.delivery import post
from app.webhooks.signing import new_secret

pytestmark = pytest.mark.anyio

PUBLIC, PUBLIC6, LOOPBACK = "93.184.216.34", "2606:4700::1111", "127.0.0.1"
CHANGE = {
    "id": "1",
    "type": "person.created",
    "occurred_at": datetime(2026, 11, 29, tzinfo=UTC),
    "data": json.dumps({"id": "p1"}),
}


def resolver(monkeypatch: pytest.MonkeyPatch, answers: Callable[[int], str | None]) -> list[str]:
    """The running loop's getaddrinfo answers answers(n) at its n-th call (None: no such name);
    returns the names asked for, in order."""
    asked: list[str] = []

    async def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        asked.append(host)
        address = answers(len(asked))
        if address is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", getaddrinfo)
    return asked


def recorder() -> tuple[httpx.AsyncClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    return httpx.AsyncClient(transport=httpx.MockTransport(answer)), seen


async def test_a_rebinding_name_is_posted_to_at_the_address_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # public when checked, loopback for whoever asks next
    asked = resolver(monkeypatch, lambda n: PUBLIC if n == 1 else LOOPBACK)
    http, seen = recorder()
    hook = {"url": "https://hooks.example:8443/in?team=1", "secret": new_secret()}
    attempt = await post(http, hook, CHANGE, allow_private=False)
    assert attempt.ok and attempt.code == 204
    assert asked == ["hooks.example"]  # resolved once
    [request] = seen
    assert (request.url.scheme, request.url.host, request.url.port) == ("https", PUBLIC, 8443)
    assert request.url.raw_path == b"/in?team=1"
    assert request.headers["host"] == "hooks.example:8443"
    assert request.extensions["sni_hostname"] == "hooks.example"  # TLS still names the host
    assert json.loads(request.content)["data"] == {"id": "p1"}


async def test_an_ipv6_answer_and_plain_http(monkeypatch: pytest.MonkeyPatch) -> None:
    resolver(monkeypatch, lambda n: PUBLIC6)
    http, seen = recorder()
    hook = {"url": "http://hooks.example/in", "secret": new_secret()}
    assert (await post(http, hook, CHANGE, allow_private=False)).ok
    [request] = seen
    assert str(request.url) == f"http://[{PUBLIC6}]/in"
    assert request.headers["host"] == "hooks.example"
    assert "sni_hostname" not in request.extensions


@pytest.mark.parametrize(
    ("answers", "error"),
    [
        (lambda n: LOOPBACK, "loopback or private"),  # rebound before the delivery
        (lambda n: None, "does not resolve"),  # no such name (now)
    ],
)
async def test_nothing_is_posted_to_a_private_or_unresolved_name(
    monkeypatch: pytest.MonkeyPatch, answers: Callable[[int], str | None], error: str
) -> None:
    resolver(monkeypatch, answers)
    http, seen = recorder()
    hook = {"url": "https://hooks.example/in", "secret": new_secret()}
    attempt = await post(http, hook, CHANGE, allow_private=False)
    assert not attempt.ok and attempt.code == 0 and error in (attempt.error or "")
    assert seen == []


async def test_private_receivers_allowed_get_the_url_as_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked = resolver(monkeypatch, lambda n: LOOPBACK)
    http, seen = recorder()
    hook = {"url": "http://localhost:9/in", "secret": new_secret()}
    assert (await post(http, hook, CHANGE, allow_private=True)).ok
    assert asked == [] and str(seen[0].url) == "http://localhost:9/in"
