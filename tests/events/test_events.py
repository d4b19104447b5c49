"""Events, attendees and priorities: a small story, and random networks against networkx."""

import itertools
import random

import httpx
import networkx as nx
import pytest

from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio


async def test_events_and_their_attendees(client: httpx.AsyncClient) -> None:
    ada, bob, cy = [await person(client, n) for n in ("Ada", "Bob", "Cy")]
    body = {
        "name": "Summit",
        "starts_on": "2026-12-03",
        "location": "Lisbon",
        "attendee_ids": [ada["id"]],
    }
    response = await client.post("/v1/events", json=body)
    assert response.status_code == 201, response.text
    event = response.json()
    assert event["attendee_count"] == 1 and event["starts_on"] == "2026-12-03"
    assert (await client.get(f"/v1/events/{event['id']}")).json()["name"] == "Summit"
    added = await client.post(
        f"/v1/events/{event['id']}/attendees", json={"person_ids": [ada["id"], bob["id"], cy["id"]]}
    )
    assert added.status_code == 200, added.text
    assert added.json()["added"] == [bob["id"], cy["id"]] and added.json()["already"] == [ada["id"]]
    assert added.json()["attendee_count"] == 3
    page = (await client.get(f"/v1/events/{event['id']}/attendees", params={"limit": 2})).json()
    rest = (
        await client.get(
            f"/v1/events/{event['id']}/attendees", params={"cursor": page["next_cursor"]}
        )
    ).json()
    assert {p["name"] for p in page["items"] + rest["items"]} == {"Ada", "Bob", "Cy"}
    # the attendance is an ordinary relationship with the default strength
    rels = (
        await client.get("/v1/relationships", params={"node_id": ada["id"], "type": "ATTENDED"})
    ).json()
    assert [r["target_id"] for r in rels["items"]] == [event["id"]]
    assert rels["items"][0]["strength_source"] == "default"
    assert (
        await client.delete(f"/v1/events/{event['id']}/attendees/{cy['id']}")
    ).status_code == 204
    assert (await client.get(f"/v1/events/{event['id']}")).json()["attendee_count"] == 2
    listed = (await client.get("/v1/events")).json()["items"]
    assert [e["id"] for e in listed] == [event["id"]]

    assert_problem(await client.get("/v1/events/nope"), 404)
    assert_problem(
        await client.post("/v1/events", json={"name": "X", "attendee_ids": ["ghost"]}), 404
    )
    assert (await client.get("/v1/events")).json()["items"] == listed  # nothing half-made
    assert_problem(
        await client.post(f"/v1/events/{event['id']}/attendees", json={"person_ids": ["ghost"]}),
        404,
    )
    assert_problem(
        await client.post("/v1/events/nope/attendees", json={"person_ids": [ada["id"]]}), 404
    )
    assert_problem(await client.post("/v1/events", json={"starts_on": "2026-12-03"}), 422)
    assert_problem(await client.delete(f"/v1/events/{event['id']}/attendees/{cy['id']}"), 404)


async def test_priorities_rank_attendees_by_their_paths_to_our_market(
    client: httpx.AsyncClient,
) -> None:
    # Story: we are Us Inc (Tess is our team). Globex is our client (Globex CLIENT_OF us),
    # Supplyco our vendor (we CLIENT_OF Supplyco), Rival our competitor (COMPETES_WITH), and
    # Acme is tagged "client". At the summit:
    # - Ann works at Globex: score 1, no hop;
    # - Ben knows Gil at Globex (0.8): 0.8;
    # - Eli knows Hal at Acme (0.6): 0.6;
    # - Cat knows Dov (0.9) who knows Val at Supplyco (0.5): 0.45; she also knows Rex at
    #   Rival (0.3) directly, her second reason;
    # - Dee knows nobody: 0, last;
    # - Tess is one of us: not ranked.
    us = await company(client, "Us Inc")
    globex, supplyco = await company(client, "Globex"), await company(client, "Supplyco")
    rival, acme = await company(client, "Rival"), await company(client, "Acme", tags=["client"])
    await relate(client, "CLIENT_OF", globex, us)
    await relate(client, "CLIENT_OF", us, supplyco)
    await relate(client, "COMPETES_WITH", us, rival)
    tess = await person(client, "Tess", is_team=True)
    await relate(client, "WORKS_AT", tess, us)
    names = ("Ann", "Ben", "Cat", "Dee", "Eli", "Gil", "Hal", "Dov", "Val", "Rex")
    p = {n: await person(client, n) for n in names}
    for who, where in (
        ("Ann", globex),
        ("Gil", globex),
        ("Hal", acme),
        ("Val", supplyco),
        ("Rex", rival),
    ):
        await relate(client, "WORKS_AT", p[who], where)
    for a, b, s in (
        ("Ben", "Gil", 0.8),
        ("Eli", "Hal", 0.6),
        ("Cat", "Dov", 0.9),
        ("Val", "Dov", 0.5),
        ("Cat", "Rex", 0.3),
    ):
        await relate(client, "KNOWS", p[a], p[b], strength=s)
    attendees = [p[n]["id"] for n in ("Ann", "Ben", "Cat", "Dee", "Eli")] + [tess["id"]]
    event = (
        await client.post("/v1/events", json={"name": "Summit", "attendee_ids": attendees})
    ).json()

    response = await client.get(f"/v1/events/{event['id']}/priorities")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["target_companies"] == 4 and not body["truncated"]
    ranked = [(i["person"]["name"], i["score"], i["rank"]) for i in body["items"]]
    assert [r[0] for r in ranked] == ["Ann", "Ben", "Eli", "Cat", "Dee"]
    assert [r[1] for r in ranked] == pytest.approx([1.0, 0.8, 0.6, 0.45, 0.0])
    assert [r[2] for r in ranked] == [1, 2, 3, 4, 5]
    ann, ben, eli, cat, dee = body["items"]
    assert ann["reasons"][0]["hops"] == 0 and ann["reasons"][0]["company"]["relations"] == [
        "client"
    ]
    assert [e["type"] for e in ann["reasons"][0]["edges"]] == ["WORKS_AT"]
    assert eli["reasons"][0]["company"]["basis"] == ["tagged client"]
    assert ben["reasons"][0]["company"]["basis"] == ["CLIENT_OF them->us"]
    vendor, competitor = cat["reasons"]
    assert [n["name"] for n in vendor["nodes"]] == ["Cat", "Dov", "Val", "Supplyco"]
    assert [e["type"] for e in vendor["edges"]] == ["KNOWS", "KNOWS", "WORKS_AT"]
    assert vendor["company"]["relations"] == ["vendor"] and vendor["hops"] == 2
    assert [e["strength"] for e in vendor["edges"][:2]] == pytest.approx([0.9, 0.5])
    assert competitor["company"]["name"] == "Rival" and competitor["score"] == pytest.approx(0.3)
    assert dee["reasons"] == []

    only = await client.get(
        f"/v1/events/{event['id']}/priorities", params={"relative_to": "competitor"}
    )
    assert [(i["person"]["name"], i["score"]) for i in only.json()["items"][:1]] == [
        ("Cat", pytest.approx(0.3))
    ]
    one_hop = await client.get(
        f"/v1/events/{event['id']}/priorities", params={"max_hops": 1, "limit": 4}
    )
    items = one_hop.json()["items"]
    assert len(items) == 4 and items[3]["person"]["name"] == "Cat"
    assert items[3]["score"] == pytest.approx(0.3)
    for relations in ("friend", "client;vendor", "clientvendor"):
        bad = await client.get(
            f"/v1/events/{event['id']}/priorities", params={"relative_to": relations}
        )
        assert ["query", "relative_to"] in [e["loc"] for e in assert_problem(bad, 422)["errors"]]
    spaced = await client.get(
        f"/v1/events/{event['id']}/priorities", params={"relative_to": " Competitor , "}
    )
    assert spaced.json()["items"] == only.json()["items"]
    assert_problem(await client.get("/v1/events/nope/priorities"), 404)


@pytest.mark.parametrize("seed", [1, 2])
async def test_priority_scores_are_the_best_path_products(
    client: httpx.AsyncClient, seed: int
) -> None:
    rng = random.Random(seed)
    graph = nx.gnm_random_graph(30, 75, seed=seed)
    for _, _, d in graph.edges(data=True):
        d["strength"] = round(rng.uniform(0.1, 1.0), 3)
    us, client_co = await company(client, "Us"), await company(client, "Client Co")
    await relate(client, "VENDOR_OF", us, client_co)  # we sell to them: a client
    await relate(client, "WORKS_AT", await person(client, "Me", is_team=True), us)  # "us"
    ids = {n: (await person(client, f"P{n}"))["id"] for n in graph.nodes()}
    employees = set(range(24, 30))
    for n in employees:
        await relate(client, "WORKS_AT", {"id": ids[n]}, client_co)
    for a, b, d in graph.edges(data=True):
        await relate(client, "KNOWS", {"id": ids[a]}, {"id": ids[b]}, strength=d["strength"])
    attendees = [*range(8), 24]
    event = (
        await client.post(
            "/v1/events", json={"name": "E", "attendee_ids": [ids[n] for n in attendees]}
        )
    ).json()
    node_of = {v: k for k, v in ids.items()}
    for hops in (2, 3):
        expected = {}
        for a in attendees:
            best = 1.0 if a in employees else 0.0
            for t in employees - {a}:
                for path in nx.all_simple_paths(graph, a, t, cutoff=hops):
                    product = 1.0
                    for u, v in itertools.pairwise(path):
                        product *= graph[u][v]["strength"]
                    best = max(best, product)
            expected[a] = best
        body = (
            await client.get(f"/v1/events/{event['id']}/priorities", params={"max_hops": hops})
        ).json()
        got = {node_of[i["person"]["id"]]: i["score"] for i in body["items"]}
        assert got == pytest.approx(expected)
        for item in body["items"]:
            for reason in item["reasons"]:  # each reason's score is its own edges' product
                product = 1.0
                for e in reason["edges"][:-1]:
                    product *= e["strength"]
                assert reason["score"] == pytest.approx(product) and reason["hops"] <= hops
                path = [n["id"] for n in reason["nodes"][:-1]]
                assert len(path) == len(set(path))  # simple
