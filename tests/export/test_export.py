"""Export in every format, read back with networkx; GraphML/GEXF import and round trips.

The graph is Zachary's karate club (networkx's copy): members are people, edges KNOWS with
strength weight/10, plus the two clubs as companies every member WORKS_AT. networkx holds the
same data as the oracle."""

import io
import json
from typing import Any

import httpx
import networkx as nx
import pytest
from fastapi import FastAPI

from tests.helpers import assert_problem

pytestmark = pytest.mark.anyio

FORMATS = ("json", "graphml", "gexf", "cytoscape")
Node = dict[str, Any]
Edges = dict[tuple[str, str, str], dict[str, Any]]


def karate() -> tuple[dict[str, Any], nx.MultiDiGraph]:
    """The import body and the oracle graph (keyed by external_id)."""
    source = nx.karate_club_graph()
    oracle = nx.MultiDiGraph()
    people, companies, rels = [], [], []
    for club, ext in (("Mr. Hi", "club-hi"), ("Officer", "club-officer")):
        companies.append({"external_id": ext, "name": f"{club} club", "tags": ["club"]})
        oracle.add_node(ext, kind="Company", name=f"{club} club", tags=["club"], attributes={})
    for node, data in source.nodes(data=True):
        ext = f"k{node}"
        row = {
            "external_id": ext,
            "name": f"Member {node}",
            "tags": [data["club"].lower().replace(".", "")],
            "is_team": node == 0,
            "attributes": {"karate_id": node},
        }
        people.append(row)
        oracle.add_node(ext, kind="Person", **{k: v for k, v in row.items() if k != "external_id"})
        club = "club-hi" if data["club"] == "Mr. Hi" else "club-officer"
        props = {"title": "member", "role": "decision_maker" if node in (0, 33) else "user"}
        rels.append(
            {
                "type": "WORKS_AT",
                "source_external_id": ext,
                "target_external_id": club,
                "properties": props,
            }
        )
        oracle.add_edge(
            ext, club, type="WORKS_AT", strength=0.8, properties={**props, "current": True}
        )
    for u, v, data in source.edges(data=True):
        strength = data["weight"] / 10
        rels.append(
            {
                "type": "KNOWS",
                "source_external_id": f"k{u}",
                "target_external_id": f"k{v}",
                "strength": strength,
                "properties": {"weight": data["weight"]},
            }
        )
        oracle.add_edge(
            f"k{u}", f"k{v}", type="KNOWS", strength=strength, properties={"weight": data["weight"]}
        )
    body = {"people": people, "companies": companies, "relationships": rels}
    return body, oracle


async def load_karate(client: httpx.AsyncClient) -> nx.MultiDiGraph:
    body, oracle = karate()
    response = await client.post("/v1/import", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["errors"] == []
    return oracle


def _unjson(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        return json.loads(value)
    return value


def read_back(fmt: str, content: bytes) -> nx.MultiDiGraph:
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(content))
    if fmt == "gexf":
        graph = nx.read_gexf(io.BytesIO(content))
        for _, _, data in graph.edges(data=True):
            data["type"] = data.pop("rel_type")
        return graph
    data = json.loads(content)
    if fmt == "cytoscape":
        # Cytoscape.js's documented shape: elements.nodes[].data.id, edges[].data.{id,source,target}
        elements = data["elements"]
        assert all("id" in n["data"] for n in elements["nodes"])
        assert all({"id", "source", "target"} <= e["data"].keys() for e in elements["edges"])
        ids = {n["data"]["id"] for n in elements["nodes"]}
        assert all(
            e["data"]["source"] in ids and e["data"]["target"] in ids for e in elements["edges"]
        )
        return nx.cytoscape_graph(data)
    return nx.node_link_graph(data, edges="edges")


def by_external_id(graph: nx.MultiDiGraph) -> tuple[dict[str, Node], Edges]:
    """Nodes by external_id and edges by (type, source, target), attributes decoded."""
    ext = {n: d["external_id"] for n, d in graph.nodes(data=True)}
    nodes = {
        ext[n]: {
            "kind": d["kind"],
            "name": d["name"],
            # flat: tags joined with ';' (docs/import.md)
            "tags": [t for t in d.get("tags", "").split(";") if t],
            "attributes": _unjson(d.get("attributes", "{}")),
            **({"is_team": d["is_team"]} if d["kind"] == "Person" else {}),
        }
        for n, d in graph.nodes(data=True)
    }
    edges: Edges = {}
    for s, t, d in graph.edges(data=True):
        key = (d["type"], ext[s], ext[t])
        assert key not in edges, f"edge {key} twice"
        edges[key] = {"strength": d["strength"], "properties": _unjson(d["properties"])}
    return nodes, edges


def oracle_view(oracle: nx.MultiDiGraph) -> tuple[dict[str, Node], Edges]:
    nodes = {
        n: {
            "kind": d["kind"],
            "name": d["name"],
            "tags": d["tags"],
            "attributes": d["attributes"],
            **({"is_team": d["is_team"]} if d["kind"] == "Person" else {}),
        }
        for n, d in oracle.nodes(data=True)
    }
    edges = {
        (d["type"], s, t): {"strength": d["strength"], "properties": d["properties"]}
        for s, t, d in oracle.edges(data=True)
    }
    return nodes, edges


def assert_same(got: tuple[dict[str, Node], Edges], want: tuple[dict[str, Node], Edges]) -> None:
    got_nodes, got_edges = got
    want_nodes, want_edges = want
    assert got_nodes == want_nodes
    assert set(got_edges) == set(want_edges)
    for key, data in want_edges.items():
        assert got_edges[key]["strength"] == pytest.approx(data["strength"]), key
        assert got_edges[key]["properties"] == data["properties"], key


async def export(client: httpx.AsyncClient, fmt: str, **params: Any) -> httpx.Response:
    response = await client.get("/v1/export", params={"format": fmt, **params})
    assert response.status_code == 200, response.text
    return response


@pytest.mark.parametrize("fmt", FORMATS)
async def test_every_format_reads_back_as_the_same_graph(
    client: httpx.AsyncClient, fmt: str
) -> None:
    oracle = await load_karate(client)
    response = await export(client, fmt)
    assert "attachment" in response.headers["content-disposition"]
    graph = read_back(fmt, response.content)
    assert graph.number_of_nodes() == oracle.number_of_nodes() == 36
    assert graph.number_of_edges() == oracle.number_of_edges() == 34 + 78
    assert_same(by_external_id(graph), oracle_view(oracle))


@pytest.mark.parametrize("depth", [1, 2])
async def test_a_neighborhood_is_the_ego_network(client: httpx.AsyncClient, depth: int) -> None:
    oracle = await load_karate(client)
    # every type is walked, either way: the clubs put every member within two hops
    root = "k16"  # a member on the edge of the club
    people = (await client.get("/v1/people", params={"limit": 200})).json()["items"]
    root_id = next(p["id"] for p in people if p["external_id"] == root)
    graph = read_back(
        "graphml", (await export(client, "graphml", root_id=root_id, depth=depth)).content
    )
    ego = nx.ego_graph(nx.Graph(oracle), root, radius=depth)
    nodes, edges = by_external_id(graph)
    assert set(nodes) == set(ego.nodes)
    want = {(d["type"], s, t) for s, t, d in oracle.edges(data=True) if s in ego and t in ego}
    assert set(edges) == want


async def test_an_unknown_root_is_a_404_and_a_bad_format_a_422(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/export", params={"root_id": "nope"}), 404)
    assert_problem(await client.get("/v1/export", params={"format": "pdf"}), 422)
    assert_problem(await client.get("/v1/export", params={"root_id": "x", "depth": 4}), 422)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
async def test_export_wipe_import_export_gives_the_same_graph(
    client: httpx.AsyncClient, app: FastAPI, fmt: str
) -> None:
    oracle = await load_karate(client)
    first = (await export(client, fmt)).content
    await app.state.db.wipe()
    response = await client.post(
        "/v1/import", params={"format": fmt}, content=first, headers={"Content-Type": "text/xml"}
    )
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["errors"] == []
    assert summary["created"]["people"] == 34 and summary["created"]["companies"] == 2
    assert summary["created"]["relationships"] == 112
    again = read_back(fmt, (await export(client, fmt)).content)
    assert_same(by_external_id(again), oracle_view(oracle))
    # and importing the same file once more changes nothing
    repeat = await client.post("/v1/import", params={"format": fmt}, content=first)
    assert repeat.json()["unchanged"]["relationships"] == 112


async def test_a_graph_drawn_elsewhere_comes_in(client: httpx.AsyncClient) -> None:
    """A GraphML file as Gephi or a script would write it: plain node ids, a `label` naming the
    kind or the person, extra columns, edges with type and strength."""
    drawn = nx.DiGraph()
    drawn.add_node("ada", kind="Person", name="Ada", modularity_class=3, tags="vip;uk")
    drawn.add_node("bob", label="Person", name="Bob")
    drawn.add_node("acme", kind="company", label="Acme Inc")
    drawn.add_node("blob", label="Something")
    drawn.add_edge("ada", "bob", type="KNOWS", strength=0.7)
    drawn.add_edge("ada", "acme", type="WORKS_AT", properties='{"title": "CTO"}')
    drawn.add_edge("bob", "ada", type="FRIENDS")
    content = "\n".join(nx.generate_graphml(drawn)).encode()
    response = await client.post(
        "/v1/import", content=content, headers={"Content-Type": "application/graphml+xml"}
    )
    summary = response.json()
    assert summary["created"] == {
        "people": 2,
        "companies": 1,
        "relationships": 2,
        "interactions": 0,
        "events": 0,
    }
    assert {(e["entity"], e["index"]) for e in summary["errors"]} == {
        ("nodes", 3),
        ("relationships", 2),
    }
    people = {p["external_id"]: p for p in (await client.get("/v1/people")).json()["items"]}
    assert people["ada"]["tags"] == ["vip", "uk"]
    assert people["ada"]["attributes"] == {"modularity_class": 3}
    companies = (await client.get("/v1/companies")).json()["items"]
    assert [c["name"] for c in companies] == ["Acme Inc"]
    rels = (await client.get("/v1/relationships")).json()["items"]
    works = next(r for r in rels if r["type"] == "WORKS_AT")
    assert works["properties"] == {"title": "CTO", "current": True}


async def test_entity_declarations_are_refused(client: httpx.AsyncClient) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">'
        b'<node id="&lol;"/></graph></graphml>'
    )
    response = await client.post("/v1/import", params={"format": "graphml"}, content=bomb)
    assert_problem(response, 422)
    response = await client.post("/v1/import", params={"format": "gexf"}, content=b"<gexf")
    assert_problem(response, 422)


async def test_exported_strength_is_todays_strength(client: httpx.AsyncClient) -> None:
    people = [{"external_id": k, "name": k} for k in ("a", "b")]
    interaction = {
        "external_id": "m1",
        "kind": "meeting",
        "occurred_at": "2026-01-10T10:00:00Z",
        "participant_external_ids": ["a", "b"],
    }
    await client.post("/v1/import", json={"people": people, "interactions": [interaction]})
    rel = (await client.get("/v1/relationships")).json()["items"][0]
    graph = read_back("json", (await export(client, "json")).content)
    ((_, _, data),) = graph.edges(data=True)
    assert data["id"] == rel["id"] and data["strength_source"] == "interactions"
    assert data["strength"] == pytest.approx(rel["strength"], abs=1e-6)
    assert data["interaction_count"] == 1


async def test_les_miserables_by_csv_comes_out_with_the_same_weighted_degrees(
    client: httpx.AsyncClient,
) -> None:
    """Les Misérables co-appearances (networkx's copy) sent as two CSV files, exported as GEXF:
    every character's summed strength equals networkx's weighted degree of the same data."""
    source = nx.les_miserables_graph()
    people = "external_id,name\n" + "".join(f"{n},{n}\n" for n in source.nodes)
    rels = "type,source_external_id,target_external_id,strength\n" + "".join(
        f"KNOWS,{u},{v},{d['weight'] / 31}\n" for u, v, d in source.edges(data=True)
    )
    for entity, text in (("people", people), ("relationships", rels)):
        response = await client.post(
            "/v1/import",
            params={"entity": entity},
            content=text.encode(),
            headers={"Content-Type": "text/csv"},
        )
        assert response.status_code == 200 and response.json()["errors"] == [], response.text
    graph = read_back("gexf", (await export(client, "gexf")).content)
    names = {n: d["external_id"] for n, d in graph.nodes(data=True)}
    exported = nx.Graph()
    exported.add_nodes_from(names.values())
    for s, t, d in graph.edges(data=True):
        assert d["type"] == "KNOWS"
        exported.add_edge(names[s], names[t], weight=d["strength"] * 31)
    assert set(exported.nodes) == set(source.nodes)
    assert {frozenset(e) for e in exported.edges} == {frozenset(e) for e in source.edges}
    for node in source.nodes:
        assert exported.degree(node, weight="weight") == pytest.approx(
            source.degree(node, weight="weight")
        ), node
