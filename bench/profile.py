"""Where the time goes: py-spy on the app process, PROFILE on the statements it sends."""

import asyncio
import collections
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver

PY_SPY = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))


async def py_spy(
    pid: int, call: Callable[[Any], Awaitable[bool]], inputs: Sequence[Any], seconds: float
) -> dict[str, Any]:
    """Sample the app while one client sends requests; the heaviest frames by own time."""
    if not shutil.which(PY_SPY):
        return {"error": "py-spy not installed"}
    with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as fh:
        out = fh.name
    args = ["record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", "250"]
    # --subprocesses: with several uvicorn workers the pid is their supervisor's
    args += ["--format", "raw", "--output", out, "--nonblocking", "--subprocesses"]
    proc = await asyncio.create_subprocess_exec(
        PY_SPY, *args, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    await asyncio.sleep(0.5)
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline and proc.returncode is None:
        await call(inputs[i % len(inputs)])
        i += 1
    await proc.wait()
    return {**summarize(out), "requests": i}


def summarize(out: str) -> dict[str, Any]:
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    path = Path(out)
    text = path.read_text() if path.exists() else ""
    path.unlink(missing_ok=True)
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        # idle event-loop samples (waiting for I/O) are not work
        if "select" in frames[-1] or "_run_once" in frames[-1]:
            continue
        total += n
        own[_short(frames[-1])] += n
        for frame in {_short(f) for f in frames}:
            if frame.split(" (", 1)[-1].startswith(("app/", "anyio/", "neo4j/time", "pydantic")):
                inclusive[frame] += n  # relmap's own code and the known hot spots
    if not total:
        return {"samples": 0}
    return {
        "samples": total,
        "own_top": [(f, round(100 * n / total, 1)) for f, n in own.most_common(12)],
        "inclusive_top": [(f, round(100 * n / total, 1)) for f, n in inclusive.most_common(15)],
    }


def _short(frame: str) -> str:
    """'func (path/to/site-packages/neo4j/x.py:12)' -> 'func (neo4j/x.py)'."""
    name, _, where = frame.partition(" (")
    where = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", "/work/main/", "python3.11/"):
        if marker in where:
            where = where.split(marker, 1)[1]
    return f"{name} ({where})"


def _hits(plan: dict[str, Any]) -> int:
    return int(plan.get("dbHits", 0)) + sum(_hits(c) for c in plan.get("children", []))


def _operators(plan: dict[str, Any], out: list[tuple[str, int, int]]) -> None:
    out.append(
        (str(plan.get("operatorType")), int(plan.get("dbHits", 0)), int(plan.get("rows", 0)))
    )
    for child in plan.get("children", []):
        _operators(child, out)


async def cypher_profile(
    driver: AsyncDriver, calls: Sequence[tuple[str, dict[str, Any], Any]]
) -> list[dict[str, Any]]:
    """PROFILE each statement of one request: db hits, rows, and the costliest operators."""
    out = []
    async with driver.session(database="neo4j") as session:
        for text, params, _ in calls:
            first = text.splitlines()[0]
            name = first.split("name:", 1)[1].strip() if "name:" in first else first[:40]
            started = time.perf_counter()
            result = await session.run("PROFILE\n" + text, params)
            summary = await result.consume()
            ms = (time.perf_counter() - started) * 1000
            plan = summary.profile or {}
            ops: list[tuple[str, int, int]] = []
            _operators(plan, ops)
            ops.sort(key=lambda o: -o[1])
            out.append(
                {
                    "statement": name,
                    "ms": round(ms, 2),
                    "db_hits": _hits(plan),
                    "rows": int(plan.get("rows", 0)),
                    "top_operators": ops[:3],
                }
            )
    return out
