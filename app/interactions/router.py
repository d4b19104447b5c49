"""HTTP handlers for /v1/interactions and a person's timeline."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from app.common.kinds import InteractionKind
from app.common.pagination import Page
from app.common.params import (
    CONDITIONAL_DELETE,
    CONDITIONAL_WRITE,
    TAGGED,
    Cursor,
    IfMatch,
    IfNoneMatch,
    Limit,
    aware,
    tagged,
)
from app.common.schemas import Moment
from app.deps import CanRead, CanWrite, Db, SettingsDep
from app.errors import Unprocessable, responses
from app.interactions.schemas import (
    Interaction,
    InteractionCorrected,
    InteractionCreate,
    InteractionLogged,
    InteractionUpdate,
)
from app.interactions.service import InteractionService

router = APIRouter(tags=["interactions"], responses=responses(401, 403))


async def service(db: Db, settings: SettingsDep) -> InteractionService:
    return InteractionService(db, settings)


Service = Annotated[InteractionService, Depends(service)]


def zoned(name: str, moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        raise Unprocessable(
            f"{name} needs a timezone (RFC 3339, e.g. 2026-01-31T09:00:00Z)",
            errors=[{"loc": ["query", name], "msg": "timezone missing"}],
        )
    return moment


@router.post(
    "/v1/interactions",
    status_code=201,
    dependencies=[CanWrite],
    responses={
        200: {
            "model": InteractionLogged,
            "description": "its external_id is stored already with the same content: that "
            "interaction, and nothing logged",
        },
        **responses(404, 409, 413, 422),
    },
)
async def log_interaction(
    body: InteractionCreate, svc: Service, response: Response
) -> InteractionLogged:
    """Log an interaction; the KNOWS strength of every pair of participants is updated."""
    logged, created = await svc.log(body)
    if not created:
        response.status_code = 200
    return logged


@router.get(
    "/v1/interactions/{interaction_id}",
    response_model=Interaction,
    dependencies=[CanRead],
    responses={**TAGGED, **responses(404)},
)
async def get_interaction(
    interaction_id: str, svc: Service, if_none_match: IfNoneMatch = None
) -> Response:
    """Read one interaction, with its participants and companies."""
    # the tag is the hash of the JSON answered (app/common/etag.py), written once by tagged
    return tagged(await svc.get(interaction_id), if_none_match)


@router.patch(
    "/v1/interactions/{interaction_id}",
    dependencies=[CanWrite],
    responses={**CONDITIONAL_WRITE, **responses(404, 413, 422)},
)
async def update_interaction(
    interaction_id: str,
    body: InteractionUpdate,
    svc: Service,
    response: Response,
    if_match: IfMatch = None,
) -> InteractionCorrected:
    """Correct an interaction; its pairs' KNOWS strengths become what that would have given."""
    corrected, tag = await svc.update(interaction_id, body, if_match)
    response.headers["ETag"] = tag
    return corrected


@router.delete(
    "/v1/interactions/{interaction_id}",
    status_code=204,
    dependencies=[CanWrite],
    responses={**CONDITIONAL_DELETE, **responses(404)},
)
async def delete_interaction(
    interaction_id: str, svc: Service, if_match: IfMatch = None
) -> Response:
    """Delete an interaction; its pairs' KNOWS strengths become as if it was never logged."""
    await svc.delete(interaction_id, if_match)
    return Response(status_code=204)


@router.get(
    "/v1/people/{person_id}/interactions",
    dependencies=[CanRead],
    responses=responses(400, 404, 422),
)
async def person_timeline(
    person_id: str,
    svc: Service,
    kind: Annotated[InteractionKind | None, Query(description="only this kind")] = None,
    since: Annotated[
        Moment | None, Query(description="RFC 3339: only interactions at or after this")
    ] = None,
    until: Annotated[
        Moment | None, Query(description="RFC 3339: only interactions at or before this")
    ] = None,
    as_of: Annotated[
        Moment | None,
        Query(
            description="RFC 3339: the timeline as it stood then: interactions up to as_of, "
            "each participant's `strength` (their KNOWS edge with this person) as of then"
        ),
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[Interaction]:
    """A person's interactions, newest first, with the pair strength of each participant."""
    return await svc.timeline(
        person_id,
        kind=kind,
        since=zoned("since", since),
        until=zoned("until", until),
        as_of=aware(as_of),
        limit=limit,
        cursor=cursor,
    )
