"""HTTP handlers for /v1/watches: targets whose warm intro path the team wants to hear about
(intro.path_opened in the change feed and webhooks)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

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
from app.deps import CanRead, CanWrite, Db, SettingsDep, shared
from app.errors import responses
from app.graph.ball import TeamBallCache
from app.mapping.context import MappingContext
from app.mapping.intros import IntroSearch
from app.watches.schemas import Watch, WatchCreate
from app.watches.service import WatchService

router = APIRouter(prefix="/v1/watches", tags=["watches"], responses=responses(401, 403))


async def service(db: Db, settings: SettingsDep, request: Request) -> WatchService:
    balls = shared(request.app.state, "team_ball", TeamBallCache)
    return WatchService(IntroSearch(MappingContext(db, settings), balls))


Service = Annotated[WatchService, Depends(service)]


@router.post(
    "",
    status_code=201,
    dependencies=[CanWrite],
    responses=responses(404, 413, 422, 503),
    description="When the team's best warm intro to the person or company comes to score at "
    "least min_score, an intro.path_opened change is recorded with the path. The answer holds "
    "the state now: a path already open is not announced.",
)
async def create_watch(body: WatchCreate, svc: Service) -> Watch:
    """Watch a target: intro.path_opened is recorded once its best intro reaches min_score."""
    return await svc.create(body)


@router.get("", dependencies=[CanRead], responses=responses(400, 422))
async def list_watches(svc: Service, limit: Limit = 50, cursor: Cursor = None) -> Page[Watch]:
    """List watches, paginated."""
    return await svc.page(limit, cursor)


@router.get(
    "/{watch_id}",
    response_model=Watch,
    dependencies=[CanRead],
    responses={**TAGGED, **responses(404)},
)
async def get_watch(watch_id: str, svc: Service, if_none_match: IfNoneMatch = None) -> Response:
    """Read one watch, with its state when last checked."""
    watch, tag = await svc.get_tagged(watch_id)
    return tagged(watch, if_none_match, tag)


@router.delete(
    "/{watch_id}",
    status_code=204,
    dependencies=[CanWrite],
    responses={**CONDITIONAL_DELETE, **responses(404)},
)
async def delete_watch(watch_id: str, svc: Service, if_match: IfMatch = None) -> Response:
    """Stop watching; nothing more is announced for it."""
    await svc.delete(watch_id, if_match)
    return Response(status_code=204)
