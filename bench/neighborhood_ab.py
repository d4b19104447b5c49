"""Neighborhoods before and after, in one run on the same graph and inputs: one statement per
level (app/mapping/neighborhood.py's `_stepwise`, which stays for as_of and as the fallback)
against the ball read in one statement and the levels chosen in Python (`neighborhood`).
In-process, no HTTP: the time of the service function itself, with its round trips to Neo4j.
Every answer is checked equal: the same nodes in the same order with the same depths, the same
edges (id, type, ends, last interaction) and `truncated`; strengths within 1e-6. Both answers
of an input are computed at one frozen moment (`now` patched for the pair): the old code
evaluated each edge at its own `now()`, so two ties made by the same group interaction (equal
stored fields) came out a nanostrength apart and the first evaluated won, instead of the
smaller id as documented; at one moment both order such ties by id.

    NEO4J_URI=bolt://127.0.0.1:7731 python -m bench.neighborhood_ab [--roots 100] [--rounds 1]
"""

import argparse
import asyncio
import math
import os
import random
import time
from datetime import UTC, datetime
from typing import Any

from app.common.kinds import Label, RelType
from app.graph import strength as strength_module
from app.mapping import neighborhood
from app.mapping.schemas import Graph
from bench import inprocess, load
from bench.stats import percentile

P2P = [RelType.KNOWS, RelType.REPORTS_TO, RelType.INFLUENCES]


def same(a: Graph, b: Graph) -> bool:
    if a.truncated != b.truncated or len(a.edges) != len(b.edges):
        return False
    if [(n.id, n.depth, n.label, n.name) for n in a.nodes] != [
        (n.id, n.depth, n.label, n.name) for n in b.nodes
    ]:
        return False
    return all(
        (x.id, x.type, x.source, x.target, x.last_interaction_at)
        == (y.id, y.type, y.source, y.target, y.last_interaction_at)
        and math.isclose(x.strength, y.strength, rel_tol=1e-6, abs_tol=1e-9)
        for x, y in zip(a.edges, b.edges, strict=True)
    )


def configs() -> list[dict[str, Any]]:
    """The bench's question first (bench/fair.py: depth 2, limit 200, person-to-person)."""
    out = [
        {"depth": depth, "limit": limit, "min_strength": cut, "types": "p2p"}
        for depth in (2, 1)
        for limit in (200, 1000)
        for cut in (0.0, 0.3)
    ]
    out.append({"depth": 3, "limit": 200, "min_strength": 0.0, "types": "p2p"})
    out.append({"depth": 2, "limit": 200, "min_strength": 0.0, "types": "all"})
    return out


def config_name(c: dict[str, Any]) -> str:
    return f"depth{c['depth']}_limit{c['limit']}_min{c['min_strength']}_{c['types']}"


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    counted = inprocess.connect()
    db, ctx, calls = counted.db, counted.ctx, counted.calls
    people = await inprocess.people(db)
    bq = load.bench_queries()
    companies = [r["company"] for r in await load.run(db.driver, bq["list_employer_companies"])]
    rng = random.Random(args.seed)
    roots = rng.sample(people, args.roots)
    firms = rng.sample(companies, min(args.companies, len(companies)))

    results: dict[str, Any] = {}
    for c in [*configs(), {"depth": 2, "limit": 200, "min_strength": 0.0, "types": "company"}]:
        if args.only and config_name(c) not in args.only.split(","):
            continue
        types = P2P if c["types"] == "p2p" else None
        label, inputs = (Label.COMPANY, firms) if c["types"] == "company" else (Label.PERSON, roots)

        async def new(root: str, c: dict[str, Any] = c, **kw: Any) -> Graph:
            return await neighborhood.neighborhood(
                ctx, root, kw["label"], depth=c["depth"], types=kw["types"],
                min_strength=c["min_strength"], limit=c["limit"], as_of=None,
            )  # fmt: skip

        async def old(root: str, c: dict[str, Any] = c, **kw: Any) -> Graph:
            names = [t.value for t in (kw["types"] or list(RelType))]
            return await neighborhood._stepwise(
                ctx, root, kw["label"], depth=c["depth"], type_names=names,
                min_strength=c["min_strength"], limit=c["limit"], as_of=None,
            )  # fmt: skip

        times: dict[str, list[float]] = {"before": [], "after": []}
        statements = {"before": 0, "after": 0}
        unequal, examples, sizes = 0, list[str](), list[tuple[int, int]]()
        for _ in range(args.rounds):
            for root in inputs:
                answers = {}
                moment = datetime.now(UTC)
                frozen = lambda moment=moment: moment  # noqa: E731
                setattr(strength_module, "now", frozen)  # noqa: B010
                setattr(neighborhood, "now", frozen)  # noqa: B010
                for tag, fn in (("before", old), ("after", new)):
                    calls[0] = 0
                    started = time.perf_counter()
                    answers[tag] = await fn(root, label=label, types=types)
                    times[tag].append((time.perf_counter() - started) * 1000)
                    statements[tag] += calls[0]
                sizes.append((len(answers["after"].nodes), len(answers["after"].edges)))
                if not same(answers["before"], answers["after"]):
                    unequal += 1
                    if len(examples) < 3:
                        examples.append(root)
        n = len(times["after"])
        entry: dict[str, Any] = {
            "inputs": len(inputs),
            "unequal_answers": unequal,
            "unequal_examples": examples,
            "median_nodes": percentile([float(s[0]) for s in sizes], 0.5),
            "median_edges": percentile([float(s[1]) for s in sizes], 0.5),
            "truncated": None,
            **inprocess.sides(times, statements),
        }
        entry["speedup_median"] = round(
            entry["before"]["median_ms"] / entry["after"]["median_ms"], 2
        )
        del entry["truncated"]
        results[config_name(c)] = entry
        print(
            f"{config_name(c)}: before {entry['before']['median_ms']} ms "
            f"(p95 {entry['before']['p95_ms']}), after {entry['after']['median_ms']} ms "
            f"(p95 {entry['after']['p95_ms']}), unequal {unequal}/{n}, "
            f"load {os.getloadavg()[0]:.2f}",
            flush=True,
        )
    await db.close()
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_avg": os.getloadavg(),
        "roots": args.roots,
        "companies": len(firms),
        "rounds": args.rounds,
        "configs": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roots", type=int, default=100)
    parser.add_argument("--companies", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--only", default="", help="configurations by name (comma list)")
    parser.add_argument("--out", default="neighborhood_ab.json")
    args = parser.parse_args()
    inprocess.save(asyncio.run(main_async(args)), args.out)


if __name__ == "__main__":
    main()
