"""The intros view's batch mode (../shared/API.md "Targeting" and "The map (web app)"):
`/app#/intros/tag:<tag>` and `/app#/intros/<id>,<id>` ask POST /v1/intros/batch once, list the
targets in the API's order (an unreachable one as such), draw the union of every target's paths
(and every target), light one target's paths on a click without changing what is drawn, and
re-draw to the API's distinct answer when "Distinct introducers" is checked. The test asks the
API the same question and compares ids, in real Chromium (the `page` fixture fails a test on any
console error or request off loopback and keeps a screenshot in .artifacts/browser/).
"""

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.app_data import Network, load
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_app import drawn, graph_ids, open_view
from tests.processes import ApiProcess

# Besides Acme (a prospect both team members reach: Sam through Frank, Tess through Grace), two
# more prospects: Initech, which Tess reaches through Lou, and Hooli, which Sam reaches through
# Frank and Hank; and Umbrella, a prospect nobody on the team reaches.
PROSPECTS = [
    ("initech", "Initech", "kim", "Kim Buyer", "decision_maker"),
    ("hooli", "Hooli", "hank", "Hank Head", "champion"),
    ("umbrella", "Umbrella", "uma", "Uma Alone", "decision_maker"),
]
KNOWS = [
    ("tess", "lou", 0.9),
    ("lou", "kim", 0.85),
    ("frank", "hank", 0.5),
]


@pytest.fixture
def net(api: ApiProcess) -> Network:
    net = load(api.url)
    rows: dict[str, list[dict[str, Any]]] = {
        "people": [{"external_id": "lou", "name": "Lou Link"}]
        + [{"external_id": p, "name": name} for _, _, p, name, _ in PROSPECTS],
        "companies": [
            {"external_id": c, "name": name, "domain": f"{c}.test", "tags": ["prospect"]}
            for c, name, _, _, _ in PROSPECTS
        ],
        "relationships": [
            {
                "type": "WORKS_AT",
                "source_external_id": p,
                "target_external_id": c,
                "properties": {"role": role, "current": True},
            }
            for c, _, p, _, role in PROSPECTS
        ]
        + [
            {"type": "KNOWS", "source_external_id": a, "target_external_id": b, "strength": s}
            for a, b, s in KNOWS
        ],
    }
    with httpx.Client(base_url=api.url, timeout=60) as http:
        summary = http.post("/v1/import", json=rows)
        assert summary.status_code == 200 and not summary.json()["errors"], summary.text
        for path in ("/v1/people", "/v1/companies"):
            for item in http.get(path, params={"limit": 200}).json()["items"]:
                net.ids[item["external_id"]] = item["id"]
    return net


def batch(api: ApiProcess, **body: Any) -> list[dict[str, Any]]:
    """What the view asks for by default, with `body` on top."""
    sent = {"max_hops": 4, "limit": 5, "distinct_introducers": False, **body}
    answer = httpx.post(f"{api.url}/v1/intros/batch", json=sent, timeout=60)
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


def union(results: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """Every target, and the nodes and edges of every path."""
    nodes, edges = graph_ids([path for result in results for path in result["paths"]])
    return nodes | {result["target"]["id"] for result in results}, edges


def edge_paths(results: list[dict[str, Any]]) -> dict[str, list[list[str]]]:
    return {r["target"]["id"]: [[e["id"] for e in p["edges"]] for p in r["paths"]] for r in results}


def check_list(page: Page, results: list[dict[str, Any]]) -> None:
    """The targets listed in the API's order, each with its best path or none."""
    listed = page.locator("ol.targets > li")
    expect(listed).to_have_count(len(results))
    order = listed.evaluate_all("items => items.map(item => item.dataset.id)")
    assert order == [r["target"]["id"] for r in results]
    for i, result in enumerate(results):
        row = listed.nth(i)
        expect(row).to_contain_text(f"#{i + 1} {result['target']['name']}")
        if not result["paths"]:
            expect(row).to_contain_text("no warm path")
            continue
        best = result["paths"][0]
        expect(row).to_contain_text(f"score {best['score']:.3f}, {best['hops']} hop")
        if best["introducer"]:
            expect(row).to_contain_text(f"introducer {best['introducer']['name']}")


def test_a_tag_lists_its_companies_best_first_and_draws_every_path(
    api: ApiProcess, net: Network, page: Page
) -> None:
    best = batch(api, tag="prospect")
    distinct = batch(api, tag="prospect", distinct_introducers=True)
    names = [r["target"]["name"] for r in best]
    assert sorted(names) == ["Acme", "Hooli", "Initech", "Umbrella"]
    assert names[-1] == "Umbrella" and best[-1]["paths"] == []  # unreachable, listed last
    introducers = {r["paths"][0]["nodes"][0]["id"] for r in best if r["paths"]}
    assert introducers == {net["sam"], net["tess"]}  # reached through different team members
    assert edge_paths(best) != edge_paths(distinct)  # the data makes the toggle visible

    view = open_view(page, api, "intros/tag:prospect")
    assert view["view"] == "intros"
    assert (set(view["nodes"]), set(view["edges"])) == union(best)
    assert view["targets"] == [r["target"]["id"] for r in best]
    assert view["paths"] == edge_paths(best)
    assert view["selected"] is None and view["highlighted"] is None
    check_list(page, best)
    expect(page.locator("#title")).to_have_text("Warm intros to the companies tagged prospect")

    # a click lights that target's paths; the drawing (and what relmapView reports) stays whole
    acme = next(r for r in best if r["target"]["id"] == net["acme"])
    row = page.locator(f'ol.targets > li[data-id="{net["acme"]}"]')
    row.click()
    expect(row).to_have_attribute("aria-pressed", "true")
    view = drawn(page)
    assert (set(view["nodes"]), set(view["edges"])) == union(best)
    lit_nodes, lit_edges = union([acme])
    assert view["selected"] == net["acme"]
    assert (set(view["highlighted"]["nodes"]), set(view["highlighted"]["edges"])) == (
        lit_nodes,
        lit_edges,
    )
    expect(page.locator("section.detail ol.paths > li")).to_have_count(len(acme["paths"]))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "test_app_batch.one_target_lit.png")
    row.click()  # again: nothing lit
    expect(row).to_have_attribute("aria-pressed", "false")
    assert drawn(page)["highlighted"] is None

    page.get_by_label("Distinct introducers").check()
    page.wait_for_url("**/app#/intros/tag:prospect?*distinct=1*")
    view = drawn(page)
    assert (set(view["nodes"]), set(view["edges"])) == union(distinct)
    assert view["paths"] == edge_paths(distinct)
    check_list(page, distinct)


def test_several_ids_are_one_batch(api: ApiProcess, net: Network, page: Page) -> None:
    pair = [net["uma"], net["alice"]]
    best = batch(api, target_ids=pair)
    assert [r["target"]["id"] for r in best] == [net["alice"], net["uma"]]  # best first
    view = open_view(page, api, f"intros/{','.join(pair)}")
    assert (set(view["nodes"]), set(view["edges"])) == union(best)
    assert view["targets"] == [net["alice"], net["uma"]]
    check_list(page, best)
    unreached = page.locator(f'ol.targets > li[data-id="{net["uma"]}"]')
    expect(unreached).to_contain_text("no warm path")

    page.get_by_label("Distinct introducers").check()
    page.wait_for_url(f"**/app#/intros/{','.join(pair)}?*distinct=1*")
    view = drawn(page)
    distinct = batch(api, target_ids=pair, distinct_introducers=True)
    assert (set(view["nodes"]), set(view["edges"])) == union(distinct)
    assert view["paths"] == edge_paths(distinct)


def test_roles_are_in_the_url_and_one_id_is_the_single_view(
    api: ApiProcess, net: Network, page: Page
) -> None:
    roles = ["decision_maker", "champion"]
    best = batch(api, tag="prospect", roles=roles, limit=2)
    view = open_view(page, api, "intros/tag:prospect?roles=decision_maker,champion&limit=2")
    assert (set(view["nodes"]), set(view["edges"])) == union(best)
    assert view["paths"] == edge_paths(best)
    check_list(page, best)
    for role in roles:
        expect(page.get_by_role("checkbox", name=role.replace("_", " "))).to_be_checked()

    page.goto("about:blank")  # a load of its own, not a hash change
    view = open_view(page, api, "intros/tag:nobody")
    assert batch(api, tag="nobody") == [] and (view["nodes"], view["edges"]) == ([], [])
    expect(page.locator("#panel")).to_contain_text("No company is tagged nobody.")

    page.goto("about:blank")
    view = open_view(page, api, f"intros/{net['initech']}")  # one id: POST /v1/intros
    single = httpx.post(
        f"{api.url}/v1/intros", json={"target_id": net["initech"], "max_hops": 4, "limit": 5}
    ).json()
    assert "targets" not in view
    assert view["paths"] == [[e["id"] for e in p["edges"]] for p in single["paths"]]
    expect(page.locator("ol.paths > li")).to_have_count(len(single["paths"]))
