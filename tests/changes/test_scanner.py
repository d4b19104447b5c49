"""The decay scanner (app/changes/scanner.py): crossings found without any write, once."""

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from neo4j import GraphDatabase

from app.changes import payloads
from app.changes.scanner import SignalScanner
from app.config import Settings
from tests.changes.test_feed import feed
from tests.neo4j_server import Server
from tests.processes import start_api

DAY = 86_400.0
# One meeting today: 1 - e^-1 = 0.63 now (mid band); 200 days on, 0.27 (cold, below 0.4).
LATER = timedelta(days=200)


async def met_today(client: httpx.AsyncClient) -> dict[str, Any]:
    a = (await client.post("/v1/people", json={"name": "Ada", "is_team": True})).json()
    b = (await client.post("/v1/people", json={"name": "Bo"})).json()
    # trailing zeros in the fraction: Cypher's text of it differs from the API's (".12" and
    # ".120000"), so a datetime passed on as read would show in the feed
    at = datetime.now(UTC).replace(microsecond=120_000).isoformat()
    logged = await client.post(
        "/v1/interactions",
        json={"kind": "meeting", "occurred_at": at, "participant_ids": [a["id"], b["id"]]},
    )
    assert logged.status_code == 201, logged.text
    rel: dict[str, Any] = logged.json()["relationships"][0]
    return rel


def cold_from(row: dict[str, Any]) -> datetime:
    """The first second the stored edge is below RELMAP_COLD_AT (bisection on the model)."""
    lo, hi = datetime.now(UTC).timestamp(), datetime.now(UTC).timestamp() + 400 * DAY
    while hi - lo > 1:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if payloads.clock().at_epoch(row, mid) >= 0.4 else (lo, mid)
    return datetime.fromtimestamp(hi, UTC)


@pytest.mark.anyio
async def test_decay_crossing_recorded_once(client: httpx.AsyncClient, app: FastAPI) -> None:
    _, start = await feed(client)
    rel = await met_today(client)
    assert 0.4 < rel["strength"] < 0.7
    row = (await app.state.db.read_one("get_relationship", id=rel["id"]))["rel"]
    cold = cold_from(row)
    scanner = SignalScanner(app.state.db, app.state.settings)
    # a second before it goes cold: nothing; at the moment it does: one cooled; again: nothing
    assert (await scanner.scan(cold - timedelta(seconds=2))).crossings == 0
    assert (await scanner.scan(cold)).crossings == 1
    assert (await scanner.scan(cold + timedelta(days=1))).crossings == 0
    items, _ = await feed(client, start)
    cooled = [i for i in items if i["type"] == "relationship.cooled"]
    assert len(cooled) == 1
    data = cooled[0]["data"]
    assert data["relationship"]["id"] == rel["id"]
    assert data["cause"] == "decay" and data["direction"] == "down"
    assert data["threshold"] == 0.4 and data["previous_band"] == "mid" and data["band"] == "cold"
    assert 0.39 < data["strength"] < 0.4 == data["threshold"]
    assert data["relationship"]["strength"] == data["strength"]
    assert datetime.fromisoformat(data["as_of"]) == cold
    # the relationship in the feed is the one the API answers (its datetimes too)
    answered = (await client.get(f"/v1/relationships/{rel['id']}")).json()
    for key in ("created_at", "updated_at", "last_interaction_at", "interaction_count"):
        assert data["relationship"][key] == answered[key], key


@pytest.mark.anyio
async def test_edge_first_seen_by_scanner_is_only_noted(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    rel = await met_today(client)
    await app.state.db.write_state("forget_signal_bands", ids=[rel["id"]])
    _, start = await feed(client)
    scanner = SignalScanner(app.state.db, app.state.settings)
    assert (await scanner.scan(datetime.now(UTC) + LATER)).crossings == 0  # noted: cold
    assert (await scanner.scan(datetime.now(UTC) + LATER)).crossings == 0
    items, _ = await feed(client, start)
    assert not [i for i in items if i["type"].startswith("relationship.")]


@pytest.mark.anyio
async def test_one_process_runs_a_due_scan(client: httpx.AsyncClient, app: FastAPI) -> None:
    await met_today(client)
    settings: Settings = app.state.settings.model_copy(update={"relmap_signal_scan_s": 3600})
    first, second = (SignalScanner(app.state.db, settings) for _ in range(2))
    ran = await first.run_if_due(datetime.now(UTC))
    assert ran is not None and ran.edges >= 1
    assert await second.run_if_due(datetime.now(UTC)) is None  # not due for an hour


def test_two_processes_record_a_decay_crossing_once(neo4j: Server, tmp_path: Path) -> None:
    later = {
        "RELMAP_SIGNAL_SCAN_S": "1",
        "RELMAP_SIGNAL_CLOCK_OFFSET_S": str(LATER.total_seconds()),
        "RELMAP_WEBHOOKS_DELIVER": "false",
    }
    with GraphDatabase.driver(neo4j.uri, auth=(neo4j.user, neo4j.password)) as driver:
        driver.execute_query("MATCH (s:SignalScan) DELETE s")  # due now, whatever ran before
    apis = [start_api(neo4j, tmp_path, f"api-{i}", **later) for i in range(2)]
    try:
        with httpx.Client(base_url=apis[0].url, timeout=30) as http:
            a = http.post("/v1/people", json={"name": "Ada", "is_team": True}).json()
            b = http.post("/v1/people", json={"name": "Bo"}).json()
            logged = http.post(
                "/v1/interactions",
                json={
                    "kind": "meeting",
                    "occurred_at": datetime.now(UTC).isoformat(),
                    "participant_ids": [a["id"], b["id"]],
                },
            )
            assert logged.status_code == 201, logged.text
            rel_id = logged.json()["relationships"][0]["id"]

            def cooled() -> list[dict[str, Any]]:
                items, after = [], None
                while True:
                    params: dict[str, Any] = {"limit": 200, **({"after": after} if after else {})}
                    page = http.get("/v1/changes", params=params).json()
                    items += page["items"]
                    after = page["next_cursor"]
                    if len(page["items"]) < 200:
                        break
                return [
                    i
                    for i in items
                    if i["type"] == "relationship.cooled"
                    and i["data"]["relationship"]["id"] == rel_id
                ]

            deadline = time.monotonic() + 30
            while not cooled() and time.monotonic() < deadline:
                time.sleep(0.5)
            time.sleep(4)  # several more scans, by both processes
            found = cooled()
            assert len(found) == 1, found
            assert found[0]["data"]["cause"] == "decay"
        logs = "".join(api.log.read_text() for api in apis)
        assert logs.count("signal scan:") >= 3, logs[-2000:]
    finally:
        for api in apis:
            api.stop()
