"""Seeded generator of realistic B2B relationship networks, and the real networks dressed up.

Writes import-shaped JSON lines (the rows POST /v1/import takes) under bench/data/<dataset>/:
people.jsonl, companies.jsonl, relationships.jsonl, interactions.jsonl and meta.json.

Generated networks (sizes S, M, L and a tiny XS for smoke runs):
- companies with heavy-tailed head counts; company 0 is "us", home of the 20 is_team people;
- an org chart per company (REPORTS_TO trees, departments, roles by depth);
- current and past WORKS_AT (people move between companies over the years);
- KNOWS edges with community structure and heavy-tailed degrees: a colleague or ex-colleague
  is far likelier than a stranger, strangers come by preferential attachment, the team are hubs;
- INFLUENCES edges (seniors over juniors, some cross-company thought leaders);
- interactions spread over three years between people who know each other.

Real networks: astro-ph co-authorship (KNOWS) and wiki-Vote (INFLUENCES) from ../shared/data,
with generated people attributes, companies and a team on their real topology.

    python -m bench.generate --dataset S [--seed 7]
"""

import argparse
import bisect
import itertools
import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data"
SHARED = ROOT.parents[1] / "shared" / "data"

SIZES: dict[str, int] = {"XS": 1_000, "S": 10_000, "M": 100_000, "L": 1_000_000}
REAL = ("astro-ph", "wiki-vote")
TEAM_SIZE = 20
VERSION = 2  # bump when the generated rows change shape
NOW = datetime(2026, 11, 1, tzinfo=UTC)  # fixed, so the data does not depend on the day

FIRST = [
    "Ada",
    "Alan",
    "Grace",
    "Linus",
    "Barbara",
    "Ken",
    "Margaret",
    "Dennis",
    "Frances",
    "Edsger",
    "Radia",
    "John",
    "Sophie",
    "Tim",
    "Hedy",
    "Claude",
    "Katherine",
    "Donald",
    "Shafi",
    "Leslie",
    "Anita",
    "Niklaus",
    "Jean",
    "Guido",
    "Yukihiro",
    "Bjarne",
    "Lynn",
    "Fran",
    "Mary",
    "Carl",
    "Ivan",
    "Sanjay",
    "Priya",
    "Wei",
    "Mei",
    "Omar",
    "Fatima",
    "Lars",
    "Ingrid",
    "Diego",
    "Lucia",
    "Kwame",
    "Amara",
]
LAST = [
    "Lovelace",
    "Turing",
    "Hopper",
    "Torvalds",
    "Liskov",
    "Thompson",
    "Hamilton",
    "Ritchie",
    "Allen",
    "Dijkstra",
    "Perlman",
    "Backus",
    "Wilson",
    "Berners",
    "Lamarr",
    "Shannon",
    "Johnson",
    "Knuth",
    "Goldwasser",
    "Lamport",
    "Borg",
    "Wirth",
    "Sammet",
    "Rossum",
    "Matsumoto",
    "Stroustrup",
    "Conway",
    "Kay",
    "Sutherland",
    "Ghemawat",
    "Patel",
    "Zhang",
    "Chen",
    "Haddad",
    "Nilsen",
    "Garcia",
    "Rossi",
    "Mensah",
    "Okafor",
    "Tanaka",
    "Novak",
    "Silva",
    "Kowalski",
    "Dubois",
    "Jensen",
]
CITIES = [
    "London",
    "Berlin",
    "Paris",
    "Madrid",
    "Lisbon",
    "Amsterdam",
    "Stockholm",
    "Warsaw",
    "Zurich",
    "Dublin",
    "New-York",
    "Boston",
    "Austin",
    "Seattle",
    "Toronto",
    "Sao-Paulo",
    "Singapore",
    "Tokyo",
    "Sydney",
    "Bangalore",
    "Nairobi",
    "Lagos",
]
INDUSTRIES = [
    "fintech",
    "saas",
    "healthcare",
    "logistics",
    "retail",
    "energy",
    "manufacturing",
    "media",
    "education",
    "cybersecurity",
    "biotech",
    "insurance",
    "telecom",
    "gaming",
    "real-estate",
]
TAGS = [
    "prospect",
    "customer",
    "partner",
    "investor",
    "alumni",
    "speaker",
    "advisor",
    "champion",
    "vip",
    "newsletter",
    "conference-2025",
    "conference-2026",
    "fintech",
    "ai",
    "security",
    "devops",
    "data",
    "cloud",
    "mobile",
    "open-source",
    "hiring",
    "board",
    "founder",
    "analyst",
    "press",
]
DEPARTMENTS = [
    "Engineering",
    "Sales",
    "Marketing",
    "Finance",
    "Operations",
    "Product",
    "Legal",
    "People",
    "Support",
]
ROLE_BY_DEPTH: tuple[tuple[str, ...], ...] = (
    ("decision_maker",),
    ("decision_maker", "decision_maker", "influencer", "gatekeeper"),
    ("influencer", "champion", "gatekeeper", "decision_maker", "blocker"),
    ("user", "user", "champion", "influencer", "other", "blocker"),
)
TITLE_BY_DEPTH = ("Chief Executive Officer", "VP", "Director", "Manager", "Engineer")
KINDS = ("email", "meeting", "call", "message", "social", "event", "note")
KIND_WEIGHTS = (30, 20, 12, 25, 8, 3, 2)


@dataclass
class Dataset:
    name: str
    people: list[dict[str, Any]]
    companies: list[dict[str, Any]]
    relationships: list[dict[str, Any]]
    interactions: list[dict[str, Any]]
    meta: dict[str, Any]


def pareto_int(rng: random.Random, alpha: float, low: float, cap: int) -> int:
    return min(cap, int(low * (1.0 - rng.random()) ** (-1.0 / alpha)))


def person_row(rng: random.Random, index: int, team: bool) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    tags = rng.sample(TAGS, k=rng.choice((0, 1, 1, 2, 2, 3)))
    return {
        "external_id": f"p{index}",
        "name": f"{first} {last}",
        "email": f"{first.lower()}.{last.lower()}.{index}@mail.example",
        "location": rng.choice(CITIES),
        "tags": sorted(tags),
        "is_team": team,
        "attributes": {"seniority": rng.randint(1, 30), "source": "bench"},
    }


def company_row(rng: random.Random, index: int) -> dict[str, Any]:
    return {
        "external_id": f"c{index}",
        "name": "Relmap (us)" if index == 0 else f"Company {index}",
        "domain": f"company{index}.example",
        "industry": rng.choice(INDUSTRIES),
        "size": int(10 ** rng.uniform(1, 4.5)),
        "location": rng.choice(CITIES),
        "tags": sorted(rng.sample(TAGS, k=rng.choice((0, 1, 2)))),
        "attributes": {"source": "bench"},
    }


def rel(kind: str, s: str, t: str, strength: float | None = None, **props: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"type": kind, "source_external_id": s, "target_external_id": t}
    if strength is not None:
        row["strength"] = round(strength, 4)
    if props:
        row["properties"] = props
    return row


def day(rng: random.Random, years_back: float, years_to: float = 0.0) -> date:
    span = (years_back - years_to) * 365.0
    return (NOW - timedelta(days=years_to * 365.0 + rng.random() * span)).date()


def generate(size: str, seed: int) -> Dataset:
    """A synthetic B2B network of SIZES[size] people, ~10 relationships per person."""
    rng = random.Random(f"{seed}:{size}")
    n = SIZES[size]
    n_comp = max(20, n // 40)
    people = [person_row(rng, i, i < TEAM_SIZE) for i in range(n)]
    companies = [company_row(rng, c) for c in range(n_comp)]
    rels: list[dict[str, Any]] = []

    # Current employer: heavy-tailed company sizes; the team works at company 0.
    weights = [1.0 / (c + 1) ** 0.9 for c in range(n_comp)]
    weights[0] = 0.0
    cum = list(itertools.accumulate(weights))
    employer: list[int] = [0] * n
    members: list[list[int]] = [[] for _ in range(n_comp)]
    for i in range(n):
        c = 0 if i < TEAM_SIZE else bisect.bisect(cum, rng.random() * cum[-1])
        employer[i] = min(c, n_comp - 1)
        members[employer[i]].append(i)
    # Past employers: 0-3 each, people who moved on; alumni lists make ex-colleagues.
    alumni: list[list[int]] = [[] for _ in range(n_comp)]
    past: list[list[int]] = [[] for _ in range(n)]
    for i in range(n):
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 2, 3))):
            c = bisect.bisect(cum, rng.random() * cum[-1])
            c = min(c, n_comp - 1)
            if c != employer[i] and c not in past[i]:
                past[i].append(c)
                alumni[c].append(i)

    # Org charts: a tree of fan-out 2..7 per company; depth gives title and role.
    depth = [0] * n
    manager: list[int | None] = [None] * n
    for c, staff in enumerate(members):
        rng.shuffle(staff)
        if c == 0:  # the team leads "us"
            staff.sort(key=lambda p: p >= TEAM_SIZE)
        fan = rng.randint(2, 7)
        dept_of: dict[int, str] = {}
        for pos, p in enumerate(staff):
            if pos == 0:
                dept = "Executive"
            else:
                boss = staff[(pos - 1) // fan]
                manager[p] = boss
                depth[p] = depth[boss] + 1
                dept = dept_of.get(boss, "Executive")
                if depth[p] == 1:
                    dept = DEPARTMENTS[(pos - 1) % len(DEPARTMENTS)]
            dept_of[p] = dept
            d = min(depth[p], len(ROLE_BY_DEPTH) - 1)
            title = TITLE_BY_DEPTH[min(depth[p], len(TITLE_BY_DEPTH) - 1)]
            people[p]["title"] = title if pos == 0 else f"{title}, {dept}"
            since = day(rng, 12.0, 0.2)
            rels.append(
                rel(
                    "WORKS_AT",
                    f"p{p}",
                    f"c{c}",
                    title=people[p]["title"],
                    role=rng.choice(ROLE_BY_DEPTH[d]),
                    department=dept,
                    since=since.isoformat(),
                    current=True,
                )
            )
            if manager[p] is not None:
                rels.append(rel("REPORTS_TO", f"p{p}", f"p{manager[p]}"))
    for i in range(n):
        for c in past[i]:
            until = day(rng, 10.0, 0.5)
            since = until - timedelta(days=rng.randint(200, 2500))
            rels.append(
                rel(
                    "WORKS_AT",
                    f"p{i}",
                    f"c{c}",
                    title=rng.choice(TITLE_BY_DEPTH[1:]),
                    role="other",
                    since=since.isoformat(),
                    until=until.isoformat(),
                    current=False,
                )
            )

    # KNOWS: heavy-tailed stub counts; partners mostly colleagues and ex-colleagues.
    known: set[tuple[int, int]] = set()
    attach: list[int] = []  # one entry per stub: preferential attachment for strangers
    stubs = [pareto_int(rng, 2.1, 3.6, 400) for _ in range(n)]
    for i in range(TEAM_SIZE):
        stubs[i] = rng.randint(60, 160)  # sellers and founders are hubs
    for i in range(n):
        attach.extend([i] * stubs[i])

    def partner(i: int) -> int:
        roll = rng.random()
        if roll < 0.55 and len(members[employer[i]]) > 1:
            staff = members[employer[i]]
            if manager[i] is not None and rng.random() < 0.25:
                return manager[i]  # type: ignore[return-value]
            return staff[rng.randrange(len(staff))]
        if roll < 0.8:
            pool = [c for c in past[i] if alumni[c] or members[c]] + [employer[i]]
            c = rng.choice(pool)
            group = alumni[c] if alumni[c] and rng.random() < 0.6 else members[c]
            if group:
                return group[rng.randrange(len(group))]
        return attach[rng.randrange(len(attach))]

    for i in range(n):
        for _ in range(stubs[i]):
            j = partner(i)
            if j == i:
                continue
            pair = (min(i, j), max(i, j))
            if pair in known:
                continue
            known.add(pair)
            manual = rng.random() < 0.3
            rels.append(rel("KNOWS", f"p{i}", f"p{j}", rng.uniform(0.2, 0.95) if manual else None))
    # INFLUENCES: seniors over juniors in the same company, and cross-company leaders.
    for i in range(TEAM_SIZE, n):
        if rng.random() < 0.55 and manager[i] is not None:
            head = manager[i]
            assert head is not None
            grand = manager[head]
            source = grand if grand is not None and rng.random() < 0.4 else head
            rels.append(rel("INFLUENCES", f"p{source}", f"p{i}", rng.uniform(0.3, 0.9)))
        if rng.random() < 0.15:
            leader = attach[rng.randrange(len(attach))]
            if leader != i:
                rels.append(rel("INFLUENCES", f"p{leader}", f"p{i}", rng.uniform(0.2, 0.7)))

    interactions = make_interactions(rng, sorted(known), n * 2)
    meta = {"dataset": size, "seed": seed, "people": n, "companies": n_comp, "team": TEAM_SIZE}
    return Dataset(size, people, companies, rels, interactions, meta)


def make_interactions(
    rng: random.Random, pairs: list[tuple[int, int]], count: int
) -> list[dict[str, Any]]:
    """Interactions over three years, denser lately, between people who know each other."""
    rows: list[dict[str, Any]] = []
    if not pairs:
        return rows
    for k in range(count):
        a, b = pairs[rng.randrange(len(pairs))]
        group = [a, b]
        if rng.random() < 0.15:  # a meeting with a third person one of them knows
            c, d = pairs[rng.randrange(len(pairs))]
            group.extend(x for x in (c, d) if x not in group)
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        days_ago = 3 * 365 * rng.random() ** 1.7
        at = NOW - timedelta(days=days_ago, seconds=rng.randrange(86_400))
        rows.append(
            {
                "external_id": f"i{k}",
                "kind": kind,
                "occurred_at": at.isoformat().replace("+00:00", "Z"),
                "participant_external_ids": [f"p{x}" for x in group],
                "summary": f"{kind} #{k}",
                "sentiment": round(rng.uniform(-0.3, 1.0), 2),
            }
        )
    return rows


def real(name: str, seed: int) -> Dataset:
    """A real topology (astro-ph KNOWS, wiki-Vote INFLUENCES) with generated attributes."""
    rng = random.Random(f"{seed}:{name}")
    edges: list[tuple[int, int]] = []
    if name == "astro-ph":
        lines = (SHARED / "astro-ph.graph").read_text().splitlines()
        n = int(lines[0].split()[0])
        for i, line in enumerate(lines[1 : n + 1]):
            edges.extend((i, int(x) - 1) for x in line.split() if int(x) - 1 > i)
        kind = "KNOWS"
    else:
        ids: dict[int, int] = {}
        for line in (SHARED / "wiki-Vote.txt").read_text().splitlines():
            if line.startswith("#") or not line.strip():
                continue
            a, b = (ids.setdefault(int(x), len(ids)) for x in line.split())
            edges.append((a, b))
        n = len(ids)
        kind = "INFLUENCES"
    degree = [0] * n
    for a, b in edges:
        degree[a] += 1
        degree[b] += 1
    # The team: 20 well-connected (but not the very top) people, as a sales team would be.
    ranked = sorted(range(n), key=lambda v: -degree[v])
    team = set(rng.sample(ranked[50:1000], TEAM_SIZE))
    people = [person_row(rng, i, i in team) for i in range(n)]
    n_comp = max(20, n // 40)
    companies = [company_row(rng, c) for c in range(n_comp)]
    rels = [rel(kind, f"p{a}", f"p{b}", rng.uniform(0.2, 0.95)) for a, b in edges]
    for i in range(n):
        c = 0 if i in team else rng.randrange(1, n_comp)
        role = rng.choice(ROLE_BY_DEPTH[rng.randrange(len(ROLE_BY_DEPTH))])
        rels.append(rel("WORKS_AT", f"p{i}", f"c{c}", role=role, current=True))
    pairs = [(a, b) for a, b in edges] if kind == "KNOWS" else []
    meta = {"dataset": name, "seed": seed, "people": n, "companies": n_comp, "team": TEAM_SIZE}
    return Dataset(name, people, companies, rels, make_interactions(rng, pairs, n), meta)


def write(ds: Dataset) -> Path:
    out = DATA / ds.name
    out.mkdir(parents=True, exist_ok=True)
    for part in ("people", "companies", "relationships", "interactions"):
        rows = getattr(ds, part)
        with (out / f"{part}.jsonl").open("w") as fh:
            for row in rows:
                fh.write(json.dumps(row, separators=(",", ":")))
                fh.write("\n")
    by_type: dict[str, int] = {}
    for r in ds.relationships:
        by_type[r["type"]] = by_type.get(r["type"], 0) + 1
    meta = {
        **ds.meta,
        "version": [VERSION, ds.meta["seed"]],
        "relationships": len(ds.relationships),
        "relationships_by_type": dict(sorted(by_type.items())),
        "interactions": len(ds.interactions),
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    return out


def ensure(dataset: str, seed: int = 7) -> Path:
    """The dataset's directory, generated now unless an identical one is there already."""
    out = DATA / dataset
    meta = out / "meta.json"
    if meta.exists() and json.loads(meta.read_text()).get("version") == [VERSION, seed]:
        return out
    started = time.perf_counter()
    ds = generate(dataset, seed) if dataset in SIZES else real(dataset, seed)
    path = write(ds)
    print(f"generated {dataset} in {time.perf_counter() - started:.1f}s -> {path}", flush=True)
    return path


def load_rows(path: Path, part: str) -> list[dict[str, Any]]:
    with (path / f"{part}.jsonl").open() as fh:
        return [json.loads(line) for line in fh]


def row_chunks(path: Path, part: str, size: int) -> Iterator[list[dict[str, Any]]]:
    """The rows of one part, `size` at a time, read as they are needed (L does not fit twice)."""
    with (path / f"{part}.jsonl").open() as fh:
        while chunk := [json.loads(line) for line in itertools.islice(fh, size)]:
            yield chunk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", default="S", choices=[*SIZES, *REAL])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    path = ensure(args.dataset, args.seed)
    print((path / "meta.json").read_text())


if __name__ == "__main__":
    main()
