"""Corrections against an independent oracle: random logs, PATCHes and DELETEs of interactions
among a few people, through HTTP against the real Neo4j; after every step each pair's KNOWS
edge (listed, and in a person's relationships) has the strength, interaction_count,
last_interaction_at and strength_source of a direct sum over the interactions alive then
(tests/interactions/oracle.py: the formula of docs/strength.md, no app code). Strengths are
read at fixed moments, so the clock does not move them. Then the same under concurrent
requests on one pair."""

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import combinations
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import person, relate
from tests.interactions.oracle import Touch, strength

pytestmark = pytest.mark.anyio

PEOPLE = 4
NOW = datetime.now(UTC).replace(microsecond=0)
AS_OF = NOW + timedelta(days=2)  # after everything, whatever the test's duration
MIDDLE = NOW - timedelta(days=120)  # a past moment: some edges did not exist yet
BASES = {(0, 1): (0.4, "manual"), (2, 3): (0.3, "default")}  # hand-set, the KNOWS default
KINDS = ["email", "meeting", "call", "message", "social", "event", "note"]
SENTIMENTS = [None, -1.0, -0.5, 0.0, 0.25, 1.0]


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@dataclass
class Alive:
    """An interaction as the oracle knows it."""

    kind: str
    at: datetime
    members: frozenset[int]
    count: int  # participant_count: how many took part when logged or corrected
    sentiment: float | None


@dataclass
class Oracle:
    """The interactions alive now, and what every pair must look like because of them."""

    bases: dict[tuple[int, int], tuple[float, str]]
    alive: dict[str, Alive] = field(default_factory=dict)

    def pair(self, i: int, j: int, at: datetime) -> dict[str, Any] | None:
        touches: list[Touch] = [
            (a.kind, a.at, a.count, a.sentiment)
            for a in self.alive.values()
            if i in a.members and j in a.members and a.at <= at
        ]
        base, source = self.bases.get((i, j), (0.0, "interactions"))
        if not touches and (source == "interactions" or at < NOW):
            return None  # made by interactions alone, or made by hand after that moment
        if touches:
            source = {"manual": "manual+interactions", "default": "interactions"}.get(
                source, source
            )
        return {
            "strength": strength(touches, at, base=base),
            "interaction_count": len(touches),
            "last_interaction_at": max((t[1] for t in touches), default=None),
            "strength_source": source,
        }


def moment(days: int, hours: int) -> datetime:
    return NOW - timedelta(days=days, hours=hours)


members = st.sets(st.integers(0, PEOPLE - 1), min_size=1, max_size=PEOPLE).map(
    lambda s: tuple(sorted(s))
)
log_step = st.tuples(
    st.just("log"),
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(KINDS),
            "days": st.integers(0, 300),
            "hours": st.integers(0, 23),
            "members": members,
            "sentiment": st.sampled_from(SENTIMENTS),
        }
    ),
)
patch_step = st.tuples(
    st.just("patch"),
    st.fixed_dictionaries(
        {"target": st.integers(0, 50)},
        optional={
            "kind": st.sampled_from(KINDS),
            "days": st.integers(0, 300),
            "members": members,
            "sentiment": st.sampled_from(SENTIMENTS),
        },
    ),
)
delete_step = st.tuples(st.just("delete"), st.fixed_dictionaries({"target": st.integers(0, 50)}))
programs = st.lists(st.one_of(log_step, log_step, patch_step, delete_step), min_size=1, max_size=7)


async def check(client: httpx.AsyncClient, ids: list[str], oracle: Oracle, step: object) -> None:
    index = {pid: i for i, pid in enumerate(ids)}
    for at, readers in ((AS_OF, range(PEOPLE - 1)), (MIDDLE, range(1))):
        seen: dict[tuple[int, int], dict[str, Any]] = {}
        for r in readers:
            response = await client.get(
                "/v1/relationships",
                params={"node_id": ids[r], "type": "KNOWS", "as_of": iso(at), "limit": 200},
            )
            assert response.status_code == 200, response.text
            for rel in response.json()["items"]:
                i, j = sorted((index[rel["source_id"]], index[rel["target_id"]]))
                seen[(i, j)] = rel
        pairs = [(i, j) for i, j in combinations(range(PEOPLE), 2) if i in readers]
        for i, j in pairs:
            want, got = oracle.pair(i, j, at), seen.get((i, j))
            where = f"pair {i}-{j} at {at} after {step}"
            assert (got is None) == (want is None), f"{where}: {got} vs {want}"
            if want is None or got is None:
                continue
            assert got["strength"] == pytest.approx(want["strength"], abs=1e-9), where
            assert got["interaction_count"] == want["interaction_count"], where
            assert got["strength_source"] == want["strength_source"], where
            last = got["last_interaction_at"]
            assert (datetime.fromisoformat(last) if last else None) == want[
                "last_interaction_at"
            ], where
    # a person's relationships as of then say the same
    response = await client.get(f"/v1/people/{ids[0]}", params={"as_of": iso(AS_OF)})
    assert response.status_code == 200, response.text
    rows = {index[r["other_id"]]: r for r in response.json()["relationships"]}
    for j in range(1, PEOPLE):
        want = oracle.pair(0, j, AS_OF)
        assert (j in rows) == (want is not None), f"person 0's relationship with {j}"
        if want is not None:
            assert rows[j]["strength"] == pytest.approx(want["strength"], abs=1e-9)
            assert rows[j]["interaction_count"] == want["interaction_count"]
            assert rows[j]["strength_source"] == want["strength_source"]


async def run_step(
    client: httpx.AsyncClient, ids: list[str], oracle: Oracle, op: str, args: dict[str, Any]
) -> None:
    if op == "log":
        kind, who = args["kind"], frozenset(args["members"])
        at = moment(args["days"], args["hours"])
        sent: dict[str, Any] = {
            "kind": kind,
            "occurred_at": iso(at),
            "participant_ids": [ids[i] for i in sorted(who)],
            "sentiment": args["sentiment"],
        }
        response = await client.post("/v1/interactions", json=sent)
        if len(who) < 2 and kind != "note":
            assert response.status_code == 422, response.text
            return
        assert response.status_code == 201, response.text
        oracle.alive[response.json()["id"]] = Alive(kind, at, who, len(who), args["sentiment"])
        return
    if not oracle.alive:
        return
    target = sorted(oracle.alive)[args["target"] % len(oracle.alive)]
    url = f"/v1/interactions/{target}"
    if op == "delete":
        response = await client.delete(url)
        assert response.status_code == 204, response.text
        del oracle.alive[target]
        return
    old = oracle.alive[target]
    body: dict[str, Any] = {}
    new = Alive(old.kind, old.at, old.members, old.count, old.sentiment)
    if "kind" in args:
        body["kind"] = new.kind = args["kind"]
    if "days" in args:
        new.at = moment(args["days"], 6)
        body["occurred_at"] = iso(new.at)
    if "members" in args:
        new.members = frozenset(args["members"])
        new.count = len(new.members)
        body["participant_ids"] = [ids[i] for i in sorted(new.members)]
    if "sentiment" in args:
        body["sentiment"] = new.sentiment = args["sentiment"]
    response = await client.patch(url, json=body)
    if len(new.members) < 2 and new.kind != "note":
        assert response.status_code == 422, response.text
        return
    assert response.status_code == 200, response.text
    oracle.alive[target] = new


@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(program=programs)
async def test_corrections_match_a_direct_sum(
    client: httpx.AsyncClient, program: list[tuple[str, dict[str, Any]]]
) -> None:
    people = [await person(client, f"P{i}") for i in range(PEOPLE)]
    ids = [p["id"] for p in people]
    for (i, j), (base, source) in BASES.items():
        fields = {"strength": base} if source == "manual" else {}
        await relate(client, "KNOWS", people[i], people[j], **fields)
    oracle = Oracle(BASES)
    for number, (op, args) in enumerate(program):
        await run_step(client, ids, oracle, op, args)
        await check(client, ids, oracle, (number, op, args))


# -- the same, with the requests at once ---------------------------------------------------------


async def test_concurrent_corrections_of_one_pair_end_at_the_oracle(
    client: httpx.AsyncClient,
) -> None:
    """Logs, PATCHes and DELETEs of the interactions of one pair (A, B; some with C) sent at
    once: every one of them lands (none is lost, none counted twice), so the end state is the
    oracle's whatever order they took."""
    people = [await person(client, name) for name in ("A", "B", "C", "D")]
    ids = [p["id"] for p in people]
    await relate(client, "KNOWS", people[0], people[1], strength=0.4)
    oracle = Oracle({(0, 1): (0.4, "manual")})
    for round_ in range(3):
        for k in range(8):
            who = (0, 1, 2) if k % 3 == 0 else (0, 1)
            args = {"kind": KINDS[k % 6], "days": 10 + 7 * k + round_, "hours": k}
            await run_step(client, ids, oracle, "log", {**args, "members": who, "sentiment": None})
        targets = sorted(oracle.alive)[-8:]
        patches = [
            {"kind": "meeting", "sentiment": 0.5},
            {"days": 3 + round_},
            {"members": (0, 1, 3)},
            {"members": (0, 1), "kind": "call"},
        ]
        jobs: list[Any] = []
        for target, change in zip(targets[:4], patches, strict=True):
            jobs.append(patch_job(client, ids, oracle, target, change))
        for target in targets[4:7]:
            jobs.append(client.delete(f"/v1/interactions/{target}"))
            del oracle.alive[target]
        logs: list[tuple[dict[str, Any], datetime]] = []
        for k in range(4):
            at = moment(1 + k, round_)
            body: dict[str, Any] = {
                "kind": "email",
                "occurred_at": iso(at),
                "participant_ids": [ids[0], ids[1]] if k % 2 else [ids[0], ids[1], ids[2]],
                "sentiment": 0.25,
            }
            logs.append((body, at))
            jobs.append(client.post("/v1/interactions", json=body))
        results = await asyncio.gather(*jobs)
        for response in results:
            assert response.status_code in (200, 201, 204), response.text
        posted = [r.json() for r in results if r.status_code == 201]
        assert len(posted) == 4
        for made_one, (body, at) in zip(posted, logs, strict=True):
            took_part = frozenset(ids.index(p) for p in body["participant_ids"])
            oracle.alive[made_one["id"]] = Alive("email", at, took_part, len(took_part), 0.25)
        await check(client, ids, oracle, f"round {round_}")
        stored = await client.get(f"/v1/people/{ids[0]}/interactions", params={"limit": 200})
        assert {i["id"] for i in stored.json()["items"]} == set(oracle.alive)


def patch_job(
    client: httpx.AsyncClient, ids: list[str], oracle: Oracle, target: str, change: dict[str, Any]
) -> Any:
    """The PATCH request (a coroutine) and, in the oracle, its outcome."""
    old = oracle.alive[target]
    new = Alive(old.kind, old.at, old.members, old.count, old.sentiment)
    body: dict[str, Any] = {}
    if "kind" in change:
        body["kind"] = new.kind = change["kind"]
    if "sentiment" in change:
        body["sentiment"] = new.sentiment = change["sentiment"]
    if "days" in change:
        new.at = moment(change["days"], 6)
        body["occurred_at"] = iso(new.at)
    if "members" in change:
        new.members = frozenset(change["members"])
        new.count = len(new.members)
        body["participant_ids"] = [ids[i] for i in sorted(new.members)]
    oracle.alive[target] = new
    return client.patch(f"/v1/interactions/{target}", json=body)
