"""Rows about a person carry their card; influencers and suggestions can leave our team out
(API.md v1.1 "People cards and lookups"). Expectations come from what the test made and from
networkx."""

import itertools

import httpx
import networkx as nx
import pytest

from tests.analytics.networks import karate, load, with_strengths
from tests.analytics.test_influencers import ranking
from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio


def card_of(p: dict, employer: dict | None, role: str | None, title: str | None = None) -> dict:
    return {
        "id": p["id"],
        "name": p["name"],
        "title": title,
        "is_team": p["is_team"],
        "company": {"id": employer["id"], "name": employer["name"]} if employer else None,
        "role": role,
    }


async def test_influencers_without_our_team_follow_networkx(client: httpx.AsyncClient) -> None:
    graph = with_strengths(karate())
    ids = await load(client, graph)
    node_of = {pid: node for node, pid in ids.items()}
    expected = nx.pagerank(graph, weight="strength")
    oracle_order = sorted(expected, key=lambda n: (-expected[n], ids[n]))
    team = oracle_order[:5]  # our team leads the network, as the issue reports
    us = await company(client, "Us Inc", industry="Software")
    for node in team:
        r = await client.patch(f"/v1/people/{ids[node]}", json={"is_team": True})
        assert r.status_code == 200
        await relate(client, "WORKS_AT", {"id": ids[node]}, us, properties={"role": "other"})
    everyone = await ranking(client, metric="pagerank")
    assert {node_of[i["id"]] for i in everyone[:5]} == set(team)
    assert all(i["person"]["is_team"] for i in everyone[:5])

    items = await ranking(client, metric="pagerank", exclude_team="true")
    shown = [node_of[i["id"]] for i in items]
    assert set(shown) == set(graph.nodes()) - set(team)
    assert [i["rank"] for i in items] == list(range(1, len(items) + 1))
    outside = [n for n in oracle_order if n not in team]
    top = {n for n in outside if expected[n] > expected[outside[9]] + 1e-9}
    assert top <= set(shown[:10])
    for i in items:
        assert i["score"] == pytest.approx(expected[node_of[i["id"]]], rel=1e-3, abs=1e-6)
        assert i["person"] == {
            "id": i["id"],
            "name": str(node_of[i["id"]]),
            "title": None,
            "is_team": False,
            "company": None,
            "role": None,
        }
    # a scope and exclude_team together; a bad flag is a 422
    scoped = await ranking(client, metric="degree", scope="industry:Software", exclude_team="1")
    assert scoped == []
    r = await client.get("/v1/influencers", params={"exclude_team": "maybe"})
    assert_problem(r, 422)


async def test_suggestions_can_leave_our_team_out(client: httpx.AsyncClient) -> None:
    # Story: Xena knows Ann and Ben; they both know Tess and Tom (our team) and Sol (a
    # prospect at Bank). Without exclude_team the team leads the suggestions.
    bank = await company(client, "Bank", industry="Fintech")
    xena, ann, ben = [await person(client, n) for n in ("Xena", "Ann", "Ben")]
    tess = await person(client, "Tess", is_team=True)
    tom = await person(client, "Tom", is_team=True)
    sol = await person(client, "Sol", title="CFO")
    await relate(
        client, "WORKS_AT", sol, bank, properties={"title": "CFO", "role": "decision_maker"}
    )
    for friend in (ann, ben):
        await relate(client, "KNOWS", xena, friend, strength=0.5)
        for other in (tess, tom, sol):
            await relate(client, "KNOWS", friend, other, strength=0.5)
    r = await client.get(f"/v1/people/{xena['id']}/suggestions")
    assert r.status_code == 200, r.text
    assert {i["id"] for i in r.json()["items"]} == {tess["id"], tom["id"], sol["id"]}
    r = await client.get(f"/v1/people/{xena['id']}/suggestions", params={"exclude_team": True})
    body = r.json()
    assert body["exclude_team"] is True
    assert [i["id"] for i in body["items"]] == [sol["id"]]
    assert body["items"][0]["person"] == card_of(sol, bank, "decision_maker", "CFO")
    assert body["items"][0]["companies"] == [
        {"id": bank["id"], "name": "Bank", "industry": "Fintech"}
    ]
    r = await client.get(f"/v1/people/{xena['id']}/suggestions", params={"exclude_team": "x"})
    assert_problem(r, 422)
    r = await client.get("/v1/people/nobody/suggestions", params={"exclude_team": True})
    assert_problem(r, 404)


async def test_competitor_risk_rows_carry_cards_and_industries(
    client: httpx.AsyncClient,
) -> None:
    us = await company(client, "Us Inc")
    rival = await company(client, "Rival Ltd", industry="Banking")
    globex = await company(client, "Globex", industry="Energy")
    await relate(client, "COMPETES_WITH", rival, us)
    tess = await person(client, "Tess", is_team=True)
    await relate(client, "WORKS_AT", tess, us)
    rita = await person(client, "Rita")
    await relate(client, "WORKS_AT", rita, rival)
    carla = await person(client, "Carla", title="CTO")
    await relate(
        client, "WORKS_AT", carla, globex, properties={"title": "CTO", "role": "decision_maker"}
    )
    await relate(client, "KNOWS", carla, rita, strength=0.9)
    await relate(client, "KNOWS", tess, carla, strength=0.3)
    body = (await client.get(f"/v1/companies/{globex['id']}/competitor-risk")).json()
    [row] = body["items"]
    assert row["person"] == {
        **card_of(carla, globex, "decision_maker", "CTO"),
        "tags": [],
        "companies": [{"id": globex["id"], "name": "Globex", "industry": "Energy"}],
    }
    assert row["competitor_ties"][0]["company"] == {
        "id": rival["id"],
        "name": "Rival Ltd",
        "industry": "Banking",
    }


async def test_segment_members_carry_cards(client: httpx.AsyncClient) -> None:
    acme = await company(client, "Acme")
    people = [await person(client, f"P{i}") for i in range(4)]
    await relate(client, "WORKS_AT", people[0], acme, properties={"role": "champion"})
    for a, b in itertools.pairwise(people):
        await relate(client, "KNOWS", a, b, strength=0.8)
    r = await client.get("/v1/segments", params={"min_size": 1})
    assert r.status_code == 200, r.text
    members = [m for s in r.json()["items"] for m in s["members"]]
    by_id = {m["id"]: m for m in members}
    assert by_id[people[0]["id"]]["person"] == card_of(people[0], acme, "champion")
    assert by_id[people[1]["id"]]["person"] == card_of(people[1], None, None)
    saved = await client.post(
        "/v1/segments/saved",
        json={"name": "Four", "member_ids": [p["id"] for p in people]},
    )
    assert saved.status_code == 201, saved.text
    page = await client.get(f"/v1/segments/saved/{saved.json()['id']}/members")
    assert [m["person"] for m in page.json()["items"]] == [
        card_of(people[0], acme, "champion"),
        *(card_of(p, None, None) for p in people[1:]),
    ]
