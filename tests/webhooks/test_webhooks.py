"""The webhook resource: create, read, change and delete; where it may point."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.anyio


@pytest.fixture
async def http(make_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = make_app(relmap_webhooks_deliver=False)
    async with app.router.lifespan_context(app):
        await app.state.db.wipe()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as c:
            yield c


@pytest.fixture
async def local(make_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = make_app(relmap_webhooks_deliver=False, relmap_webhooks_allow_private=True)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as c:
            yield c


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest",
        "http://[::1]/hook",
        "http://0.0.0.0/hook",
        "ftp://example.com/hook",
        "not a url",
    ],
)
async def test_private_and_odd_urls_are_refused(http: httpx.AsyncClient, url: str) -> None:
    answer = await http.post("/v1/webhooks", json={"url": url, "events": ["*"]})
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["loc"] == ["body", "url"]


async def test_allowed_when_private_receivers_are_allowed(local: httpx.AsyncClient) -> None:
    answer = await local.post(
        "/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", "events": ["relationship.*"]}
    )
    assert answer.status_code == 201
    await local.delete(f"/v1/webhooks/{answer.json()['id']}")


async def test_crud_with_etags(local: httpx.AsyncClient) -> None:
    secret = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    made = await local.post(
        "/v1/webhooks",
        json={"url": "http://127.0.0.1:9/a", "events": ["person.created"], "secret": secret},
    )
    assert made.status_code == 201
    hook = made.json()
    assert hook["secret"] == secret and hook["events"] == ["person.created"]
    got = await local.get(f"/v1/webhooks/{hook['id']}")
    tag = got.headers["ETag"]
    assert (
        await local.get(f"/v1/webhooks/{hook['id']}", headers={"If-None-Match": tag})
    ).status_code == 304
    changed = await local.patch(
        f"/v1/webhooks/{hook['id']}", json={"events": ["person.*"]}, headers={"If-Match": tag}
    )
    assert changed.status_code == 200 and changed.json()["events"] == ["person.*"]
    stale = await local.patch(
        f"/v1/webhooks/{hook['id']}", json={"secret": None}, headers={"If-Match": tag}
    )
    assert stale.status_code == 412
    rotated = await local.patch(f"/v1/webhooks/{hook['id']}", json={"secret": None})
    assert rotated.json()["secret"].startswith("whsec_") and rotated.json()["secret"] != secret
    assert (
        await local.delete(f"/v1/webhooks/{hook['id']}", headers={"If-Match": tag})
    ).status_code == 412
    assert (await local.delete(f"/v1/webhooks/{hook['id']}")).status_code == 204
    assert (await local.get(f"/v1/webhooks/{hook['id']}")).status_code == 404
    assert (await local.get(f"/v1/webhooks/{hook['id']}/deliveries")).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"url": "http://127.0.0.1:9/a", "events": ["person.exploded"]},
        {"url": "http://127.0.0.1:9/a", "events": ["nothing.*"]},
        {"url": "http://127.0.0.1:9/a", "events": []},
        {"url": "http://127.0.0.1:9/a", "events": ["*"], "secret": "plain"},
        {"url": "http://127.0.0.1:9/a", "events": ["*"], "secret": "whsec_c2hvcnQ="},
    ],
)
async def test_bad_events_and_secrets_are_422(local: httpx.AsyncClient, body: Any) -> None:
    assert (await local.post("/v1/webhooks", json=body)).status_code == 422
