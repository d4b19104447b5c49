"""HTTP handlers for network analytics: influencers, segments, suggestions, competitor risk."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from app.analytics.engine import Engine
from app.analytics.graph import Algorithm, Metric
from app.analytics.insights import InsightsService
from app.analytics.schemas import (
    CompetitorRisk,
    Influencers,
    Job,
    Member,
    PersonBrief,
    SavedSegment,
    SavedSegmentCreate,
    Segments,
    Suggestions,
)
from app.analytics.service import SCOPE_PATTERN, AnalyticsService, Pending
from app.common.pagination import Page
from app.common.params import (
    CONDITIONAL_DELETE,
    TAGGED,
    Cursor,
    IfMatch,
    IfNoneMatch,
    Limit,
    tagged,
)
from app.deps import CanRead, CanWrite, Db, Jobs, SettingsDep, shared
from app.errors import responses

router = APIRouter(tags=["analytics"], responses=responses(401, 403))


async def service(db: Db, settings: SettingsDep, jobs: Jobs, request: Request) -> AnalyticsService:
    engine = shared(request.app.state, "analytics_engine", lambda: Engine(jobs))
    return AnalyticsService(db, settings, engine)


async def insights(db: Db, settings: SettingsDep) -> InsightsService:
    return InsightsService(db, settings)


Service = Annotated[AnalyticsService, Depends(service)]
Insights = Annotated[InsightsService, Depends(insights)]

EXCLUDE_TEAM = (
    "true: leave out people of our own team (is_team); scores are over the whole network, "
    "ranks count the people shown"
)

ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {"model": Job, "description": "a large graph: computing as a job (poll its id)"}
}


def accepted(result: Any) -> Any:
    if isinstance(result, Pending):
        return JSONResponse(result.job.model_dump(mode="json"), status_code=202)
    return result


@router.get(
    "/v1/influencers",
    dependencies=[CanRead],
    responses={**ACCEPTED, **responses(400, 404, 422)},
)
async def influencers(
    svc: Service,
    scope: Annotated[
        str,
        Query(
            description="all | company:{id} | industry:{name} | tag:{tag}",
            pattern=SCOPE_PATTERN,
        ),
    ] = "all",
    metric: Metric = Metric.PAGERANK,
    exclude_team: Annotated[bool, Query(description=EXCLUDE_TEAM)] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Influencers:
    """Rank people by PageRank, betweenness or weighted degree over person-to-person edges."""
    return accepted(  # type: ignore[no-any-return]
        await svc.influencers(
            scope=scope, metric=metric, limit=limit, cursor=cursor, exclude_team=exclude_team
        )
    )


@router.get("/v1/segments", dependencies=[CanRead], responses={**ACCEPTED, **responses(400, 422)})
async def segments(
    svc: Service,
    algorithm: Algorithm = Algorithm.LOUVAIN,
    min_size: Annotated[int, Query(ge=1, le=100_000, description="smallest segment shown")] = 2,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Segments:
    """Communities of the person network, each with its size, a sample and what marks it."""
    return accepted(  # type: ignore[no-any-return]
        await svc.segments(algorithm=algorithm, min_size=min_size, limit=limit, cursor=cursor)
    )


@router.get(
    "/v1/segments/{segment_id}/members",
    dependencies=[CanRead],
    responses={**ACCEPTED, **responses(400, 404, 409, 422)},
)
async def segment_members(
    segment_id: str, svc: Service, limit: Limit = 50, cursor: Cursor = None
) -> Page[Member]:
    """Every member of one computed segment, the most connected first, paginated."""
    return accepted(  # type: ignore[no-any-return]
        await svc.segment_members(segment_id, limit=limit, cursor=cursor)
    )


@router.post(
    "/v1/segments/saved",
    status_code=201,
    dependencies=[CanWrite],
    responses={**ACCEPTED, **responses(404, 409, 413, 422)},
    description="One of: `segment_id` (a computed segment, saved as its list of people), "
    "`member_ids` (a list of people), or `filter` (a dynamic segment: its members are the "
    "people matching the filter when it is read; `member_count` is as of each answer). Every "
    "criterion of a filter must hold: `tags_all` (every tag), `tags_any` (one of them), "
    "`industry` and `role` (of one current job: a WORKS_AT without `until`, not ended; "
    "industry and location in any letter case), `location`, `attributes` (exact values), "
    "`company_ids` (works at one of them now), `min_team_strength` (strongest tie to a team "
    "member, now), `touched_within_days` / `not_touched_within_days` (took part in an "
    "interaction within that many days / in none). An empty filter, or one that nobody could "
    "match (touched_within_days <= not_touched_within_days), is a 422; an unknown company a "
    "404.",
)
async def save_segment(body: SavedSegmentCreate, svc: Service) -> SavedSegment:
    """Save a computed segment, a list of people, or a filter (a dynamic segment)."""
    return accepted(await svc.save_segment(body))  # type: ignore[no-any-return]


@router.get("/v1/segments/saved", dependencies=[CanRead], responses=responses(400, 422))
async def saved_segments(
    svc: Service, limit: Limit = 50, cursor: Cursor = None
) -> Page[SavedSegment]:
    """List the saved segments."""
    return await svc.saved_segments(limit, cursor)


@router.get(
    "/v1/segments/saved/{saved_id}",
    response_model=SavedSegment,
    dependencies=[CanRead],
    responses={**TAGGED, **responses(404)},
)
async def saved_segment(saved_id: str, svc: Service, if_none_match: IfNoneMatch = None) -> Response:
    """Read one saved segment."""
    return tagged(await svc.saved_segment(saved_id), if_none_match)


@router.get(
    "/v1/segments/saved/{saved_id}/members",
    dependencies=[CanRead],
    responses=responses(400, 404, 422),
)
async def saved_segment_members(
    saved_id: str, svc: Service, limit: Limit = 50, cursor: Cursor = None
) -> Page[PersonBrief]:
    """The people of a saved segment: in their saved order, or a dynamic one's by name."""
    return await svc.saved_members(saved_id, limit, cursor)


@router.delete(
    "/v1/segments/saved/{saved_id}",
    status_code=204,
    dependencies=[CanWrite],
    responses={**CONDITIONAL_DELETE, **responses(404)},
)
async def delete_saved_segment(saved_id: str, svc: Service, if_match: IfMatch = None) -> Response:
    """Delete a saved segment (the people stay)."""
    await svc.delete_saved(saved_id, if_match)
    return Response(status_code=204)


@router.get("/v1/analytics/jobs/{job_id}", dependencies=[CanRead], responses=responses(404))
async def analytics_job(job_id: str, svc: Service) -> Job:
    """Status and progress of an analytics computation."""
    return await svc.job(job_id)


@router.get(
    "/v1/people/{person_id}/suggestions",
    dependencies=[CanRead],
    responses=responses(404, 422, 504),
)
async def suggestions(
    person_id: str,
    svc: Insights,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    exclude_team: Annotated[
        bool, Query(description="true: never suggest people of our own team (is_team)")
    ] = False,
) -> Suggestions:
    """Who this person should meet: people not yet connected, by Adamic-Adar."""
    return await svc.suggestions(person_id, limit, exclude_team)


@router.get(
    "/v1/companies/{company_id}/competitor-risk",
    dependencies=[CanRead],
    responses=responses(404, 422, 504),
)
async def competitor_risk(company_id: str, svc: Insights) -> CompetitorRisk:
    """Stakeholders of an account whose ties to a competitor of ours outweigh their ties to us."""
    return await svc.competitor_risk(company_id)
