"""Bidirectional frontier expansion: the one loop that fetches the graph for every path search
(shortest paths, warm intros, account maps).

Two sides grow level by level from their ends, one hop per step, the smaller frontier first
(or as `choose` says). Once the two radii add up to max_hops, every path of at most max_hops
hops between the ends lies in what was fetched: its hop in the middle touches a node within
reach of one side's radius. The caller says how a step's edges are read (`fetch`) and what
they add (`absorb`); this loop keeps the radii, the order and the caps.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from app.graph.search import SearchTooLarge

R = TypeVar("R")  # what a step reads: a stored edge row, or (edge row, other node)


@dataclass
class Side:
    dist: dict[str, int]  # node -> hops from this side's ends
    front: list[str]  # the nodes first reached at `radius`
    radius: int = 0


Choose = Callable[[list[Side]], int]


def smaller_front(sides: list[Side]) -> int:
    return 0 if len(sides[0].front) <= len(sides[1].front) else 1


async def expand(
    sides: list[Side],
    max_hops: int,
    *,
    fetch: Callable[[int, Side, bool], Awaitable[list[R]]],
    absorb: Callable[[int, list[R]], Awaitable[list[str]]],
    choose: Choose = smaller_front,
    enough: Callable[[], bool] | None = None,
    step_rows: int,
    search_rows: int,
) -> int:
    """Grow the two sides until their radii add up to max_hops, a side runs dry, or `enough`
    says so. fetch(side index, side, last step?) reads a step's rows; absorb(side index, rows)
    adds them to the caller's region, records the newly reached nodes in side.dist and returns
    them (the side's next front). Returns the rows read. SearchTooLarge when one step reads
    more than step_rows or the search more than search_rows (the caller decides the answer)."""
    read = 0
    while sides[0].radius + sides[1].radius < max_hops and sides[0].front and sides[1].front:
        if enough is not None and enough():
            break
        i = choose(sides)
        last = sides[0].radius + sides[1].radius + 1 == max_hops
        rows = await fetch(i, sides[i], last)
        read += len(rows)
        if len(rows) > step_rows or read > search_rows:
            raise SearchTooLarge(f"{len(rows)} rows in a step, {read} in the search")
        sides[i].front = await absorb(i, rows)
        sides[i].radius += 1
    return read
