"""Browser tests: a real API process on loopback and Debian's headless Chromium (installed by
scripts/browser.sh, which `make test` runs) driven by Playwright's sync API.

`page` fails its test on any console error or uncaught page error, and on any request that
leaves loopback: such requests are blocked and listed, so a passing test proves the page works
offline. Each test leaves a screenshot of its last state in .artifacts/browser/<test>.png.

    def test_something(api: ApiProcess, page: Page) -> None:
        page.goto(f"{api.url}/app")
        expect(page.locator("...")).to_be_visible()

Playwright's sync API keeps an asyncio loop marked running in the main thread while it is
started, so a browser test (or any test in this package) runs async code with `run_async`,
in a thread of its own, not as an anyio test.
"""

import asyncio
import re
from collections.abc import Callable, Coroutine, Generator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    Route,
    expect,
    sync_playwright,
)

from app.config import Settings
from app.db.database import Database
from app.db.queries import QueryRegistry
from tests.neo4j_server import ROOT, Server
from tests.processes import ApiProcess, start_api

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / ".artifacts" / "browser"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"data", "blob", "about"}
TIMEOUT_MS = 20_000  # generous: the machine may be running other suites at once
VIEWPORT = {"width": 1280, "height": 900}
expect.set_options(timeout=TIMEOUT_MS)
T = TypeVar("T")


def run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to its end in a thread with its own event loop."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(make())).result()


@dataclass
class Watch:
    """What went wrong in a page: console errors, page errors, requests off loopback."""

    page: Page
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url")
            self.errors.append(f"console error: {message.text}" + (f" ({where})" if where else ""))

    def on_page_error(self, error: Exception) -> None:
        self.errors.append(f"page error: {error}")

    def route(self, route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in LOCAL_SCHEMES or url.hostname in LOOPBACK:
            route.continue_()
        else:
            self.outside.append(f"{route.request.method} {route.request.url}")
            route.abort("blockedbyclient")

    def problems(self) -> list[str]:
        if not self.page.is_closed():
            try:  # a round trip, so that events the page sent before it have been handled
                self.page.evaluate("0")
            except Exception as exc:  # noqa: BLE001 - a crashed page is itself the problem
                self.errors.append(f"the page does not answer: {exc}")
        blocked = [f"request off loopback (blocked): {r}" for r in self.outside]
        return blocked + self.errors


WATCH = pytest.StashKey[Watch]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """A test whose page logged an error or tried to leave loopback fails, even when its own
    assertions held (and a test that failed anyway reports them beside its own failure)."""
    try:
        result = yield
    except BaseException:
        watch = item.stash.get(WATCH, None)
        if watch is not None and (found := watch.problems()):
            item.add_report_section("call", "browser", "\n".join(found))
        raise
    watch = item.stash.get(WATCH, None)
    if watch is not None and (found := watch.problems()):
        pytest.fail("the page went wrong:\n  " + "\n  ".join(found), pytrace=False)
    return result


@pytest.fixture(scope="package")
def browser_api(neo4j: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiProcess]:
    """One uvicorn process (auth off) for the browser tests, against the test Neo4j."""
    api = start_api(neo4j, tmp_path_factory.mktemp("browser-api"), "api")
    try:
        yield api
    finally:
        api.stop()


@pytest.fixture
def api(browser_api: ApiProcess, settings: Settings) -> ApiProcess:
    """The browser tests' API process, its database wiped before the test."""

    async def wipe() -> None:
        db = Database.connect(settings, QueryRegistry.load())
        try:
            await db.wipe()
        finally:
            await db.close()

    run_async(wipe)
    return browser_api


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/browser.sh (make test runs it)")
    # Debian's Chromium, never a Playwright browser download (there is none to fetch here)
    chromium = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=["--disable-dev-shm-usage"]
    )
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page (own context: no cookies, storage or cache from other tests), watched."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    watch = Watch(tab)
    context.route("**/*", watch.route)
    tab.on("console", watch.on_console)
    tab.on("pageerror", watch.on_page_error)
    request.node.stash[WATCH] = watch
    try:
        yield tab
    finally:
        try:
            if not tab.is_closed():
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                tab.screenshot(path=ARTIFACTS / f"{_file_name(request.node.nodeid)}.png")
        finally:
            context.close()


def _file_name(node_id: str) -> str:
    """tests/browser/test_docs.py::test_x[a] -> test_docs.test_x-a-"""
    name = node_id.removeprefix("tests/browser/").replace(".py::", ".")
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name)
