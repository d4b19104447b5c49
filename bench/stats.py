"""Latency and throughput measurement: one driver loop for HTTP, the raw driver and the peers."""

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

Call = Callable[[Any], Awaitable[bool]]  # one request for one input; True when answered well


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


@dataclass
class Latency:
    n: int
    failed: int
    median_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float

    def as_json(self) -> dict[str, Any]:
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in vars(self).items()}


async def latency(
    call: Call, inputs: Sequence[Any], *, n: int, warmup: int, budget_s: float, min_n: int = 20
) -> Latency:
    """One client, one request at a time: n requests (fewer when the time budget runs out)."""
    for i in range(warmup):
        await call(inputs[i % len(inputs)])
    samples: list[float] = []
    failed = 0
    deadline = time.perf_counter() + budget_s
    for i in range(n):
        started = time.perf_counter()
        ok = await call(inputs[i % len(inputs)])
        samples.append((time.perf_counter() - started) * 1000.0)
        failed += not ok
        if len(samples) >= min_n and time.perf_counter() > deadline:
            break
    return Latency(
        len(samples),
        failed,
        statistics.median(samples),
        percentile(samples, 0.95),
        percentile(samples, 0.99),
        statistics.fmean(samples),
    )


async def throughput(
    call: Call, inputs: Sequence[Any], *, clients: int, n: int, budget_s: float
) -> dict[str, Any]:
    """`clients` concurrent loops sharing n requests; requests per second over the wall time."""
    counter = iter(range(n))
    done = 0
    failed = 0
    samples: list[float] = []
    deadline = time.perf_counter() + budget_s

    async def client() -> None:
        nonlocal done, failed
        for i in counter:
            if time.perf_counter() > deadline:
                return
            started = time.perf_counter()
            ok = await call(inputs[i % len(inputs)])
            samples.append((time.perf_counter() - started) * 1000.0)
            done += 1
            failed += not ok

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": done,
        "failed": failed,
        "seconds": round(wall, 3),
        "rps": round(done / wall, 1) if wall else None,
        "median_ms": round(statistics.median(samples), 3) if samples else None,
        "p95_ms": round(percentile(samples, 0.95), 3) if samples else None,
    }


Block = Callable[[Sequence[Any]], Awaitable[tuple[float, int]]]  # inputs -> (median ms, failed)


def timed_block(call: Call, settle: int = 3) -> Block:
    """A block of one call per input, one at a time; the first `settle` calls are not timed,
    since a call right after the other side's is slowed by what that side left running, and
    one after an idle pause even more (bench/notes.md, sixteenth session)."""

    async def block(inputs: Sequence[Any]) -> tuple[float, int]:
        took: list[float] = []
        failed = 0
        for k, arg in enumerate(inputs):
            started = time.perf_counter()
            failed += not await call(arg)
            if k >= settle:
                took.append((time.perf_counter() - started) * 1000.0)
        return statistics.median(took), failed

    return block


async def paired(
    first: Block,
    second: Block,
    inputs: Sequence[tuple[Any, Any]],
    *,
    budget_s: float,
    block: int = 20,
    min_rounds: int = 4,
) -> dict[str, Any]:
    """Two ways to answer the same inputs, measured in alternating blocks: this machine drifts
    by ±25 % over minutes, so two medians measured minutes apart say little about their ratio.
    A round is a block of each side on the same `block` inputs, which side goes first
    alternating; the ratio of each round's two block medians does not drift with the machine,
    and its median over the rounds is the figure. `inputs` pairs each side's argument for one
    input."""
    ratios: list[float] = []
    medians: tuple[list[float], list[float]] = ([], [])
    failed = 0
    at = 0
    deadline = time.perf_counter() + budget_s
    while len(ratios) < min_rounds or time.perf_counter() < deadline:
        chunk = [inputs[(at + k) % len(inputs)] for k in range(block)]
        at += block
        got = [0.0, 0.0]
        for side in (0, 1) if len(ratios) % 2 == 0 else (1, 0):
            measure = first if side == 0 else second
            got[side], bad = await measure([args[side] for args in chunk])
            failed += bad
            medians[side].append(got[side])
        ratios.append(got[0] / got[1])
    return {
        "rounds": len(ratios),
        "block": block,
        "failed": failed,
        "first_median_ms": round(statistics.median(medians[0]), 3),
        "second_median_ms": round(statistics.median(medians[1]), 3),
        "ratio_median": round(statistics.median(ratios), 3),
        "ratio_p25": round(percentile(ratios, 0.25), 3),
        "ratio_p75": round(percentile(ratios, 0.75), 3),
    }
