"""HTTP handler for an account's journey: GET /v1/companies/{id}/journey."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from app.common.params import Cursor, Limit
from app.common.schemas import Moment
from app.deps import CanRead, Db, SettingsDep
from app.errors import responses
from app.journeys.schemas import Bucket, Journey
from app.journeys.service import JourneyService

router = APIRouter(tags=["companies"], responses=responses(401, 403))


async def service(db: Db, settings: SettingsDep) -> JourneyService:
    return JourneyService(db, settings)


Service = Annotated[JourneyService, Depends(service)]


@router.get(
    "/v1/companies/{company_id}/journey",
    dependencies=[CanRead],
    responses=responses(400, 404, 422, 504),
    description="Every touchpoint with the company between `from` and `to` (both included; "
    "either may be left open), oldest first and paginated (`limit`, `cursor`), with what "
    "they add up to over the whole range: counts per kind and per `bucket` (week, ISO, or "
    "month; every period from the first touchpoint's to the last's), the first and last "
    "touch, the median and the longest gaps between consecutive touchpoints (days), and the "
    "team members who took part (owners) with their strongest tie to the company's current "
    "people. A touchpoint is an interaction with someone who worked there on that day "
    "(WORKS_AT since/until, both days included; a WORKS_AT ended without an `until` never "
    "counts) or one tied to the company by its `company_ids`. An unknown company is a 404.",
)
async def get_company_journey(
    company_id: str,
    svc: Service,
    from_: Annotated[
        Moment | None, Query(alias="from", description="RFC 3339: touchpoints from then")
    ] = None,
    to: Annotated[Moment | None, Query(description="RFC 3339: touchpoints until then")] = None,
    bucket: Annotated[Bucket, Query(description="by_period's unit: week or month")] = Bucket.MONTH,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Journey:
    """An account's touchpoints over time: by kind and period, gaps, and who owns it."""
    return await svc.journey(
        company_id, start=from_, end=to, bucket=bucket, limit=limit, cursor=cursor
    )
