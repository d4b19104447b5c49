"""The map (../shared/API.md "The map (web app)"): each view, opened by its deep link in real
Chromium, draws exactly what the API answers for it (the test asks the API the same question
and compares ids), and the clicks a user makes (expand a node, distinct introducers, log an
interaction) change the drawing to the API's new answer. The `page` fixture fails a test on
any console error or request off loopback and keeps a screenshot of each in .artifacts/browser/.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from app.config import Settings
from app.main import create_app
from tests.browser.app_data import Network, load
from tests.browser.conftest import ARTIFACTS, TIMEOUT_MS, VIEWPORT, run_async
from tests.helpers import assert_problem
from tests.neo4j_server import Server
from tests.processes import ApiProcess, start_api

TOLERANCE = 1e-6  # strengths decay between two reads a moment apart


@pytest.fixture
def net(api: ApiProcess) -> Network:
    return load(api.url)


def open_view(page: Page, api: ApiProcess, hash_: str) -> dict[str, Any]:
    page.goto(f"{api.url}/app#/{hash_}")
    return drawn(page)


def drawn(page: Page) -> dict[str, Any]:
    """What the view of the address now shown says it drew, once it has settled (relmapView
    is null until then: a hashchange just made may not have reached the page's view yet)."""
    view: dict[str, Any] = page.wait_for_function("window.relmapView()").json_value()
    assert page.evaluate("document.body.dataset.error") is None
    return view


def ids(items: list[dict[str, Any]]) -> set[str]:
    return {item["id"] for item in items}


def graph_ids(graphs: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
    nodes: set[str] = set()
    edges: set[str] = set()
    for graph in graphs:
        nodes |= ids(graph["nodes"])
        edges |= ids(graph["edges"])
    return nodes, edges


def get(api: ApiProcess, path: str, **params: Any) -> dict[str, Any]:
    answer = httpx.get(f"{api.url}{path}", params=params, timeout=30)
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    return data


def click_node(page: Page, node_id: str) -> None:
    at = page.evaluate("id => window.relmapPosition(id)", node_id)
    assert at is not None, f"{node_id} is not drawn"
    page.mouse.click(at["x"], at["y"])


def test_the_app_is_served_by_relmap_outside_the_api(api: ApiProcess) -> None:
    with httpx.Client(base_url=api.url) as http:
        home = http.get("/", follow_redirects=False)
        assert home.status_code == 307 and home.headers["location"] == "/app"
        page = http.get("/app", params={"any": "thing"})  # not an API route: no 422
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert 'src="/app/app.js"' in page.text and "https://" not in page.text
        spec = http.get("/openapi.json").json()
        assert not [p for p in spec["paths"] if p == "/" or p.startswith("/app")]
        for url, kind in (
            ("/app/vendor/cytoscape.mjs", "text/javascript"),
            ("/app/app.js", "text/javascript"),
            ("/app/style.css", "text/css"),
        ):
            plain = http.get(url, headers={"Accept-Encoding": "identity"})
            assert plain.status_code == 200 and plain.headers["content-type"].startswith(kind)
            packed = http.get(url, headers={"Accept-Encoding": "gzip"})
            assert packed.headers["content-encoding"] == "gzip" and packed.content == plain.content
            for sent in (plain, packed):  # each encoding has its own tag
                tag, encoding = sent.headers["etag"], sent.headers.get("content-encoding")
                headers = {"If-None-Match": tag, "Accept-Encoding": encoding or "identity"}
                again = http.get(url, headers=headers)
                assert again.status_code == 304 and again.content == b""
        assert b'lf.version="3.35.0"' in http.get("/app/vendor/cytoscape.mjs").content
        assert "max-age" in http.get("/app/vendor/cytoscape.mjs").headers["cache-control"]
        for missing in (
            "/app/nothing.js",
            "/app/../README.md",
            "/app/vendor/other.js",
            "/app/x.py",
        ):
            assert_problem(http.get(missing), 404)


def test_the_app_without_its_files_says_how_to_install_them(
    settings: Settings, tmp_path: Path
) -> None:
    app = create_app(settings.model_copy(update={"relmap_web_dir": tmp_path}))
    paths = ("/app", "/app/vendor/cytoscape.mjs")

    async def ask() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)  # no lifespan: the files need no database
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
            return [await http.get(p) for p in paths]

    for answer in run_async(ask):
        assert "make install" in assert_problem(answer, 503)["detail"]


def test_search_lists_what_the_api_finds(api: ApiProcess, net: Network, page: Page) -> None:
    view = open_view(page, api, "search?q=team")
    people = get(api, "/v1/people", q="team", limit=25)["items"]
    companies = get(api, "/v1/companies", q="team", limit=25)["items"]
    assert view["view"] == "search"
    assert set(view["nodes"]) == ids(people) | ids(companies) == {net["sam"], net["tess"]}
    # a result leads to that person's map
    page.get_by_role("link", name="Tess Team").click()
    view = drawn(page)
    assert view["view"] == "person" and net["tess"] in view["nodes"]


def test_person_view_draws_the_neighborhood_and_a_click_expands_it(
    api: ApiProcess, net: Network, page: Page
) -> None:
    view = open_view(page, api, f"person/{net['sam']}?depth=1")
    first = get(api, f"/v1/people/{net['sam']}/neighborhood", depth=1, limit=200)
    assert view["view"] == "person"
    assert (set(view["nodes"]), set(view["edges"])) == graph_ids([first])
    for edge in first["edges"]:  # width by strength
        assert view["strength"][edge["id"]] == pytest.approx(edge["strength"], abs=TOLERANCE)
    widths = sorted((e["strength"], view["width"][e["id"]]) for e in first["edges"])
    assert [w for _, w in widths] == sorted(w for _, w in widths) and widths[0][1] < widths[-1][1]
    expect(page.locator("#title")).to_have_text("Sam Team")

    click_node(page, net["frank"])
    view = drawn(page)
    frank = get(api, f"/v1/people/{net['frank']}/neighborhood", depth=1, limit=200)
    assert (set(view["nodes"]), set(view["edges"])) == graph_ids([first, frank])
    assert net["bob"] in view["nodes"] and net["bob"] not in ids(first["nodes"])
    expect(page.locator("#status")).to_contain_text("Frank Friend")


def test_neighborhood_controls_are_in_the_url(api: ApiProcess, net: Network, page: Page) -> None:
    view = open_view(page, api, f"company/{net['acme']}?depth=2&types=WORKS_AT,REPORTS_TO")
    answer = get(
        api,
        f"/v1/companies/{net['acme']}/neighborhood",
        depth=2,
        types="WORKS_AT,REPORTS_TO",
        limit=200,
    )
    assert (set(view["nodes"]), set(view["edges"])) == graph_ids([answer])
    page.locator("#controls select[name=depth]").select_option("1")
    view = drawn(page)
    answer = get(
        api,
        f"/v1/companies/{net['acme']}/neighborhood",
        depth=1,
        types="WORKS_AT,REPORTS_TO",
        limit=200,
    )
    assert (set(view["nodes"]), set(view["edges"])) == graph_ids([answer])
    assert "depth=1" in page.url


def test_logging_an_interaction_changes_the_drawn_strength(
    api: ApiProcess, net: Network, page: Page
) -> None:
    hood = f"/v1/people/{net['heidi']}/neighborhood"
    before = get(api, hood, depth=1, limit=200)
    (tie,) = [
        e for e in before["edges"] if {e["source"], e["target"]} == {net["heidi"], net["tess"]}
    ]
    view = open_view(page, api, f"person/{net['heidi']}?depth=1")
    assert view["strength"][tie["id"]] == pytest.approx(tie["strength"], abs=TOLERANCE)
    width_before = view["width"][tie["id"]]

    form = page.get_by_role("form", name="Log an interaction")
    form.get_by_label("With").select_option(label="Tess Team")
    form.get_by_label("Kind").select_option("meeting")
    form.get_by_label("Summary").fill("coffee")
    form.get_by_role("button", name="Log it").click()
    expect(form.locator(".result")).to_contain_text("Logged a meeting with Tess Team")
    view = drawn(page)

    after = get(api, hood, depth=1, limit=200)
    (now,) = [e for e in after["edges"] if e["id"] == tie["id"]]
    assert now["strength"] > tie["strength"] + 0.05
    assert view["strength"][tie["id"]] == pytest.approx(now["strength"], abs=TOLERANCE)
    assert view["width"][tie["id"]] > width_before
    assert (set(view["nodes"]), set(view["edges"])) == graph_ids([after])
    expect(page.locator(".timeline")).to_contain_text("meeting: coffee")


def paths(answer: dict[str, Any]) -> list[list[str]]:
    """The edge ids of each path, in order."""
    return [[edge["id"] for edge in path["edges"]] for path in answer["paths"]]


def _intro_ids(answer: dict[str, Any]) -> tuple[set[str], set[str]]:
    nodes, edges = graph_ids(answer["paths"])
    return nodes | {answer["target"]["id"]}, edges


def test_intros_draws_the_paths_and_distinct_introducers(
    api: ApiProcess, net: Network, page: Page
) -> None:
    best = httpx.post(
        f"{api.url}/v1/intros", json={"target_id": net["acme"], "max_hops": 4, "limit": 5}
    ).json()
    distinct = httpx.post(
        f"{api.url}/v1/intros",
        json={"target_id": net["acme"], "max_hops": 4, "limit": 5, "distinct_introducers": True},
    ).json()
    assert paths(best) != paths(distinct)  # the data makes the toggle visible

    view = open_view(page, api, f"intros/{net['acme']}")
    assert (set(view["nodes"]), set(view["edges"])) == _intro_ids(best)
    assert view["paths"] == paths(best)
    listed = page.locator("ol.paths > li")
    expect(listed).to_have_count(len(best["paths"]))
    top = best["paths"][0]
    expect(listed.first).to_contain_text(f"score {top['score']:.3f}")
    expect(listed.first).to_contain_text(f"introducer {top['introducer']['name']}")
    expect(listed.first.locator(".weakest")).to_contain_text(
        f"{top['weakest_link']['strength']:.2f}"
    )

    page.get_by_label("Distinct introducers").check()
    view = drawn(page)
    assert view["paths"] == paths(distinct)
    assert (set(view["nodes"]), set(view["edges"])) == _intro_ids(distinct)
    expect(listed).to_have_count(len(distinct["paths"]))
    assert "distinct=1" in page.url


def test_account_map_draws_the_org_chart_top_down(
    api: ApiProcess, net: Network, page: Page
) -> None:
    answer = get(api, f"/v1/companies/{net['acme']}/account-map")
    view = open_view(page, api, f"account/{net['acme']}")
    assert set(view["nodes"]) == {p["person"]["id"] for p in answer["people"]}
    assert set(view["edges"]) == ids(answer["reports_to"]) | ids(answer["influences"])
    # managers above their reports
    y = {
        n: page.evaluate("id => window.relmapPosition(id).y", net[n])
        for n in ("alice", "bob", "carol")
    }
    assert y["alice"] < y["bob"] < y["carol"]
    coverage = answer["coverage"]
    expect(page.locator('[data-field="reachable"]')).to_have_text(
        f"{coverage['reachable']} of {coverage['people']}"
    )
    for person in answer["people"]:
        row = page.locator(f'.people li[data-id="{person["person"]["id"]}"]')
        best = person["best_intro"]
        text = " > ".join(n["name"] for n in best["nodes"]) if best else "no warm path"
        expect(row.locator(".intro")).to_contain_text(text)


def test_event_priorities(api: ApiProcess, net: Network, page: Page) -> None:
    answer = get(
        api,
        f"/v1/events/{net['summit']}/priorities",
        relative_to="client,vendor,competitor",
        limit=50,
    )
    view = open_view(page, api, f"event/{net['summit']}")
    reasons = [r for row in answer["items"] for r in row["reasons"]]
    nodes, edges = graph_ids(reasons)
    assert set(view["nodes"]) == nodes | {row["person"]["id"] for row in answer["items"]}
    assert set(view["edges"]) == edges and edges
    ranked = page.locator("ol.priorities > li")
    expect(ranked.first).to_contain_text(answer["items"][0]["person"]["name"])
    expect(ranked).to_have_count(len(answer["items"]))


def test_segments(api: ApiProcess, net: Network, page: Page) -> None:
    view = open_view(page, api, "segments")
    answer = get(api, "/v1/segments", algorithm="louvain", min_size=2, limit=50)
    assert answer["items"]
    members = {m["id"] for s in answer["items"] for m in s["members"]}
    assert set(view["nodes"]) == ids(answer["items"]) | members
    assert view["edges"] == []
    expect(page.locator("ol.segments > li")).to_have_count(len(answer["items"]))


def test_cooling(api: ApiProcess, net: Network, page: Page) -> None:
    view = open_view(page, api, "cooling")
    rows = get(api, "/v1/relationships/cooling", inactive_days=90, min_strength=0.4, limit=50)[
        "items"
    ]
    assert [{r["source_id"], r["target_id"]} for r in rows] == [{net["tess"], net["heidi"]}]
    assert set(view["edges"]) == ids(rows)
    assert set(view["nodes"]) == {r["source_id"] for r in rows} | {r["target_id"] for r in rows}
    expect(page.locator("ol.cooling > li")).to_contain_text("Heidi Host")


@pytest.fixture(scope="module")
def keyed_api(neo4j: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiProcess]:
    api = start_api(
        neo4j, tmp_path_factory.mktemp("keyed-api"), "keyed", RELMAP_API_KEYS="sesame:read"
    )
    try:
        yield api
    finally:
        api.stop()


def test_the_key_is_asked_for_on_401_and_kept(keyed_api: ApiProcess, browser: Browser) -> None:
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # the browser itself logs each 401 the page is meant to get; anything else is a bug
        if message.type == "error" and "status of 401" not in message.text:
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    sent: list[str | None] = []
    page.on(
        "request", lambda r: sent.append(r.headers.get("x-api-key")) if "/v1/" in r.url else None
    )
    try:
        page.goto(f"{keyed_api.url}/app#/search")
        dialog = page.locator("#key-dialog")
        expect(dialog).to_be_visible()
        dialog.get_by_label("Key").fill("sesame")
        dialog.get_by_role("button", name="Use this key").click()
        page.wait_for_selector('body[data-ready="1"]')
        assert page.evaluate("window.relmapView().view") == "search"
        assert page.evaluate("localStorage.getItem('relmap.apiKey')") == "sesame"
        assert sent[0] is None and sent[-1] == "sesame"
        page.reload()  # kept: not asked again
        page.wait_for_selector('body[data-ready="1"]')
        expect(dialog).not_to_be_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / "test_app.test_the_key_is_asked_for_on_401_and_kept.png")
    finally:
        context.close()
    assert errors == []
