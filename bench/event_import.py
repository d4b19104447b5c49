"""Importing events: N new events through POST /v1/import, the same file again (a re-sync), and
N attendances (ATTENDED from 200 people), the app in-process on the caller's database (wiped
first).

    NEO4J_URI=bolt://127.0.0.1:7714 python -m bench.event_import [--events 5000]
        [--no-key-constraint]

--no-key-constraint drops the uniqueness constraint on Event.external_id after the app has
applied its schema, to measure the import as it was before the constraint existed (every key
then found by a scan of every Event; the app's next start creates it again).
"""

import argparse
import asyncio
import os
import time

import httpx
from neo4j import AsyncGraphDatabase

from app.main import create_app
from bench import inprocess, load

PEOPLE = 200


async def main_async(args: argparse.Namespace) -> None:
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7714")
    app = create_app(inprocess.bench_settings(uri))
    async with app.router.lifespan_context(app):
        await app.state.db.wipe()
        if args.no_key_constraint:
            driver = AsyncGraphDatabase.driver(uri, auth=("neo4j", "unused"))
            await load.run(driver, load.bench_queries()["drop_event_key_constraint"])
            await driver.close()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            people = [{"external_id": f"p{i}", "name": f"Person {i}"} for i in range(PEOPLE)]
            response = await http.post("/v1/import", json={"people": people}, timeout=600)
            assert response.status_code == 200, response.text
            events = [{"external_id": f"e{i}", "name": f"Event {i}"} for i in range(args.events)]
            attended = [
                {
                    "type": "ATTENDED",
                    "source_external_id": f"p{i % PEOPLE}",
                    "target_external_id": f"e{i}",
                }
                for i in range(args.events)
            ]
            steps = (
                ("events, first import", {"events": events}),
                ("events again (a re-sync)", {"events": events}),
                ("attendances", {"relationships": attended}),
            )
            for name, body in steps:
                started = time.perf_counter()
                response = await http.post("/v1/import", json=body, timeout=600)
                elapsed = time.perf_counter() - started
                told = response.json().get("title") if response.status_code != 200 else "ok"
                print(f"{name}: {response.status_code} ({told}) in {elapsed:.2f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--no-key-constraint", action="store_true")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
