"""HTTP handlers for /v1/companies: thin, the rules live in the service."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

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
from app.companies.schemas import Company, CompanyCreate, CompanyUpdate
from app.companies.service import CompaniesService
from app.deps import CanRead, CanWrite, Db
from app.errors import responses

router = APIRouter(prefix="/v1/companies", tags=["companies"], responses=responses(401, 403))


async def service(db: Db) -> CompaniesService:
    return CompaniesService(db)


Service = Annotated[CompaniesService, Depends(service)]


@router.post("", status_code=201, dependencies=[CanWrite], responses=responses(409, 413, 422))
async def create_company(body: CompanyCreate, svc: Service) -> Company:
    """Create a company."""
    return await svc.create(body)


@router.get("", dependencies=[CanRead], responses=responses(400, 422))
async def list_companies(
    svc: Service,
    q: Annotated[str | None, Query(max_length=200, description="words of name or domain")] = None,
    tag: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[Company]:
    """List companies, filtered and paginated."""
    return await svc.find(q=q, tag=tag, limit=limit, cursor=cursor)


@router.get(
    "/{company_id}",
    response_model=Company,
    dependencies=[CanRead],
    responses={**TAGGED, **responses(404)},
)
async def get_company(
    company_id: str, svc: Service, response: Response, if_none_match: IfNoneMatch = None
) -> Company | Response:
    """Read one company."""
    company = await svc.get(company_id)
    return tagged(company, entity_tag(company), if_none_match, response)


@router.patch(
    "/{company_id}",
    dependencies=[CanWrite],
    responses={**CONDITIONAL_WRITE, **responses(404, 409, 413, 422)},
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
