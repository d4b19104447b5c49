"""Applying the schema over twins of relmap's own keyed nodes: every constraint that has a
twins statement (cypher/twins/) is created however many copies of a key the graph holds, and
one of each key is left. Which copy is kept is tested where it matters to a user
(tests/test_api.py: the highest graph version, the marker started last)."""

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from app.db.queries import QueryRegistry, constraint_names

pytestmark = pytest.mark.anyio
QUERIES = QueryRegistry.load(Path(__file__).resolve().parents[1] / "cypher")
APP = QueryRegistry.load()
_SHAPE = re.compile(r"FOR \(\w+:(\w+)\) REQUIRE \w+\.(\w+) IS UNIQUE")


def shape(constraint: str) -> tuple[str, str]:
    """The label and key property a constraint of relmap's schema holds unique."""
    (query,) = [q for q in APP.schema if constraint in constraint_names(q)]
    match = _SHAPE.search(query.text)
    assert match, query.text
    return match.group(1), match.group(2)


async def run(app: FastAPI, statement: str, /, **params: Any) -> list[dict[str, Any]]:
    async with app.state.db.driver.session() as session:
        result = await session.run(QUERIES[statement].text, params)
        return [record.data() async for record in result]


@pytest.mark.parametrize("constraint", sorted(APP.twins))
async def test_the_schema_is_applied_over_twins_of_a_key_and_one_of_each_is_left(
    app: FastAPI, constraint: str
) -> None:
    label, key = shape(constraint)
    await app.state.db.wipe()
    try:
        await run(app, "drop_constraint", name=constraint)
        await run(app, "add_copies", label=label, key=key, value="twin", copies=3)
        await run(app, "add_copies", label=label, key=key, value="single", copies=1)
        await app.state.db.apply_schema()
        listed = {row["name"] for row in await run(app, "list_constraints")}
        assert constraint in listed
        (counted,) = await run(app, "count_labelled", label=label, key=key)
        # one "twin" left, the "single" untouched (and the graph version wipe() moved on)
        assert sorted(k for k in counted["keys"] if k != "graph") == ["single", "twin"]
    finally:
        await app.state.db.wipe()
        await app.state.db.apply_schema()
