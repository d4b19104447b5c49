"""Neighborhoods through HTTP: equal to networkx's ego graphs, caps, filters and failures."""

import copy
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import networkx as nx
import pytest
from fastapi import FastAPI

from app.common.kinds import InteractionKind, Label, RelType
from app.mapping import limits, neighborhood
from app.mapping.context import MappingContext
from app.mapping.repository import MappingRepository
from app.mapping.schemas import Graph
from tests.helpers import assert_problem, company, person, relate
from tests.mapping import networks

pytestmark = pytest.mark.anyio


def as_graph(body: dict, node_of: dict) -> tuple[set, set]:
    nodes = {node_of[n["id"]] for n in body["nodes"]}
    edges = {frozenset((node_of[e["source"]], node_of[e["target"]])) for e in body["edges"]}
    return nodes, edges


async def test_equals_networkx_ego_graphs(client: httpx.AsyncClient, app: FastAPI) -> None:
    graph = nx.convert_node_labels_to_integers(networks.les_miserables(), ordering="sorted")
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph)
    node_of = {v: k for k, v in ids.items()}
    rng = random.Random(2)
    for root in rng.sample(sorted(graph), 6):
        for depth in (1, 2, 3):
            for min_strength in (0.0, 0.1):
                kept = nx.Graph()
                kept.add_nodes_from(graph)
                kept.add_edges_from(
                    (u, v) for u, v, s in graph.edges(data="strength") if s >= min_strength
                )
                ego = nx.ego_graph(kept, root, radius=depth)
                params = {"depth": depth, "min_strength": min_strength, "limit": 1000}
                response = await client.get(f"/v1/people/{ids[root]}/neighborhood", params=params)
                assert response.status_code == 200, response.text
                body = response.json()
                assert body["truncated"] is False
                nodes, edges = as_graph(body, node_of)
                assert nodes == set(ego.nodes)
                assert edges == {frozenset(e) for e in ego.edges}
                hops = nx.single_source_shortest_path_length(kept, root, cutoff=depth)
                assert {node_of[n["id"]]: n["depth"] for n in body["nodes"]} == hops
                for edge in body["edges"]:
                    u, v = node_of[edge["source"]], node_of[edge["target"]]
                    assert edge["strength"] == pytest.approx(graph[u][v]["strength"], abs=1e-12)


async def test_limit_truncates_nearest_first(client: httpx.AsyncClient, app: FastAPI) -> None:
    graph = nx.convert_node_labels_to_integers(networks.les_miserables(), ordering="sorted")
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph)
    node_of = {v: k for k, v in ids.items()}
    hub = max(graph, key=graph.degree)  # Valjean
    first_ring = set(graph[hub])
    for limit in (5, len(first_ring) + 1, len(first_ring) + 10):
        params = {"depth": 3, "limit": limit}
        body = (await client.get(f"/v1/people/{ids[hub]}/neighborhood", params=params)).json()
        assert body["truncated"] is True
        nodes, edges = as_graph(body, node_of)
        assert len(nodes) == limit and hub in nodes
        if limit <= len(first_ring) + 1:
            assert nodes <= first_ring | {hub}  # nearest first
        else:
            assert first_ring <= nodes
        # the edges are exactly those among the returned nodes
        assert edges == {frozenset(e) for e in graph.subgraph(nodes).edges}
    # a limit that exactly fits is no truncation; one node less is
    ego = nx.ego_graph(graph, hub, radius=2)
    url = f"/v1/people/{ids[hub]}/neighborhood"
    fits = (await client.get(url, params={"depth": 2, "limit": len(ego)})).json()
    assert fits["truncated"] is False and len(fits["nodes"]) == len(ego)
    cut = (await client.get(url, params={"depth": 2, "limit": len(ego) - 1})).json()
    assert cut["truncated"] is True and len(cut["nodes"]) == len(ego) - 1
    deeper = (await client.get(url, params={"depth": 3, "limit": len(ego)})).json()
    assert deeper["truncated"] is (len(nx.ego_graph(graph, hub, radius=3)) > len(ego))


async def test_company_neighborhood_walks_every_type(client: httpx.AsyncClient) -> None:
    acme, globex, initech = (
        await company(client, "Acme"),
        await company(client, "Globex"),
        await company(client, "Initech"),
    )
    ada, bob, cy = (
        await person(client, "Ada"),
        await person(client, "Bob"),
        await person(client, "Cy"),
    )
    await relate(client, "WORKS_AT", ada, acme, properties={"title": "CTO"})
    await relate(client, "CLIENT_OF", acme, globex, strength=0.9)
    await relate(client, "COMPETES_WITH", initech, acme, strength=0.4)
    await relate(client, "KNOWS", ada, bob, strength=0.8)
    await relate(client, "KNOWS", bob, cy, strength=0.8)
    url = f"/v1/companies/{acme['id']}/neighborhood"
    body = (await client.get(url, params={"depth": 1})).json()
    assert {n["name"] for n in body["nodes"]} == {"Acme", "Ada", "Globex", "Initech"}
    assert {e["type"] for e in body["edges"]} == {"WORKS_AT", "CLIENT_OF", "COMPETES_WITH"}
    body = (await client.get(url, params={"depth": 2})).json()
    assert "Bob" in {n["name"] for n in body["nodes"]} and "Cy" not in {
        n["name"] for n in body["nodes"]
    }
    body = (await client.get(url, params={"depth": 3, "types": "WORKS_AT,KNOWS"})).json()
    assert {n["name"] for n in body["nodes"]} == {"Acme", "Ada", "Bob", "Cy"}
    body = (await client.get(url, params={"depth": 3, "min_strength": 0.5})).json()
    assert "Initech" not in {n["name"] for n in body["nodes"]}
    # a person route does not answer for a company, nor the other way round
    assert_problem(await client.get(f"/v1/people/{acme['id']}/neighborhood"), 404)
    assert_problem(await client.get(f"/v1/companies/{ada['id']}/neighborhood"), 404)


async def test_bad_parameters_are_problems(client: httpx.AsyncClient) -> None:
    ada = await person(client, "Ada")
    url = f"/v1/people/{ada['id']}/neighborhood"
    assert_problem(await client.get(url, params={"depth": 4}), 422)
    assert_problem(await client.get(url, params={"depth": 0}), 422)
    assert_problem(await client.get(url, params={"limit": 1001}), 422)
    assert_problem(await client.get(url, params={"min_strength": 1.5}), 422)
    assert_problem(await client.get(url, params={"types": "FRIENDS"}), 422)
    assert_problem(await client.get(url, params={"as_of": "2026-01-01T00:00:00"}), 422)
    assert_problem(await client.get("/v1/people/nobody/neighborhood"), 404)
    alone = (await client.get(url)).json()
    assert [n["id"] for n in alone["nodes"]] == [ada["id"]] and alone["edges"] == []


async def test_types_are_relationship_type_names_separated_by_commas(
    client: httpx.AsyncClient,
) -> None:
    ada, bob = await person(client, "Ada"), await person(client, "Bob")
    await relate(client, "KNOWS", ada, bob)
    url = f"/v1/people/{ada['id']}/neighborhood"
    for types in ("KNOWS", " knows , Works_At ", "KNOWS,,", ""):
        response = await client.get(url, params={"types": types})
        assert response.status_code == 200, (types, response.text)
        assert {n["id"] for n in response.json()["nodes"]} == {ada["id"], bob["id"]}
    for types in ("FRIENDS", "KNOWS;WORKS_AT", "KNOWSWORKS_AT"):
        problem = assert_problem(await client.get(url, params={"types": types}), 422)
        assert ["query", "types"] in [e["loc"] for e in problem["errors"]]


async def _both(app: FastAPI, root: str, label: Label, **options: Any) -> tuple[Graph, Graph, int]:
    """The one-statement answer, the level-by-level one, and the statements the first read."""
    ctx = MappingContext(app.state.db, app.state.settings)
    calls = [0]
    read_plain = ctx.repo.db.read_plain

    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return await read_plain(*args, **kwargs)

    ctx.repo.db = copy.copy(ctx.repo.db)
    ctx.repo.db.read_plain = counted  # type: ignore[method-assign]
    types = options.pop("types", None)
    new = await neighborhood.neighborhood(ctx, root, label, types=types, as_of=None, **options)
    statements = calls[0]
    names = [t.value for t in (types or list(RelType))]
    old = await neighborhood._stepwise(ctx, root, label, type_names=names, as_of=None, **options)
    return new, old, statements


async def test_one_statement_equals_the_level_by_level_reads(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    graph = nx.convert_node_labels_to_integers(networks.astro_ball(300, 5), ordering="sorted")
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph)
    rng = random.Random(16)
    one_statement = 0
    for root in rng.sample(sorted(graph), 8):
        for depth in (1, 2, 3):
            for limit in (3, 20, 120, 1000):
                for min_strength in (0.0, 0.5):
                    options = {"depth": depth, "limit": limit, "min_strength": min_strength}
                    new, old, statements = await _both(app, ids[root], Label.PERSON, **options)
                    assert new == old, (root, options)
                    one_statement += statements == 1
    assert one_statement > 100  # the ball settles almost all of them in one statement


async def test_one_statement_for_a_company_and_every_type(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    acme, globex = await company(client, "Acme"), await company(client, "Globex")
    people = [await person(client, f"P{i}") for i in range(6)]
    for i, p in enumerate(people):
        await relate(client, "WORKS_AT", p, acme if i % 2 else globex, strength=0.1 + i / 10)
    await relate(client, "CLIENT_OF", acme, globex, strength=0.9)
    await relate(client, "KNOWS", people[0], people[1], strength=0.7)
    await relate(client, "REPORTS_TO", people[2], people[4], strength=0.6)
    for depth in (1, 2, 3):
        for limit in (2, 4, 9):
            options = {"depth": depth, "limit": limit, "min_strength": 0.0}
            new, old, statements = await _both(app, acme["id"], Label.COMPANY, **options)
            assert new == old and statements == 1, options
            assert new.truncated is (limit < 9)
    kinds = [RelType.WORKS_AT, RelType.KNOWS]
    new, old, _ = await _both(
        app, acme["id"], Label.COMPANY, depth=3, limit=9, min_strength=0.0, types=kinds
    )
    assert new == old and "CLIENT_OF" not in {e.type for e in new.edges}


async def test_decayed_ties_and_dense_steps_fall_back_to_the_level_by_level_reads(
    client: httpx.AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, faded, b, c, d = [await person(client, name) for name in ("R", "Faded", "B", "C", "D")]
    # stored 0.9 when its last interaction was logged, three years ago: about 0 now
    long_ago = datetime.now(UTC) - timedelta(days=1100)
    mass = [3.0] * len(InteractionKind)
    props = {
        "id": str(uuid.uuid4()),
        "strength_base": 0.0,
        "strength": 0.9,
        "strength_source": "interactions",
        "mass": mass,
        "mass_at": long_ago.timestamp(),
        "last_interaction_at": long_ago,
        "interaction_count": 3,
        "props_json": "{}",
        "created_at": long_ago,
        "updated_at": long_ago,
    }
    repo = MappingRepository(app.state.db)
    await repo.bulk_knows([{"source_id": root["id"], "target_id": faded["id"], "props": props}])
    await relate(client, "KNOWS", root, b, strength=0.5)
    await relate(client, "KNOWS", root, c, strength=0.4)
    await relate(client, "KNOWS", b, d, strength=0.6)
    # the ball stops after level 1 (4 nodes > limit 3); the decayed tie leaves room for B and C,
    # whose edges the statement did not read: the level-by-level reads answer
    new, old, statements = await _both(
        app, root["id"], Label.PERSON, depth=2, limit=3, min_strength=0.3
    )
    assert new == old and statements > 1
    assert {n.id for n in new.nodes} == {root["id"], b["id"], c["id"]} and new.truncated
    new, old, statements = await _both(
        app, root["id"], Label.PERSON, depth=2, limit=10, min_strength=0.3
    )
    assert new == old and statements == 1 and faded["id"] not in {n.id for n in new.nodes}
    assert {n.id for n in new.nodes} == {root["id"], b["id"], c["id"], d["id"]}
    monkeypatch.setattr(limits, "NEIGHBORHOOD_STEP_ROWS", 2)
    monkeypatch.setattr(limits, "NEIGHBORHOOD_BALL_ROWS", 2)
    new, _, statements = await _both(
        app, root["id"], Label.PERSON, depth=2, limit=10, min_strength=0.0
    )
    assert new.truncated and statements > 1


def _strongest_first_oracle(graph: nx.Graph, root: int, limit: int, ids: dict) -> tuple[dict, set]:
    """Depth 2 by definition: every first-ring node, then the second-ring nodes of the
    strongest tie to the first ring (the smaller id on a tie) while room is left, and every
    edge among the nodes kept."""
    depth = {root: 0} | {v: 1 for v in graph[root]}
    reach: dict[int, float] = {}
    for u in graph[root]:
        for v, data in graph[u].items():
            if v not in depth:
                reach[v] = max(reach.get(v, 0.0), data["strength"])
    for v in sorted(reach, key=lambda v: (-reach[v], ids[v]))[: limit - len(depth)]:
        depth[v] = 2
    return depth, {frozenset(e) for e in graph.subgraph(depth).edges}


@pytest.mark.parametrize("hub_degree", [1000, 5])
async def test_a_hub_too_big_to_read_whole_keeps_its_strongest_ties(
    client: httpx.AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch, hub_degree: int
) -> None:
    """A level with more edges than a step may return (NEIGHBORHOOD_STEP_ROWS) is read strongest
    first: the nodes kept are the strongest ties, as if every edge had been read, where a cut
    in the database's own order kept whichever edges came first. With HUB_DEGREE 5 the edges
    among the nodes kept are read from the small ends and between hubs by pairs."""
    rng = random.Random(7)
    graph = nx.Graph()
    root, hub, friend = 0, 1, 2
    graph.add_edge(root, hub, strength=0.9)
    graph.add_edge(root, friend, strength=0.8)
    graph.add_edge(hub, friend, strength=0.3)  # between two hubs of the first ring
    # the hub's 120 people: 30 strong ties, 60 at one strength (as a type's default gives:
    # ties go by id), 30 weaker; made in random order
    strengths = [0.9 - i * 0.005 for i in range(30)] + [0.6] * 60
    strengths += [0.5 - i * 0.005 for i in range(30)]
    ring = list(range(3, 123))
    rng.shuffle(ring)
    for v, strength in zip(ring, strengths, strict=True):
        graph.add_edge(hub, v, strength=strength)
    rng.shuffle(ring)
    for v in ring[:5]:
        graph.add_edge(friend, v, strength=0.3)
    strongest = sorted(ring, key=lambda v: -graph[hub][v]["strength"])
    graph.add_edge(friend, strongest[0], strength=0.01)  # weak, but among the nodes kept
    graph.add_edge(strongest[1], strongest[2], strength=0.02)
    graph.add_edge(strongest[3], strongest[100], strength=0.97)  # to a node not kept
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph)
    node_of = {v: k for k, v in ids.items()}
    # 51 edges a read: limit 40 keeps the 30 strong and 7 of the 60 tied, read up to the 21st
    monkeypatch.setattr(limits, "NEIGHBORHOOD_STEP_ROWS", 50)
    monkeypatch.setattr(limits, "NEIGHBORHOOD_BALL_ROWS", 40)
    monkeypatch.setattr(limits, "HUB_DEGREE", hub_degree)
    for limit in (8, 20, 40):
        depth, edges = _strongest_first_oracle(graph, root, limit, ids)
        params = {"depth": 2, "limit": limit}
        response = await client.get(f"/v1/people/{ids[root]}/neighborhood", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["truncated"] is True
        assert {node_of[n["id"]]: n["depth"] for n in body["nodes"]} == depth
        assert as_graph(body, node_of)[1] == edges


async def test_edges_among_read_from_either_end(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """list_edges_among never walks a node of more than HUB_DEGREE edges: each edge from ids to
    among is met from its small end, or by matching the pair when both ends are hubs. The same
    edges as networkx names, whichever ends are hubs."""
    graph = nx.Graph()
    for hub in (0, 1):
        for v in range(10, 30):
            graph.add_edge(hub, v + 20 * hub, strength=0.5)
    graph.add_edge(0, 1, strength=0.4)
    graph.add_edge(10, 11, strength=0.6)
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph)
    node_of = {v: k for k, v in ids.items()}
    repo = MappingRepository(app.state.db)
    types = [t.value for t in RelType]
    monkeypatch.setattr(limits, "HUB_DEGREE", 5)
    for sources, targets in (([0], [10, 11, 1]), ([10, 11], [0, 11]), ([0, 1, 30], [0, 1, 30])):
        rows = await repo.edges_among(
            [ids[v] for v in sources], [ids[v] for v in targets], types, 0.0, 1000
        )
        found = {frozenset((node_of[r["source_id"]], node_of[r["target_id"]])) for r in rows}
        expected = {frozenset((u, v)) for u in sources for v in targets if graph.has_edge(u, v)}
        assert found == expected, (sources, targets)


@pytest.mark.parametrize("root_rows", [10, limits.NEIGHBORHOOD_ROOT_ROWS])
async def test_a_root_with_many_ties_keeps_its_strongest(
    client: httpx.AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch, root_rows: int
) -> None:
    """A root with more ties than NEIGHBORHOOD_ROOT_ROWS (or 4 x the limit) is read level by
    level, strongest first, instead of in the one statement: the same answer either way, as
    networkx names it: the root's strongest ties (the smaller id on a tie) and every edge among
    the nodes kept."""
    rng = random.Random(11)
    graph = nx.Graph()
    root = 0
    ring = list(range(1, 61))
    rng.shuffle(ring)
    for i, v in enumerate(ring):  # ties at one strength by threes: the id decides among them
        graph.add_edge(root, v, strength=round(0.95 - (i // 3) * 0.04, 2))
    for v in ring[:20]:
        graph.add_edge(v, rng.choice(ring), strength=0.3)
        graph.add_edge(v, 100 + v, strength=0.9)  # a second ring, beyond what fits
    graph.remove_edges_from(nx.selfloop_edges(graph))
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph)
    node_of = {v: k for k, v in ids.items()}
    monkeypatch.setattr(limits, "NEIGHBORHOOD_ROOT_ROWS", root_rows)
    for limit in (4, 9):
        first = sorted(graph[root], key=lambda v: (-graph[root][v]["strength"], ids[v]))
        kept = {root, *first[: limit - 1]}
        for depth in (1, 2):
            params = {"depth": depth, "limit": limit}
            response = await client.get(f"/v1/people/{ids[root]}/neighborhood", params=params)
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["truncated"] is True
            assert {node_of[n["id"]]: n["depth"] for n in body["nodes"]} == {
                v: 0 if v == root else 1 for v in kept
            }
            assert as_graph(body, node_of) == (
                kept,
                {frozenset(e) for e in graph.subgraph(kept).edges},
            )
            _, _, statements = await _both(
                app, ids[root], Label.PERSON, depth=depth, limit=limit, min_strength=0.0
            )
            assert (statements > 2) == (root_rows < 60)
