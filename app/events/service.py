"""Events, their attendees, and which attendees to meet first (docs/analytics.md, "Events").

Priorities: every (non-team) attendee is scored by their strongest short paths to a current
employee of a client, vendor or competitor company (app.analytics.market says which). A path
walks up to max_hops person-to-person edges (either direction) and ends with that employee's
WORKS_AT edge; its score is the product of the current strengths of its person-to-person edges
(the WORKS_AT counts 1, so an attendee employed by such a company scores 1). The attendee's
score is their best path's; the reasons are their best paths to distinct employees.
"""

from typing import Any

from app.common.kinds import Role
from app.common.pagination import Page, decode_cursor, page_of
from app.config import Settings
from app.db.convert import now
from app.db.database import Database
from app.errors import NotFound
from app.events.repository import EventRepository, Row
from app.events.schemas import (
    AttendeesAdd,
    AttendeesAdded,
    Event,
    EventCreate,
    KnownBy,
    Priorities,
    Priority,
    Reason,
    ReasonEdge,
    ReasonNode,
    TargetCompany,
)
from app.events.targets import RelativeTo, Target, resolve
from app.graph.edge import Edge
from app.graph.search import Region, best_walks
from app.graph.strength import StrengthClock, strength_model
from app.people.cards import card_or_stub, person_cards
from app.people.repository import to_person
from app.people.schemas import Person

MAX_ATTENDEES = 5000  # priorities look at this many attendees at most
MAX_EDGES = 100_000  # edges read for the neighbourhood of the attendees
MAX_TEAM = 5000  # team members looked at for known_by
KNOWN_HOPS = 2  # known_by: team members within this many hops


def role_rank(role: str | None) -> int:
    """Ties between attendees go to the role that matters most to a deal: the order of the
    role vocabulary (app/common/kinds.py Role: decision_maker, influencer, champion, user,
    gatekeeper, blocker, other), then no role."""
    order = list(Role)
    return order.index(Role(role)) if role in set(Role) else len(order)


class EventService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.repo = EventRepository(db)
        self.clock = StrengthClock(strength_model(settings))

    async def _missing_people(self, ids: list[str]) -> None:
        found = await self.repo.people(ids)
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound(f"no person with id {', '.join(missing[:5])}", missing=missing)

    async def create(self, body: EventCreate) -> Event:
        ids = list(dict.fromkeys(body.attendee_ids))
        if ids:
            await self._missing_people(ids)
        row = await self.repo.create(body.model_dump(exclude={"attendee_ids"}))
        if ids:
            await self.repo.add_attendees(row["id"], ids)
            row["attendee_count"] = len(ids)
        return Event(**row)

    async def get(self, event_id: str) -> Event:
        row = await self.repo.get(event_id)
        if row is None:
            raise NotFound(f"no event with id {event_id}")
        return Event(**row)

    async def find(self, limit: int, cursor: str | None) -> Page[Event]:
        after = decode_cursor(cursor).get("after")
        rows = await self.repo.find(after if isinstance(after, str) else None, limit + 1)
        return page_of([Event(**r) for r in rows], limit, lambda last: {"after": last.id})

    async def add_attendees(self, event_id: str, body: AttendeesAdd) -> AttendeesAdded:
        event = await self.get(event_id)
        ids = list(dict.fromkeys(body.person_ids))
        await self._missing_people(ids)
        rows = await self.repo.add_attendees(event.id, ids)
        created = {r["id"] for r in rows if r["created"]}
        fresh = await self.get(event_id)
        return AttendeesAdded(
            event_id=event_id,
            added=[i for i in ids if i in created],
            already=[i for i in ids if i not in created],
            attendee_count=fresh.attendee_count,
        )

    async def remove_attendee(self, event_id: str, person_id: str) -> None:
        await self.get(event_id)
        if not await self.repo.remove_attendee(event_id, person_id):
            raise NotFound(f"person {person_id} is not an attendee of event {event_id}")

    async def attendees(self, event_id: str, limit: int, cursor: str | None) -> Page[Person]:
        await self.get(event_id)
        after = decode_cursor(cursor).get("after")
        rows = await self.repo.attendees(
            event_id, after if isinstance(after, str) else None, limit + 1
        )
        return page_of([to_person(r) for r in rows], limit, lambda last: {"after": last.id})

    async def priorities(
        self,
        event_id: str,
        *,
        relative_to: RelativeTo,
        max_hops: int,
        min_strength: float,
        reasons: int,
        limit: int,
    ) -> Priorities:
        event = await self.get(event_id)
        targets = await resolve(self.repo, relative_to)
        attendees = [
            a for a in await self.repo.attendee_ids(event_id, MAX_ATTENDEES) if not a["is_team"]
        ]
        employees: dict[str, list[tuple[str, Row]]] = {}  # person -> [(company, works_at row)]
        names: dict[str, str | None] = {}
        for r in await self.repo.employees(sorted(targets)):
            employees.setdefault(r["person_id"], []).append((r["company_id"], r))
            names[r["person_id"]] = r["person_name"]
        for a in attendees:
            names[a["id"]] = a["name"]
        moment = now().timestamp()
        starts = [a["id"] for a in attendees]
        region, truncated = await self._neighbourhood(
            starts, max_hops, min_strength, sorted(employees), names, moment
        )
        team = set(await self.repo.team_ids(MAX_TEAM))
        known, known_truncated = await self._known_by(starts, team, min_strength, names, moment)
        cards = await person_cards(self.repo.db, [*starts, *{k for v in known.values() for k in v}])
        ranked: list[tuple[Any, ...]] = []
        for a in attendees:
            found = best_walks(region, a["id"], max_hops) if employees else {}
            options: list[Reason] = []
            for person_id, steps in found.items():
                score = 1.0
                for edge in steps:
                    score *= edge.strength
                if score < min_strength or person_id not in employees:
                    continue
                for company_id, works in employees[person_id]:
                    options.append(
                        self._reason(
                            a["id"], steps, score, targets[company_id], works, names, moment
                        )
                    )
            options.sort(key=lambda r: (-r.score, r.hops, r.nodes[-1].id, r.nodes[-2].id))
            shown = options[:reasons]
            best = shown[0].score if shown else 0.0
            companies = len({r.company.id for r in options})
            person = card_or_stub(cards, a["id"])
            known_by = [
                KnownBy(person=card_or_stub(cards, tid), score=score, hops=hops)
                for tid, (score, hops) in sorted(
                    known.get(a["id"], {}).items(), key=lambda kv: (-kv[1][0], kv[1][1], kv[0])
                )
            ]
            ranked.append(
                (
                    -best,
                    role_rank(person.role),
                    -(known_by[0].score if known_by else 0.0),
                    -len(known_by),
                    -companies,
                    a["name"] or "",
                    a["id"],
                    Priority(rank=0, score=best, person=person, reasons=shown, known_by=known_by),
                )
            )
        ranked.sort(key=lambda t: t[:-1])
        items = []
        for i, row in enumerate(ranked[:limit]):
            priority: Priority = row[-1]
            priority.rank = i + 1
            items.append(priority)
        return Priorities(
            event={"id": event.id, "name": event.name, "starts_on": event.starts_on},
            relative_to=relative_to.names(),
            max_hops=max_hops,
            target_companies=len(targets),
            truncated=truncated or known_truncated,
            items=items,
        )

    async def _known_by(
        self,
        attendees: list[str],
        team: set[str],
        min_strength: float,
        names: dict[str, Any],
        moment: float,
    ) -> tuple[dict[str, dict[str, tuple[float, int]]], bool]:
        """attendee -> {team member: (best score, its hops)} over paths of at most KNOWN_HOPS
        person-to-person edges whose inside is not on the team (edges between two team members
        are left out of the region, so no path passes through one)."""
        if not team or not attendees:
            return {}, False
        region, truncated = await self._neighbourhood(
            attendees, KNOWN_HOPS, min_strength, sorted(team), names, moment, skip=team
        )
        out: dict[str, dict[str, tuple[float, int]]] = {}
        for a in attendees:
            for tid, steps in best_walks(region, a, KNOWN_HOPS).items():
                if tid in team and steps:
                    score = 1.0
                    for edge in steps:
                        score *= edge.strength
                    if score >= min_strength and score > 0.0:
                        out.setdefault(a, {})[tid] = (score, len(steps))
        return out, truncated

    async def _neighbourhood(
        self,
        start: list[str],
        max_hops: int,
        min_strength: float,
        targets: list[str],
        names: dict[str, Any],
        moment: float,
        skip: set[str] | None = None,
    ) -> tuple[Region, bool]:
        """Edges touching everyone within max_hops - 1 steps of the attendees (bounded); from
        the farthest of them only the edges into a target count, so only those are read.
        Edges with both ends in `skip` are left out."""
        region = Region()
        seen_edges: set[str] = set()
        seen = set(start)
        frontier = list(start)
        truncated = False
        for step in range(1, max_hops + 1):
            if not frontier or not targets:
                break
            budget = MAX_EDGES - len(seen_edges)
            only = targets if step == max_hops else None
            rows = await self.repo.edges(frontier, min_strength, only, budget + 1)
            if len(rows) > budget:
                rows, truncated = rows[:budget], True
            nxt: list[str] = []
            for r in rows:
                names.setdefault(r["other_id"], r["other_name"])
                if r["id"] in seen_edges:
                    continue
                seen_edges.add(r["id"])
                if skip and r["source_id"] in skip and r["target_id"] in skip:
                    continue
                region.add(Edge.of(r, self.clock.at_epoch(r, moment)))
                if r["other_id"] not in seen:
                    seen.add(r["other_id"])
                    nxt.append(r["other_id"])
            if truncated:
                break
            frontier = nxt
        return region, truncated

    def _reason(
        self,
        start: str,
        steps: list[Edge],
        score: float,
        company: Target,
        works: Row,
        names: dict[str, Any],
        moment: float,
    ) -> Reason:
        path = [start]
        for edge in steps:
            path.append(edge.other(path[-1]))
        nodes = [ReasonNode(id=v, label="Person", name=names.get(v)) for v in path]
        nodes.append(ReasonNode(id=company.id, label="Company", name=company.name))
        edges = [
            ReasonEdge(id=e.id, type=e.type, source=e.source, target=e.target, strength=e.strength)
            for e in steps
        ]
        last = path[-1]
        edges.append(
            ReasonEdge(
                id=works["works_at_id"],
                type="WORKS_AT",
                source=last,
                target=company.id,
                strength=self.clock.at_epoch(works, moment),
            )
        )
        return Reason(
            score=score,
            hops=len(steps),
            company=TargetCompany(
                id=company.id,
                name=company.name,
                relations=sorted(company.relations),
                basis=sorted(company.relations.values()),
            ),
            nodes=nodes,
            edges=edges,
        )
