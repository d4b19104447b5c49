"""The browser harness itself (tests/browser/conftest.py): what a page tries to fetch off
loopback is blocked and reported, and so are console errors and uncaught errors, so that a
browser test that passes proves its page works offline and cleanly."""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import WATCH
from tests.processes import ApiProcess

OUTSIDE = "https://cdn.example.com/lib.js"


def test_requests_off_loopback_and_errors_are_blocked_and_reported(
    api: ApiProcess, page: Page, request: pytest.FixtureRequest
):
    page.goto(f"{api.url}/health")
    fetched = page.evaluate("url => fetch(url).then(() => 'loaded', () => 'blocked')", OUTSIDE)
    page.evaluate("console.error('drawn wrong')")
    page.evaluate("setTimeout(() => { throw new Error('nobody caught this') })")
    page.wait_for_timeout(100)

    watch = request.node.stash[WATCH]
    found = watch.problems()
    assert fetched == "blocked"
    assert f"request off loopback (blocked): GET {OUTSIDE}" in found
    assert any(p.startswith("console error: drawn wrong") for p in found)
    assert any(p.startswith("page error:") and "nobody caught this" in p for p in found)
    # provoked on purpose: cleared, or the harness would fail this test as it should any other
    watch.outside.clear()
    watch.errors.clear()
