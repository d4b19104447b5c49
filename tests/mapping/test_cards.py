"""Intro path nodes, their weakest link and account-map people carry person cards."""

import httpx
import pytest

from tests.analytics.test_cards import card_of
from tests.helpers import company, person, relate

pytestmark = pytest.mark.anyio


async def story(client: httpx.AsyncClient) -> dict:
    # Tess (our team, at Us Inc) knows Ann (champion at Bank) well; Ann knows Carl (the CFO
    # and decision maker at Globex) a little: the intro runs Tess -> Ann -> Carl.
    us = await company(client, "Us Inc")
    bank = await company(client, "Bank")
    globex = await company(client, "Globex")
    tess = await person(client, "Tess", is_team=True)
    ann = await person(client, "Ann")
    carl = await person(client, "Carl")
    await relate(client, "WORKS_AT", tess, us, properties={"role": "other", "title": "AE"})
    await relate(client, "WORKS_AT", ann, bank, properties={"role": "champion"})
    await relate(
        client, "WORKS_AT", carl, globex, properties={"role": "decision_maker", "title": "CFO"}
    )
    await relate(client, "KNOWS", tess, ann, strength=0.9)
    weak = await relate(client, "KNOWS", ann, carl, strength=0.4)
    return {
        "us": us,
        "bank": bank,
        "globex": globex,
        "tess": tess,
        "ann": ann,
        "carl": carl,
        "weak": weak,
    }


async def test_intro_path_nodes_and_weakest_link_carry_cards(client: httpx.AsyncClient) -> None:
    s = await story(client)
    expected_cards = [
        card_of(s["tess"], s["us"], "other"),
        card_of(s["ann"], s["bank"], "champion"),
        card_of(s["carl"], s["globex"], "decision_maker"),
    ]
    for target in (s["carl"], s["globex"]):
        r = await client.post("/v1/intros", json={"target_id": target["id"]})
        assert r.status_code == 200, r.text
        [path] = r.json()["paths"]
        people = [n for n in path["nodes"] if n["label"] == "Person"]
        assert [n["person"] for n in people] == expected_cards
        assert all(n["person"] is None for n in path["nodes"] if n["label"] == "Company")
        assert path["introducer"]["person"] == expected_cards[1]
        link = path["weakest_link"]
        assert link["edge_id"] == s["weak"]["id"]
        assert {link["source_name"], link["target_name"]} == {"Ann", "Carl"}
        assert {link["source_person"]["id"], link["target_person"]["id"]} == {
            s["ann"]["id"],
            s["carl"]["id"],
        }


async def test_account_map_people_carry_their_card(client: httpx.AsyncClient) -> None:
    s = await story(client)
    r = await client.get(f"/v1/companies/{s['globex']['id']}/account-map")
    assert r.status_code == 200, r.text
    [row] = r.json()["people"]
    card = card_of(s["carl"], s["globex"], "decision_maker")
    assert {k: row["person"][k] for k in card} == card
    best = row["best_intro"]
    assert [n["person"]["name"] for n in best["nodes"]] == ["Tess", "Ann", "Carl"]
    assert best["weakest_link"]["target_name"] in ("Ann", "Carl")
