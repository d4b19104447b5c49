"""Rules for interactions: logging one (and what it does to KNOWS strength), timelines, the
relationships that are cooling, and a person's relationships as of a past moment."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import combinations
from typing import Any

from neo4j.exceptions import ConstraintError

from app.common.kinds import InteractionKind
from app.common.pagination import Page, decode_cursor, encode_cursor
from app.config import Settings
from app.db.convert import now
from app.db.database import Database
from app.errors import BadRequest, Conflict, NotFound, Unprocessable
from app.graph.strength import StrengthClock, StrengthModel, strength_model
from app.interactions.repository import InteractionRepository, Row
from app.interactions.schemas import (
    CoolingRelationship,
    Interaction,
    InteractionCreate,
    InteractionLogged,
    Participant,
)
from app.relationships.schemas import Relationship
from app.relationships.service import to_relationship

FUTURE_SLACK = timedelta(days=1)
PERSON_EDGE_CAP = 500


@dataclass(frozen=True, slots=True)
class EdgeState:
    """A KNOWS edge as it was at some moment."""

    strength: float
    last_interaction_at: datetime | None
    interaction_count: int


@dataclass(frozen=True, slots=True)
class Touch:
    """One interaction as log_interactions needs it for its pairs."""

    participant_ids: list[str]
    kind: InteractionKind
    occurred_at: datetime
    amount: float  # StrengthModel.contribution


def interaction_row(
    kind: InteractionKind,
    occurred_at: datetime,
    summary: str | None,
    sentiment: float | None,
    external_id: str | None,
    participant_ids: list[str],
) -> Row:
    """One interaction of log_interactions' `interactions`, with a new id."""
    return {
        "id": str(uuid.uuid4()),
        "kind": kind.value,
        "occurred_at": occurred_at,
        "summary": summary,
        "sentiment": sentiment,
        "external_id": external_id,
        "participant_ids": participant_ids,
    }


def pair_updates(model: StrengthModel, touches: Iterable[Touch]) -> list[Row]:
    """log_interactions' pairs: for every pair of participants ({a, b}, a < b), the pair's
    contributions from these interactions folded into one mass vector valid at at_s (the newest
    of them), with how many there were and the last one's time. Sorted by pair, so concurrent
    writers lock edges in the same order."""
    folded: dict[tuple[str, str], Row] = {}
    for touch in touches:
        at_s = touch.occurred_at.timestamp()
        for a, b in combinations(sorted(touch.participant_ids), 2):
            pair = folded.get((a, b))
            if pair is None:
                pair = folded[(a, b)] = {
                    "a": a,
                    "b": b,
                    "rel_id": str(uuid.uuid4()),
                    "mass": None,
                    "at_s": None,
                    "last_at": touch.occurred_at,
                    "count": 0,
                }
            pair["mass"], pair["at_s"] = model.add(
                pair["mass"], pair["at_s"], touch.kind, at_s, touch.amount
            )
            pair["last_at"] = max(pair["last_at"], touch.occurred_at)
            pair["count"] += 1
    return [folded[key] for key in sorted(folded)]


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


class InteractionService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.repo = InteractionRepository(db)
        self.model = strength_model(settings)
        self.clock = StrengthClock(self.model)

    # -- logging -----------------------------------------------------------------------------

    async def log(self, body: InteractionCreate) -> InteractionLogged:
        ids = list(dict.fromkeys(body.participant_ids))
        if len(ids) < 2:
            raise Unprocessable(
                "an interaction needs at least two different participants",
                errors=[{"loc": ["body", "participant_ids"], "msg": "fewer than 2 distinct ids"}],
            )
        occurred_at = _utc(body.occurred_at)
        moment = now()
        if occurred_at > moment + FUTURE_SLACK:
            raise Unprocessable(
                "occurred_at is more than a day in the future; log interactions that happened",
                errors=[{"loc": ["body", "occurred_at"], "msg": "in the future"}],
            )
        names = await self.repo.people(ids)
        missing = [i for i in ids if i not in names]
        if missing:
            raise NotFound(f"no person with id {missing[0]}", missing_ids=missing)
        row = interaction_row(
            body.kind, occurred_at, body.summary, body.sentiment, body.external_id, ids
        )
        interaction_id = row["id"]
        amount = self.model.contribution(body.kind, len(ids), body.sentiment)
        try:
            rows, gone = await self.repo.log(
                ids,
                interactions=[row],
                pairs=pair_updates(self.model, [Touch(ids, body.kind, occurred_at, amount)]),
                now=moment,
                half_lives_s=self.model.half_lives_s,
                report=True,
            )
        except ConstraintError:  # the only unique key a new interaction can share
            raise Conflict(
                f"an interaction with external_id {body.external_id!r} exists already"
            ) from None
        if gone:  # merged away or deleted since the check above: nothing was written
            raise NotFound(f"no person with id {gone[0]}", missing_ids=gone)
        return InteractionLogged(
            id=interaction_id,
            kind=body.kind,
            occurred_at=occurred_at,
            summary=body.summary,
            sentiment=body.sentiment,
            participant_count=len(ids),
            external_id=body.external_id,
            participants=[Participant(id=i, name=names[i]) for i in ids],
            created_at=moment,
            relationships=[self._relationship(r, moment) for r in rows],
        )

    def _relationship(self, row: Row, at: datetime) -> Relationship:
        return to_relationship(row, self.current(row, at))

    def current(self, row: Row, at: datetime) -> float:
        """Strength of a stored edge at `at` >= its mass_at (exact there)."""
        return self.clock.current(row, at)

    # -- strengths as of a moment --------------------------------------------------------------

    async def states(
        self, person_id: str, edges: dict[str, Row], as_of: datetime | None
    ) -> dict[str, EdgeState]:
        """other id -> the state of the KNOWS edge person—other at as_of (default now).

        Past the newest interaction the stored state is exact; before it, the edge is rebuilt
        from the interactions the two shared up to as_of (one query for all of them)."""
        at = as_of or now()
        out: dict[str, EdgeState] = {}
        rebuild: list[str] = []
        for other, row in edges.items():
            mass_at = row.get("mass_at")
            if mass_at is not None and at.timestamp() < mass_at:
                rebuild.append(other)
            else:
                out[other] = EdgeState(
                    self.current(row, at),
                    row.get("last_interaction_at"),
                    int(row.get("interaction_count") or 0),
                )
        if rebuild:
            grouped: dict[str, list[Row]] = {o: [] for o in rebuild}
            for touch in await self.repo.touches(person_id, rebuild, at):
                grouped[touch["other_id"]].append(touch)
            for other, touches in grouped.items():
                out[other] = self._rebuilt(edges[other], touches, at)
        return out

    def _rebuilt(self, row: Row, touches: list[Row], at: datetime) -> EdgeState:
        mass, mass_at = self.model.rebuild_from_rows(touches)
        base = float(row.get("strength_base") or 0.0)
        last = max((t["occurred_at"] for t in touches), default=None)
        return EdgeState(
            self.model.evaluate(base, mass, mass_at, at.timestamp()), last, len(touches)
        )

    # -- timeline ----------------------------------------------------------------------------

    async def timeline(
        self,
        person_id: str,
        *,
        kind: InteractionKind | None,
        since: datetime | None,
        until: datetime | None,
        as_of: datetime | None,
        limit: int,
        cursor: str | None,
    ) -> Page[Interaction]:
        # since after until is a window with nothing in it: an empty page, not an error
        key = decode_cursor(cursor)
        after_at: datetime | None = None
        after_id: str | None = None
        if key:
            try:
                after_at = datetime.fromisoformat(str(key["at"]))
                after_id = str(key["id"])
            except (KeyError, ValueError):
                raise BadRequest("cursor is not one this API gave out") from None
        if not await self.repo.person_exists(person_id):
            raise NotFound(f"no person with id {person_id}")
        if as_of is not None:
            # the timeline as it stood then: nothing that happened later
            until = as_of if until is None else min(until, as_of)
        rows = await self.repo.timeline(
            person_id,
            kind=kind.value if kind else None,
            since=since,
            until=until,
            after_at=after_at,
            after_id=after_id,
            limit=limit + 1,
        )
        more = len(rows) > limit
        rows = rows[:limit]
        others = sorted({p["id"] for r in rows for p in r["participants"]} - {person_id})
        edges = await self.repo.knows_edges(person_id, others) if others else {}
        states = await self.states(person_id, edges, as_of)
        items = [
            Interaction(
                **{k: v for k, v in row.items() if k != "participants"},
                participants=[
                    Participant(
                        id=p["id"],
                        name=p["name"],
                        strength=states[p["id"]].strength if p["id"] in states else None,
                    )
                    for p in row["participants"]
                ],
            )
            for row in rows
        ]
        next_cursor = (
            encode_cursor({"at": items[-1].occurred_at.isoformat(), "id": items[-1].id})
            if more
            else None
        )
        return Page[Interaction](items=items, next_cursor=next_cursor)

    # -- relationship health -----------------------------------------------------------------

    async def cooling(
        self,
        *,
        min_strength: float,
        inactive_days: int,
        team_only: bool,
        limit: int,
        cursor: str | None,
    ) -> Page[CoolingRelationship]:
        key = decode_cursor(cursor)
        try:
            # the moment is pinned by the first page, so later pages continue the same order
            moment = datetime.fromtimestamp(float(key.get("now", now().timestamp())), UTC)
            after_strength = float(key["s"]) if "s" in key else None
            after_id = str(key["id"]) if "id" in key else None
        except (TypeError, ValueError, OverflowError):
            raise BadRequest("cursor is not one this API gave out") from None
        rows = await self.repo.cooling(
            min_strength=min_strength,
            cutoff=moment - timedelta(days=inactive_days),
            team_only=team_only,
            now_s=moment.timestamp(),
            half_lives_s=self.model.half_lives_s,
            after_strength=after_strength,
            after_id=after_id,
            limit=limit + 1,
        )
        more = len(rows) > limit
        rows = rows[:limit]
        items = [
            CoolingRelationship(
                **self._relationship(r, moment).model_dump(),
                strength_at_last_interaction=round(float(r["strength"]), 12),
                inactive_days=(moment - r["last_interaction_at"]).total_seconds() / 86_400,
            )
            for r in rows
        ]
        next_cursor = (
            encode_cursor(
                {"now": moment.timestamp(), "s": rows[-1]["current"], "id": rows[-1]["id"]}
            )
            if more
            else None
        )
        return Page[CoolingRelationship](items=items, next_cursor=next_cursor)

    # -- a person's relationships as of a moment ---------------------------------------------

    async def person_relationships(
        self, person_id: str, as_of: datetime | None
    ) -> tuple[list[dict[str, Any]], bool]:
        """The person's relationships with their strength at as_of, strongest first."""
        rows = await self.repo.person_relationships(person_id, PERSON_EDGE_CAP + 1)
        truncated = len(rows) > PERSON_EDGE_CAP
        rows = rows[:PERSON_EDGE_CAP]
        at = as_of or now()
        knows = {r["other"]["id"]: r for r in rows if r["type"] == "KNOWS"}
        states = await self.states(person_id, knows, at)
        out: list[dict[str, Any]] = []
        for row in rows:
            other = row["other"]
            if row["type"] == "KNOWS":
                state = states[other["id"]]
            else:
                state = EdgeState(self.current(row, at), None, 0)
            existed = row["created_at"] <= at or state.interaction_count > 0
            if not existed:
                continue  # made after as_of, and not from interactions that came before it
            out.append(
                {
                    "id": row["id"],
                    "type": row["type"],
                    "direction": "out" if row["source_id"] == person_id else "in",
                    "other_id": other["id"],
                    "other_label": other["label"],
                    "other_name": other.get("name"),
                    "strength": round(state.strength, 12),
                    "strength_source": row.get("strength_source") or "default",
                    "last_interaction_at": state.last_interaction_at,
                    "interaction_count": state.interaction_count,
                }
            )
        out.sort(key=lambda r: (-r["strength"], r["id"]))
        return out, truncated
