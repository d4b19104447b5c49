"""/docs (Swagger UI) and /redoc (ReDoc) work with no internet: every file they load comes from
relmap itself (../shared/API.md "The map (web app)"). The `page` fixture fails a test on any
console error and on any request off loopback (tests/browser/conftest.py)."""

import re
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from app.config import Settings
from app.main import create_app
from tests.browser.conftest import run_async
from tests.helpers import assert_problem
from tests.processes import ApiProcess

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
NAMED = ("list_people", "warm_intros", "get_account_map")


def _operations(api: ApiProcess) -> list[dict[str, Any]]:
    """Every operation of the served OpenAPI document, with its method and path."""
    spec = httpx.get(f"{api.url}/openapi.json").json()
    return [
        {**operation, "method": method.upper(), "path": path}
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def test_swagger_ui_lists_every_operation_and_runs_one_offline(api: ApiProcess, page: Page):
    operations = _operations(api)
    by_id = {op["operationId"]: op for op in operations}
    assert set(NAMED) <= set(by_id)
    httpx.post(f"{api.url}/v1/people", json={"name": "Ada Lovelace"}).raise_for_status()

    page.goto(f"{api.url}/docs")

    expect(page.locator(".info .title")).to_contain_text("relmap")
    # one block per operation and tag (an operation with two tags is listed under both)
    blocks = page.locator(".opblock")
    expect(blocks).to_have_count(sum(len(op.get("tags") or ["default"]) for op in operations))
    shown = page.eval_on_selector_all(
        ".opblock",
        """blocks => blocks.map(b => [
            b.querySelector('.opblock-summary-method').textContent,
            b.querySelector('.opblock-summary-path').dataset.path,
            b.querySelector('.opblock-summary-operation-id').textContent])""",
    )
    assert {tuple(row) for row in shown} == {
        (op["method"], op["path"], op["operationId"]) for op in operations
    }
    for name in NAMED:
        block = blocks.filter(has=page.locator(".opblock-summary-operation-id", has_text=name))
        expect(block.first.locator(".opblock-summary-description")).to_have_text(
            by_id[name]["summary"]
        )

    # the explorer calls the API it documents, from the same origin
    people = blocks.filter(has=page.get_by_text("list_people", exact=True)).first
    people.locator(".opblock-summary-control").click()
    people.get_by_role("button", name="Try it out").click()
    people.get_by_role("button", name="Execute").click()
    answer = people.locator(".live-responses-table .response")
    expect(answer.locator(".response-col_status")).to_have_text("200")
    expect(answer.locator(".response-col_description")).to_contain_text("Ada Lovelace")


def test_redoc_lists_every_operation_offline(api: ApiProcess, page: Page):
    operations = _operations(api)
    by_id = {op["operationId"]: op for op in operations}

    page.goto(f"{api.url}/redoc")

    expect(page.locator("h1").first).to_have_text(re.compile(r"^relmap"))
    sections = page.locator('[data-section-id^="operation/"]')
    expect(sections.first).to_be_attached()
    shown = sections.evaluate_all("els => els.map(e => e.dataset.sectionId)")
    assert {s.removeprefix("operation/") for s in shown} == set(by_id)
    for name in NAMED:
        heading = page.locator(f'[data-section-id="operation/{name}"] h2').first
        expect(heading).to_have_text(by_id[name]["summary"])
        expect(heading).to_be_visible()
    # the menu leads to an operation
    tag = by_id["warm_intros"]["tags"][0]
    page.locator(f'[data-item-id="tag/{tag}"]').click()
    page.locator(f'[data-item-id="tag/{tag}/operation/warm_intros"]').click()
    expect(page).to_have_url(re.compile(f"#tag/{tag}/operation/warm_intros$"))


ASSET_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


def _references(html: str) -> list[str]:
    """The URLs a docs page loads: scripts, styles, icons and the OpenAPI document."""
    found = re.finditer(r"""(?:src|href|spec-url)="([^"]+)"|url: '([^']+)'""", html)
    return [m.group(1) or m.group(2) for m in found]


def test_docs_pages_load_only_files_relmap_serves(api: ApiProcess):
    with httpx.Client(base_url=api.url) as http:
        for page_path in ("/docs", "/redoc"):
            page = http.get(page_path)
            assert page.status_code == 200
            assert page.headers["content-type"].startswith("text/html")
            assert re.findall(r"https?://[^\s\"'<>)]+", page.text) == []
            urls = _references(page.text)
            assert "/openapi.json" in urls
            assets = [u for u in urls if u != "/openapi.json"]
            assert len(assets) >= 2, page.text  # a script and an icon at least
            for url in assets:
                assert url.startswith("/static/docs/"), url
                _check_asset(http, url)


def _check_asset(http: httpx.Client, url: str) -> None:
    expected = ASSET_TYPES[Path(url).suffix]
    plain = http.get(url, headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200, url
    assert plain.headers["content-type"].startswith(expected), url
    assert "max-age" in plain.headers["cache-control"]
    assert "content-encoding" not in plain.headers
    if expected.startswith("text/"):  # sent compressed to a browser, and the same once unpacked
        packed = http.get(url, headers={"Accept-Encoding": "gzip"})
        assert packed.headers["content-encoding"] == "gzip", url
        assert int(packed.headers["content-length"]) < len(plain.content) / 2
        assert packed.content == plain.content
    # a browser that has it revalidates for no body
    again = http.get(
        url, headers={"Accept-Encoding": "identity", "If-None-Match": plain.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""


def test_docs_without_their_files_say_how_to_install_them(settings: Settings, tmp_path: Path):
    app = create_app(settings.model_copy(update={"relmap_web_dir": tmp_path}))
    paths = ["/docs", "/redoc", "/static/docs/swagger-ui-bundle.js"]

    async def ask() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)  # no lifespan: the docs need no database
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
            return [await http.get(p) for p in [*paths, "/health", "/static/docs/index.html"]]

    *docs, health, unknown = run_async(ask)
    for answer in docs:
        assert "make install" in assert_problem(answer, 503)["detail"]
    assert health.status_code == 200  # the API itself is fine
    assert_problem(unknown, 404)
