"""Reads of one node by its id that arrive together go to Neo4j as one statement.

At 32 clients most of a `GET /v1/people/{id}`'s cost was not the read but the statement around
it: the driver's work per statement (a session, RUN and PULL, the result) and Neo4j's per query
(bench/notes.md, the thirty-first session: the bare driver read 3,000-3,600 people/s one
statement each, 28,000/s as lists of the ids waiting at the time).

How a read goes, per statement (Coalescer.get):
- while fewer than `limit` statements of it are in flight, it is sent alone, from the caller's
  own task: one client at a time sees no difference;
- else its key waits; each time a statement of it ends, the keys waiting then (at most `most`,
  each once) go out as one statement, in a task of its own, and every waiter gets the answer
  for its own key (None for a key the statement did not find).

A waiter's statement is sent after it began to wait, so it sees every write committed before
its request came in, as a read of its own would. A waiter that is cancelled (its client went
away) leaves the statement to the others. A statement that fails fails each read in it with
its exception, which the app answers as it would have answered that read's own.
"""

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

Fetch = Callable[[list[K]], Awaitable[Mapping[K, V]]]


class Coalescer(Generic[K, V]):
    def __init__(self, fetch: Fetch[K, V], limit: int, most: int) -> None:
        if limit < 1 or most < 1:
            raise ValueError("limit and most must be at least 1")
        self._fetch = fetch
        self.limit = limit  # statements in flight at once
        self.most = most  # keys per statement
        self.busy = 0
        self._waiting: dict[K, list[asyncio.Future[V | None]]] = {}  # in order of arrival
        self._sent: set[asyncio.Task[None]] = set()  # the loop keeps only weak references

    async def get(self, key: K) -> V | None:
        if self.busy < self.limit and not self._waiting:
            self.busy += 1
            try:
                found = await self._fetch([key])
            finally:
                self._ended()
            return found.get(key)
        future: asyncio.Future[V | None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(key, []).append(future)
        return await future

    def _ended(self) -> None:
        """A statement ended: what waits goes out, as far as the limit allows."""
        self.busy -= 1
        while self._waiting and self.busy < self.limit:
            keys = list(self._waiting)[: self.most]
            batch = {key: self._waiting.pop(key) for key in keys}
            self.busy += 1
            task = asyncio.get_running_loop().create_task(self._send(batch))
            self._sent.add(task)
            task.add_done_callback(self._sent.discard)

    async def _send(self, batch: dict[K, list[asyncio.Future[V | None]]]) -> None:
        try:
            found = await self._fetch(list(batch))
        except BaseException as exc:
            for futures in batch.values():
                for future in futures:
                    if future.done():  # its waiter was cancelled
                        continue
                    if isinstance(exc, Exception):
                        future.set_exception(exc)
                    else:  # the loop is closing (CancelledError), or worse: re-raised below
                        future.cancel()
            if not isinstance(exc, Exception):
                raise
        else:
            for key, futures in batch.items():
                value = found.get(key)
                for future in futures:
                    if not future.done():
                        future.set_result(value)
        finally:
            self._ended()
