"""Suggestions against networkx's Adamic-Adar; competitor risk on a small story."""

import httpx
import networkx as nx
import pytest

from tests.analytics.networks import karate, load, with_strengths
from tests.helpers import assert_problem, company, person, relate

pytestmark = pytest.mark.anyio


async def test_suggestions_agree_with_adamic_adar(client: httpx.AsyncClient) -> None:
    graph = with_strengths(karate())
    ids = await load(client, graph)
    node_of = {pid: node for node, pid in ids.items()}
    for source in (0, 9, 33):
        candidates = [n for n in graph.nodes() if n != source and not graph.has_edge(source, n)]
        expected = {
            v: score
            for _, v, score in nx.adamic_adar_index(graph, [(source, n) for n in candidates])
            if score > 0
        }
        response = await client.get(f"/v1/people/{ids[source]}/suggestions", params={"limit": 100})
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        got = {node_of[i["id"]]: i for i in items}
        assert set(got) == set(expected)  # everyone two steps away, no one already known
        for node, item in got.items():
            assert item["score"] == pytest.approx(expected[node])
            shared = {node_of[c["id"]] for c in item["shared"]}
            assert shared == set(nx.common_neighbors(graph, source, node)) or len(shared) == 10
            assert item["shared_count"] == len(list(nx.common_neighbors(graph, source, node)))
        scores = [i["score"] for i in items]
        assert scores == sorted(scores, reverse=True)
    small = await client.get(f"/v1/people/{ids[0]}/suggestions", params={"limit": 3})
    assert len(small.json()["items"]) == 3
    assert_problem(await client.get("/v1/people/nope/suggestions"), 404)


async def test_competitor_risk_finds_the_stakeholder_closer_to_a_rival(
    client: httpx.AsyncClient,
) -> None:
    # Story: we are Us Inc (Tess and Tom are our team). Rival Ltd competes with us, and
    # Shadow Co is tagged "competitor". Our account Globex has three stakeholders:
    # - Carla (CTO, decision maker) knows Rita at Rival well (0.9) and Tess only a little (0.3):
    #   at risk, margin 0.6;
    # - Dan knows Tom well (0.8) and Sam at Shadow Co a bit (0.5): not at risk;
    # - Eve advises Shadow Co directly (0.7) and has no tie to us: at risk, margin 0.7;
    # - Fay knows nobody: not listed;
    # - Olga and Gus are no stakeholders (Olga works elsewhere, Gus left Globex) with the
    #   same ties as Carla and Eve: not listed.
    us = await company(client, "Us Inc")
    rival = await company(client, "Rival Ltd")
    shadow = await company(client, "Shadow Co", tags=["competitor"])
    globex = await company(client, "Globex")
    await relate(client, "COMPETES_WITH", rival, us)
    tess = await person(client, "Tess", is_team=True)
    tom = await person(client, "Tom", is_team=True)
    for t in (tess, tom):
        await relate(client, "WORKS_AT", t, us)
    rita, sam = await person(client, "Rita"), await person(client, "Sam")
    await relate(client, "WORKS_AT", rita, rival)
    await relate(client, "WORKS_AT", sam, shadow)
    carla, dan = await person(client, "Carla"), await person(client, "Dan")
    eve, fay = await person(client, "Eve"), await person(client, "Fay")
    await relate(
        client, "WORKS_AT", carla, globex, properties={"title": "CTO", "role": "decision_maker"}
    )
    for p in (dan, eve, fay):
        await relate(client, "WORKS_AT", p, globex)
    await relate(client, "KNOWS", carla, rita, strength=0.9)
    await relate(client, "KNOWS", tess, carla, strength=0.3)
    await relate(client, "KNOWS", dan, tom, strength=0.8)
    await relate(client, "KNOWS", sam, dan, strength=0.5)
    await relate(client, "ADVISES", eve, shadow, strength=0.7)
    olga, gus = await person(client, "Olga"), await person(client, "Gus")
    initech = await company(client, "Initech")
    await relate(client, "WORKS_AT", olga, initech)
    # Carla also sits on Initech's board: her role and title at Globex are the ones shown
    await relate(client, "WORKS_AT", carla, initech, properties={"title": "Board member"})
    await relate(client, "WORKS_AT", gus, globex, properties={"current": False})
    for outsider in (olga, gus):
        await relate(client, "KNOWS", outsider, rita, strength=0.9)
        await relate(client, "ADVISES", outsider, shadow, strength=0.7)

    response = await client.get(f"/v1/companies/{globex['id']}/competitor-risk")
    assert response.status_code == 200, response.text
    body = response.json()
    assert [c["name"] for c in body["our_companies"]] == ["Us Inc"]
    assert sorted(c["name"] for c in body["competitors"]) == ["Rival Ltd", "Shadow Co"]
    names = [i["person"]["name"] for i in body["items"]]
    assert names == ["Eve", "Carla"]
    eve_row, carla_row = body["items"]
    assert eve_row["margin"] == pytest.approx(0.7) and eve_row["our_ties"] == []
    assert eve_row["competitor_ties"][0]["company"]["name"] == "Shadow Co"
    assert eve_row["competitor_ties"][0]["edge"]["type"] == "ADVISES"
    assert carla_row["role"] == "decision_maker" and carla_row["title"] == "CTO"
    assert carla_row["competitor_strength"] == pytest.approx(0.9)
    assert carla_row["our_strength"] == pytest.approx(0.3)
    assert carla_row["competitor_ties"][0]["person"]["name"] == "Rita"
    assert carla_row["competitor_ties"][0]["company"]["name"] == "Rival Ltd"
    assert carla_row["our_ties"][0]["person"]["name"] == "Tess"
    # Dan's tie to Tom grows weaker than his tie to Sam: now he is at risk too
    dan_tom = (
        await client.get("/v1/relationships", params={"node_id": tom["id"], "type": "KNOWS"})
    ).json()
    await client.patch(f"/v1/relationships/{dan_tom['items'][0]['id']}", json={"strength": 0.2})
    body = (await client.get(f"/v1/companies/{globex['id']}/competitor-risk")).json()
    assert [i["person"]["name"] for i in body["items"]] == ["Eve", "Carla", "Dan"]
    assert_problem(await client.get("/v1/companies/nope/competitor-risk"), 404)
