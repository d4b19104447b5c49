"""Seed the demo network into an empty relmap, through relmap's own API (`make demo` runs it).

    python -m demo.seed --url http://127.0.0.1:8000

Waits until the API answers /ready, then:
- an empty database (no people, companies or events) gets the network of demo/network.py
  through POST /v1/import (people, companies, relationships, two years of interactions) and
  its event through POST /v1/events;
- a database that already holds the demo is left as it is (the run says so), unless an
  earlier run was cut short before the event was made: then the same import is sent again
  (an upsert: what landed is unchanged) and the event is made;
- any other non-empty database is not touched.
It ends with the links the README's tour starts from. The API key, when the API wants one, is
the first write or admin key of RELMAP_API_KEYS (read as the API reads it, .env included).
"""

import argparse
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from demo.network import EVENT_NAME, OURS, PREFIX, Network, build


class SeedError(Exception):
    """Why the demo could not be seeded; the message is for the person who ran it."""


@dataclass
class Outcome:
    state: str  # seeded | resumed | present | foreign
    created: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    links: list[tuple[str, str]] = field(default_factory=list)


def write_key(explicit: str | None) -> str | None:
    """The key to send: --api-key, else the first write/admin key the API itself reads."""
    if explicit:
        return explicit
    from app.config import Settings  # what the API reads: the environment, then .env

    keys = Settings().relmap_api_keys
    if not keys:
        return None
    for key, scope in keys.items():
        if scope in ("write", "admin"):
            return key
    raise SeedError("RELMAP_API_KEYS has no write or admin key, and seeding writes")


def loopback(url: str) -> str:
    """The address to call when the server listens on every interface (HOST=0.0.0.0)."""
    parts = urlsplit(url)
    if parts.hostname in ("0.0.0.0", "::", "[::]"):  # noqa: S104 - a listen address, mapped
        port = f":{parts.port}" if parts.port else ""
        return urlunsplit(parts._replace(netloc=f"127.0.0.1{port}"))
    return url.rstrip("/")


def wait_ready(http: httpx.Client, timeout: float, server_pid: int | None) -> None:
    deadline = time.monotonic() + timeout
    said = False
    while True:
        try:
            if http.get("/ready", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if server_pid is not None and not _alive(server_pid):
            raise SeedError("the API exited before it answered /ready")
        if time.monotonic() > deadline:
            raise SeedError(f"{http.base_url}ready did not answer 200 within {timeout:.0f} s")
        if not said:
            print("relmap demo: waiting for the API to answer /ready ...", flush=True)
            said = True
        time.sleep(0.5)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _ok(response: httpx.Response, what: str) -> Any:
    if response.status_code >= 400:
        detail = response.text[:500]
        raise SeedError(f"{what} answered {response.status_code}: {detail}")
    return response.json()


def _first(http: httpx.Client, path: str, **params: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = _ok(http.get(path, params={"limit": 1, **params}), path)["items"]
    return items


def _all(http: httpx.Client, path: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 200}
    while True:
        page = _ok(http.get(path, params=params), path)
        items.extend(page["items"])
        if not page["next_cursor"]:
            return items
        params["cursor"] = page["next_cursor"]


def _demo_event(http: httpx.Client) -> dict[str, Any] | None:
    return next((e for e in _all(http, "/v1/events") if e["name"] == EVENT_NAME), None)


def _import(http: httpx.Client, network: Network) -> dict[str, Any]:
    response = http.post("/v1/import", json=network.import_body(), timeout=600)
    answer: dict[str, Any] = _ok(response, "POST /v1/import")
    if response.status_code == 202:  # a large import runs as a job: follow it
        while answer.get("status") in ("queued", "running"):
            time.sleep(0.5)
            answer = _ok(http.get(f"/v1/import/jobs/{answer['job_id']}"), "the import job")
        if answer.get("status") != "done" or answer.get("summary") is None:
            raise SeedError(f"the import job ended {answer.get('status')}: {answer.get('detail')}")
        answer = answer["summary"]
    if answer.get("error_count") or answer.get("errors"):
        raise SeedError(f"the import rejected rows: {answer['errors'][:5]}")
    return answer


def _ids(http: httpx.Client, path: str) -> dict[str, str]:
    return {n["external_id"]: n["id"] for n in _all(http, path) if n.get("external_id")}


def seed(http: httpx.Client, network: Network) -> Outcome:
    """Seed the network when the database is empty; see the module's docstring."""
    empty = not any(_first(http, path) for path in ("/v1/people", "/v1/companies", "/v1/events"))
    ours = f"{PREFIX}co-{OURS}"
    has_demo = any(
        c.get("external_id") == ours
        for c in _ok(http.get("/v1/companies", params={"q": f"{OURS}.example"}), "companies")[
            "items"
        ]
    )
    if not empty and not has_demo:
        return Outcome("foreign")
    event = None if empty else _demo_event(http)
    if event is not None:
        return Outcome("present", links=links(http, network, event["id"]))

    started = time.monotonic()
    summary = _import(http, network)
    people = _ids(http, "/v1/people")
    missing = [e for e in network.event.attendees if e not in people]
    if missing:
        raise SeedError(f"attendees missing after the import: {missing[:5]}")
    event = _ok(
        http.post(
            "/v1/events",
            json={
                "name": network.event.name,
                "starts_on": network.event.starts_on.isoformat(),
                "location": network.event.location,
                "attendee_ids": [people[e] for e in network.event.attendees],
            },
        ),
        "POST /v1/events",
    )
    created = {**summary["created"], "events": 1}
    return Outcome(
        "seeded" if empty else "resumed",
        created=created,
        seconds=time.monotonic() - started,
        links=links(http, network, event["id"], people),
    )


def links(
    http: httpx.Client,
    network: Network,
    event_id: str,
    people: dict[str, str] | None = None,
) -> list[tuple[str, str]]:
    """The web app's deep links the tour starts from, for this database's ids."""
    people = people if people is not None else _ids(http, "/v1/people")
    companies = _ids(http, "/v1/companies")
    s = network.story
    base = str(http.base_url).rstrip("/")
    return [
        ("API explorer", f"{base}/docs"),
        ("your CEO, Elena Marchetti", f"{base}/app#/person/{people[s.team_lead]}"),
        (
            "warm intros to Harborline's CEO",
            f"{base}/app#/intros/{people[s.prospect_decision_maker]}",
        ),
        ("Harborline Freight (prospect)", f"{base}/app#/account/{companies[s.prospect]}"),
        ("Quillstone Health (going quiet)", f"{base}/app#/account/{companies[s.at_risk_client]}"),
        (network.event.name, f"{base}/app#/event/{event_id}"),
        ("segments", f"{base}/app#/segments"),
    ]


def report(outcome: Outcome) -> str:
    if outcome.state == "foreign":
        return (
            "relmap demo: the database is not empty and does not hold the demo network: "
            "left as it is, nothing seeded (for the demo, point NEO4J_URI at an empty "
            "database, or run `make db-wipe` first: it deletes the local data)"
        )
    c = outcome.created
    counts = (
        f"{c.get('people', 0)} people, {c.get('companies', 0)} companies, "
        f"{c.get('relationships', 0)} relationships, {c.get('interactions', 0)} interactions, "
        f"{c.get('events', 0)} event"
    )
    lines = {
        "present": "relmap demo: the database already holds the demo network: nothing seeded",
        "seeded": f"relmap demo: seeded {counts} in {outcome.seconds:.1f} s",
        "resumed": f"relmap demo: finished the seeding an earlier run began: {counts} added "
        f"in {outcome.seconds:.1f} s (the rest was there)",
    }[outcome.state].splitlines()
    lines.append("relmap demo: the tour (README.md, 'A first tour') starts here:")
    width = max(len(label) for label, _ in outcome.links)
    lines.extend(f"  {label:<{width}}  {url}" for label, url in outcome.links)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo.seed", description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the relmap API")
    parser.add_argument("--api-key", help="default: the first write/admin key of RELMAP_API_KEYS")
    parser.add_argument("--wait", type=float, default=180.0, help="seconds to wait for /ready")
    parser.add_argument("--server-pid", type=int, help="stop waiting if this process exits")
    args = parser.parse_args(argv)
    try:
        key = write_key(args.api_key)
        headers = {"X-API-Key": key} if key else {}
        with httpx.Client(base_url=loopback(args.url), headers=headers, timeout=60) as http:
            wait_ready(http, args.wait, args.server_pid)
            outcome = seed(http, build(datetime.now(UTC).date()))
    except (SeedError, httpx.HTTPError) as e:
        print(f"relmap demo: not seeded: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("relmap demo: interrupted; the next run finishes the seeding", file=sys.stderr)
        return 130
    print(report(outcome), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
