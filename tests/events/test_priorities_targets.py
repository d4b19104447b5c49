"""Event priorities relative to prospects, tags and named companies; known_by; ties broken by
role and by ties to the team. A hand-built network whose answer the test computes itself
(networkx paths on the same data), not from relmap's output."""

import itertools
import math

import httpx
import networkx as nx
import pytest

from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio

ROLE_ORDER = ["decision_maker", "influencer", "champion", "user", "gatekeeper", "blocker", "other"]


def best_product(graph: nx.Graph, a: str, b: str, hops: int, avoid: set) -> tuple[float, int]:
    """The best product of strengths over simple paths of at most `hops` edges from a to b
    whose inside avoids `avoid`, and its length (fewest edges on ties); (0, 0) when none."""
    best = (0.0, 0)
    if a not in graph or b not in graph:
        return best
    for path in nx.all_simple_paths(graph, a, b, cutoff=hops):
        if set(path[1:-1]) & avoid:
            continue
        score = math.prod(graph[u][v]["strength"] for u, v in itertools.pairwise(path))
        if (score, -(len(path) - 1)) > (best[0], -best[1]):
            best = (score, len(path) - 1)
    return best


async def test_priorities_relative_to_prospects_tags_and_companies(
    client: httpx.AsyncClient,
) -> None:
    us = await company(client, "Us Inc")
    pros_a = await company(client, "Pros A", tags=["prospect"])
    pros_b = await company(client, "Pros B", tags=["Prospect", "fintech"])
    fin = await company(client, "Fin", tags=["fintech"])
    named = await company(client, "Named")
    people: dict[str, dict] = {}
    for name in ("Tess", "Tom"):
        people[name] = await person(client, name, is_team=True)
        await relate(client, "WORKS_AT", people[name], us)
    # attendee -> (employer, role); Zed and Xan work nowhere
    staff = {
        "Dana": (pros_a, "decision_maker"),
        "Ivy": (pros_a, "influencer"),
        "Uma": (pros_a, "user"),
        "Ned": (pros_a, None),
        "Carl": (pros_b, "champion"),
        "Cody": (pros_b, "champion"),
        "Cleo": (pros_b, "champion"),
        "Fay": (fin, "blocker"),
        "Nia": (named, "other"),
    }
    for name in [*staff, "Zed", "Xan", "Gus"]:
        people[name] = await person(client, name, title=f"{name}'s title")
    for name, (where, role) in staff.items():
        props = {"role": role} if role else {}
        await relate(client, "WORKS_AT", people[name], where, properties=props)
    # Gus left Pros A: he is no way in
    await relate(client, "WORKS_AT", people["Gus"], pros_a, properties={"until": "2020-01-01"})
    knows = [
        ("Tess", "Ivy", 0.9),
        ("Tess", "Uma", 0.5),
        ("Tom", "Carl", 0.4),
        ("Tess", "Carl", 0.3),
        ("Tom", "Cody", 0.4),
        ("Tess", "Xan", 0.9),
        ("Xan", "Cleo", 0.8),
        ("Zed", "Dana", 0.5),
        ("Zed", "Ivy", 0.6),
        ("Zed", "Gus", 0.95),
        ("Tess", "Tom", 0.9),  # team to team: no known_by path runs through a team member
        ("Fay", "Nia", 0.7),
    ]
    graph = nx.Graph()
    for a, b, s in knows:
        await relate(client, "KNOWS", people[a], people[b], strength=s)
        graph.add_edge(people[a]["id"], people[b]["id"], strength=s)
    attendees = [*staff, "Zed", "Xan", "Tess"]
    event = (
        await client.post(
            "/v1/events",
            json={"name": "Expo", "attendee_ids": [people[n]["id"] for n in attendees]},
        )
    ).json()
    team = {people["Tess"]["id"], people["Tom"]["id"]}
    tagged = {"prospect": [pros_a, pros_b], "tag:fintech": [pros_b, fin]}

    def expected(targets: list[dict], max_hops: int = 2) -> list[str]:
        ends = {
            people[n]["id"] for n, (where, _) in staff.items() if where in targets
        }  # current employees of the target companies
        rows = []
        for name in attendees:
            pid = people[name]["id"]
            if pid in team:
                continue
            score = 1.0 if pid in ends else 0.0
            for end in ends - {pid}:
                score = max(score, best_product(graph, pid, end, max_hops, set())[0])
            known = [best_product(graph, pid, t, 2, team) for t in sorted(team)]
            known = [k for k in known if k[0] > 0]
            role = staff.get(name, (None, None))[1]
            rank = ROLE_ORDER.index(role) if role else len(ROLE_ORDER)
            reached = {
                where["id"]
                for n, (where, _) in staff.items()
                if where in targets
                and (n == name or best_product(graph, pid, people[n]["id"], max_hops, set())[0] > 0)
            }
            best_known = max((k[0] for k in known), default=0.0)
            rows.append((-score, rank, -best_known, -len(known), -len(reached), name))
        return [r[-1] for r in sorted(rows)]

    async def ranked(relative_to: str, **params: int) -> dict:
        response = await client.get(
            f"/v1/events/{event['id']}/priorities",
            params={"relative_to": relative_to, **params},
        )
        assert response.status_code == 200, response.text
        return response.json()

    body = await ranked("prospect")
    names = [i["person"]["name"] for i in body["items"]]
    assert names == expected(tagged["prospect"])
    # the ties at score 1 run decision maker, influencer, champions (strongest, then most
    # team ties first), user, no role
    assert names[:7] == ["Dana", "Ivy", "Cleo", "Carl", "Cody", "Uma", "Ned"]
    assert body["relative_to"] == ["prospect"] and body["target_companies"] == 2
    rows = {i["person"]["name"]: i for i in body["items"]}
    assert rows["Dana"]["person"]["company"] == {"id": pros_a["id"], "name": "Pros A"}
    assert rows["Dana"]["person"]["role"] == "decision_maker"
    assert rows["Dana"]["person"]["title"] == "Dana's title"
    assert rows["Ned"]["person"]["role"] is None
    assert rows["Dana"]["reasons"][0]["company"]["relations"] == ["prospect"]
    assert rows["Carl"]["reasons"][0]["company"]["basis"] == ["tagged prospect"]
    # known_by: team members within 2 hops, strongest first, never through a team member
    for name, row in rows.items():
        pid = people[name]["id"]
        want = sorted(
            (
                (-best_product(graph, pid, t, 2, team)[0], t)
                for t in team
                if best_product(graph, pid, t, 2, team)[0] > 0
            ),
        )
        got = [(-k["score"], k["person"]["id"]) for k in row["known_by"]]
        assert [g[1] for g in got] == [w[1] for w in want], name
        assert [g[0] for g in got] == pytest.approx([w[0] for w in want])
        for k in row["known_by"]:
            assert k["person"]["is_team"] is True
            assert k["hops"] == best_product(graph, pid, k["person"]["id"], 2, team)[1]
    assert [k["person"]["name"] for k in rows["Ivy"]["known_by"]] == ["Tess"]  # not Tom
    assert [(k["person"]["name"], k["hops"]) for k in rows["Cleo"]["known_by"]] == [("Tess", 2)]
    assert rows["Cleo"]["known_by"][0]["score"] == pytest.approx(0.72)
    assert rows["Zed"]["score"] == pytest.approx(0.6)  # via Ivy; Gus left Pros A

    body = await ranked("tag:FINTECH")  # tags in any letter case
    assert [i["person"]["name"] for i in body["items"]] == expected(tagged["tag:fintech"])
    assert body["relative_to"] == ["tag:FINTECH"] and body["target_companies"] == 2
    assert rows["Fay"]["score"] == 0.0
    body = await ranked(f"company:{named['id']}, prospect", max_hops=1)
    assert [i["person"]["name"] for i in body["items"]] == expected(
        [named, *tagged["prospect"]], max_hops=1
    )
    assert body["relative_to"] == ["prospect", f"company:{named['id']}"]
    fay = next(i for i in body["items"] if i["person"]["name"] == "Fay")
    assert fay["score"] == pytest.approx(0.7)  # Fay knows Nia at Named
    assert fay["reasons"][0]["company"]["relations"] == [f"company:{named['id']}"]
    # the market relations still work, and none of these companies is in our market
    assert (await ranked("client,vendor"))["target_companies"] == 0


async def test_priorities_refuse_bad_relative_to(client: httpx.AsyncClient) -> None:
    ada = await person(client, "Ada")
    event = (
        await client.post("/v1/events", json={"name": "E", "attendee_ids": [ada["id"]]})
    ).json()
    url = f"/v1/events/{event['id']}/priorities"
    for bad, named in (
        ("prospects", "prospects"),
        ("client,friend", "friend"),
        ("tag:", "tag:"),
        ("company:", "company:"),
        ("colour:red", "colour:red"),
    ):
        problem = assert_problem(await client.get(url, params={"relative_to": bad}), 422)
        assert named in problem["detail"]
        assert ["query", "relative_to"] in [e["loc"] for e in problem["errors"]]
    problem = assert_problem(await client.get(url, params={"relative_to": "company:nope"}), 404)
    assert "nope" in problem["detail"]
    assert_problem(await client.get(url, params={"relative_to": "prospect", "colour": "1"}), 422)
    assert_problem(
        await client.get("/v1/events/nope/priorities", params={"relative_to": "prospect"}), 404
    )
    empty = await client.get(url, params={"relative_to": "tag:nobody"})
    assert empty.status_code == 200 and empty.json()["target_companies"] == 0
    assert [i["score"] for i in empty.json()["items"]] == [0.0]
