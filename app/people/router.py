"""HTTP handlers for /v1/people: thin, the rules live in the service."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import StringConstraints

from app.common.etag import entity_tag
from app.common.kinds import Role
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
from app.common.schemas import MERGE_PATCH, Moment
from app.common.sorting import SORT_DESCRIPTION, Sort
from app.deps import CanRead, CanWrite, Db, query_family
from app.errors import responses
from app.interactions.service import InteractionService
from app.people.filters import ATTR_PREFIX, PeopleFilter, attribute_filters
from app.people.schemas import (
    Person,
    PersonAsOf,
    PersonCreate,
    PersonRelationship,
    PersonUpdate,
)
from app.people.service import PeopleService

TagText = Annotated[str, StringConstraints(min_length=1, max_length=100)]

router = APIRouter(prefix="/v1/people", tags=["people"], responses=responses(401, 403))


async def service(db: Db) -> PeopleService:
    return PeopleService(db)


Service = Annotated[PeopleService, Depends(service)]


@router.post("", status_code=201, dependencies=[CanWrite], responses=responses(409, 413, 422))
async def create_person(body: PersonCreate, svc: Service) -> Person:
    """Create a person."""
    return await svc.create(body)


LIST_DESCRIPTION = (
    "Filters combine (all must hold); a filter left out is off. `q`: words of the name or "
    'email address, letter case and accents ignored ("muller" finds "Müller"; an email '
    "address finds its owner), best match first unless `sort` is given. `email`: exact "
    "address, letter case ignored. `external_id`: exact client key. `role`: the WORKS_AT role "
    "at a current employer; `industry`: that employer's industry (letter case ignored; both "
    "of the same current job when both are given). `location`: exact, letter case ignored. "
    "`tag` (repeatable): every one must be on the person. `attr.<key>=<value>` (repeatable, "
    "up to 10): the top-level attribute `<key>` equals `<value>`, as text or as the number / "
    'true / false it reads as (`attr.seats=10` finds {"seats": 10} and {"seats": "10"}). '
    "`sort`: name, -name, created_at, -created_at, updated_at, -updated_at (ties by id; "
    "default id order); cursors are keyset cursors of that order, so paging through every "
    "page gives every match exactly once."
)


@router.get(
    "",
    dependencies=[CanRead],
    responses=responses(400, 404, 422),
    description=LIST_DESCRIPTION,
)
async def list_people(
    svc: Service,
    q: Annotated[str | None, Query(max_length=200, description="words of name or email")] = None,
    email: Annotated[
        str | None, Query(max_length=320, description="exact email, letter case ignored")
    ] = None,
    external_id: Annotated[str | None, Query(max_length=200)] = None,
    tag: Annotated[
        list[TagText] | None, Query(description="repeatable: every tag must be on the person")
    ] = None,
    company_id: Annotated[
        str | None, Query(description="current employees of this company")
    ] = None,
    role: Annotated[Role | None, Query(description="WORKS_AT role at a current employer")] = None,
    industry: Annotated[
        str | None, Query(max_length=200, description="industry of a current employer")
    ] = None,
    location: Annotated[str | None, Query(max_length=300)] = None,
    is_team: bool | None = None,
    sort: Annotated[Sort | None, Query(description=SORT_DESCRIPTION)] = None,
    attrs: list[tuple[str, str]] = query_family(ATTR_PREFIX),
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[Person]:
    """List people, filtered, sorted and paginated."""
    filters = PeopleFilter(
        email=email,
        external_id=external_id,
        company_id=company_id,
        is_team=is_team,
        role=role,
        industry=industry,
        location=location,
        tags=tag or [],
        attrs=attribute_filters(attrs),
    )
    return await svc.find(q=q, filters=filters, sort=sort, limit=limit, cursor=cursor)


@router.get(
    "/{person_id}",
    response_model=PersonAsOf | Person,
    dependencies=[CanRead],
    responses={**TAGGED, **responses(404, 422)},
)
async def get_person(
    person_id: str,
    svc: Service,
    request: Request,
    as_of: Annotated[
        Moment | None,
        Query(
            description="RFC 3339 moment: adds `relationships`, this person's relationships "
            "as they were then (strength, last interaction and count as of then)"
        ),
    ] = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """Read one person; with `as_of`, also their relationships as they were then."""
    found = await svc.get(person_id)
    if as_of is None:
        return tagged(found, if_none_match)
    moment = aware(as_of)
    assert moment is not None
    state = request.app.state  # not Db and SettingsDep: each would be solved on every read
    interactions = InteractionService(state.db, state.settings)
    rows, truncated = await interactions.person_relationships(person_id, moment)
    then = PersonAsOf(
        **found.model_dump(),
        as_of=moment,
        relationships=[PersonRelationship(**r) for r in rows],
        relationships_truncated=truncated,
    )
    return tagged(then, if_none_match)


@router.patch(
    "/{person_id}",
    dependencies=[CanWrite],
    responses={**CONDITIONAL_WRITE, **responses(404, 409, 422)},
    description="Only the fields given change; null clears an optional field. "
    f"`attributes`: {MERGE_PATCH}; null removes every attribute.",
)
async def update_person(
    person_id: str, body: PersonUpdate, svc: Service, response: Response, if_match: IfMatch = None
) -> Person:
    """Change some fields of a person."""
    person = await svc.update(person_id, body, if_match)
    response.headers["ETag"] = entity_tag(person)
    return person


@router.delete(
    "/{person_id}",
    status_code=204,
    dependencies=[CanWrite],
    responses={**CONDITIONAL_DELETE, **responses(404)},
)
async def delete_person(person_id: str, svc: Service, if_match: IfMatch = None) -> Response:
    """Delete a person and every relationship touching them."""
    await svc.delete(person_id, if_match)
    return Response(status_code=204)
