"""The team's ball (app/mapping/cache.py): intros served from it equal the oracle's, and a
write through the API is seen by the very next search."""

import random

import httpx
import networkx as nx
import pytest
from fastapi import FastAPI

from app.graph import ball as cache
from app.graph.ball import TeamBallCache
from app.mapping.repository import MappingRepository
from tests.helpers import company
from tests.mapping import networks, oracle
from tests.mapping.checks import check_intro_paths, same_scores

pytestmark = pytest.mark.anyio


async def intros(client: httpx.AsyncClient, body: dict) -> list[dict]:
    response = await client.post("/v1/intros", json=body)
    assert response.status_code == 200, response.text
    return response.json()["paths"]


async def ball_for(
    client: httpx.AsyncClient, app: FastAPI, balls: TeamBallCache, target: str, team: set[str]
) -> None:
    """Ask once (which starts the build), wait for it, and check the ball is the one in use."""
    await intros(client, {"target_id": target})
    await balls.settled()
    ball = balls.get(await app.state.db.graph_version(), frozenset(team))
    assert ball is not None, "no ball was built for this team and graph version"


async def test_intros_from_the_ball_match_the_oracle(
    client: httpx.AsyncClient, app: FastAPI, balls: TeamBallCache
) -> None:
    graph = nx.convert_node_labels_to_integers(networks.les_miserables(), ordering="sorted")
    rng = random.Random(17)
    team = set(rng.sample(sorted(graph), 5))
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph, team=team)
    others = sorted(set(graph) - team)
    await ball_for(client, app, balls, ids[others[0]], {ids[t] for t in team})
    version = await app.state.db.graph_version()
    # a team member as the target: the others are the sources, the ball still serves
    for i, target in enumerate([*rng.sample(others, 12), sorted(team)[0]]):
        for max_hops in (1, 2, 3, 4, 5):
            limit = (1, 5, 10)[(i + max_hops) % 3]
            body = {"target_id": ids[target], "max_hops": max_hops, "limit": limit}
            got = check_intro_paths(await intros(client, body), graph, ids, team, target, max_hops)
            want = oracle.best_scores(graph, team, {target}, max_hops, limit)
            same_scores(got, want)
        # min_strength: the oracle on the graph without the weaker edges
        body = {"target_id": ids[target], "min_strength": 0.3, "limit": 5}
        strong = nx.Graph()
        strong.add_nodes_from(graph)
        strong.add_edges_from(
            (u, v, d) for u, v, d in graph.edges(data=True) if d["strength"] >= 0.3
        )
        got = check_intro_paths(await intros(client, body), strong, ids, team - {target}, target, 4)
        want_paths = oracle.all_intro_paths(graph, team, {target}, 4, min_strength=0.3)
        same_scores(got, [p[0] for p in want_paths[:5]])
        # distinct introducers: the best path through each introducer, best first
        body = {"target_id": ids[target], "distinct_introducers": True, "limit": 6}
        got = check_intro_paths(await intros(client, body), graph, ids, team - {target}, target, 4)
        best_per: dict = {}
        for score, hops, nodes in oracle.all_intro_paths(graph, team, {target}, 4):
            best_per.setdefault(nodes[1] if hops >= 2 else nodes, score)
        same_scores(got, sorted(best_per.values(), reverse=True)[:6])
    # nothing was written: every answer above came from the same ball
    assert await app.state.db.graph_version() == version
    assert balls.get(version, frozenset(ids[t] for t in team)) is not None


@pytest.mark.usefixtures("step_reads")
async def test_account_map_from_the_ball_matches_the_oracle(
    client: httpx.AsyncClient, app: FastAPI, balls: TeamBallCache
) -> None:
    """Each employee's best intro, ranked for all of them at once on the ball with the last
    step's per-contact floors (and, after that step, ranked again only for the employees its
    edges can reach), is the best path the oracle finds for that employee alone (colleagues
    may be intermediaries, the team may not). Two companies of different sizes on one graph."""
    graph = nx.convert_node_labels_to_integers(networks.astro_ball(600, 11), ordering="sorted")
    rng = random.Random(23)
    team = set(rng.sample(sorted(graph), 4))
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph, team=team)
    free = sorted(set(graph) - team)
    rng.shuffle(free)
    staffs = {"Acme": [*free[:40], sorted(team)[0]], "Globex": free[40:110]}
    firms = {name: await company(client, name) for name in staffs}
    for name, staff in staffs.items():
        for member in staff:
            body = {"type": "WORKS_AT", "source_id": ids[member], "target_id": firms[name]["id"]}
            assert (await client.post("/v1/relationships", json=body)).status_code == 201
    others = free[110:]
    await ball_for(client, app, balls, ids[others[0]], {ids[t] for t in team})
    version = await app.state.db.graph_version()
    node_of = {v: k for k, v in ids.items()}
    for name, staff in staffs.items():
        response = await client.get(f"/v1/companies/{firms[name]['id']}/account-map")
        assert response.status_code == 200, response.text
        people = response.json()["people"]
        assert sorted(node_of[e["person"]["id"]] for e in people) == sorted(staff)
        reached = 0
        for entry in people:
            member = node_of[entry["person"]["id"]]
            best = 0.0 if member in team else oracle.best_score_layered(graph, team, member, 4)
            intro = entry["best_intro"]
            if best == 0.0:
                assert intro is None
                continue
            reached += 1
            assert intro is not None and intro["score"] == pytest.approx(best, abs=1e-9)
            check_intro_paths([intro], graph, ids, team, member, 4)
        assert reached >= 0.75 * len(staff)  # most of them are within four hops of the team
    # the maps were ranked on the same ball (nothing written since it was built)
    assert balls.get(version, frozenset(ids[t] for t in team)) is not None


async def test_a_write_is_seen_by_the_next_search(
    client: httpx.AsyncClient, app: FastAPI, balls: TeamBallCache
) -> None:
    graph = networks.karate()
    team = {0, 33}
    ids = await networks.load_http(client, graph, team=team)
    target = next(v for v in sorted(graph) if v not in team and not set(graph[v]) & team)
    await ball_for(client, app, balls, ids[target], {ids[t] for t in team})
    before = await intros(client, {"target_id": ids[target], "limit": 1})
    assert before[0]["score"] < 0.99
    response = await client.post(
        "/v1/relationships",
        json={"type": "KNOWS", "source_id": ids[0], "target_id": ids[target], "strength": 0.99},
    )
    assert response.status_code == 201, response.text
    graph.add_edge(0, target, strength=0.99)
    for _ in range(2):  # read past the stale ball, then from the rebuilt one
        paths = await intros(client, {"target_id": ids[target], "limit": 5})
        got = check_intro_paths(paths, graph, ids, team, target, 4)
        same_scores(got, oracle.best_scores(graph, team, {target}, 4, 5))
        assert [n["id"] for n in paths[0]["nodes"]] == [ids[0], ids[target]]
        await balls.settled()
        assert (
            balls.get(await app.state.db.graph_version(), frozenset(ids[t] for t in team))
            is not None
        )


async def test_a_ball_too_big_is_not_kept_nor_rebuilt_and_answers_stay_exact(
    client: httpx.AsyncClient, app: FastAPI, balls: TeamBallCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ROWS", 20)  # karate's team ball has far more edges
    graph = networks.karate()
    team = {0, 33}
    ids = await networks.load_http(client, graph, team=team)
    targets = [v for v in sorted(graph) if v not in team][:6]
    await intros(client, {"target_id": ids[targets[0]]})
    await balls.settled()
    version, team_ids = await app.state.db.graph_version(), frozenset(ids[t] for t in team)
    assert balls.get(version, team_ids) is None
    build = balls._task
    for target in targets:  # read without a ball, and no new build for the same graph
        paths = await intros(client, {"target_id": ids[target], "limit": 5})
        got = check_intro_paths(paths, graph, ids, team, target, 4)
        same_scores(got, oracle.best_scores(graph, team, {target}, 4, 5))
    assert balls._task is build


async def test_a_ball_whose_read_was_cut_short_is_not_kept(
    client: httpx.AsyncClient, app: FastAPI, balls: TeamBallCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four team members who all know each other, each with three contacts of their own, each
    contact three hops from a target: 24 rows in the ball's first read (an edge between two
    members comes from both). With the cap at 17 that read stops at its limit of 18 rows, of
    which only 15 may be new: counting new edges alone kept a ball missing some contacts and
    their edges, which searches take as read."""
    monkeypatch.setattr(cache, "MAX_ROWS", 17)
    rng = random.Random(31)
    graph = nx.complete_graph(4)
    for member in range(4):
        for k in range(3):
            contact = (member, k)
            nx.add_path(graph, [member, contact, (*contact, "z"), (*contact, "w"), (*contact, "t")])
    for u, v in graph.edges:
        graph.edges[u, v]["strength"] = round(rng.uniform(0.2, 0.95), 3)
    team = {0, 1, 2, 3}
    ids = await networks.load_http(client, graph, team=team)
    targets = [(member, k, "t") for member in range(4) for k in range(3)]
    await intros(client, {"target_id": ids[targets[0]]})
    await balls.settled()
    version, team_ids = await app.state.db.graph_version(), frozenset(ids[t] for t in team)
    assert balls.get(version, team_ids) is None
    for target in targets:
        paths = await intros(client, {"target_id": ids[target], "limit": 5})
        got = check_intro_paths(paths, graph, ids, team, target, 4)
        same_scores(got, oracle.best_scores(graph, team, {target}, 4, 5))


async def test_on_astro_ph_the_ball_is_a_small_part_and_answers_match_the_oracles(
    client: httpx.AsyncClient, app: FastAPI, balls: TeamBallCache
) -> None:
    """Where the ball holds a small part of the graph, the targets' side and the bounded last
    step (a strength floor per person, from the best shorter paths) decide the answers."""
    graph = networks.astro_ball(2000, seed=3)
    rng = random.Random(23)
    nodes = sorted(graph)
    team = set(rng.sample([v for v in nodes if graph.degree(v) <= 8], 6))
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph, team=team)
    await ball_for(client, app, balls, ids[nodes[0]], {ids[t] for t in team})
    ball = balls.get(await app.state.db.graph_version(), frozenset(ids[t] for t in team))
    assert ball is not None and len(ball.hops) < len(graph) / 2
    for target in rng.sample(sorted(set(nodes) - team), 10):
        for limit in (1, 5):
            body = {"target_id": ids[target], "max_hops": 4, "limit": limit}
            paths = await intros(client, body)
            got = check_intro_paths(paths, graph, ids, team, target, 4)
            best = oracle.best_score_layered(graph, team, target, 4)
            same_scores(got[:1], [best] if best > 0.0 else [])
        body = {"target_id": ids[target], "max_hops": 3, "limit": 5}
        got = check_intro_paths(await intros(client, body), graph, ids, team, target, 3)
        same_scores(got, oracle.best_scores(graph, team, {target}, 3, 5))


@pytest.mark.usefixtures("step_reads")
async def test_company_intros_from_the_ball_match_the_oracle(
    client: httpx.AsyncClient, app: FastAPI, balls: TeamBallCache
) -> None:
    """A company's people as targets, many of them in the ball: the paths the ball already
    holds bound the answer, so the first step of the targets' side reads only the edges that
    can be on a path as good (a strength floor per person), and the last step only those into
    the ball's rim that fit. The top paths still equal the oracle's, distinct introducers too."""
    graph = networks.astro_ball(1200, seed=3)
    rng = random.Random(29)
    nodes = sorted(graph)
    team = set(rng.sample([v for v in nodes if graph.degree(v) <= 8], 6))
    ids = await networks.load_bulk(MappingRepository(app.state.db), graph, team=team)
    acme = await company(client, "Acme")
    staff = set(rng.sample(sorted(set(nodes) - team), 40))
    for member in sorted(staff):
        body = {"type": "WORKS_AT", "source_id": ids[member], "target_id": acme["id"]}
        assert (await client.post("/v1/relationships", json=body)).status_code == 201
    await ball_for(client, app, balls, ids[nodes[0]], {ids[t] for t in team})
    ball = balls.get(await app.state.db.graph_version(), frozenset(ids[t] for t in team))
    assert ball is not None and len(staff & {v for v in nodes if ids[v] in ball.hops}) >= 10
    node_of = {v: k for k, v in ids.items()}
    every = oracle.all_intro_paths(graph, team, staff, 4)
    for limit, distinct in ((1, False), (5, False), (10, False), (6, True)):
        body = {"target_id": acme["id"], "limit": limit, "distinct_introducers": distinct}
        got = []
        for path in await intros(client, body):
            assert path["nodes"][-1]["id"] == acme["id"]  # through the person's WORKS_AT
            person = {**path, "nodes": path["nodes"][:-1], "edges": path["edges"][:-1]}
            end = node_of[person["nodes"][-1]["id"]]
            inside = {node_of[n["id"]] for n in person["nodes"][1:-1]}
            assert end in staff and not inside & staff, "a path passes another employee"
            got += check_intro_paths([person], graph, ids, team, end, 4)
        if not distinct:
            same_scores(got, [p[0] for p in every[:limit]])
            continue
        best_per: dict = {}
        for score, hops, path_nodes in every:
            best_per.setdefault(path_nodes[1] if hops >= 2 else path_nodes, score)
        same_scores(got, sorted(best_per.values(), reverse=True)[:limit])
