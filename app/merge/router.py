"""HTTP handlers for merging duplicates: POST /v1/people/{id}/merge, /v1/companies/{id}/merge."""

from typing import Annotated

from fastapi import APIRouter, Depends

from app.deps import CanWrite, Db, SettingsDep
from app.errors import responses
from app.merge.schemas import CompanyMerged, MergeRequest, PersonMerged
from app.merge.service import MergeService

router = APIRouter(tags=["merge"], responses=responses(401, 403))


async def service(db: Db, settings: SettingsDep) -> MergeService:
    return MergeService(db, settings)


Service = Annotated[MergeService, Depends(service)]


@router.post(
    "/v1/people/{person_id}/merge",
    tags=["people"],
    dependencies=[CanWrite],
    responses=responses(404, 409, 422),
)
async def merge_people(person_id: str, body: MergeRequest, svc: Service) -> PersonMerged:
    """Fold a duplicate person into this one: relationships, interactions, tags, attributes."""
    return await svc.merge_people(person_id, body.duplicate_id)


@router.post(
    "/v1/companies/{company_id}/merge",
    tags=["companies"],
    dependencies=[CanWrite],
    responses=responses(404, 409, 422),
)
async def merge_companies(company_id: str, body: MergeRequest, svc: Service) -> CompanyMerged:
    """Fold a duplicate company into this one: relationships, tags, attributes."""
    return await svc.merge_companies(company_id, body.duplicate_id)
