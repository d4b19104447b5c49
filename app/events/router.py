"""HTTP handlers for /v1/events: events, attendees and whom to meet there first."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from app.analytics.market import Relation
from app.common.etag import entity_tag
from app.common.pagination import Page
from app.common.params import TAGGED, Cursor, IfNoneMatch, Limit, names_pattern, tagged
from app.deps import CanRead, CanWrite, Db, SettingsDep
from app.errors import responses
from app.events.schemas import AttendeesAdd, AttendeesAdded, Event, EventCreate, Priorities
from app.events.service import EventService, parse_relations
from app.people.schemas import Person

RELATIONS_PATTERN = names_pattern([r.value for r in Relation])

router = APIRouter(prefix="/v1/events", tags=["events"], responses=responses(401, 403))


async def service(db: Db, settings: SettingsDep) -> EventService:
    return EventService(db, settings)


Service = Annotated[EventService, Depends(service)]


@router.post("", status_code=201, dependencies=[CanWrite], responses=responses(404, 413, 422))
async def create_event(body: EventCreate, svc: Service) -> Event:
    """Create an event, optionally with its attendees."""
    return await svc.create(body)


@router.get("", dependencies=[CanRead], responses=responses(400, 422))
async def list_events(svc: Service, limit: Limit = 50, cursor: Cursor = None) -> Page[Event]:
    """List events, paginated."""
    return await svc.find(limit, cursor)


@router.get(
    "/{event_id}",
    response_model=Event,
    dependencies=[CanRead],
    responses={**TAGGED, **responses(404)},
)
async def get_event(
    event_id: str, svc: Service, response: Response, if_none_match: IfNoneMatch = None
) -> Event | Response:
    """Read one event."""
    event = await svc.get(event_id)
    return tagged(event, entity_tag(event), if_none_match, response)


@router.post("/{event_id}/attendees", dependencies=[CanWrite], responses=responses(404, 413, 422))
async def add_attendees(event_id: str, body: AttendeesAdd, svc: Service) -> AttendeesAdded:
    """Record people as attendees (people already attending are left as they are)."""
    return await svc.add_attendees(event_id, body)


@router.get("/{event_id}/attendees", dependencies=[CanRead], responses=responses(400, 404, 422))
async def list_attendees(
    event_id: str, svc: Service, limit: Limit = 50, cursor: Cursor = None
) -> Page[Person]:
    """The attendees of an event, paginated."""
    return await svc.attendees(event_id, limit, cursor)


@router.delete(
    "/{event_id}/attendees/{person_id}",
    status_code=204,
    dependencies=[CanWrite],
    responses=responses(404),
)
async def remove_attendee(event_id: str, person_id: str, svc: Service) -> Response:
    """Remove one attendee from an event."""
    await svc.remove_attendee(event_id, person_id)
    return Response(status_code=204)


@router.get("/{event_id}/priorities", dependencies=[CanRead], responses=responses(404, 422, 504))
async def priorities(
    event_id: str,
    svc: Service,
    relative_to: Annotated[
        str | None,
        Query(
            description="comma list of client, vendor, competitor (default: all three)",
            pattern=RELATIONS_PATTERN,
        ),
    ] = None,
    max_hops: Annotated[int, Query(ge=0, le=3, description="person-to-person edges")] = 2,
    min_strength: Annotated[float, Query(ge=0, le=1)] = 0.0,
    reasons: Annotated[int, Query(ge=1, le=10, description="paths shown per attendee")] = 3,
    limit: Limit = 50,
) -> Priorities:
    """Attendees ranked by closeness to our clients, vendors or competitors, with the paths."""
    return await svc.priorities(
        event_id,
        relative_to=parse_relations(relative_to),
        max_hops=max_hops,
        min_strength=min_strength,
        reasons=reasons,
        limit=limit,
    )
