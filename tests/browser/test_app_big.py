"""A big drawing (at least BIG = 1,500 elements, web/app/views/graph.js): its elements take no
pointer events so that pan and zoom stay fast, and a click is matched to the node under it.
Drawn from a real neighborhood of 1,601 elements: what is drawn equals the API's answer, a
click on a contact expands it as in a small drawing, and a drag that starts on a node pans the
view without moving the node."""

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_app import click_node, drawn, get, graph_ids, open_view
from tests.processes import ApiProcess

CONTACTS = 800  # the hub's: 801 nodes and 800 edges at depth 1, a big drawing
LEAVES = 5  # the first contact's own contacts, beyond the hub's neighborhood


@pytest.fixture
def hub(api: ApiProcess) -> dict[str, str]:
    people = [{"external_id": "hub", "name": "Hub Team", "is_team": True}]
    people += [{"external_id": f"c{i}", "name": f"Contact {i}"} for i in range(CONTACTS)]
    people += [{"external_id": f"leaf{i}", "name": f"Leaf {i}"} for i in range(LEAVES)]
    knows = [("hub", f"c{i}", 0.2 + 0.7 * (i % 10) / 10) for i in range(CONTACTS)]
    knows += [("c0", f"leaf{i}", 0.5) for i in range(LEAVES)]
    rows: dict[str, Any] = {
        "people": people,
        "relationships": [
            {"type": "KNOWS", "source_external_id": a, "target_external_id": b, "strength": s}
            for a, b, s in knows
        ],
    }
    ids: dict[str, str] = {}
    with httpx.Client(base_url=api.url, timeout=120) as http:
        summary = http.post("/v1/import", json=rows)
        assert summary.status_code == 200 and not summary.json()["errors"], summary.text
        for ext in ("hub", "c0", "c1"):
            found = http.get("/v1/people", params={"external_id": ext}).json()["items"]
            ids[ext] = found[0]["id"]
    return ids


def test_a_big_drawing_equals_the_api_and_a_click_expands_a_node(
    api: ApiProcess, hub: dict[str, str], page: Page
) -> None:
    view = open_view(page, api, f"person/{hub['hub']}?depth=1&limit=1000")
    first = get(api, f"/v1/people/{hub['hub']}/neighborhood", depth=1, limit=1000)
    assert len(first["nodes"]) + len(first["edges"]) == 2 * CONTACTS + 1 >= 1500
    assert (set(view["nodes"]), set(view["edges"])) == graph_ids([first])

    click_node(page, hub["c0"])
    expect(page.locator("#status")).to_contain_text("Contact 0")
    view = drawn(page)
    c0 = get(api, f"/v1/people/{hub['c0']}/neighborhood", depth=1, limit=1000)
    assert len(c0["nodes"]) == LEAVES + 2  # c0, the hub and the leaves
    assert (set(view["nodes"]), set(view["edges"])) == graph_ids([first, c0])


def test_a_drag_that_starts_on_a_node_pans_and_leaves_the_node_in_place(
    api: ApiProcess, hub: dict[str, str], page: Page
) -> None:
    open_view(page, api, f"person/{hub['hub']}?depth=1&limit=1000")

    def at(node: str) -> dict[str, float]:
        where: dict[str, float] | None = page.evaluate("id => window.relmapPosition(id)", node)
        assert where is not None, f"{node} is not drawn"
        return where

    start, root = at(hub["c1"]), at(hub["hub"])
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move(start["x"] + 120, start["y"] + 60, steps=8)
    page.mouse.up()
    # the whole view moved by the drag (the root too): the node was not dragged off the rest
    for node, before in ((hub["c1"], start), (hub["hub"], root)):
        after = at(node)
        assert after["x"] == pytest.approx(before["x"] + 120, abs=2)
        assert after["y"] == pytest.approx(before["y"] + 60, abs=2)
