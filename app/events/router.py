"""HTTP handlers for /v1/events: events, attendees and whom to meet there first."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from app.common.pagination import Page
from app.common.params import TAGGED, Cursor, IfNoneMatch, Limit, tagged
from app.deps import CanRead, CanWrite, Db, SettingsDep
from app.errors import responses
from app.events.schemas import AttendeesAdd, AttendeesAdded, Event, EventCreate, Priorities
from app.events.service import EventService
from app.events.targets import RELATIVE_TO_PATTERN, parse_relative_to
from app.people.schemas import Person

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
async def get_event(event_id: str, svc: Service, if_none_match: IfNoneMatch = None) -> Response:
    """Read one event."""
    return tagged(await svc.get(event_id), if_none_match)


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


@router.get(
    "/{event_id}/priorities",
    dependencies=[CanRead],
    responses=responses(404, 422, 504),
    description="Every attendee who is not on the team, ranked by their best path (at most "
    "`max_hops` person-to-person edges, then a WORKS_AT) to a current employee of a company "
    "that `relative_to` names: `client`, `vendor`, `competitor` (our market: edges to the "
    "companies where the team works, or those tags), `prospect` (companies tagged prospect), "
    "`tag:<tag>` (companies with that tag; tags in any letter case) and `company:<id>`, in a "
    "comma list (default client,vendor,competitor). An unknown item is a 422 naming it, an "
    "unknown company a 404. Ties on score go to the attendee's role at their current "
    "employer (decision_maker, influencer, champion, user, gatekeeper, blocker, other, none), "
    "then to the strongest tie to the team (the best `known_by` score), then to more team "
    "members in `known_by`, then to more companies reached, then name and id. `known_by` "
    "lists the team members with a path of at most 2 hops to the attendee (none through "
    "another team member), strongest first.",
)
async def priorities(
    event_id: str,
    svc: Service,
    relative_to: Annotated[
        str | None,
        Query(
            max_length=5000,
            # documented, not enforced: parse_relative_to's 422 names the item it does not know
            json_schema_extra={"pattern": RELATIVE_TO_PATTERN},
            description="comma list of client, vendor, competitor, prospect, tag:<tag>, "
            "company:<id> (default: client,vendor,competitor)",
        ),
    ] = None,
    max_hops: Annotated[int, Query(ge=0, le=3, description="person-to-person edges")] = 2,
    min_strength: Annotated[
        float, Query(ge=0, le=1, description="edges weaker than this are not walked")
    ] = 0.0,
    reasons: Annotated[int, Query(ge=1, le=10, description="paths shown per attendee")] = 3,
    limit: Limit = 50,
) -> Priorities:
    """Attendees ranked by closeness to our market, prospects, tagged or named companies."""
    return await svc.priorities(
        event_id,
        relative_to=parse_relative_to(relative_to),
        max_hops=max_hops,
        min_strength=min_strength,
        reasons=reasons,
        limit=limit,
    )
