"""Is the map smooth on a big neighborhood? Time to first draw and frame rate during pan/zoom of
the person view (/app#/person/<id>) on 5,000 nodes and 20,000 edges, in headless Chromium.

    .venv/bin/python -m bench.webapp_draw [--runs 5] [--nodes 5000] [--edges 20000]

The neighborhood API caps an answer at 1,000 nodes (`limit`), so the view is fed the API-shaped
JSON directly: Playwright answers the page's own GET /v1/people/{id}/neighborhood (and the few
other reads of the person view) with a synthetic graph in the API's shape (a root, people at
depth 1 and 2, companies with WORKS_AT edges, KNOWS edges with strengths), while relmap itself
(uvicorn, this checkout, no database needed) serves /app and Cytoscape.js. Everything else is the
view's real code path.

Per run, a fresh page: time to first draw = navigation start -> the view's "relmap-drawn" mark
(body[data-ready="1"]), and data -> drawn (the view's "relmap-data" mark -> drawn: building the
drawing, laying it out, the first frames). Then a scripted interaction of real input events
(mouse drags to pan, wheel turns to zoom) while the page counts requestAnimationFrame callbacks:
frames per second and the 95th percentile of frame intervals. Prints medians and percentiles
over the runs and writes bench/results/webapp_draw.json. A measurement, not a test.
"""

import argparse
import itertools
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, Route, sync_playwright

from bench.stats import percentile

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 900}
ROOT_ID = "p-0"
TEAM_ID = "p-team"


def synthetic(nodes: int, edges: int, seed: int = 7) -> dict[str, Any]:
    """A neighborhood in the API's Graph shape: `nodes` nodes, `edges` distinct edges."""
    rng = random.Random(seed)
    companies = max(1, nodes // 100)
    people = nodes - companies
    depth1 = min(people - 1, 200)
    out_nodes: list[dict[str, Any]] = [
        {"id": ROOT_ID, "label": "Person", "name": "Root Person", "is_team": True, "depth": 0}
    ]
    for i in range(1, people):
        depth = 1 if i <= depth1 else 2
        out_nodes.append(
            {
                "id": f"p-{i}",
                "label": "Person",
                "name": f"Person {i}",
                "is_team": False,
                "depth": depth,
            }
        )
    for c in range(companies):
        out_nodes.append(
            {"id": f"c-{c}", "label": "Company", "name": f"Company {c}", "depth": 2, "domain": None}
        )
    seen: set[tuple[str, str]] = set()
    out_edges: list[dict[str, Any]] = []

    def add(kind: str, a: str, b: str) -> None:
        if a == b or (a, b) in seen or (b, a) in seen:
            return
        seen.add((a, b))
        strength = round(rng.uniform(0.05, 1.0), 3)
        out_edges.append(
            {
                "id": f"e-{len(out_edges)}",
                "type": kind,
                "source": a,
                "target": b,
                "strength": strength,
            }
        )

    for i in range(1, depth1 + 1):  # the root knows depth 1
        add("KNOWS", ROOT_ID, f"p-{i}")
    for i in range(depth1 + 1, people):  # each depth-2 person knows someone at depth 1
        add("KNOWS", f"p-{rng.randint(1, depth1)}", f"p-{i}")
    for i in range(1, people):  # most people work somewhere
        if len(out_edges) < edges and rng.random() < 0.8:
            add("WORKS_AT", f"p-{i}", f"c-{rng.randrange(companies)}")
    while len(out_edges) < edges:
        add("KNOWS", f"p-{rng.randrange(1, people)}", f"p-{rng.randrange(1, people)}")
    return {"nodes": out_nodes, "edges": out_edges[:edges], "truncated": False}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(port: int) -> subprocess.Popen[bytes]:
    """relmap (this checkout) on `port`; no database: only /app and its files are used."""
    env = {**os.environ, "NEO4J_URI": "bolt://127.0.0.1:9", "RELMAP_API_KEYS": ""}
    command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--log-level", "warning"], cwd=ROOT, env=env
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/app", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("relmap did not serve /app in 60 s")


def fake_api(page: Page, graph: dict[str, Any]) -> None:
    """The person view's reads, answered in the API's shapes (the graph: as given)."""
    body = json.dumps(graph)
    person = json.dumps({"id": ROOT_ID, "name": "Root Person", "is_team": True, "tags": []})
    team = json.dumps(
        {"items": [{"id": TEAM_ID, "name": "Team Mate", "is_team": True}], "next_cursor": None}
    )
    empty = json.dumps({"items": [], "next_cursor": None})

    def answer(route: Route) -> None:
        path = route.request.url.split("?", 1)[0]
        if path.endswith(f"/v1/people/{ROOT_ID}/neighborhood"):
            text = body
        elif path.endswith(f"/v1/people/{ROOT_ID}/interactions"):
            text = empty
        elif path.endswith(f"/v1/people/{ROOT_ID}"):
            text = person
        else:
            text = team
        route.fulfill(status=200, content_type="application/json", body=text)

    page.route("**/v1/**", answer)


FRAME_COUNTER = """() => {
  const stamps = [];
  window.__frames = stamps;
  window.__counting = true;
  const tick = (t) => { stamps.push(t); if (window.__counting) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}"""


def interact(page: Page) -> dict[str, float]:
    """Pans (drags) and zooms (wheel) for a few seconds; the frame rate meanwhile."""
    box = page.locator("#graph").bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.evaluate(FRAME_COUNTER)
    started = time.perf_counter()
    for round_ in range(3):
        page.mouse.move(cx, cy)
        page.mouse.down()
        page.mouse.move(cx + 250, cy + 120, steps=30)
        page.mouse.move(cx - 200, cy - 80, steps=30)
        page.mouse.up()
        for _ in range(8):
            page.mouse.wheel(0, -120 if round_ % 2 == 0 else 120)
            page.wait_for_timeout(16)
    elapsed = time.perf_counter() - started
    stamps: list[float] = page.evaluate(
        "() => { window.__counting = false; return window.__frames; }"
    )
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    seconds = (stamps[-1] - stamps[0]) / 1000 if len(stamps) > 1 else elapsed
    return {
        "fps": (len(stamps) - 1) / seconds if seconds > 0 else 0.0,
        "frame_p50_ms": percentile(gaps, 0.5),
        "frame_p95_ms": percentile(gaps, 0.95),
        "frame_max_ms": max(gaps) if gaps else float("nan"),
        "seconds": seconds,
    }


def one_run(url: str, graph: dict[str, Any], browser: Any) -> dict[str, float]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        fake_api(page, graph)
        page.goto(f"{url}/app#/person/{ROOT_ID}?depth=2&limit=1000", wait_until="commit")
        page.wait_for_selector('body[data-ready="1"]', timeout=300_000)
        marks = page.evaluate(
            """() => Object.fromEntries(performance.getEntriesByType('mark')
                .map(m => [m.name, m.startTime]))"""
        )
        drawn = page.evaluate("window.relmapView()")
        assert len(drawn["nodes"]) == len(graph["nodes"]), len(drawn["nodes"])
        assert len(drawn["edges"]) == len(graph["edges"]), len(drawn["edges"])
        result = {
            "first_draw_ms": marks["relmap-drawn"],
            "data_to_drawn_ms": marks["relmap-drawn"] - marks["relmap-data"],
            "build_ms": marks["relmap-built"] - marks["relmap-data"],
            "style_ms": marks["relmap-styled"] - marks["relmap-built"],
            "first_frames_ms": marks["relmap-drawn"] - marks["relmap-laid-out"],
            **interact(page),
        }
        if errors:
            raise SystemExit(f"the page logged errors: {errors[:3]}")
        return result
    finally:
        context.close()


def summary(runs: list[dict[str, float]], key: str) -> dict[str, float]:
    values = [r[key] for r in runs]
    return {
        "median": statistics.median(values),
        "p10": percentile(values, 0.1),
        "p90": percentile(values, 0.9),
        "min": min(values),
        "max": max(values),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=20000)
    args = parser.parse_args()
    graph = synthetic(args.nodes, args.edges)
    port = free_port()
    server = serve(port)
    runs: list[dict[str, float]] = []
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--disable-dev-shm-usage"]
            )
            try:
                for i in range(args.runs):
                    run = one_run(f"http://127.0.0.1:{port}", graph, browser)
                    runs.append(run)
                    print(
                        f"run {i + 1}: first draw {run['first_draw_ms']:.0f} ms "
                        f"(data -> drawn {run['data_to_drawn_ms']:.0f} ms), "
                        f"pan/zoom {run['fps']:.1f} fps, frame p95 {run['frame_p95_ms']:.1f} ms",
                        flush=True,
                    )
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(10)
    keys = ("first_draw_ms", "data_to_drawn_ms", "fps", "frame_p50_ms", "frame_p95_ms")
    summaries = {key: summary(runs, key) for key in keys}
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "load_average": os.getloadavg(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "graph": {"nodes": len(graph["nodes"]), "edges": len(graph["edges"])},
        "runs": runs,
        "summary": summaries,
    }
    for key in keys:
        s = summaries[key]
        print(f"{key}: median {s['median']:.1f}, p10 {s['p10']:.1f}, p90 {s['p90']:.1f}")
    print(f"load average {report['load_average']}, commit {report['commit']}")
    out = ROOT / "bench" / "results" / "webapp_draw.json"
    out.write_text(json.dumps(report, indent=1) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
