"""Background work that a shutdown may cancel at any moment."""

import asyncio
from collections.abc import Awaitable, Coroutine
from typing import Any, TypeVar, overload

T = TypeVar("T")


def _retrieve(task: "asyncio.Task[Any]") -> None:
    if not task.cancelled():
        task.exception()  # read, so asyncio does not report it as never retrieved


async def uncut(work: Coroutine[Any, Any, T]) -> T:
    """`work` in a task of its own that the caller's cancellation does not reach. Cancelling
    the Neo4j driver while it opens a connection leaves the connect's own task with an
    exception no one reads ("Task exception was never retrieved" at shutdown, with Neo4j
    down); shielded, the work ends by itself (a refused connection ends at once) and its
    outcome is read here or by the callback."""
    task = asyncio.ensure_future(work)
    task.add_done_callback(_retrieve)
    return await asyncio.shield(task)


A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")


@overload
async def together(a: Awaitable[A], b: Awaitable[B], /) -> tuple[A, B]: ...
@overload
async def together(a: Awaitable[A], b: Awaitable[B], c: Awaitable[C], /) -> tuple[A, B, C]: ...
async def together(*works: Awaitable[Any]) -> tuple[Any, ...]:
    """Independent reads at once (each on its own connection, so their round trips overlap),
    their results in order. Every one runs to its end; then the first failure in argument
    order is raised, so the error a caller reports does not depend on which read happened to
    finish first."""
    results = await asyncio.gather(*works, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return tuple(results)
