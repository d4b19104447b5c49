"""DateTimes that hot statements send as text (toString) come out of app.db.convert.moment as
the driver's own DateTime comes out of native(): the same instant, offset and microsecond
(offsets with seconds, which the driver rounds to minutes, are kept whole). The oracle is Neo4j
itself: each value goes through both ways in one statement."""

import random
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver, AsyncGraphDatabase

from app.db.convert import moment, native
from app.db.queries import QueryRegistry
from tests.neo4j_server import Server

pytestmark = pytest.mark.anyio
QUERIES = QueryRegistry.load(Path(__file__).resolve().parents[1] / "cypher")
ZONES = [
    "Z",
    "+01:00",
    "-03:30",
    "+05:45",
    "+14:00",
    "-00:25:21",
    "Europe/Paris",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    None,
]


@pytest.fixture
async def driver(neo4j: Server) -> AsyncIterator[AsyncDriver]:
    async with AsyncGraphDatabase.driver(neo4j.uri, auth=(neo4j.user, neo4j.password)) as d:
        yield d


def moments(seed: int, count: int) -> list[dict[str, Any]]:
    """Random moments, with nanoseconds near the rounding's edges (x500, x499, x501, 999 999 5xx)
    as often as anywhere else."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        micros = rng.randrange(1_000_000)
        nanos = rng.choice(
            [
                micros * 1000,
                micros * 1000 + 500,
                micros * 1000 + rng.choice([499, 501]),
                rng.randrange(1_000_000_000),
                999_999_500,
                999_999_499,
                0,
            ]
        )
        out.append(
            {
                "year": rng.choice([2, 1970, 2000, 2026, 9998]),
                "month": rng.randint(1, 12),
                "day": rng.randint(1, 28),
                "hour": rng.randint(0, 23),
                "minute": rng.randint(0, 59),
                "second": rng.randint(0, 59),
                "nanosecond": nanos,
                "zone": rng.choice(ZONES),
            }
        )
    return out


async def test_a_datetime_sent_as_text_reads_as_the_drivers_own(driver: AsyncDriver) -> None:
    async with driver.session() as session:
        result = await session.run(QUERIES["datetime_texts"].text, moments=moments(16, 3_000))
        rows = [(record["value"], record["text"]) async for record in result]
    assert len(rows) == 3_000
    for value, text in rows:
        expected, got = native(value), moment(text)
        assert got == expected, text  # the same instant
        offset = got.utcoffset()
        if offset is not None and offset.seconds % 60:
            # an offset with seconds (a zone's local mean time before 1900, or given so):
            # the driver rounds it to minutes and moves the wall clock with it; the text keeps it
            continue
        if "[" in text and got.year > 2037:
            # a named zone after 2037: Python's zone data has no daylight saving time there,
            # Neo4j's has (the text keeps Neo4j's offset)
            continue
        assert got.isoformat() == expected.isoformat(), text


def test_nothing_stays_nothing_and_a_stranger_is_refused() -> None:
    assert moment(None) is None
    with pytest.raises(ValueError):
        moment("yesterday")
