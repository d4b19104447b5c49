"""HTTP handlers for /v1/companies: thin, the rules live in the service."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from pydantic import StringConstraints

from app.common.etag import entity_tag
from app.common.pagination import Page
from app.common.params import (
    CONDITIONAL_DELETE,
    CONDITIONAL_WRITE,
    TAGGED,
    Cursor,
    IfMatch,
    IfNoneMatch,
    Limit,
    tagged,
)
from app.common.schemas import MERGE_PATCH
from app.common.sorting import SORT_DESCRIPTION, Sort
from app.companies.schemas import Company, CompanyCreate, CompanyUpdate
from app.companies.service import CompaniesService
from app.deps import CanRead, CanWrite, Db
from app.errors import responses

TagText = Annotated[str, StringConstraints(min_length=1, max_length=100)]

router = APIRouter(prefix="/v1/companies", tags=["companies"], responses=responses(401, 403))


async def service(db: Db) -> CompaniesService:
    return CompaniesService(db)


Service = Annotated[CompaniesService, Depends(service)]


@router.post("", status_code=201, dependencies=[CanWrite], responses=responses(409, 413, 422))
async def create_company(body: CompanyCreate, svc: Service) -> Company:
    """Create a company."""
    return await svc.create(body)


@router.get(
    "",
    dependencies=[CanRead],
    responses=responses(400, 422),
    description="Filters combine (all must hold). `q`: words of the name or domain, letter "
    "case and accents ignored, best match first unless `sort` is given. `industry`: exact, "
    "letter case ignored. `tag` (repeatable): every one must be on the company. `sort`: name, "
    "-name, created_at, -created_at, updated_at, -updated_at (ties by id; default id order); "
    "paging through every page gives every match exactly once.",
)
async def list_companies(
    svc: Service,
    q: Annotated[str | None, Query(max_length=200, description="words of name or domain")] = None,
    tag: Annotated[
        list[TagText] | None, Query(description="repeatable: every tag must be on the company")
    ] = None,
    industry: Annotated[str | None, Query(max_length=300, description="exact, any case")] = None,
    sort: Annotated[Sort | None, Query(description=SORT_DESCRIPTION)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[Company]:
    """List companies, filtered, sorted and paginated."""
    return await svc.find(
        q=q, tags=tag or [], industry=industry, sort=sort, limit=limit, cursor=cursor
    )


@router.get(
    "/{company_id}",
    response_model=Company,
    dependencies=[CanRead],
    responses={**TAGGED, **responses(404)},
)
async def get_company(company_id: str, svc: Service, if_none_match: IfNoneMatch = None) -> Response:
    """Read one company."""
    return tagged(await svc.get(company_id), if_none_match)


@router.patch(
    "/{company_id}",
    dependencies=[CanWrite],
    responses={**CONDITIONAL_WRITE, **responses(404, 409, 413, 422)},
    description="Only the fields given change; null clears an optional field. "
    f"`attributes`: {MERGE_PATCH}; null removes every attribute.",
)
async def update_company(
    company_id: str, body: CompanyUpdate, svc: Service, response: Response, if_match: IfMatch = None
) -> Company:
    """Change some fields of a company."""
    company = await svc.update(company_id, body, if_match)
    response.headers["ETag"] = entity_tag(company)
    return company


@router.delete(
    "/{company_id}",
    status_code=204,
    dependencies=[CanWrite],
    responses={**CONDITIONAL_DELETE, **responses(404)},
)
async def delete_company(company_id: str, svc: Service, if_match: IfMatch = None) -> Response:
    """Delete a company and every relationship touching it."""
    await svc.delete(company_id, if_match)
    return Response(status_code=204)
