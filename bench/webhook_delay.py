"""Delay from commit to webhook delivery at a steady write rate (issue 15).

    NEO4J_URI=bolt://127.0.0.1:7733 .venv/bin/python -m bench.webhook_delay \
        [--rate 100] [--seconds 30] [--apis 1]

Serves relmap under uvicorn (`--apis` processes, as `make run` does, default settings except
RELMAP_WEBHOOKS_ALLOW_PRIVATE=true), subscribes a receiver on loopback (http.server in a
thread) to person.*, then writes at `--rate` changes/s for `--seconds` (PATCHes of 200 people,
spread over the processes, each its own request, not waiting for the previous one). For every
change: commit -> delivery = the receiver's arrival time - the change's occurred_at (taken by
Neo4j's clock in the committing statement, on this machine); and response -> delivery, from
when the write's answer reached the client. Prints and writes bench/results/webhook_delay.json
with the median, p95, p99 and max, and the load average. A measurement, not a test.
"""

import argparse
import asyncio
import json
import os
import statistics
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from bench.run import AppServer
from bench.stats import percentile

RESULTS = Path(__file__).resolve().parent / "results" / "webhook_delay.json"


class Receiver:
    def __init__(self) -> None:
        self.arrivals: dict[str, tuple[float, str]] = {}  # webhook-id -> (time, occurred_at)
        self.duplicates = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                at = time.time()
                hook_id = self.headers.get("webhook-id", "")
                with receiver.lock:
                    if hook_id in receiver.arrivals:
                        receiver.duplicates += 1
                    else:
                        receiver.arrivals[hook_id] = (at, json.loads(body)["occurred_at"])
                self.send_response(204)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median_s": round(statistics.median(values), 4) if values else float("nan"),
        "p95_s": round(percentile(values, 0.95), 4),
        "p99_s": round(percentile(values, 0.99), 4),
        "max_s": round(max(values), 4) if values else float("nan"),
    }


async def write(
    bases: list[str], rate: float, seconds: float, spans: list[float]
) -> tuple[dict[str, float], int]:
    """PATCHes at `rate`/s; (change-free answer time per person name, failures). spans[0]:
    the seconds from the first write sent to the last answer."""
    answered: dict[str, float] = {}
    failures = 0
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        people = []
        for i in range(200):
            made = await http.post(f"{bases[i % len(bases)]}/v1/people", json={"name": f"w{i}"})
            people.append(made.json()["id"])
        await asyncio.sleep(2)  # their creations delivered before the clock starts

        async def one(n: int) -> None:
            nonlocal failures
            name = f"n{n}"
            try:
                answer = await http.patch(
                    f"{bases[n % len(bases)]}/v1/people/{people[n % len(people)]}",
                    json={"name": name},
                )
            except httpx.HTTPError:  # overloaded: no answer within the client's 30 s
                failures += 1
                return
            if answer.status_code == 200:
                answered[name] = time.time()
            else:
                failures += 1

        tasks = []
        start = time.monotonic()
        total = int(rate * seconds)
        for n in range(total):
            delay = start + n / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(n)))
        await asyncio.gather(*tasks)
        spans[0] = time.monotonic() - start  # first write sent -> last answer
    return answered, failures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--apis", type=int, default=1)
    args = parser.parse_args()
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    os.environ["RELMAP_WEBHOOKS_ALLOW_PRIVATE"] = "true"
    receiver = Receiver()
    apis = [AppServer(uri) for _ in range(args.apis)]
    for api in apis:
        api.start()
    try:
        hook = httpx.post(
            f"{apis[0].base}/v1/webhooks",
            json={"url": receiver.url, "events": ["person.updated"]},
            timeout=30,
        ).json()
        load_before = os.getloadavg()
        spans = [0.0]
        answered, failures = asyncio.run(
            write([a.base for a in apis], args.rate, args.seconds, spans)
        )
        elapsed = spans[0]
        expected = len(answered)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(receiver.arrivals) < expected:
            time.sleep(0.2)
        load_after = os.getloadavg()
        with receiver.lock:
            arrivals = dict(receiver.arrivals)
        commit = [at - datetime.fromisoformat(occ).timestamp() for at, occ in arrivals.values()]
        httpx.delete(f"{apis[0].base}/v1/webhooks/{hook['id']}", timeout=30)
    finally:
        for api in apis:
            api.stop()
    result = {
        "rate_per_s": args.rate,
        "seconds": args.seconds,
        "api_processes": args.apis,
        "writes_answered": expected,
        "write_failures": failures,
        "achieved_rate_per_s": round(expected / elapsed, 1),
        "delivered": len(arrivals),
        "duplicates": receiver.duplicates,
        "commit_to_delivery": summary(commit),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(exist_ok=True)
    runs = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    RESULTS.write_text(json.dumps([*runs, result], indent=2) + "\n")


if __name__ == "__main__":
    main()
