"""Kill Neo4j (SIGKILL) while 8 clients make 1,000 acknowledged writes, restart it, and report.

    python -m bench.neo4j_fault [--writes 1000] [--clients 8] [--kill-after 300]

It starts its own Neo4j (scripts/neo4j.sh, a fresh home in a temporary folder, a free port) and
one API process (uvicorn) against it. The clients create people (POST /v1/people) until
--writes of them were acknowledged (201); a refused write (503) is sent again after a pause.
After --kill-after acknowledgements Neo4j gets SIGKILL, and is started again a few seconds
later. The report says:
- whether every acknowledged write is there after the restart (none lost);
- what the API answered while Neo4j was down (every answer a 503 problem, and how long the
  slowest took against QUERY_TIMEOUT_S);
- how long /ready took to answer 200 again by itself, with no restart of the API;
- how many people a retried write made twice: a write whose commit landed but whose answer was
  lost to the kill is sent again by the client (no Idempotency-Key yet).
Results: printed, and bench/results/neo4j_fault.json.
"""

import argparse
import asyncio
import json
import os
import signal
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from tests.neo4j_server import ROOT, Server
from tests.processes import free_port, start_api

RESULTS = ROOT / "bench" / "results" / "neo4j_fault.json"
QUERY_TIMEOUT_S = 10.0


class Neo4j:
    def __init__(self, home: Path, port: int) -> None:
        self.env = {
            **os.environ,
            "RELMAP_NEO4J_HOME": str(home),
            "NEO4J_BOLT_PORT": str(port),
            "NEO4J_HEAP": "1g",
            "NEO4J_PAGECACHE": "256m",
        }
        self.home = home
        self.uri = f"bolt://127.0.0.1:{port}"

    def run(self, command: str) -> None:
        subprocess.run([str(ROOT / "scripts" / "neo4j.sh"), command], env=self.env, check=True)

    def kill(self) -> None:
        pid = int((self.home / "run" / "neo4j.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)


async def main(args: argparse.Namespace) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="relmap-fault-"))
    logs = Path(tempfile.mkdtemp(prefix="relmap-fault-logs-"))
    neo4j = Neo4j(home, free_port())
    neo4j.run("start")
    api = start_api(
        Server(neo4j.uri, "neo4j", "neo4j", "fault"),
        logs,
        "api",
        QUERY_TIMEOUT_S=str(QUERY_TIMEOUT_S),
    )
    acked: dict[str, str] = {}  # name -> id
    answers: Counter[str] = Counter()
    down_answers: list[tuple[int, float, str]] = []  # (status, seconds, content type)
    state = {"down": False, "killed_at": 0.0, "restarted_at": 0.0, "ready_at": 0.0}
    next_name = iter(range(10**9))
    kill_now = asyncio.Event()

    async def client(http: httpx.AsyncClient) -> None:
        while len(acked) < args.writes:
            name = f"fault-{next(next_name)}"
            while True:
                started = time.monotonic()
                try:
                    r = await http.post("/v1/people", json={"name": name})
                    status, kind = r.status_code, r.headers.get("content-type", "")
                except httpx.HTTPError as exc:
                    status, kind = 0, type(exc).__name__
                took = time.monotonic() - started
                answers[str(status)] += 1
                if state["down"] or status != 201:
                    down_answers.append((status, took, kind))
                if status == 201:
                    acked[name] = r.json()["id"]
                    if len(acked) >= args.kill_after:
                        kill_now.set()
                    break
                await asyncio.sleep(0.2)

    async def fault() -> None:
        await kill_now.wait()
        state["down"] = True
        neo4j.kill()
        state["killed_at"] = time.monotonic()
        await asyncio.sleep(args.down_s)
        await asyncio.to_thread(neo4j.run, "start")
        state["restarted_at"] = time.monotonic()
        async with httpx.AsyncClient(base_url=api.url, timeout=30) as http:
            for _ in range(6000):
                if (await http.get("/ready")).status_code == 200:
                    break
                await asyncio.sleep(0.1)
        state["ready_at"] = time.monotonic()
        state["down"] = False

    try:
        async with httpx.AsyncClient(base_url=api.url, timeout=60) as http:
            started = time.monotonic()
            await asyncio.gather(fault(), *(client(http) for _ in range(args.clients)))
            elapsed = time.monotonic() - started
            # every acknowledged write is there, and how many were made twice
            lost = [
                name
                for name, pid in acked.items()
                if (await http.get(f"/v1/people/{pid}")).status_code != 200
            ]
            stored: Counter[str] = Counter()
            cursor = None
            while True:
                params: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
                page = (await http.get("/v1/people", params=params)).json()
                stored.update(p["name"] for p in page["items"])
                cursor = page["next_cursor"]
                if not cursor:
                    break
    finally:
        api.stop()
        neo4j.run("wipe")
    slowest = max((t for _, t, _ in down_answers), default=0.0)
    report = {
        "writes_acknowledged": len(acked),
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "lost": len(lost),
        "answers": dict(answers),
        "answers_while_down": dict(Counter(str(s) for s, _, _ in down_answers)),
        "non_problem_answers_while_down": sum(
            1 for s, _, k in down_answers if s != 201 and "problem+json" not in k
        ),
        "slowest_answer_while_down_s": round(slowest, 2),
        "query_timeout_s": QUERY_TIMEOUT_S,
        "neo4j_down_s": round(state["restarted_at"] - state["killed_at"], 1),
        "ready_again_after_restart_s": round(state["ready_at"] - state["restarted_at"], 2),
        "people_stored": sum(stored.values()),
        "made_twice_by_a_retry": sum(n - 1 for n in stored.values() if n > 1),
        "api_log": str(logs / "api.log"),
    }
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--kill-after", type=int, default=300)
    parser.add_argument("--down-s", type=float, default=3.0, help="seconds before the restart")
    report = asyncio.run(main(parser.parse_args()))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
