"""HTTP handlers for /v1/relationships."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from app.common.pagination import Page
from app.common.params import (
    CONDITIONAL_DELETE,
    CONDITIONAL_WRITE,
    TAGGED,
    TYPES_PATTERN,
    AsOf,
    Cursor,
    IfMatch,
    IfNoneMatch,
    Limit,
    aware,
    parse_types,
    tagged,
)
from app.common.schemas import MERGE_PATCH
from app.deps import CanRead, CanWrite, Db, SettingsDep
from app.errors import responses
from app.interactions.schemas import CoolingRelationship
from app.interactions.service import InteractionService
from app.relationships.schemas import Relationship, RelationshipCreate, RelationshipUpdate
from app.relationships.service import RelationshipService

router = APIRouter(
    prefix="/v1/relationships", tags=["relationships"], responses=responses(401, 403)
)


async def service(db: Db, settings: SettingsDep) -> RelationshipService:
    return RelationshipService(db, settings)


Service = Annotated[RelationshipService, Depends(service)]


@router.post("", status_code=201, dependencies=[CanWrite], responses=responses(404, 409, 413, 422))
async def create_relationship(body: RelationshipCreate, svc: Service) -> Relationship:
    """Create a relationship between two nodes (type decides which labels it may join)."""
    return await svc.create(body)


@router.get("", dependencies=[CanRead], responses=responses(400, 404, 422))
async def list_relationships(
    svc: Service,
    node_id: Annotated[str | None, Query(description="only edges touching this node")] = None,
    type: Annotated[
        str | None,
        Query(description="a type or a comma list, e.g. KNOWS,WORKS_AT", pattern=TYPES_PATTERN),
    ] = None,
    as_of: AsOf = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[Relationship]:
    """List relationships, by node and type, paginated."""
    return await svc.find(
        node_id=node_id, types=parse_types(type), as_of=aware(as_of), limit=limit, cursor=cursor
    )


@router.get("/cooling", dependencies=[CanRead], responses=responses(400, 422))
async def cooling_relationships(
    db: Db,
    settings: SettingsDep,
    min_strength: Annotated[
        float,
        Query(
            ge=0.0, le=1.0, description="the strength it had at its newest interaction, at least"
        ),
    ] = 0.4,
    inactive_days: Annotated[
        int, Query(ge=0, le=36_500, description="no interaction for at least this many days")
    ] = 90,
    team_only: Annotated[bool, Query(description="only edges touching an is_team person")] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[CoolingRelationship]:
    """Relationships that were strong and have gone quiet, strongest (now) first."""
    return await InteractionService(db, settings).cooling(
        min_strength=min_strength,
        inactive_days=inactive_days,
        team_only=team_only,
        limit=limit,
        cursor=cursor,
    )


@router.get(
    "/{rel_id}",
    response_model=Relationship,
    dependencies=[CanRead],
    responses={**TAGGED, **responses(404, 422)},
)
async def get_relationship(
    rel_id: str,
    svc: Service,
    as_of: AsOf = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """Read one relationship, its strength as of now or `as_of`."""
    relationship, tag = await svc.get_tagged(rel_id, aware(as_of))
    return tagged(relationship, if_none_match, tag)


@router.patch(
    "/{rel_id}",
    dependencies=[CanWrite],
    responses={**CONDITIONAL_WRITE, **responses(404, 422)},
    description="`strength`: a number sets it by hand, null returns to the type's default. "
    f"`properties`: {MERGE_PATCH}; null removes every property. WORKS_AT's typed fields "
    "(title, role, department, since, until, current) are patched the same way.",
)
async def update_relationship(
    rel_id: str,
    body: RelationshipUpdate,
    svc: Service,
    response: Response,
    if_match: IfMatch = None,
) -> Relationship:
    """Set a strength by hand or change properties."""
    relationship, tag = await svc.update(rel_id, body, if_match)
    response.headers["ETag"] = tag
    return relationship


@router.delete(
    "/{rel_id}",
    status_code=204,
    dependencies=[CanWrite],
    responses={**CONDITIONAL_DELETE, **responses(404)},
)
async def delete_relationship(rel_id: str, svc: Service, if_match: IfMatch = None) -> Response:
    """Delete a relationship."""
    await svc.delete(rel_id, if_match)
    return Response(status_code=204)
