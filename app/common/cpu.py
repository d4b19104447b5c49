"""Pure-CPU work (the rankings) off the event loop, a few at a time per process.

Python runs one thread's bytecode at a time, so rankings in several threads at once finish no
sooner in all; they only share the GIL with the event loop, which then waits its turn behind
every one of them to read Neo4j's answers and to answer cheap requests. With 8 clients asking
for account maps and company intros at L, a person's card took 34-40 ms (median) with six
rankings at once and 14 ms with one, the rankings' own rate the same (bench/mixed_load.py,
bench/notes.md). Each process admits `threads` such jobs at once (RELMAP_RANKING_THREADS); the
rest queue here in arrival order, holding nothing but their place."""

import asyncio
import weakref
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

# one gate per event loop (a test client may run several loops in one process)
_gates: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = (
    weakref.WeakKeyDictionary()
)


async def off_loop(threads: int, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """fn(*args, **kwargs) in a worker thread once one of this loop's `threads` places is
    free (the first call on a loop sets its number of places)."""
    loop = asyncio.get_running_loop()
    gate = _gates.get(loop)
    if gate is None:
        gate = _gates[loop] = asyncio.Semaphore(threads)
    async with gate:
        return await asyncio.to_thread(fn, *args, **kwargs)
