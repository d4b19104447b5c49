"""app/common/cpu.py: pure-CPU jobs off the event loop, at most `threads` at once per loop."""

import asyncio
import threading
import time

import pytest

from app.common.cpu import off_loop


class Probe:
    """Counts the jobs running at once; each job waits at a barrier of `places` parties, so
    the gate must let exactly that many in together (fewer: the barrier times out)."""

    def __init__(self, places: int) -> None:
        self.lock = threading.Lock()
        self.running = self.most = 0
        self.barrier = threading.Barrier(places, timeout=5)

    def job(self, n: int) -> int:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            self.barrier.wait()
            time.sleep(0.02)  # the others, if let in, would be counted meanwhile
            return n * n
        finally:
            with self.lock:
                self.running -= 1


# Each test runs its own event loop (asyncio.run), so its own executor behind asyncio.to_thread,
# with more threads than any gate here (min(32, cpus + 4)) and none busy with other tests' work.


@pytest.mark.parametrize("places", [1, 2, 3])
def test_at_most_places_jobs_run_at_once_and_every_one_answers(places: int) -> None:
    probe = Probe(places)
    jobs = 4 * places

    async def run() -> list[int]:
        return list(await asyncio.gather(*(off_loop(places, probe.job, n) for n in range(jobs))))

    assert asyncio.run(run()) == [n * n for n in range(jobs)]
    assert probe.most == places


def test_a_failing_job_gives_its_place_back() -> None:
    def boom() -> int:
        raise ValueError("no")

    async def run() -> tuple[list[BaseException | int], int]:
        outcomes = await asyncio.gather(
            off_loop(1, boom), off_loop(1, lambda: 7), off_loop(1, boom), return_exceptions=True
        )
        return list(outcomes), await asyncio.wait_for(off_loop(1, lambda: 8), timeout=5)

    outcomes, after = asyncio.run(run())
    assert [type(o).__name__ for o in outcomes] == ["ValueError", "int", "ValueError"]
    assert after == 8


def test_each_event_loop_has_its_own_gate() -> None:
    """A gate bound to one loop cannot serve another (asyncio refuses it): a second loop in the
    same process, as a test client's, gets its own."""

    async def some() -> list[int]:
        return list(await asyncio.gather(*(off_loop(1, int, str(n)) for n in range(5))))

    assert asyncio.run(some()) == [0, 1, 2, 3, 4]
    assert asyncio.run(some()) == [0, 1, 2, 3, 4]
