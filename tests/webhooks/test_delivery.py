"""Webhook deliveries through real API processes (uvicorn) to a real receiver on loopback:
signatures, order, retries while the receiver fails or is down, a SIGKILL mid-delivery, and two
processes delivering each change once."""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import GraphDatabase

from tests.neo4j_server import Server
from tests.processes import ApiProcess, start_api
from tests.webhooks.receiver import Receiver

FAST = {
    "RELMAP_WEBHOOKS_ALLOW_PRIVATE": "true",
    "RELMAP_WEBHOOK_POLL_S": "0.1",
    "RELMAP_WEBHOOK_RETRY_BASE_S": "0.2",
    "RELMAP_WEBHOOK_RETRY_MAX_S": "1",
    "RELMAP_WEBHOOK_LEASE_S": "4",
    "RELMAP_WEBHOOK_TIMEOUT_S": "2",
}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    return tmp_path


def subscribe(api: ApiProcess, url: str, events: list[str]) -> dict[str, Any]:
    answer = httpx.post(f"{api.url}/v1/webhooks", json={"url": url, "events": events}, timeout=30)
    assert answer.status_code == 201, answer.text
    hook: dict[str, Any] = answer.json()
    assert hook["secret"].startswith("whsec_")
    return hook


def feed_ids(api: ApiProcess, types: tuple[str, ...], after: str | None = None) -> list[str]:
    ids: list[str] = []
    while True:
        params: dict[str, Any] = {"limit": 200, **({"after": after} if after else {})}
        page = httpx.get(f"{api.url}/v1/changes", params=params, timeout=30).json()
        ids += [i["id"] for i in page["items"] if i["type"].startswith(types)]
        after = page["next_cursor"]
        if len(page["items"]) < 200:
            return ids


def make_person(api: ApiProcess, name: str) -> str:
    answer = httpx.post(f"{api.url}/v1/people", json={"name": name}, timeout=30)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def rename(api: ApiProcess, person_id: str, name: str) -> None:
    answer = httpx.patch(f"{api.url}/v1/people/{person_id}", json={"name": name}, timeout=30)
    assert answer.status_code == 200, answer.text


def unsubscribe(api: ApiProcess, hook: dict[str, Any]) -> None:
    httpx.delete(f"{api.url}/v1/webhooks/{hook['id']}", timeout=30)


def test_signed_deliveries_in_feed_order(neo4j: Server, logs: Path, receiver: Receiver) -> None:
    api = start_api(neo4j, logs, "api", **FAST)
    try:
        hook = subscribe(api, receiver.url, ["person.*"])
        person = make_person(api, "v0")
        for i in range(1, 20):
            rename(api, person, f"v{i}")
        httpx.post(f"{api.url}/v1/companies", json={"name": "not subscribed"}, timeout=30)
        expected = feed_ids(api, ("person.",))[-20:]
        got = receiver.wait_for(20)
        assert [r.webhook_id for r in got] == expected
        assert all(r.verifies(hook["secret"]) for r in got)
        assert not got[0].verifies("whsec_" + "A" * 44)
        names = [r.payload["data"]["person"]["name"] for r in got]
        assert names == [f"v{i}" for i in range(20)]
        first = got[0].payload
        assert set(first) == {"id", "type", "occurred_at", "data"}
        assert first["type"] == "person.created" and first["id"] == got[0].webhook_id
        log = httpx.get(f"{api.url}/v1/webhooks/{hook['id']}/deliveries", timeout=30).json()
        assert [d["id"] for d in log["items"]] == expected[::-1]
        assert {d["status"] for d in log["items"]} == {"delivered"}
        assert log["items"][0]["status_codes"] == [204]
    finally:
        unsubscribe(api, hook)
        api.stop()


def test_retried_while_failing_or_down(neo4j: Server, logs: Path, receiver: Receiver) -> None:
    api = start_api(neo4j, logs, "api", **FAST)
    try:
        hook = subscribe(api, receiver.url, ["person.created"])
        receiver.fail_next = 3
        first = make_person(api, "a")
        receiver.wait_for(1, 30)
        receiver.stop()  # down: connections refused
        make_person(api, "b")
        time.sleep(2.0)
        assert len(receiver.ids()) == 1
        receiver.start()  # back on the same port
        got = receiver.wait_for(2, 30)
        ids = feed_ids(api, ("person.created",))[-2:]
        assert [r.webhook_id for r in got] == ids
        assert got[0].payload["data"]["person"]["id"] == first
        statuses = [s for hid, s in receiver.attempts if hid == ids[0]]
        assert statuses == [500, 500, 500, 204]  # the same webhook-id every time
        # the receiver has the POST; the stream records it just after the answer: poll
        deadline = time.monotonic() + 30
        while True:
            log = httpx.get(f"{api.url}/v1/webhooks/{hook['id']}/deliveries", timeout=30).json()
            newest, oldest = log["items"]
            if newest["status"] == "delivered" or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert oldest["status_codes"] == [500, 500, 500, 204] and oldest["attempts"] == 4
        assert newest["status"] == "delivered" and newest["attempts"] >= 2
        assert 0 in newest["status_codes"]  # refused connections: no answer
    finally:
        unsubscribe(api, hook)
        api.stop()


def test_nothing_lost_when_killed_mid_delivery(
    neo4j: Server, logs: Path, receiver: Receiver
) -> None:
    api = start_api(neo4j, logs, "first", **FAST)
    receiver.delay_s = 0.05
    try:
        hook = subscribe(api, receiver.url, ["person.*"])
        person = make_person(api, "v0")
        for i in range(1, 60):
            rename(api, person, f"v{i}")
        receiver.wait_for(10, 30)
        api.kill()  # SIGKILL mid-delivery: its position is behind what was sent
        seen_at_kill = len(receiver.ids())
        assert seen_at_kill < 60
        api = start_api(neo4j, logs, "second", **FAST)
        got = receiver.wait_for(60, 90)
        expected = feed_ids(api, ("person.",))[-60:]
        ids = [r.webhook_id for r in got]
        assert set(ids) == set(expected)  # nothing lost
        firsts = list(dict.fromkeys(ids))
        assert firsts == expected  # in feed order
        assert all(r.verifies(hook["secret"]) for r in got)
    finally:
        unsubscribe(api, hook)
        api.stop()


def test_two_processes_deliver_each_change_once(
    neo4j: Server, logs: Path, receiver: Receiver
) -> None:
    apis = [start_api(neo4j, logs, f"api-{i}", **FAST) for i in range(2)]
    try:
        hook = subscribe(apis[0], receiver.url, ["*"])
        people = [make_person(apis[i % 2], f"p{i}") for i in range(10)]
        for i in range(40):
            rename(apis[i % 2], people[i % 10], f"n{i}")
        expected = feed_ids(apis[1], ("person.",))[-50:]
        got = receiver.wait_for(50, 60)
        time.sleep(1.5)  # room for a duplicate to show up
        ids = receiver.ids()
        assert ids == expected  # each once, in feed order
        assert all(r.verifies(hook["secret"]) for r in got)
    finally:
        unsubscribe(apis[0], hook)
        for api in apis:
            api.stop()


def wait_for_a_graph_scan(neo4j: Server, timeout_s: float = 30.0) -> None:
    """Until a graph-signal scan has read the graph as it is now (the scan's own state in
    Neo4j: the version it read, and no scan running)."""
    with GraphDatabase.driver(neo4j.uri, auth=(neo4j.user, neo4j.password)) as driver:
        now = driver.execute_query("MATCH (v:GraphVersion {key: 'graph'}) RETURN v.version AS v")
        version = now.records[0]["v"]
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            scan = driver.execute_query(
                "MATCH (s:SignalScan {key: 'graph'}) RETURN s.version AS v, s.lease_owner AS o"
            )
            row = scan.records[0] if scan.records else None
            if row is not None and (row["v"] or -1) >= version and row["o"] is None:
                return
            time.sleep(0.1)
    raise AssertionError("no graph-signal scan read the graph within the time allowed")


def test_graph_signals_delivered_once_by_two_processes(
    neo4j: Server, logs: Path, receiver: Receiver
) -> None:
    """The scan loop of real processes (no test calls it): a watched target's path opens, a
    prospect's decision-maker becomes reachable and then ties closer to a competitor; each
    signal reaches the receiver once, signed, with its evidence."""
    quick = {**FAST, "RELMAP_GRAPH_SIGNALS": "true", "RELMAP_GRAPH_SIGNAL_GAP_S": "0.5"}
    apis = [start_api(neo4j, logs, f"api-{i}", **quick) for i in range(2)]

    def post(i: int, path: str, body: dict[str, Any]) -> httpx.Response:
        return httpx.post(f"{apis[i].url}{path}", json=body, timeout=30)

    try:
        hook = subscribe(apis[0], receiver.url, ["intro.*", "account.*", "competitor.*"])
        made: dict[str, str] = {}
        for name, path, body in [
            ("us", "/v1/companies", {"name": "Us Inc"}),
            ("globex", "/v1/companies", {"name": "Globex", "tags": ["prospect"]}),
            ("rival", "/v1/companies", {"name": "Rival Ltd", "tags": ["competitor"]}),
            ("tess", "/v1/people", {"name": "Tess", "is_team": True}),
            ("carla", "/v1/people", {"name": "Carla"}),
            ("rita", "/v1/people", {"name": "Rita"}),
        ]:
            answer = post(len(made) % 2, path, body)
            assert answer.status_code == 201, answer.text
            made[name] = answer.json()["id"]

        def relate(i: int, kind: str, a: str, b: str, **fields: Any) -> None:
            body = {"type": kind, "source_id": made[a], "target_id": made[b], **fields}
            answer = post(i, "/v1/relationships", body)
            assert answer.status_code == 201, answer.text

        relate(0, "WORKS_AT", "tess", "us")
        relate(1, "WORKS_AT", "carla", "globex", properties={"role": "decision_maker"})
        relate(0, "WORKS_AT", "rita", "rival")
        watch = post(1, "/v1/watches", {"target_id": made["carla"], "min_score": 0.5})
        assert watch.status_code == 201 and watch.json()["open"] is False, watch.text
        wait_for_a_graph_scan(neo4j)  # it saw Globex as it is now (first sight: only noted)
        relate(0, "KNOWS", "tess", "carla", strength=0.6)
        relate(1, "KNOWS", "carla", "rita", strength=0.9)
        got = receiver.wait_for(3, 60)
        time.sleep(2.0)  # more scans by both: room for a duplicate to show up
        ids = receiver.ids()
        assert len(ids) == len(set(ids)) == 3, [r.payload for r in got]
        assert all(r.verifies(hook["secret"]) for r in got)
        by_type = {r.payload["type"]: r.payload["data"] for r in receiver.received}
        opened = by_type["intro.path_opened"]
        assert opened["watch_id"] == watch.json()["id"]
        assert opened["score"] == 0.6 and [n["name"] for n in opened["path"]["nodes"]] == [
            "Tess",
            "Carla",
        ]
        coverage = by_type["account.coverage_changed"]
        assert coverage["company"]["id"] == made["globex"]
        assert [g["person"]["id"] for g in coverage["became_reachable"]] == [made["carla"]]
        proximity = by_type["competitor.proximity"]
        assert proximity["stakeholder"]["id"] == made["carla"]
        assert (proximity["competitor_strength"], proximity["our_strength"]) == (0.9, 0.6)
        assert set(feed_ids(apis[1], ("intro.", "account.", "competitor."))[-3:]) == set(ids)
    finally:
        unsubscribe(apis[0], hook)
        for api in apis:
            api.stop()
