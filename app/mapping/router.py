"""HTTP handlers for relationship mapping: neighborhoods, shortest paths, intros, account maps."""

from datetime import datetime
from typing import Annotated, TypedDict

from fastapi import APIRouter, Depends, Query, Request

from app.common.kinds import Label, RelType
from app.common.params import TYPES_PATTERN, AsOf, aware, parse_types
from app.deps import CanRead, Db, SettingsDep, shared
from app.errors import responses
from app.graph.ball import TeamBallCache
from app.mapping import account_map as account_maps
from app.mapping import batch as batches
from app.mapping import neighborhood, paths
from app.mapping.context import MappingContext
from app.mapping.intros import IntroSearch
from app.mapping.schemas import (
    AccountMap,
    Graph,
    IntroAnswer,
    IntroBatchAnswer,
    IntroBatchRequest,
    IntroRequest,
    ShortestPath,
)

router = APIRouter(tags=["mapping"], responses=responses(401, 403))


async def context(db: Db, settings: SettingsDep) -> MappingContext:
    return MappingContext(db, settings)


Context = Annotated[MappingContext, Depends(context)]


async def intro_search(ctx: Context, request: Request) -> IntroSearch:
    return IntroSearch(ctx, shared(request.app.state, "team_ball", TeamBallCache))


Search = Annotated[IntroSearch, Depends(intro_search)]
Depth = Annotated[int, Query(ge=1, le=3, description="hops from the root (1..3)")]
Types = Annotated[
    str | None,
    Query(
        description="relationship types to walk, e.g. KNOWS,WORKS_AT (default all)",
        pattern=TYPES_PATTERN,
    ),
]
MinStrength = Annotated[float, Query(ge=0.0, le=1.0, description="skip weaker edges")]
NodeLimit = Annotated[
    int, Query(ge=1, le=1000, description="most nodes returned, root included (1..1000)")
]
GRAPH_PROBLEMS = responses(404, 422, 503, 504)


class NeighborhoodOptions(TypedDict):
    depth: int
    types: list[RelType] | None
    min_strength: float
    limit: int
    as_of: datetime | None


class NeighborhoodQuery:
    """The query parameters both neighborhood routes take."""

    def __init__(
        self,
        depth: Depth = 2,
        types: Types = None,
        min_strength: MinStrength = 0.0,
        limit: NodeLimit = 200,
        as_of: AsOf = None,
    ) -> None:
        self.options: NeighborhoodOptions = {
            "depth": depth,
            "types": parse_types(types),
            "min_strength": min_strength,
            "limit": limit,
            "as_of": aware(as_of),
        }


Neighborhood = Annotated[NeighborhoodQuery, Depends()]


@router.get("/v1/people/{person_id}/neighborhood", dependencies=[CanRead], responses=GRAPH_PROBLEMS)
async def person_neighborhood(person_id: str, ctx: Context, query: Neighborhood) -> Graph:
    """The ego network of a person, nearest nodes first."""
    return await neighborhood.neighborhood(ctx, person_id, Label.PERSON, **query.options)


@router.get(
    "/v1/companies/{company_id}/neighborhood", dependencies=[CanRead], responses=GRAPH_PROBLEMS
)
async def company_neighborhood(company_id: str, ctx: Context, query: Neighborhood) -> Graph:
    """The ego network of a company: its people, partners, clients and what lies beyond."""
    return await neighborhood.neighborhood(ctx, company_id, Label.COMPANY, **query.options)


@router.get("/v1/paths/shortest", dependencies=[CanRead], responses=GRAPH_PROBLEMS)
async def shortest_path(
    ctx: Context,
    from_id: Annotated[str, Query(min_length=1)],
    to_id: Annotated[str, Query(min_length=1)],
    max_hops: Annotated[int, Query(ge=1, le=8)] = 6,
    types: Types = None,
    min_strength: MinStrength = 0.0,
    as_of: AsOf = None,
) -> ShortestPath:
    """The path with the fewest hops between two nodes, ties broken by strength."""
    return await paths.shortest(
        ctx,
        from_id,
        to_id,
        max_hops=max_hops,
        types=parse_types(types),
        min_strength=min_strength,
        as_of=aware(as_of),
    )


@router.post("/v1/intros", dependencies=[CanRead], responses=GRAPH_PROBLEMS)
async def warm_intros(body: IntroRequest, search: Search) -> IntroAnswer:
    """The best warm introduction paths from the team to a person or a company, exactly."""
    return await search.intros(body)


@router.post(
    "/v1/intros/batch",
    dependencies=[CanRead],
    responses=GRAPH_PROBLEMS,
    description="For each target of `target_ids` (people and companies, 1..100) or each "
    "company tagged `tag` (at most 100): what `POST /v1/intros` answers for it with the same "
    "options (`limit` is per target). Results come best first: by the score of their best "
    "path, then its hops, targets without a path last, then by name and id. `roles` keeps a "
    "company's endpoints to its current people with those WORKS_AT roles (with a person "
    "target it is a 422, as for one target). An unknown id is a 404 naming it.",
)
async def warm_intros_batch(body: IntroBatchRequest, search: Search) -> IntroBatchAnswer:
    """The best warm introduction paths to each of many people or companies, best first."""
    return await batches.batch(search, body)


@router.get(
    "/v1/companies/{company_id}/account-map", dependencies=[CanRead], responses=GRAPH_PROBLEMS
)
async def account_map(company_id: str, search: Search) -> AccountMap:
    """A company's current people, their lines, and how the team can reach each of them."""
    return await account_maps.account_map(search, company_id)
