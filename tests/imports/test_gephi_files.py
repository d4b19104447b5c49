"""Files as Gephi saves them import (tests/imports/fixtures/, hand-made after Gephi's output):
GEXF 1.1, 1.2 and 1.3 with viz elements and typed attributes (including types networkx has
no reader for), GraphML with Gephi's drawing keys, directed and undirected."""

from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.anyio

FIXTURES = Path(__file__).parent / "fixtures"
TYPES = {"gexf": "application/gexf+xml", "graphml": "application/graphml+xml"}


async def send(client: httpx.AsyncClient, name: str) -> dict[str, Any]:
    content = (FIXTURES / name).read_bytes()
    kind = name.rsplit(".", 1)[1]
    response = await client.post(
        "/v1/import", content=content, headers={"Content-Type": TYPES[kind]}
    )
    assert response.status_code == 200, response.text
    summary: dict[str, Any] = response.json()
    assert summary["errors"] == [], summary["errors"]
    return summary


async def graph(client: httpx.AsyncClient) -> tuple[dict, dict, list[tuple[str, str, str, dict]]]:
    people = {p["external_id"]: p for p in (await client.get("/v1/people")).json()["items"]}
    companies = {c["external_id"]: c for c in (await client.get("/v1/companies")).json()["items"]}
    by_id = {n["id"]: k for k, n in {**people, **companies}.items()}
    edges = [
        (r["type"], by_id[r["source_id"]], by_id[r["target_id"]], r)
        for r in (await client.get("/v1/relationships")).json()["items"]
    ]
    return people, companies, edges


async def test_gexf_1_1_with_viz(client: httpx.AsyncClient) -> None:
    summary = await send(client, "gephi-1.1.gexf")
    assert summary["created"]["people"] == 2 and summary["created"]["companies"] == 1
    people, companies, edges = await graph(client)
    assert people["g11-ada"]["name"] == "Ada Lovelace"
    assert people["g11-ada"]["tags"] == ["vip", "uk"] and people["g11-ada"]["is_team"] is True
    assert people["g11-ada"]["attributes"] == {}  # viz is drawing, not data
    assert companies["g11-acme"]["name"] == "Acme"
    assert {(t, s, d) for t, s, d, _ in edges} == {
        ("KNOWS", "g11-ada", "g11-bob"),
        ("WORKS_AT", "g11-ada", "g11-acme"),
    }
    knows = next(r for t, _, _, r in edges if t == "KNOWS")
    assert knows["strength"] == pytest.approx(0.7) and knows["strength_source"] == "manual"


async def test_gexf_1_2_with_typed_attributes_and_flat_works_at(
    client: httpx.AsyncClient,
) -> None:
    """Gephi 0.8 wrote the 1.1draft viz namespace into 1.2draft files; its statistics columns
    (Modularity Class, PageRank) are kept as attributes."""
    await send(client, "gephi-1.2.gexf")
    people, companies, edges = await graph(client)
    assert set(people) == {"g12-ada", "g12-cy"}
    assert people["g12-ada"]["attributes"] == {"Modularity Class": 1, "PageRank": 0.41}
    initech = companies["g12-initech"]
    assert (initech["industry"], initech["size"]) == ("Software", 250)
    works = next(r for t, _, _, r in edges if t == "WORKS_AT")
    assert works["properties"]["role"] == "champion"
    assert works["properties"]["title"] == "VP Data"
    # the edge type given as the edge's label, Gephi's weight not taken for a strength
    influences = [(s, d, r) for t, s, d, r in edges if t == "INFLUENCES"]
    assert [(s, d) for s, d, _ in influences] == [("g12-cy", "g12-ada")]
    assert influences[0][2]["strength_source"] == "default"


async def test_gexf_1_3_undirected_with_alpha_and_newer_types(client: httpx.AsyncClient) -> None:
    await send(client, "gephi-1.3.gexf")
    people, companies, edges = await graph(client)
    assert people["g13-dee"]["email"] == "dee@globex.example"
    assert people["g13-dee"]["attributes"] == {"rank": 3, "scores": "[1, 2]"}
    assert set(companies) == {"g13-globex"}
    # an undirected file lists the WORKS_AT from the company's side: it comes in as
    # person -> company
    assert {(t, s, d) for t, s, d, _ in edges} == {
        ("KNOWS", "g13-dee", "g13-eve"),
        ("WORKS_AT", "g13-eve", "g13-globex"),
    }


@pytest.mark.parametrize("name", ["gephi-directed.graphml", "gephi-undirected.graphml"])
async def test_gephi_graphml(client: httpx.AsyncClient, name: str) -> None:
    summary = await send(client, name)
    prefix = "gd-" if "-directed" in name else "gu-"
    assert summary["created"]["people"] == 2 and summary["created"]["companies"] == 1
    assert summary["created"]["relationships"] == 2
    people, companies, edges = await graph(client)
    ada = people[f"{prefix}ada"]
    assert (ada["name"], ada["title"]) == ("Ada Lovelace", "CTO")
    # Gephi's drawing keys (r, g, b, x, y, size) are not data; its Degree column is
    assert ada["attributes"] == {"Degree": 2}
    # a float `size` is a node's size on screen, not a company's headcount
    assert companies[f"{prefix}acme"]["size"] is None
    other = "REPORTS_TO" if prefix == "gd-" else "KNOWS"
    got = {(t, s, d) for t, s, d, _ in edges}
    if other == "KNOWS":
        got = {(t, *sorted((s, d))) if t == "KNOWS" else (t, s, d) for t, s, d in got}  # type: ignore[misc]
    assert got == {
        (other, f"{prefix}ada", f"{prefix}bob"),
        ("WORKS_AT", f"{prefix}ada", f"{prefix}acme"),
    }
    linked = next(r for t, _, _, r in edges if t == other)
    assert linked["strength"] == pytest.approx(0.65)
    # the same file again changes nothing
    again = await send(client, name)
    assert set(again["created"].values()) == {0} and set(again["updated"].values()) == {0}
