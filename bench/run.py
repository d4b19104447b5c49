"""The benchmark harness: relmap over HTTP beside the raw driver, PostgreSQL and networkx.

    python -m bench.run --size XS --quick   # a few minutes (make bench-quick)
    python -m bench.run --size S            # 10,000 people: about a quarter of an hour
    python -m bench.run --size M            # 100k people, ~1M edges
    python -m bench.run --size S,astro-ph,wiki-vote

For each dataset: generate (seeded), load through relmap's import (or the storage contract
through the driver when POST /v1/import does not exist yet), start the app under uvicorn
with `make run`'s 2 workers (--workers) on 127.0.0.1, and measure every operation whose route
exists: median/p95/p99 latency with one client after warm-up, throughput with 1, 8 and 32
concurrent clients. The raw floor replays the exact Cypher statements the app sent for the same
inputs with the bare neo4j driver. PostgreSQL (recursive CTEs) and networkx answer the graph
questions on the same data. Results: bench/results/<dataset>.json; the table:
docs/benchmarks.md (bench/report.py).
"""

import argparse
import asyncio
import contextvars
import ctypes
import functools
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import httpx
from neo4j import READ_ACCESS, AsyncDriver, AsyncGraphDatabase, RoutingControl

from app.config import Settings
from app.db import database as dbmod
from app.db.queries import QueryRegistry, Returns
from app.deps import shared
from app.graph.ball import TeamBallCache
from app.graph.strength import StrengthModel
from bench import generate, load, report
from bench.stats import Block, latency, paired, throughput, timed_block

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BENCH_PORT = 7696
CLIENTS = (1, 8, 32)
MAKE_RUN_WORKERS = 2  # RELMAP_WORKERS in the Makefile
P2P = "KNOWS,REPORTS_TO,INFLUENCES"
# id prefixes that page the exports (ids are hex UUIDs): each page its own short transaction
PAGES = [f"{i:02x}" for i in range(256)]


def log(msg: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {msg}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_neo4j() -> str:
    """NEO4J_URI when set; otherwise the bench's own Neo4j (started here, port 7696)."""
    if os.environ.get("NEO4J_URI"):
        return os.environ["NEO4J_URI"]
    env = {
        **os.environ,
        "RELMAP_NEO4J_HOME": os.environ.get("RELMAP_NEO4J_HOME", str(ROOT / ".neo4j-bench")),
        "NEO4J_BOLT_PORT": str(BENCH_PORT),
        "NEO4J_HEAP": os.environ.get("NEO4J_HEAP", "4g"),
        "NEO4J_PAGECACHE": os.environ.get("NEO4J_PAGECACHE", "4g"),
    }
    subprocess.run([str(ROOT / "scripts" / "neo4j.sh"), "start"], check=True, env=env)
    # the same instance for `--load bulk`, which drives scripts/neo4j.sh from this process
    os.environ.update(
        {
            k: env[k]
            for k in ("RELMAP_NEO4J_HOME", "NEO4J_BOLT_PORT", "NEO4J_HEAP", "NEO4J_PAGECACHE")
        }
    )
    return f"bolt://127.0.0.1:{BENCH_PORT}"


def _die_with_parent() -> None:
    """In the child: ask Linux for SIGTERM when the bench dies, so no app is left behind."""
    with suppress(Exception):
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class AppServer:
    """relmap under uvicorn as `make run` serves it, with `workers` processes (`make run`: 2,
    RELMAP_WORKERS; the scripts that watch a single process use 1)."""

    def __init__(self, uri: str, workers: int = 1) -> None:
        self.uri = uri
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[str] | None = None
        self.cwd = ROOT  # the checkout whose app/ is served (bench/ab.py serves two)
        self.env: dict[str, str] = {}  # set last, over the defaults below (bench/ab.py --env)
        self._started = threading.Semaphore(0)  # released once per worker started

    def start(self) -> None:
        env = {
            **os.environ,
            "NEO4J_URI": self.uri,
            "RELMAP_API_KEYS": "",
            "RELMAP_LOG_LEVEL": "WARNING",
        }
        # the background scans off unless asked for (RELMAP_SIGNAL_SCANNER=true ...): their first
        # pass over a freshly loaded graph would land in whichever operation runs then
        # (docs/benchmarks.md, "Neighborhood in one round trip, over HTTP at S")
        env.setdefault("RELMAP_SIGNAL_SCANNER", "false")
        env.setdefault("RELMAP_GRAPH_SIGNALS", "false")
        env.update(self.env)
        cmd = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory"]
        cmd += ["--host", "127.0.0.1", "--port", str(self.port), "--no-access-log"]
        # info: each worker says when its start-up is complete (_relay counts them)
        cmd += ["--log-level", "info", "--workers", str(self.workers)]
        self.proc = subprocess.Popen(
            cmd,
            cwd=self.cwd,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_die_with_parent,
        )
        assert self.proc.stderr is not None
        threading.Thread(target=self._relay, args=(self.proc.stderr,), daemon=True).start()
        deadline = time.monotonic() + 60
        started = 0
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the app exited during start-up")
            if started < self.workers:  # /ready answers as soon as the first one serves
                started += self._started.acquire(timeout=0.3)
                continue
            with suppress(httpx.HTTPError):
                if httpx.get(f"{self.base}/ready", timeout=2).status_code == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"the app ({self.workers} workers) did not become ready in 60 s")

    def _relay(self, stream: IO[str]) -> None:
        """uvicorn's log: the workers' start-ups counted, all but its INFO lines passed on."""
        for line in stream:
            if "Application startup complete" in line:
                self._started.release()
            if not line.startswith("INFO:"):
                sys.stderr.write(line)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def routes(self) -> set[tuple[str, str]]:
        spec = httpx.get(f"{self.base}/openapi.json", timeout=10).json()
        return {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}


# --------------------------------------------------------------------------- the recorder


Call = tuple[str, dict[str, Any], str]  # statement text, parameters, "read" or "write"


class Recorder:
    """Captures every statement the app sends while it answers one request: reads (auto-commit
    transactions, Database._read), single writes (Database._write) and the statements inside
    managed transactions (Tx.run), each with how it was sent."""

    def __init__(self) -> None:
        # per task: background loops of the app (webhooks, signal scans), started before a
        # request is recorded, write in tasks of their own and are not the request's statements
        self._calls: contextvars.ContextVar[list[Call] | None] = contextvars.ContextVar(
            "recorded_calls", default=None
        )

    @property
    def calls(self) -> list[Call] | None:
        return self._calls.get()

    @calls.setter
    def calls(self, value: list[Call] | None) -> None:
        self._calls.set(value)

    def install(self) -> None:
        recorder = self
        original_run = dbmod.Tx.run
        original_read = dbmod.Database._read
        original_write = dbmod.Database._write

        def record(db: dbmod.Database, name: str, params: dict[str, Any], mode: str) -> None:
            calls = recorder.calls
            if calls is not None:
                calls.append((db.queries[name].text, dict(params), mode))

        async def tx_run(tx: dbmod.Tx, name: str, **params: Any) -> list[dict[str, Any]]:
            q = tx._db.queries[name]
            record(tx._db, name, params, "write" if q.returns is Returns.WRITE else "read")
            return await original_run(tx, name, **params)

        async def read(
            db: dbmod.Database, name: str, params: dict[str, Any], transform: Any
        ) -> Any:
            record(db, name, params, "read")
            return await original_read(db, name, params, transform)

        async def write(db: dbmod.Database, name: str, params: dict[str, Any], **kw: Any) -> Any:
            record(db, name, params, "write")
            return await original_write(db, name, params, **kw)

        dbmod.Tx.run = tx_run  # type: ignore[method-assign,assignment]
        dbmod.Database._read = read  # type: ignore[method-assign,assignment]
        dbmod.Database._write = write  # type: ignore[method-assign,assignment]


# --------------------------------------------------------------------------- operations


class Op:
    """One operation: how to ask relmap over HTTP, and which inputs to ask with."""

    def __init__(
        self,
        name: str,
        route: tuple[str, str],
        inputs: list[Any],
        request: Callable[[Any], tuple[str, str, dict[str, Any] | None]],
        ok_statuses: tuple[int, ...] = (200,),
    ) -> None:
        self.name = name
        self.route = route
        self.inputs = inputs
        self.request = request
        self.ok_statuses = ok_statuses

    def http_call(self, client: httpx.AsyncClient) -> Callable[[Any], Awaitable[bool]]:
        async def call(arg: Any) -> bool:
            method, url, body = self.request(arg)
            try:
                resp = await client.request(method, url, json=body)
                await resp.aread()
            except httpx.HTTPError:
                return False
            return resp.status_code in self.ok_statuses

        return call


def make_ops(
    rng: random.Random, people: list[dict[str, Any]], companies: list[str], pool: int
) -> list[Op]:
    # in the generator's order (external ids), not the ids': those are made at each load, and
    # every load sampled other inputs from them (bench/notes.md, the thirty-first session)
    others = sorted(
        (p for p in people if not p["is_team"]), key=lambda p: (p["external_id"] or "", p["id"])
    )
    targets = [p["id"] for p in rng.sample(others, min(pool, len(others)))]
    sources = [p["id"] for p in rng.sample(others, min(pool, len(others)))]
    tags = sorted({t for p in people for t in (p["tags"] or [])})
    firms = rng.sample(companies[1:], min(pool, len(companies) - 1))
    return [
        Op(
            "get_person",
            ("GET", "/v1/people/{person_id}"),
            targets,
            lambda i: ("GET", f"/v1/people/{i}", None),
        ),
        Op(
            "list_people_by_tag",
            ("GET", "/v1/people"),
            tags,
            lambda t: ("GET", f"/v1/people?tag={t}&limit=50", None),
        ),
        Op(
            "neighborhood_depth2",
            ("GET", "/v1/people/{person_id}/neighborhood"),
            targets,
            # the question the peers answer: people and their person-to-person edges
            lambda i: ("GET", f"/v1/people/{i}/neighborhood?depth=2&types={P2P}", None),
        ),
        Op(
            "shortest_path",
            ("GET", "/v1/paths/shortest"),
            list(zip(sources, targets, strict=True)),
            # the peers' question again: person-to-person edges only
            lambda st: (
                "GET",
                f"/v1/paths/shortest?from_id={st[0]}&to_id={st[1]}&max_hops=4&types={P2P}",
                None,
            ),
            (200, 404),
        ),
        Op(
            "intros_person_h3",
            ("POST", "/v1/intros"),
            targets,
            lambda t: ("POST", "/v1/intros", {"target_id": t, "limit": 5, "max_hops": 3}),
        ),
        Op(
            "intros_person_h4",
            ("POST", "/v1/intros"),
            targets,
            lambda t: ("POST", "/v1/intros", {"target_id": t, "limit": 5, "max_hops": 4}),
        ),
        Op(
            "intros_company_h4",
            ("POST", "/v1/intros"),
            firms,
            lambda c: ("POST", "/v1/intros", {"target_id": c, "limit": 5, "max_hops": 4}),
        ),
        Op(
            "account_map",
            ("GET", "/v1/companies/{company_id}/account-map"),
            firms,
            lambda c: ("GET", f"/v1/companies/{c}/account-map", None),
        ),
    ]


# --------------------------------------------------------------------------- the run


async def record_calls(
    op: Op, settings: Settings, recorder: Recorder, budget_s: float
) -> list[tuple[Any, list[Call]]]:
    """The statements the app sends for each input, with the input (in-process through ASGI;
    a time budget)."""
    from app.main import create_app

    app = create_app(settings)
    recorded = []
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            # warm, as the served app is: one request, and the team's ball built by it
            method, url, body = op.request(op.inputs[0])
            await client.request(method, url, json=body)
            await shared(app.state, "team_ball", TeamBallCache).settled()
            deadline = time.perf_counter() + budget_s
            for arg in op.inputs:
                recorder.calls = []
                method, url, body = op.request(arg)
                resp = await client.request(method, url, json=body)
                if resp.status_code < 500:
                    recorded.append((arg, recorder.calls))
                recorder.calls = None
                if len(recorded) >= 5 and time.perf_counter() > deadline:
                    break
    return recorded


def statement_name(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    return first.split("name:", 1)[1].strip() if "name:" in first else first[:40]


def raw_call(driver: AsyncDriver) -> Callable[[list[Call]], Awaitable[bool]]:
    """The floor: each statement sent as the app sends it, with the bare driver (reads in an
    auto-commit transaction, writes through execute_query), results fully received."""

    async def call(calls: list[Call]) -> bool:
        for text, params, mode in calls:
            if mode == "read":
                async with driver.session(database="neo4j", default_access_mode=READ_ACCESS) as s:
                    await (await s.run(text, params)).to_eager_result()
            else:
                await driver.execute_query(
                    text, params, routing_=RoutingControl.WRITE, database_="neo4j"
                )
        return True

    return call


async def measure(
    call: Callable[[Any], Awaitable[bool]],
    inputs: list[Any],
    args: argparse.Namespace,
    clients: tuple[int, ...] = CLIENTS,
) -> dict[str, Any]:
    started = time.perf_counter()
    await call(inputs[0])
    slow = time.perf_counter() - started > args.budget / 10  # a probe: few samples for slow ops
    lat = await latency(
        call,
        inputs,
        n=args.requests,
        warmup=1 if slow else args.warmup,
        budget_s=args.budget,
        min_n=3 if slow else 10,
    )
    result: dict[str, Any] = {"latency": lat.as_json(), "throughput": []}
    for c in clients:
        if lat.median_ms / 1000 * c > args.budget * 2:
            # c requests in flight at once would alone outlast the budget several times over
            result["throughput"].append({"clients": c, "skipped": "too slow for this level"})
            continue
        result["throughput"].append(
            await throughput(
                call, inputs, clients=c, n=max(args.requests, 10 * c), budget_s=args.budget / 2
            )
        )
    return result


def wrk_runner(
    op: Op, client: httpx.AsyncClient, inputs: Sequence[Any] | None = None
) -> Callable[..., dict[str, Any]]:
    """wrk over the operation's inputs (or these) against the app: call with clients= and
    seconds=."""
    from bench import wrk

    requests = [op.request(arg) for arg in (op.inputs if inputs is None else inputs)]
    base = str(client.base_url).rstrip("/")
    return functools.partial(wrk.run, base, requests, ok=op.ok_statuses)


def relmap_block(op: Op, client: httpx.AsyncClient, args: argparse.Namespace) -> Block:
    """One block of relmap's side for bench/stats.py paired: one connection for a second over
    these inputs when the latency is measured with wrk (bench/wrk.py's one_connection: its
    median; httpx costs this machine milliseconds a request that a bare socket does not, and
    the floor's client is the bare driver's), else httpx call by call."""
    if not args.wrk:
        return timed_block(op.http_call(client))

    async def block(inputs: Sequence[Any]) -> tuple[float, int]:
        one = await asyncio.to_thread(wrk_runner(op, client, inputs), clients=1, seconds=1)
        return float(one["median_ms"]), int(one["failed"])

    return block


async def measure_wrk(
    op: Op, client: httpx.AsyncClient, args: argparse.Namespace
) -> dict[str, Any]:
    """relmap over HTTP: a warm-up, one connection for the latency (median, p95, p99 over every
    request of at least `budget` seconds and whole passes through the inputs, so that each
    input weighs the same; a bare socket, as measured: bench/wrk.py's one_connection), then 1
    connection, and 8 and 32 with wrk, for throughput."""
    run = wrk_runner(op, client)
    await asyncio.to_thread(run, clients=1, seconds=args.wrk_warmup)
    one = await asyncio.to_thread(run, clients=1, seconds=args.budget, cycles=True)
    latency = {
        "n": one["requests"],
        "passes": one["passes"],
        "failed": one["failed"],
        "median_ms": one["median_ms"],
        "p95_ms": one["p95_ms"],
        "p99_ms": one["p99_ms"],
        "mean_ms": one["mean_ms"],
    }
    result: dict[str, Any] = {"latency": latency, "throughput": [], "load_generator": "wrk"}
    for c in CLIENTS:
        level = one if c == 1 else await asyncio.to_thread(run, clients=c, seconds=args.budget / 2)
        result["throughput"].append(level)
    return result


WARM_CLIENTS = 4  # connections while warming: more requests per second, the JIT sooner warm


async def warm_server(
    ops: list[Op], client: httpx.AsyncClient, args: argparse.Namespace
) -> dict[str, Any]:
    """Traffic before any measurement, through the app (so through Neo4j too): a server started
    or restarted for the run (always, after a bulk load) runs its queries in the JVM's
    interpreter at first. On this machine a fresh Neo4j answered the bare get_person statement
    in 8.7-11.9 ms (median, first 5 s), about 4 ms after 15 s and 1.2-1.5 ms after 50 s of
    traffic (bench/warm_curve.py), while each operation had only its own 3 s wrk warm-up:
    the first ones were measured on a cold server, the later ones and every floor (measured
    after relmap's HTTP runs) on a warmer one. Each operation's inputs, twice round,
    `server_warmup` seconds in all; the requests per second of each pass are kept (the second
    pass shows how warm)."""
    seconds = args.server_warmup / (2 * len(ops)) if ops else 0.0
    passes: dict[str, list[float | None]] = {op.name: [] for op in ops}
    if seconds <= 0:
        return {"seconds": 0, "rps": passes}
    started = time.perf_counter()
    for _ in range(2):
        for op in ops:
            if args.wrk:
                run = wrk_runner(op, client)
                got = await asyncio.to_thread(run, clients=WARM_CLIENTS, seconds=seconds)
            else:
                got = await throughput(
                    op.http_call(client),
                    op.inputs,
                    clients=WARM_CLIENTS,
                    n=1_000_000,
                    budget_s=seconds,
                )
            passes[op.name].append(got.get("rps"))
    wall = round(time.perf_counter() - started, 1)
    log(f"server warm-up: {wall} s; requests/s per pass {passes}")
    return {"seconds": wall, "clients": WARM_CLIENTS, "rps": passes}


def _truthy(fn: Callable[[Any], Any], arg: Any) -> bool:
    """A peer's answer counts even when it is empty (no path: None)."""
    fn(arg)
    return True


def sync_call(fn: Callable[[Any], Any], timeouts: list[int]) -> Callable[[Any], Awaitable[bool]]:
    async def call(arg: Any) -> bool:
        try:
            return fn(arg) is not None
        except Exception:  # noqa: BLE001 - a peer's timeout counts as a failed request
            timeouts[0] += 1
            return False

    return call


async def person_edges(
    driver: AsyncDriver, bq: QueryRegistry, index: dict[str, int], settings: Settings
) -> list[tuple[int, int, float, str, str]]:
    """The person graph for the peers: (source n, target n, strength now, edge id, type)."""
    model = StrengthModel(settings.strength_kind_weights, settings.strength_half_life_days)
    at = time.time()
    return [
        (
            index[e["source"]],
            index[e["target"]],
            model.evaluate(float(e["strength_base"] or 0), e["mass"], e["mass_at"], at),
            e["id"],
            e["type"],
        )
        for prefix in PAGES
        for e in await load.run(driver, bq["export_person_edges"], prefix=prefix)
    ]


async def relmap_answers(client: httpx.AsyncClient, ops: list[Op]) -> dict[str, list[Any]]:
    """relmap's answer to every input of the operations the peers answer too (bench/fair.py's
    shape), read right after the peers' export so both see the same strengths."""
    from bench import fair

    out: dict[str, list[Any]] = {}
    for op in ops:
        if op.name not in PEER_OPS:
            continue
        answers = []
        for arg in op.inputs:
            method, url, body = op.request(arg)
            resp = await client.request(method, url, json=body)
            answers.append(
                fair.relmap_answer(op.name, resp.json() if resp.status_code == 200 else None)
            )
        out[op.name] = answers
    return out


PEER_OPS = ("neighborhood_depth2", "shortest_path", "intros_person_h3", "intros_person_h4")


async def peers(
    args: argparse.Namespace,
    people: list[dict[str, Any]],
    edges: list[tuple[int, int, float, str, str]],
    ops: dict[str, Op],
    answers: dict[str, list[Any]],
) -> dict[str, Any]:
    """The fair peers (bench/fair.py) on relmap's graph and all of relmap's inputs: latency,
    and whether each answer equals relmap's."""
    from bench import fair
    from bench.peers.postgres import Postgres

    index = {p["id"]: p["n"] for p in people}
    ids = [p["id"] for p in people]
    team = frozenset(p["n"] for p in people if p["is_team"])
    targets = [index[t] for t in ops["neighborhood_depth2"].inputs]
    pairs = [(index[s], index[t]) for s, t in ops["shortest_path"].inputs]
    out: dict[str, Any] = {}

    def questions(peer: Any) -> dict[str, tuple[Callable[[Any], Any], list[Any]]]:
        return {
            "neighborhood_depth2": (lambda n: peer.neighborhood(n, 2, 200), targets),
            "shortest_path": (lambda st: peer.shortest(st[0], st[1], 4), pairs),
            "intros_person_h3": (lambda t: peer.intros(t, 3, 5), targets),
            "intros_person_h4": (lambda t: peer.intros(t, 4, 5), targets),
        }

    async def run_peer(name: str, peer: Any, result: dict[str, Any]) -> None:
        for op, (fn, inputs) in questions(peer).items():
            got = [fn(x) for x in inputs]  # the check: every input, once
            equal = [
                fair.same(op, ours, theirs, 1e-4)
                for ours, theirs in zip(answers[op], got, strict=True)
            ]
            fails = [0]
            lat = await latency(
                sync_call(functools.partial(_truthy, fn), fails),
                inputs,
                n=len(inputs),
                warmup=1,
                budget_s=args.budget,
                min_n=3,
            )
            bad = [i for i, ok in enumerate(equal) if not ok]
            result["ops"][op] = {
                "latency": lat.as_json(),
                "timeouts": fails[0],
                "equal": f"{len(equal) - len(bad)}/{len(equal)}",
                "unequal_examples": [
                    {"input": str(inputs[i]), "relmap": answers[op][i], "peer": got[i]}
                    for i in bad[:3]
                ],
            }
            log(
                f"  {name} {op}: median {lat.median_ms:.2f} ms, equal to relmap on "
                f"{len(equal) - len(bad)}/{len(equal)}"
            )

    started = time.perf_counter()
    py = fair.PyPeer(ids, edges, team)
    py_res: dict[str, Any] = {"load_s": round(time.perf_counter() - started, 2), "ops": {}}
    started = time.perf_counter()
    py.prefixes()
    py_res["team_side_s"] = round(time.perf_counter() - started, 2)
    log(f"Python peer built in {py_res['load_s']} s, team side in {py_res['team_side_s']} s")
    await run_peer("python", py, py_res)
    out["python"] = py_res

    pg = Postgres()
    try:
        pg.start()
        started = time.perf_counter()
        fair.pg_load(pg.dsn, ids, team, edges)
        load_s = time.perf_counter() - started
        log(f"PostgreSQL {pg.version()} loaded in {load_s:.1f}s")
        client = fair.PgPeer(pg.dsn, args.peer_timeout)
        pg_res: dict[str, Any] = {
            "version": pg.version(),
            "jit": pg.setting("jit"),
            "load_s": round(load_s, 2),
            "ops": {},
        }
        await run_peer("postgres", client, pg_res)
        client.close()
        out["postgres"] = pg_res
    except Exception as exc:  # noqa: BLE001 - a missing peer is recorded, not fatal
        log(f"PostgreSQL peer unavailable: {exc!r}")
        out["postgres"] = {"error": repr(exc)}
    finally:
        pg.stop()
    return out


async def import_rate(
    client: httpx.AsyncClient, rng: random.Random, people: list[dict[str, Any]], batches: int
) -> dict[str, Any]:
    """POST /v1/import of new KNOWS rows between existing people: relationships per second."""
    keys = [p["external_id"] for p in people if p.get("external_id")]
    total = 0
    seconds = 0.0
    for _ in range(batches):
        rows = []
        pairs: set[tuple[str, str]] = set()
        while len(pairs) < 5_000:
            a, b = sorted(rng.sample(keys, 2))
            if (a, b) in pairs:
                continue
            pairs.add((a, b))
            rows.append(
                {
                    "type": "KNOWS",
                    "source_external_id": a,
                    "target_external_id": b,
                    "strength": round(rng.uniform(0.2, 0.9), 3),
                }
            )
        started = time.perf_counter()
        await load.import_batch(client, {"relationships": rows})
        seconds += time.perf_counter() - started
        total += len(rows)
    return {
        "relationships": total,
        "seconds": round(seconds, 3),
        "rows_per_s": round(total / seconds) if seconds else None,
    }


async def measure_op(
    op: Op,
    entry: dict[str, Any],
    client: httpx.AsyncClient,
    driver: AsyncDriver,
    app_queries: QueryRegistry,
    settings: Settings,
    recorder: Recorder,
    args: argparse.Namespace,
    server_pid: int | None,
) -> None:
    if args.wrk:
        entry["relmap"] = await measure_wrk(op, client, args)
    else:
        entry["relmap"] = await measure(op.http_call(client), op.inputs, args)
    lat = entry["relmap"]["latency"]
    log(
        f"  relmap median {lat['median_ms']} p95 {lat['p95_ms']} ms; rps "
        f"{[t.get('rps') for t in entry['relmap']['throughput']]}"
    )
    pairs = await record_calls(op, settings, recorder, args.budget)
    recorded = [calls for _, calls in pairs]
    entry["statements_per_request"] = round(sum(map(len, recorded)) / max(len(recorded), 1), 2)
    entry["statements"] = sorted({statement_name(t) for calls in recorded for t, _, _ in calls})
    if args.profile and recorded:
        from bench import profile

        entry["cypher_profile"] = await profile.cypher_profile(driver, recorded[0])
        if server_pid:
            entry["py_spy"] = await profile.py_spy(
                server_pid, op.http_call(client), op.inputs, args.profile_seconds
            )
    if not recorded:
        entry["raw_driver_error"] = "every in-process request failed; nothing to replay"
        log(f"  {op.name}: nothing to replay")
        return
    entry["raw_driver"] = await measure(raw_call(driver), recorded, args, clients=(1, 32))
    raw = entry["raw_driver"]["latency"]
    entry["ratio_to_raw_median"] = round(lat["median_ms"] / raw["median_ms"], 3)
    log(f"  raw driver median {raw['median_ms']} ms -> ratio {entry['ratio_to_raw_median']}")
    # the same ratio from relmap and its floor in alternating blocks on the same inputs
    # (bench/stats.py), relmap measured by the same client as its latency above
    entry["paired_floor"] = both = await paired(
        relmap_block(op, client, args), timed_block(raw_call(driver)), pairs, budget_s=args.budget
    )
    log(
        f"  paired: relmap {both['first_median_ms']} ms, floor {both['second_median_ms']} ms, "
        f"ratio median {both['ratio_median']} (p25 {both['ratio_p25']}, p75 {both['ratio_p75']})"
    )


def partial(result: dict[str, Any]) -> None:
    """What is measured so far, in case the run is cut short."""
    name = result["dataset"]["dataset"]
    result.setdefault("environment", environment())
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.partial.json").write_text(json.dumps(result, indent=2, default=str))


def connect(settings: Settings) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        max_connection_pool_size=settings.neo4j_max_pool_size,
    )


async def bench_dataset(dataset: str, args: argparse.Namespace, uri: str) -> dict[str, Any]:
    log(f"=== {dataset} ===")
    data = generate.ensure(dataset, args.seed)
    meta = json.loads((data / "meta.json").read_text())
    settings = Settings(neo4j_uri=uri, relmap_api_keys={}, relmap_log_level="WARNING")
    driver = connect(settings)
    bq = load.bench_queries()
    app_queries = QueryRegistry.load()
    server = AppServer(uri, args.workers)
    result: dict[str, Any] = {"dataset": meta, "operations": {}}
    try:
        server.start()
        routes = server.routes()
        use_api = ("POST", "/v1/import") in routes and args.load != "driver"
        marker = data / f"loaded-{uri.rsplit(':', 1)[-1]}.json"
        counts = await load.run(driver, bq["bench_count_graph"])
        if args.reuse and marker.exists() and json.loads(marker.read_text())["counts"] == counts[0]:
            result["load"] = {**json.loads(marker.read_text())["load"], "reused": True}
            log(f"reusing the loaded graph ({counts[0]})")
        else:
            if args.load == "bulk":
                # the importer needs the server down: the app and this driver go first
                log("loading through the offline importer (make load), into a wiped database")
                server.stop()
                await driver.close()
                rep = await load.load_bulk(data, settings)
                driver = connect(settings)
                server.start()
            else:
                log("wiping the bench graph")
                await load.wipe(driver, bq)
                log(f"loading through {'POST /v1/import' if use_api else 'the driver (UNWIND)'}")
                async with httpx.AsyncClient(base_url=server.base, timeout=600) as client:
                    rep = (
                        await load.load_api(client, data, args.load_concurrency)
                        if use_api
                        else await load.load_driver(driver, bq, data, dataset, settings)
                    )
            result["load"] = rep.as_json()
            counts = await load.run(driver, bq["bench_count_graph"])
            marker.write_text(json.dumps({"counts": counts[0], "load": result["load"]}))
            log(f"loaded {counts[0]}: {result['load']['rows_per_s']}")
        result["graph"] = counts[0]

        people = [
            p
            for prefix in PAGES
            for p in await load.run(driver, bq["export_people"], prefix=prefix)
        ]
        for n, p in enumerate(people):
            p["n"] = n
        index = {p["id"]: p["n"] for p in people}
        companies = [r["company"] for r in await load.run(driver, bq["list_employer_companies"])]
        rng = random.Random(args.seed)
        ops = make_ops(rng, people, companies, args.pool)
        recorder = Recorder()
        recorder.install()
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        async with httpx.AsyncClient(base_url=server.base, timeout=120, limits=limits) as client:
            measured = [
                op
                for op in ops
                if (not args.ops or op.name in args.ops.split(",")) and op.route in routes
            ]
            result["server_warmup"] = await warm_server(measured, client, args)
            for op in ops:
                if args.ops and op.name not in args.ops.split(","):
                    result["operations"][op.name] = {"available": True, "skipped": True}
                    continue
                if op.route not in routes:
                    result["operations"][op.name] = {"available": False}
                    log(f"{op.name}: not available ({op.route[0]} {op.route[1]} is not served)")
                    continue
                log(f"{op.name}: HTTP (load average {os.getloadavg()[0]:.1f})")
                entry: dict[str, Any] = {"available": True, "load_avg": os.getloadavg()[0]}
                try:
                    pid = server.proc.pid if server.proc else None
                    await measure_op(
                        op, entry, client, driver, app_queries, settings, recorder, args, pid
                    )
                except Exception as exc:  # noqa: BLE001 - one broken route must not stop the run
                    log(f"  {op.name} failed: {exc!r}")
                    entry["error"] = repr(exc)
                result["operations"][op.name] = entry
                partial(result)
            edges: list[tuple[int, int, float, str, str]] = []
            answers: dict[str, list[Any]] = {}
            if not args.no_peers:
                # the graph relmap was measured on (the import step below adds KNOWS rows)
                edges = await person_edges(driver, bq, index, settings)
                answers = await relmap_answers(client, ops)
                log(f"peers' graph: {len(edges):,} person-to-person edges")
            if ("POST", "/v1/import") in routes:
                log("import of relationships through POST /v1/import")
                try:
                    result["operations"]["import_relationships"] = {
                        "available": True,
                        "relmap": await import_rate(client, rng, people, args.import_batches),
                    }
                except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
                    log(f"  import failed: {exc!r}")
                    result["operations"]["import_relationships"] = {"error": repr(exc)}
                after = await load.run(driver, bq["bench_count_graph"])
                marker.write_text(json.dumps({"counts": after[0], "load": result["load"]}))
            else:
                result["operations"]["import_relationships"] = {"available": False}
        if not args.no_peers:
            partial(result)
            try:
                result["peers"] = await peers(
                    args, people, edges, {o.name: o for o in ops}, answers
                )
            except Exception as exc:  # noqa: BLE001 - the peers must not lose relmap's numbers
                log(f"peers failed: {exc!r}")
                result["peers"] = {"error": repr(exc)}
    finally:
        server.stop()
        await driver.close()
    return result


CALIBRATION_ROUNDS = 5


@functools.cache
def cpu_calibration_ms() -> float:
    """The median time, over CALIBRATION_ROUNDS, of a fixed pure-Python loop (a million
    multiply-add-modulo steps) in this process: how fast this machine runs Python today, so that
    results from machines of different speed are not compared as if they were one. Measured once
    per run, before the run itself starts Neo4j or anything else."""
    times = []
    for _ in range(CALIBRATION_ROUNDS):
        started = time.perf_counter()
        acc = 0
        for i in range(1_000_000):
            acc = (acc + i * i) % 1_000_003
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def environment() -> dict[str, Any]:
    def out(cmd: list[str]) -> str:
        with suppress(Exception):
            return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT).stdout.strip()
        return "?"

    mem_kb = 0
    with suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    cpu = "?"
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    rust = "no"
    with suppress(ImportError):
        import neo4j._rust  # type: ignore[import-not-found]

        rust = "yes"
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": out(["git", "rev-parse", "--short", "HEAD"]),
        "dirty": bool(out(["git", "status", "--porcelain", "--", "app", "cypher"])),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "neo4j_server": "5.26.30 Community",
        "neo4j_driver": neo4j.__version__,
        "driver_rust_extension": rust,
        "os": platform.platform(),
        "cpu_calibration_ms": cpu_calibration_ms(),
    }


async def main_async(args: argparse.Namespace) -> None:
    cpu_calibration_ms()  # first, before this run starts anything (kept for every result)
    if args.wrk:
        from bench import wrk

        if not wrk.available():
            log("wrk is not available (apt-get install wrk); measuring HTTP with httpx")
            args.wrk = False
    uri = ensure_neo4j()
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = environment()
    for dataset in args.size.split(","):
        started = time.perf_counter()
        begun = datetime.now(UTC).isoformat(timespec="seconds")  # this dataset's, not the run's
        result = await bench_dataset(dataset.strip(), args, uri)
        result["environment"] = {**env, "date": begun}
        result["settings"] = {
            k: getattr(args, k)
            for k in (
                "requests",
                "warmup",
                "budget",
                "pool",
                "peer_requests",
                "peer_timeout",
                "workers",
            )
        }
        result["wall_s"] = round(time.perf_counter() - started, 1)
        out = RESULTS / args.out if args.out else RESULTS
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"{dataset.strip()}.json"
        path.write_text(json.dumps(result, indent=2, default=str) + "\n")
        (RESULTS / f"{dataset.strip()}.partial.json").unlink(missing_ok=True)
        log(f"wrote {path} ({result['wall_s']} s)")
    if not args.out:
        report.write()
        log(f"wrote {report.DOC}")


def main() -> None:
    parser = argparse.ArgumentParser(description="relmap benchmarks")
    parser.add_argument("--size", default="S", help="S, M, L, XS, astro-ph, wiki-vote; comma list")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, default=300, help="per measurement")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--pool", type=int, default=100, help="distinct inputs per operation")
    parser.add_argument("--peer-requests", type=int, default=30)
    parser.add_argument("--peer-timeout", type=float, default=20.0)
    parser.add_argument("--import-batches", type=int, default=4)
    parser.add_argument(
        "--load",
        choices=("auto", "driver", "bulk"),
        default="auto",
        help="auto: POST /v1/import; bulk: make load's offline importer into the managed Neo4j "
        "(wiped first; the bench's own, or RELMAP_NEO4J_HOME and NEO4J_BOLT_PORT with NEO4J_URI)",
    )
    parser.add_argument(
        "--load-concurrency", type=int, default=1, help="import requests in flight while loading"
    )
    parser.add_argument("--reuse", action="store_true", help="keep a graph loaded by a past run")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument(
        "--workers",
        type=int,
        default=MAKE_RUN_WORKERS,
        help=f"uvicorn worker processes serving the app (default {MAKE_RUN_WORKERS}: what "
        "`make run` serves with, RELMAP_WORKERS in the Makefile)",
    )
    parser.add_argument("--out", default="", help="results subfolder for experiments (no report)")
    parser.add_argument("--ops", default="", help="only these operations (comma list)")
    parser.add_argument(
        "--no-wrk",
        dest="wrk",
        action="store_false",
        help="measure HTTP with the Python client (httpx) instead of wrk",
    )
    parser.add_argument("--wrk-warmup", type=float, default=3.0, help="seconds before measuring")
    parser.add_argument(
        "--server-warmup",
        type=float,
        default=90.0,
        help="seconds of every measured operation's traffic before the first measurement (a "
        "fresh Neo4j's JVM is several times slower at first); 0: none",
    )
    parser.add_argument("--profile", action="store_true", help="py-spy + Cypher PROFILE per op")
    parser.add_argument("--profile-seconds", type=float, default=8.0)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a look in a few minutes: shorter measurements, fewer peer queries",
    )
    args = parser.parse_args()
    if args.quick:
        args.budget, args.wrk_warmup, args.requests, args.warmup = 3.0, 1.0, 100, 5
        args.server_warmup = min(args.server_warmup, 10.0)
        args.pool, args.peer_requests, args.peer_timeout, args.import_batches = 50, 5, 5.0, 1
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
