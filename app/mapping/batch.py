"""Warm intros to many targets in one call (POST /v1/intros/batch): a list of accounts or
people, or every company with a tag.

Each result is what POST /v1/intros answers for that target with the same options (the same
IntroSearch.answer runs for it). The sources, the types and the team are read once; from the
team, the team's ball (app/graph/ball.py) is waited for once and then serves every target, so
each search reads only its target's side of the graph.
"""

import asyncio

from app.common.kinds import Label
from app.errors import NotFound, Unprocessable
from app.mapping.intros import IntroSearch, check_roles, walk_types
from app.mapping.repository import Row
from app.mapping.schemas import (
    MAX_BATCH_TARGETS,
    IntroAnswer,
    IntroBatchAnswer,
    IntroBatchRequest,
    IntroResult,
)

PARALLEL = 4  # targets searched at once (their reads overlap; the ranking is CPU)


async def _targets(search: IntroSearch, body: IntroBatchRequest) -> list[Row]:
    repo = search.ctx.repo
    if (body.target_ids is None) == (body.tag is None):
        raise Unprocessable(
            "give either target_ids or tag",
            errors=[{"loc": ["body"], "msg": "exactly one of target_ids and tag"}],
        )
    if body.tag is not None:
        ids = await repo.tagged_companies(body.tag, MAX_BATCH_TARGETS + 1)
        if len(ids) > MAX_BATCH_TARGETS:
            raise Unprocessable(
                f"more than {MAX_BATCH_TARGETS} companies are tagged {body.tag!r}; "
                "send their target_ids in batches",
                errors=[{"loc": ["body", "tag"], "msg": "too many companies"}],
            )
    else:
        ids = list(dict.fromkeys(body.target_ids or []))
    nodes = await repo.nodes(ids) if ids else {}
    kinds = {Label.PERSON.value, Label.COMPANY.value}
    missing = [i for i in ids if nodes.get(i, {}).get("label") not in kinds]
    if missing:
        raise NotFound(f"no person or company with id {', '.join(missing[:5])}", missing=missing)
    return [nodes[i] for i in ids]


def _rank(answer: IntroAnswer) -> tuple[int, float, int, str, str]:
    best = answer.paths[0] if answer.paths else None
    return (
        best is None,
        -best.score if best else 0.0,
        best.hops if best else 0,
        answer.target.name or "",
        answer.target.id,
    )


async def batch(search: IntroSearch, body: IntroBatchRequest) -> IntroBatchAnswer:
    targets = await _targets(search, body)
    for target in targets:
        check_roles(target, body.roles)
    sources = await search.sources(body.from_ids)
    types = walk_types(body.types)
    if not targets:
        return IntroBatchAnswer(results=[], fetched_edges=0)
    await search.warm_ball(sources)
    gate = asyncio.Semaphore(PARALLEL)

    async def one(target: Row) -> IntroAnswer:
        async with gate:
            return await search.answer(target, sources, types, body)

    answers = await asyncio.gather(*(one(t) for t in targets))
    answers.sort(key=_rank)
    return IntroBatchAnswer(
        results=[IntroResult(target=a.target, paths=a.paths) for a in answers],
        fetched_edges=sum(a.fetched_edges for a in answers),
    )
