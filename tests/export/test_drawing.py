"""Exports that draw without decoding: flat node and edge attributes (company, role, tags, ...)
read back with networkx and igraph, GEXF colours and sizes, CSV tables, and an SVG picture of a
neighborhood. Expectations come from what the test created through the API, and PageRank from
networkx on the API's own relationships."""

import csv
import io
import tempfile
from typing import Any
from xml.etree import ElementTree

import httpx
import igraph as ig
import networkx as nx
import pytest

from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio

SVG = "{http://www.w3.org/2000/svg}"


async def build(client: httpx.AsyncClient) -> dict[str, dict]:
    """Two accounts and their people; Cy left Acme for Globex; Dee (team) works nowhere."""
    acme = await company(client, "Acme", industry="Fintech", tags=["client"])
    globex = await company(client, "Globex", industry="Retail")
    ada = await person(client, "Ada", title="CTO", tags=["vip", "uk"], attributes={"k": 1})
    bob = await person(client, "Bob")
    cy = await person(client, "Cy")
    dee = await person(client, "Dee", is_team=True)
    props: dict[str, Any] = {"role": "decision_maker", "title": "Chief", "since": "2020-01-01"}
    await relate(client, "WORKS_AT", ada, acme, properties=props)
    await relate(client, "WORKS_AT", bob, acme, properties={"role": "champion"})
    await relate(
        client,
        "WORKS_AT",
        cy,
        acme,
        properties={"role": "user", "since": "2015-01-01", "until": "2019-06-30"},
    )
    await relate(client, "WORKS_AT", cy, globex, properties={"role": "blocker"})
    await relate(client, "KNOWS", dee, ada, strength=0.9)
    await relate(client, "KNOWS", ada, bob, strength=0.6)
    await relate(client, "KNOWS", bob, cy, strength=0.3)
    await relate(client, "INFLUENCES", cy, ada, strength=0.8)
    await relate(client, "CLIENT_OF", acme, globex)
    return {"acme": acme, "globex": globex, "ada": ada, "bob": bob, "cy": cy, "dee": dee}


async def export(client: httpx.AsyncClient, **params: Any) -> httpx.Response:
    response = await client.get("/v1/export", params=params)
    assert response.status_code == 200, response.text
    return response


def expected_people(made: dict[str, dict]) -> dict[str, dict[str, Any]]:
    acme, globex = made["acme"], made["globex"]
    return {
        made["ada"]["id"]: {
            "company": "Acme",
            "company_id": acme["id"],
            "role": "decision_maker",
            "industry": "Fintech",
            "tags": "vip;uk",
            "title": "CTO",
            "is_team": False,
        },
        made["bob"]["id"]: {
            "company": "Acme",
            "company_id": acme["id"],
            "role": "champion",
            "industry": "Fintech",
            "tags": "",
            "is_team": False,
        },
        made["cy"]["id"]: {
            "company": "Globex",
            "company_id": globex["id"],
            "role": "blocker",
            "industry": "Retail",
            "tags": "",
            "is_team": False,
        },
        made["dee"]["id"]: {"tags": "", "is_team": True},
    }


async def pagerank_oracle(client: httpx.AsyncClient) -> dict[str, float]:
    """networkx PageRank of the people, from the API's relationships: KNOWS both ways,
    `a INFLUENCES b` as b -> a, weighted by strength (docs/analytics.md)."""
    rels = (await client.get("/v1/relationships", params={"limit": 200})).json()["items"]
    people = (await client.get("/v1/people", params={"limit": 200})).json()["items"]
    g = nx.DiGraph()
    g.add_nodes_from(p["id"] for p in people)
    for r in rels:
        s, t, w = r["source_id"], r["target_id"], r["strength"]
        if r["type"] == "KNOWS":
            g.add_edge(s, t, weight=w)
            g.add_edge(t, s, weight=w)
        elif r["type"] == "INFLUENCES":
            g.add_edge(t, s, weight=w)
    return nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-12, max_iter=1000)


def check_people(nodes: dict[str, dict[str, Any]], made: dict[str, dict]) -> None:
    for pid, want in expected_people(made).items():
        got = nodes[pid]
        assert got["kind"] == "Person"
        for key, value in want.items():
            assert got.get(key, "") == value, (got["name"], key)
        if "company" not in want:
            assert got.get("company") in (None, ""), got
            assert got.get("role") in (None, ""), got


async def test_graphml_people_carry_their_employer_role_and_tags_for_networkx_and_igraph(
    client: httpx.AsyncClient,
) -> None:
    made = await build(client)
    content = (await export(client, format="graphml")).content
    graph = nx.read_graphml(io.BytesIO(content))
    check_people(dict(graph.nodes(data=True)), made)
    acme = graph.nodes[made["acme"]["id"]]
    assert (acme["kind"], acme["name"], acme["industry"], acme["tags"]) == (
        "Company",
        "Acme",
        "Fintech",
        "client",
    )
    ranks = await pagerank_oracle(client)
    for pid, rank in ranks.items():
        assert graph.nodes[pid]["pagerank"] == pytest.approx(rank, abs=1e-6)
    # Dee is influenced by nobody but knows Ada strongly; Ada, influenced and known, leads
    assert max(ranks, key=ranks.__getitem__) == made["ada"]["id"]
    # edges: WORKS_AT's role and title flat on the edge, beside the type and strength
    works = {(s, t): d for s, t, d in graph.edges(data=True) if d["type"] == "WORKS_AT"}
    ada_at = works[(made["ada"]["id"], made["acme"]["id"])]
    assert (ada_at["role"], ada_at["title"], ada_at["since"]) == (
        "decision_maker",
        "Chief",
        "2020-01-01",
    )
    assert ada_at["strength"] == pytest.approx(0.8) and ada_at["current"] is True
    cy_was = works[(made["cy"]["id"], made["acme"]["id"])]
    assert cy_was["current"] is False and cy_was["until"] == "2019-06-30"
    # igraph reads the same file with the same attributes
    with tempfile.NamedTemporaryFile(suffix=".graphml") as f:
        f.write(content)
        f.flush()
        g = ig.Graph.Read_GraphML(f.name)
    assert g.vcount() == 6 and g.ecount() == graph.number_of_edges() == 9
    by_id = {v["id"]: v.attributes() for v in g.vs}
    check_people(by_id, made)
    igraph_works = {
        (g.vs[e.source]["id"], g.vs[e.target]["id"]): e.attributes()
        for e in g.es
        if e["type"] == "WORKS_AT"
    }
    assert igraph_works[(made["bob"]["id"], made["acme"]["id"])]["role"] == "champion"


async def test_json_and_csv_carry_the_same_flat_attributes(client: httpx.AsyncClient) -> None:
    made = await build(client)
    data = (await export(client, format="json")).json()
    graph = nx.node_link_graph(data, edges="edges")
    check_people(dict(graph.nodes(data=True)), made)

    nodes_csv = await export(client, format="csv", part="nodes")
    assert nodes_csv.headers["content-type"].startswith("text/csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(nodes_csv.text))}
    assert len(rows) == 6
    as_text = {
        pid: {k: str(v).lower() if isinstance(v, bool) else v for k, v in want.items()}
        for pid, want in expected_people(made).items()
    }
    check_people(
        {pid: {**r, "is_team": r["is_team"].lower() == "true"} for pid, r in rows.items()},
        made,
    )
    assert all(rows[pid]["segment"].startswith("louvain-") for pid in as_text)
    edges_csv = await export(client, format="csv", part="edges")
    edges = list(csv.DictReader(io.StringIO(edges_csv.text)))
    assert len(edges) == 9
    works = [e for e in edges if e["type"] == "WORKS_AT" and e["source"] == made["bob"]["id"]]
    assert [(w["target"], w["role"]) for w in works] == [(made["acme"]["id"], "champion")]
    knows = {
        frozenset((e["source"], e["target"])): float(e["strength"])
        for e in edges
        if e["type"] == "KNOWS"
    }
    assert knows[frozenset((made["dee"]["id"], made["ada"]["id"]))] == pytest.approx(0.9)


async def test_gexf_nodes_are_coloured_by_company_and_sized_by_pagerank(
    client: httpx.AsyncClient,
) -> None:
    made = await build(client)
    graph = nx.read_gexf(io.BytesIO((await export(client, format="gexf")).content))
    viz = {n: d["viz"] for n, d in graph.nodes(data=True)}

    def colour(key: str) -> tuple[int, int, int]:
        c = viz[made[key]["id"]]["color"]
        return (c["r"], c["g"], c["b"])

    assert colour("ada") == colour("bob") == colour("acme")
    assert colour("cy") == colour("globex") != colour("acme")
    assert colour("dee") not in {colour("acme"), colour("globex")}
    # the GEXF label is the name (what Gephi shows); the kind and the employer are attributes
    ada = graph.nodes[made["ada"]["id"]]
    assert (ada["label"], ada["kind"], ada["company"], ada["role"]) == (
        "Ada",
        "Person",
        "Acme",
        "decision_maker",
    )
    ranks = await pagerank_oracle(client)
    by_rank = sorted(ranks, key=ranks.__getitem__)
    sizes = [viz[pid]["size"] for pid in by_rank]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    # the relationship type is rel_type (GEXF's `type` is the edge direction), with role
    works = [d for _, _, d in graph.edges(data=True) if d["rel_type"] == "WORKS_AT"]
    assert sorted(d["role"] for d in works) == ["blocker", "champion", "decision_maker", "user"]


async def test_svg_draws_exactly_the_neighborhood_the_api_answers(
    client: httpx.AsyncClient,
) -> None:
    made = await build(client)
    for depth in (1, 2):
        api = await client.get(
            f"/v1/people/{made['bob']['id']}/neighborhood", params={"depth": depth}
        )
        assert api.status_code == 200, api.text
        want_nodes = {n["id"] for n in api.json()["nodes"]}
        want_edges = {e["id"] for e in api.json()["edges"]}
        response = await export(client, format="svg", root_id=made["bob"]["id"], depth=depth)
        assert response.headers["content-type"].startswith("image/svg+xml")
        root = ElementTree.fromstring(response.content)  # noqa: S314 (our own answer)
        assert root.tag == f"{SVG}svg"
        circles = root.findall(f".//{SVG}circle")
        assert len(circles) == len(want_nodes)
        assert {c.get("data-id") for c in circles} == want_nodes
        lines = root.findall(f".//{SVG}line")
        assert {line.get("data-id") for line in lines} == want_edges
        # stronger edges are drawn wider; every node lies inside the picture
        width = {line.get("data-id"): float(line.get("stroke-width") or 0) for line in lines}
        strength = {e["id"]: e["strength"] for e in api.json()["edges"]}
        ordered = sorted(strength, key=strength.__getitem__)
        assert [width[i] for i in ordered] == sorted(width[i] for i in ordered)
        box = [float(v) for v in (root.get("viewBox") or "").split()]
        for c in circles:
            assert box[0] <= float(c.get("cx") or -1) <= box[2]
            assert box[1] <= float(c.get("cy") or -1) <= box[3]
        # people of one company share a fill
        fills = {c.get("data-id"): c.get("fill") for c in circles}
        assert fills[made["bob"]["id"]] == fills[made["acme"]["id"]]


async def test_bad_export_parameters_are_422_problems(client: httpx.AsyncClient) -> None:
    made = await build(client)
    assert_problem(await client.get("/v1/export", params={"format": "svg"}), 422)
    assert_problem(await client.get("/v1/export", params={"format": "csv"}), 422)
    problem = assert_problem(
        await client.get("/v1/export", params={"format": "csv", "part": "both"}), 422
    )
    assert problem["errors"]
    assert_problem(await client.get("/v1/export", params={"format": "json", "part": "nodes"}), 422)
    assert_problem(
        await client.get("/v1/export", params={"format": "svg", "root_id": "nobody"}), 404
    )
    ok = await client.get("/v1/export", params={"format": "svg", "root_id": made["dee"]["id"]})
    assert ok.status_code == 200
