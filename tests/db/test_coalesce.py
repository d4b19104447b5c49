"""Reads sent together (app/db/coalesce.py): each reader gets its own key's answer, whatever
arrives, leaves or fails around it. Pure: the statement is a function over a dict that takes
a few turns of the loop, so the readers overlap as requests do."""

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.db.coalesce import Coalescer

TRUTH = {f"k{i}": f"v{i}" for i in range(8)}  # k8 and k9 are unknown: None
KEYS = st.sampled_from([f"k{i}" for i in range(10)])


class Boom(Exception):
    pass


@dataclass
class Store:
    """The statement: answers after `turns[n]` turns of the loop (n: the statement's number),
    fails where `fails[n]`, and records what it was asked and how many ran at once."""

    turns: list[int]
    fails: list[bool]
    sent: list[list[str]] = field(default_factory=list)
    running: int = 0
    most_running: int = 0

    async def fetch(self, keys: list[str]) -> Mapping[str, str]:
        n = len(self.sent)
        self.sent.append(keys)
        self.running += 1
        self.most_running = max(self.most_running, self.running)
        try:
            for _ in range(self.turns[n % len(self.turns)]):
                await asyncio.sleep(0)
            if self.fails[n % len(self.fails)]:
                raise Boom(n)
            return {k: TRUTH[k] for k in keys if k in TRUTH}
        finally:
            self.running -= 1


@dataclass
class Reader:
    key: str
    start: int  # turns of the loop before it reads
    cancel_after: int | None  # turns after its start, if its client goes away


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[Reader], Store, int, int]:
    readers = draw(
        st.lists(
            st.builds(
                Reader,
                KEYS,
                st.integers(0, 12),
                st.one_of(st.none(), st.integers(0, 6)),
            ),
            min_size=1,
            max_size=30,
        )
    )
    store = Store(
        draw(st.lists(st.integers(0, 5), min_size=1, max_size=8)),
        draw(st.lists(st.booleans(), min_size=1, max_size=8)),
    )
    return readers, store, draw(st.integers(1, 3)), draw(st.integers(1, 5))


async def _play(
    readers: list[Reader], store: Store, limit: int, most: int
) -> tuple[Coalescer[str, str], list[object]]:
    coalescer: Coalescer[str, str] = Coalescer(store.fetch, limit, most)

    async def read(reader: Reader) -> str | None:
        for _ in range(reader.start):
            await asyncio.sleep(0)
        return await coalescer.get(reader.key)

    tasks = [asyncio.create_task(read(r)) for r in readers]

    async def cancel(task: asyncio.Task[str | None], reader: Reader) -> None:
        assert reader.cancel_after is not None
        for _ in range(reader.start + reader.cancel_after):
            await asyncio.sleep(0)
        task.cancel()

    cancels = [cancel(t, r) for t, r in zip(tasks, readers, strict=True) if r.cancel_after]
    await asyncio.gather(*cancels)
    outcomes: list[object] = list(await asyncio.gather(*tasks, return_exceptions=True))
    for _ in range(50):  # statements whose readers all left may still be running
        if coalescer.busy == 0:
            break
        await asyncio.sleep(0)
    return coalescer, outcomes


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_each_reader_gets_its_own_keys_answer(
    scenario: tuple[list[Reader], Store, int, int],
) -> None:
    readers, store, limit, most = scenario
    # a reader left waiting for ever fails the test (wait_for) instead of hanging it
    coalescer, outcomes = asyncio.run(asyncio.wait_for(_play(readers, store, limit, most), 1))
    for reader, outcome in zip(readers, outcomes, strict=True):
        if isinstance(outcome, asyncio.CancelledError):
            assert reader.cancel_after is not None  # only a reader whose client left
        elif isinstance(outcome, Boom):
            (n,) = outcome.args
            assert store.fails[n % len(store.fails)]
            assert reader.key in store.sent[n]  # the statement it was in failed
        else:
            assert outcome == TRUTH.get(reader.key)
    # every statement within the limits, each key once in it; nothing left behind
    assert store.most_running <= limit
    for keys in store.sent:
        assert 1 <= len(keys) <= most
        assert len(set(keys)) == len(keys)
    assert coalescer.busy == 0
    assert not coalescer._waiting


def test_readers_that_wait_go_out_together() -> None:
    """With one statement in flight, the readers arriving meanwhile are sent as one, each key
    once, in the order they came; the next one after that goes alone again."""

    async def play() -> tuple[list[list[str]], list[str | None]]:
        gate = asyncio.Event()
        sent: list[list[str]] = []

        async def fetch(keys: list[str]) -> Mapping[str, str]:
            sent.append(keys)
            await gate.wait()
            return {k: TRUTH[k] for k in keys if k in TRUTH}

        coalescer: Coalescer[str, str] = Coalescer(fetch, 1, 100)
        first = asyncio.create_task(coalescer.get("k1"))
        await asyncio.sleep(0)
        rest = [asyncio.create_task(coalescer.get(k)) for k in ("k2", "k9", "k2", "k3")]
        await asyncio.sleep(0)
        gate.set()
        answers = [await first] + [await t for t in rest]
        answers.append(await coalescer.get("k4"))
        return sent, answers

    sent, answers = asyncio.run(play())
    assert sent == [["k1"], ["k2", "k9", "k3"], ["k4"]]
    assert answers == ["v1", "v2", None, "v2", "v3", "v4"]


def test_a_failed_statement_fails_each_reader_in_it_and_no_other() -> None:
    async def play() -> list[object]:
        gate = asyncio.Event()

        async def fetch(keys: list[str]) -> Mapping[str, str]:
            await gate.wait()
            if "k6" in keys:
                raise Boom(keys)
            return {k: TRUTH[k] for k in keys}

        coalescer: Coalescer[str, str] = Coalescer(fetch, 1, 2)
        tasks = [asyncio.create_task(coalescer.get(k)) for k in ("k1", "k5", "k6", "k7")]
        await asyncio.sleep(0)
        gate.set()
        return list(await asyncio.gather(*tasks, return_exceptions=True))

    first, fifth, sixth, seventh = asyncio.run(play())
    assert (first, seventh) == ("v1", "v7")  # alone; and in the statement after the failed one
    assert isinstance(fifth, Boom) and isinstance(sixth, Boom)


def test_limits_below_one_are_refused() -> None:
    async def fetch(keys: list[str]) -> Mapping[str, str]:
        return {}

    for limit, most in ((0, 1), (1, 0)):
        with pytest.raises(ValueError, match="at least 1"):
            Coalescer(fetch, limit, most)
