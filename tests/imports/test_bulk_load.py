"""make load (app/imports/bulk_load.py): a graph loaded through Neo4j's offline importer answers
as the same file imported online does.

The bulk load needs a stopped server, so it gets its own Neo4j (scripts/neo4j.sh with its own
home and port: RELMAP_BULK_TEST_PORT, default 7732); the online import goes to the suite's.
"""

import json
import math
import os
import random
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.config import Settings

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = str(ROOT / "scripts" / "neo4j.sh")


def payload(seed: int = 16) -> dict[str, list[dict[str, Any]]]:
    """A small network with every kind of row a load meets: people with and without tags,
    emails or a `company`, companies, events, relationships of each shape with and without a
    strength and properties, interactions on known and unknown pairs, and bad rows."""
    rng = random.Random(seed)
    people: list[dict[str, Any]] = []
    for i in range(40):
        row: dict[str, Any] = {"external_id": f"p{i}", "name": f"Person {i}", "is_team": i < 4}
        if i % 3:
            row["email"] = f"Person.{i}@Example.com"
        if i % 4:
            row["tags"] = sorted(rng.sample(["vip", "engineer", "investor", "press"], k=1 + i % 2))
        if i % 5 == 0:
            row["attributes"] = {"seniority": i, "note": 'says "hi"; ok'}
        if i % 7 == 1:
            row |= {"company": "Acme" if i < 20 else "c2", "title": "CTO", "role": "champion"}
        people.append(row)
    people.append({"external_id": "p0", "name": "Repeated"})  # an error: p0 twice
    companies: list[dict[str, Any]] = [
        {"external_id": "c0", "name": "Acme", "domain": "acme.example", "tags": ["client"]},
        {"external_id": "c1", "name": "Globex", "domain": "globex.example", "size": 120},
        {"external_id": "c2", "name": "Initech", "industry": "software"},
    ]
    events: list[dict[str, Any]] = [
        {"external_id": "e0", "name": "Summit", "starts_on": "2026-05-04"}
    ]
    rels: list[dict[str, Any]] = []
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 90:
        a, b = rng.sample(range(40), 2)
        if (a, b) in pairs or (b, a) in pairs:
            continue
        pairs.add((a, b))
        kind = rng.choice(["KNOWS", "KNOWS", "KNOWS", "REPORTS_TO", "INFLUENCES"])
        row = {"type": kind, "source_external_id": f"p{a}", "target_external_id": f"p{b}"}
        if rng.random() < 0.6:
            row["strength"] = round(rng.uniform(0.1, 0.95), 3)
        if rng.random() < 0.2:
            row["properties"] = {"how": "conference"}
        rels.append(row)
    for i in range(30):
        works = {"title": "Engineer", "since": f"2020-01-0{1 + i % 9}"}
        if i % 6 == 0:
            works |= {"until": "2024-06-30"}
        rels.append(
            {
                "type": "WORKS_AT",
                "source_external_id": f"p{i}",
                "target_external_id": f"c{i % 3}",
                "properties": works,
            }
        )
    rels += [
        {"type": "CLIENT_OF", "source_external_id": "c1", "target_external_id": "c0"},
        {"type": "INVESTED_IN", "source_external_id": "p3", "target_external_id": "c2"},
        {"type": "ATTENDED", "source_external_id": "p5", "target_external_id": "e0"},
        {"type": "KNOWS", "source_external_id": "p1", "target_external_id": "nobody"},  # error
    ]
    a, b = next(iter(pairs))
    rels.append({"type": "KNOWS", "source_external_id": f"p{b}", "target_external_id": f"p{a}"})
    start = datetime(2025, 1, 1, tzinfo=UTC)
    interactions = []
    for i in range(120):
        who = rng.sample(range(40), rng.choice([2, 2, 2, 3, 4]))
        interactions.append(
            {
                "external_id": f"i{i}",
                "kind": rng.choice(["email", "meeting", "call", "message"]),
                "occurred_at": (start + timedelta(hours=rng.randint(0, 15_000))).isoformat(),
                "participant_external_ids": [f"p{w}" for w in who],
                **({"sentiment": round(rng.uniform(-1, 1), 2)} if i % 3 == 0 else {}),
                **({"summary": f"talk {i}"} if i % 2 else {}),
            }
        )
    interactions.append(
        {
            "external_id": "i-bad",
            "kind": "call",
            "occurred_at": start.isoformat(),
            "participant_external_ids": ["p1", "ghost"],
        }
    )
    return {
        "people": people,
        "companies": companies,
        "events": events,
        "relationships": rels,
        "interactions": interactions,
    }


@pytest.fixture(scope="module")
def bulk_server() -> Iterator[dict[str, str]]:
    """A Neo4j of its own (a stopped server is what the importer needs), stopped afterwards."""
    home = tempfile.mkdtemp(prefix="relmap-bulk-test-")
    env = {
        **os.environ,
        "RELMAP_NEO4J_HOME": home,
        "NEO4J_BOLT_PORT": os.environ.get("RELMAP_BULK_TEST_PORT", "7732"),
        "NEO4J_HEAP": "512m",
        "NEO4J_PAGECACHE": "256m",
        "NEO4J_ADMIN_HEAP": "512m",
    }
    env.pop("NEO4J_URI", None)
    subprocess.run([SCRIPT, "start"], env=env, check=True)
    try:
        yield env
    finally:
        subprocess.run([SCRIPT, "wipe"], env=env, check=False)


def load(env: dict[str, str], body: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "import.json"
        path.write_text(json.dumps(body))
        cmd = [sys.executable, "-m", "app.imports.bulk_load", str(path), "--memory", "256m"]
        return subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)


async def pages(client: httpx.AsyncClient, url: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        response = await client.get(url, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        out.extend(page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return out


VOLATILE = {"id", "edge_id", "created_at", "updated_at", "person", "etag"}


def plain(value: Any, keys: dict[str, str]) -> Any:
    """An answer with relmap ids replaced by external keys, and timestamps of the load left out."""
    if isinstance(value, dict):
        out = {k: plain(v, keys) for k, v in value.items() if k not in VOLATILE}
        if out.get("type") == "KNOWS":  # symmetric: its stored direction is an accident of ids
            for a, b in (("source_id", "target_id"), ("source", "target")):
                if a in out and b in out:
                    out[a], out[b] = sorted((out[a], out[b]))
        return out
    if isinstance(value, list):
        return [plain(v, keys) for v in value]
    if isinstance(value, str):
        return keys.get(value, value)
    return value


def differences(a: Any, b: Any, at: str = "") -> list[str]:
    """Where a and b differ; numbers within 1e-4 relative are equal: strengths decay between
    the two reads (a half-life of days moves them ~1e-6 a second)."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{at}: keys {sorted(a)} != {sorted(b)}"]
        return [d for k in a for d in differences(a[k], b[k], f"{at}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{at}: {len(a)} items != {len(b)}"]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{at}[{i}]")
        ]
    if isinstance(a, float) and isinstance(b, float | int):
        return [] if math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-12) else [f"{at}: {a} != {b}"]
    return [] if a == b else [f"{at}: {a!r} != {b!r}"]


async def snapshot(client: httpx.AsyncClient) -> Any:
    """Everything a user sees of the graph: people, companies, relationships (strengths, their
    source, interaction counts), each person's interaction timeline and intros to a few people
    and companies."""
    people = await pages(client, "/v1/people")
    companies = await pages(client, "/v1/companies")
    keys = {p["id"]: p["external_id"] for p in people + companies}
    rels = await pages(client, "/v1/relationships")
    for r in rels:
        if r["type"] == "ATTENDED":  # events are not listed: named by their name
            event = await client.get(f"/v1/events/{r['target_id']}")
            keys[r["target_id"]] = "event:" + event.json()["name"]
    timelines = {}
    for p in people:
        items = await pages(client, f"/v1/people/{p['id']}/interactions")
        timelines[p["external_id"]] = sorted(i["external_id"] for i in items)
    intros = {}
    targets = [p for p in people if p["external_id"] in ("p17", "p23", "p31", "p38")]
    for target in targets + [c for c in companies if c["external_id"] == "c0"]:
        for hops in (3, 4):
            body = {"target_id": target["id"], "max_hops": hops, "limit": 5}
            response = await client.post("/v1/intros", json=body)
            assert response.status_code == 200, response.text
            intros[f"{target['external_id']}/{hops}"] = response.json()["paths"]
    answer = {
        "people": sorted(people, key=lambda p: p["external_id"]),
        "companies": sorted(companies, key=lambda c: c["external_id"]),
        "relationships": rels,
        "timelines": timelines,
        "intros": intros,
    }
    answer = plain(answer, keys)
    answer["intros"] = {k: untied(paths) for k, paths in answer["intros"].items()}
    answer["relationships"].sort(key=lambda r: (r["type"], r["source_id"], r["target_id"]))
    return answer


def untied(paths: list[dict[str, Any]]) -> dict[str, Any]:
    """Intro paths with what the order of equal scores leaves to chance made plain: equal
    scores in node order, paths tied with the last one (which of them made the cut is such a
    chance) left out but counted, and a KNOWS weakest link by its two ends."""
    for path in paths:
        link = path.get("weakest_link")
        if link:
            ends = sorted((link["source"], link["target"]))
            path["weakest_link"] = {"ends": ends, "strength": link.get("strength")}
    last = paths[-1]["score"] if paths else None

    def tied(path: dict[str, Any]) -> bool:
        return last is not None and math.isclose(path["score"], last, rel_tol=1e-6)

    kept = [p for p in paths if not tied(p)]
    kept.sort(key=lambda p: (-round(p["score"], 6), p["hops"], [n["name"] for n in p["nodes"]]))
    return {"scores": [p["score"] for p in paths], "paths": kept}


async def served(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://relmap.test") as http:
            yield http


async def test_bulk_load_answers_as_the_online_import(
    client: httpx.AsyncClient, settings: Settings, make_app: Any, bulk_server: dict[str, str]
) -> None:
    body = payload()
    online = await client.post("/v1/import", json=body)
    assert online.status_code == 200, online.text
    summary = online.json()
    # p0 twice, a KNOWS given both ways, an unknown endpoint, an unknown participant
    assert summary["error_count"] == 4

    done = load(bulk_server, body)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 rows have errors" in done.stdout
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    assert counts["created"] == {k: v for k, v in summary["created"].items() if v}

    bulk_app = make_app(neo4j_uri=f"bolt://127.0.0.1:{bulk_server['NEO4J_BOLT_PORT']}")
    async for bulk in served(bulk_app):
        # the same answers, and the import record is the one an online import keeps: the same
        # file imported again does to each what it does to the other (rows of this file that
        # disagree on one WORKS_AT update it again; nothing else changes, no conflict)
        ours, theirs = await snapshot(bulk), await snapshot(client)
        assert differences(ours, theirs) == []
        summaries = []
        for http in (bulk, client):
            again = await http.post("/v1/import", json=body)
            assert again.status_code == 200, again.text
            result = again.json()
            assert sum(result["created"].values()) == 0, result
            assert result["conflict_count"] == 0, result
            summaries.append({k: result[k] for k in ("updated", "unchanged", "error_count")})
        assert summaries[0] == summaries[1]

    # a database with data is refused, and left as it was
    refused = load(bulk_server, body)
    assert refused.returncode == 1
    assert "not empty" in refused.stdout


def test_bulk_validation_finds_what_the_row_models_find() -> None:
    """Rows checked in bulk (one JSON pass for NaN and lone surrogates, then the row models
    without their per-row walk) come out as the row models make them, row by row: the same
    rows, the same values, the same messages."""
    from pydantic import ValidationError

    from app.db.convert import now
    from app.imports.bulk_load import Plan, _message, _valid
    from app.imports.schemas import Entity, RelationshipRow

    good: list[dict[str, Any]] = [
        {"type": "KNOWS", "source_external_id": f"p{i}", "target_external_id": f"p{i + 1}"}
        for i in range(5)
    ]
    good[1] |= {"strength": 0.5, "properties": {"how": "school", "n": [1, 2.5]}}
    good[2] |= {"properties": {"title": " CTO ", "since": "2020-01-02"}, "type": "WORKS_AT"}
    deep: dict[str, Any] = {}
    for _ in range(20):
        deep = {"x": deep}
    bad = [
        {**good[0], "properties": {"x": math.nan}},
        {**good[0], "source_external_id": "p\ud800"},
        {**good[0], "properties": {"\ud800": 1}},
        {**good[0], "properties": deep},
        {**good[0], "strength": math.inf},
        {**good[0], "type": "LIKES"},
        {**good[0], "extra": 1},
    ]
    for rows in (good, good + bad, bad[3:] + good):
        plan = Plan(now())
        got = [
            (i, row.model_dump()) for i, row in _valid(plan, Entity.PEOPLE, RelationshipRow, rows)
        ]
        expected, messages = [], []
        for index, raw in enumerate(rows):
            try:
                row = RelationshipRow.model_validate(raw, strict=False)
                expected.append((index, row.model_dump()))
            except ValidationError as exc:
                messages.append(("people", index, _message(exc)))
        assert got == expected
        assert plan.errors == messages


def test_bulk_csv_cells_are_what_the_plan_holds(tmp_path: Path) -> None:
    """Every node and edge of the plan is in the CSV once, each value written as the generic
    cell writer writes it, under its importer type; edges join the nodes the plan joins."""
    import csv

    from app.config import get_settings
    from app.imports.bulk_load import _cell, _type, make_plan, write_csv
    from app.imports.schemas import Entity

    def cell(value: Any) -> str:
        """_cell's text as the importer reads it (quotes taken off)."""
        return next(csv.reader([_cell(value)]))[0]

    raw = payload()
    plan = make_plan({Entity(k): v for k, v in raw.items()}, get_settings())
    files = write_csv(plan, tmp_path, 7, part_rows=20)  # several files, two processes
    nodes = {i: p for by_id in plan.nodes.values() for i, p in by_id.items()}
    nodes |= plan.interactions
    relmap_id: dict[str, str] = {}
    seen_nodes: dict[str, str] = {}
    for label, path in files.nodes:
        with path.open(newline="") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        for row in rows[1:]:
            cells = dict(zip(header, row, strict=True))
            if label == "GraphVersion":
                assert cells == {":ID": cells[":ID"], "key:string": "graph", "version:long": "7"}
                continue
            node_id = cells.pop("id:string")
            relmap_id[cells.pop(":ID")] = node_id
            props = {k: v for k, v in nodes[node_id].items() if k != "id" and v != []}
            assert cells == {f"{k}:{_type(v)}": cell(v) for k, v in props.items()}
            seen_nodes[node_id] = label
    assert seen_nodes.keys() == nodes.keys()
    edges: dict[tuple[str, str, str], dict[str, str]] = {}
    edge_ids = []
    for rel_type, path in files.relationships:
        with path.open(newline="") as fh:
            rows = list(csv.reader(fh))
        for row in rows[1:]:
            cells = dict(zip(rows[0], row, strict=True))
            ends = relmap_id[cells.pop(":START_ID")], relmap_id[cells.pop(":END_ID")]
            if rel_type != "PARTICIPATED_IN":
                edge_ids.append(str(uuid.UUID(cells.pop("id:string"))))
            edges[(rel_type, *ends)] = cells
    assert len(set(edge_ids)) == len(edge_ids) == len(plan.edges)  # each edge its own id
    participations: dict[tuple[str, str, str], dict[str, str]] = {
        ("PARTICIPATED_IN", p, i): {} for p, i in plan.participations
    }
    assert edges == {
        **{
            key: {f"{k}:{_type(v)}": cell(v) for k, v in plan.edge_props(key).items() if v != []}
            for key in plan.edges
        },
        **participations,
    }


def test_bulk_plan_of_files_read_in_chunks_is_the_plan_of_the_whole_body(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A directory of .jsonl files is read and planned a few rows at a time (interactions in
    the import's batches): the same nodes, edges, errors and counts as the body held whole."""
    from app.common.kinds import SYMMETRIC, RelType
    from app.config import get_settings
    from app.imports import bulk_load
    from app.imports.schemas import Entity

    raw = payload()
    for entity, rows in raw.items():
        lines = "".join(json.dumps(row) + "\n" for row in rows)
        (tmp_path / f"{entity}.jsonl").write_text(lines)
    settings = get_settings().model_copy(update={"relmap_import_batch_rows": 6})
    whole = bulk_load.make_plan({Entity(k): v for k, v in raw.items()}, settings)
    monkeypatch.setattr(bulk_load, "CHUNK_ROWS", 7)
    read = bulk_load.read_payload(tmp_path)
    assert all(isinstance(rows, bulk_load.JsonLines) for rows in read.values())
    chunked = bulk_load.make_plan(read, settings)

    def named(plan: bulk_load.Plan) -> dict[str, Any]:
        """The plan with its drawn ids replaced by the rows' external ids (a symmetric edge's
        ends in their order: which way it is stored follows the drawn ids)."""
        ext = {
            i: (label.value, p["external_id"])
            for label, by_id in plan.nodes.items()
            for i, p in by_id.items()
        }
        ext |= {i: ("Interaction", p["external_id"]) for i, p in plan.interactions.items()}

        def edge(key: tuple[str, str, str]) -> tuple[Any, ...]:
            ends = ext[key[1]], ext[key[2]]
            return (key[0], *(sorted(ends) if RelType(key[0]) in SYMMETRIC else ends))

        return {
            "nodes": {
                ext[i]: {k: v for k, v in p.items() if k != "id"}
                for by_id in plan.nodes.values()
                for i, p in by_id.items()
            },
            "interactions": {
                ext[i]: {k: v for k, v in p.items() if k not in ("id", "created_at", "updated_at")}
                for i, p in plan.interactions.items()
            },
            "edges": {edge(key): plan.edge_props(key) for key in plan.edges},
            "participations": sorted((ext[p], ext[i]) for p, i in plan.participations),
            "errors": plan.errors,
            "created": plan.created,
        }

    ours, theirs = named(chunked), named(whole)
    for part in ours:
        if part in ("nodes", "edges"):
            for value in (*ours[part].values(), *theirs[part].values()):
                value.pop("created_at", None)
                value.pop("updated_at", None)
        assert ours[part] == theirs[part], part
    assert len(theirs["errors"]) == 4 and theirs["edges"] and theirs["participations"]


def test_a_bulk_load_leaves_the_cycle_collector_on_whether_it_planned_or_failed(
    tmp_path: Path,
) -> None:
    """Planning runs with Python's cycle collector off (bench/plan_gc.py); the process that
    called load, the bench's for one, gets it back on either way."""
    import gc

    from app.config import get_settings
    from app.imports import bulk_load

    body = tmp_path / "body.json"
    body.write_text(json.dumps(payload()))
    assert gc.isenabled()
    loaded = bulk_load.load(body, get_settings(), csv_dir=tmp_path / "csv", dry_run=True)
    assert loaded.relationships > 0 and gc.isenabled()
    with pytest.raises(bulk_load.LoadError):
        bulk_load.load(tmp_path / "nothing-here", get_settings(), dry_run=True)
    assert gc.isenabled()
