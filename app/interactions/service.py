"""Rules for interactions: logging one (and what it does to KNOWS strength), timelines, the
relationships that are cooling, and a person's relationships as of a past moment."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import combinations
from typing import Any

from neo4j.exceptions import ConstraintError

from app.common.etag import entity_tag, if_match_holds
from app.common.kinds import InteractionKind
from app.common.pagination import Page, decode_cursor, encode_cursor
from app.config import Settings
from app.db.convert import now
from app.db.database import Database
from app.errors import BadRequest, Conflict, NotFound, PreconditionFailed, Unprocessable
from app.graph.strength import EdgeState, StrengthClock, StrengthModel, strength_model
from app.interactions.repository import (
    Correction,
    InteractionRepository,
    Pair,
    Row,
    pairs_of,
)
from app.interactions.schemas import (
    CoolingRelationship,
    Interaction,
    InteractionCorrected,
    InteractionCreate,
    InteractionLogged,
    InteractionUpdate,
    Participant,
)
from app.people.cards import card_or_stub, person_cards
from app.relationships.schemas import Relationship
from app.relationships.service import to_relationship

FUTURE_SLACK = timedelta(days=1)
PERSON_EDGE_CAP = 500


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


def _check_participants(kind: InteractionKind, ids: list[str]) -> None:
    """Two people at least; a note may be about one person (it joins no pair)."""
    fewest = 1 if kind is InteractionKind.NOTE else 2
    if len(ids) < fewest:
        raise Unprocessable(
            "an interaction needs at least two different participants (a note: one)",
            errors=[{"loc": ["body", "participant_ids"], "msg": f"fewer than {fewest} ids"}],
        )


def _check_time(occurred_at: datetime) -> datetime:
    """occurred_at in UTC; a 422 when it is more than a day ahead (clock skew allowed)."""
    moment = _utc(occurred_at)
    if moment > now() + FUTURE_SLACK:
        raise Unprocessable(
            "occurred_at is more than a day in the future; log interactions that happened",
            errors=[{"loc": ["body", "occurred_at"], "msg": "in the future"}],
        )
    return moment


def _read(row: Row) -> Interaction:
    """get_interaction's record -> the read model (participants without strengths)."""
    return Interaction(
        **{k: v for k, v in row.items() if k != "participants"},
        participants=[Participant(id=p["id"], name=p["name"]) for p in row["participants"]],
    )


def _same(row: Row, body: InteractionCreate) -> bool:
    """Whether a POST says what the stored interaction says (participants and companies as
    sets)."""
    return (
        row["kind"] == body.kind.value
        and row["occurred_at"] == body.occurred_at
        and {p["id"] for p in row["participants"]} == set(body.participant_ids)
        and row.get("summary") == body.summary
        and row.get("sentiment") == body.sentiment
        and set(row["company_ids"]) == set(body.company_ids or [])
    )


def _ensure_match(interaction_id: str, row: Row, if_match: str | None) -> None:
    current = entity_tag(_read(row))
    if not if_match_holds(if_match, current):
        raise PreconditionFailed(
            f"the interaction {interaction_id} has changed since the tag in If-Match; read it "
            "again (its current tag is in ETag)",
            current,
        )


class InteractionService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.repo = InteractionRepository(db)
        self.model = strength_model(settings)
        self.clock = StrengthClock(self.model)

    # -- logging -----------------------------------------------------------------------------

    async def log(self, body: InteractionCreate) -> tuple[InteractionLogged, bool]:
        """The logged interaction and True; or, when its external_id is stored already with the
        same content, that interaction and False (nothing logged)."""
        ids = list(dict.fromkeys(body.participant_ids))
        _check_participants(body.kind, ids)
        occurred_at = _check_time(body.occurred_at)
        moment = now()
        names = await self._people(ids)
        company_ids = await self._companies(body.company_ids)
        if body.external_id is not None:
            existing = await self.repo.find_id(body.external_id)
            if existing is not None:
                return await self._replay(existing, body), False
        row = interaction_row(
            body.kind, occurred_at, body.summary, body.sentiment, body.external_id, ids
        )
        amount = self.model.contribution(body.kind, len(ids), body.sentiment)
        try:
            done = await self.repo.log_once(
                ids,
                body.external_id,
                company_ids,
                interactions=[row],
                pairs=pair_updates(self.model, [Touch(ids, body.kind, occurred_at, amount)]),
                now=moment,
                half_lives_s=self.model.half_lives_s,
                report=True,
            )
        except ConstraintError:  # the only unique key a new interaction can share
            taken = await self.repo.find_id(body.external_id) if body.external_id else None
            if taken is None:
                raise Conflict(
                    f"an interaction with external_id {body.external_id!r} exists already"
                ) from None
            return await self._replay(taken, body), False
        if done.gone:  # merged away or deleted since the check above: nothing was written
            raise NotFound(f"no person with id {done.gone[0]}", missing_ids=done.gone)
        if done.existing_id is not None:
            return await self._replay(done.existing_id, body), False
        logged = InteractionLogged(
            id=row["id"],
            kind=body.kind,
            occurred_at=occurred_at,
            summary=body.summary,
            sentiment=body.sentiment,
            participant_count=len(ids),
            external_id=body.external_id,
            participants=[Participant(id=i, name=names[i]) for i in ids],
            company_ids=company_ids,
            created_at=moment,
            updated_at=moment,
            relationships=[self._relationship(r, moment) for r in done.rows],
        )
        return logged, True

    async def _replay(self, interaction_id: str, body: InteractionCreate) -> InteractionLogged:
        """The answer to a POST whose external_id is stored already: that interaction when the
        POST says the same (kind, occurred_at, participants, summary, sentiment, companies),
        else a 409 (a client key names one interaction; a correction is a PATCH)."""
        row = await self.repo.get(interaction_id)
        if row is None or not _same(row, body):
            raise Conflict(
                f"an interaction with external_id {body.external_id!r} exists already, with "
                f"other content: {interaction_id} (correct it with PATCH)",
                existing_id=interaction_id,
            )
        moment = now()
        edges = await self.repo.pair_edges(sorted(pairs_of([p["id"] for p in row["participants"]])))
        return InteractionLogged(
            **_read(row).model_dump(),
            relationships=[self._relationship(r, moment) for r in edges],
        )

    async def _people(self, ids: list[str]) -> dict[str, str]:
        """id -> name of these people; a 404 naming those that do not exist."""
        names = await self.repo.people(ids)
        missing = [i for i in ids if i not in names]
        if missing:
            raise NotFound(f"no person with id {missing[0]}", missing_ids=missing)
        return names

    async def _companies(self, ids: list[str] | None) -> list[str]:
        """These company ids, sorted; a 404 naming those that do not exist."""
        wanted = sorted(set(ids or []))
        if not wanted:
            return []
        found = await self.repo.companies(wanted)
        missing = [i for i in wanted if i not in found]
        if missing:
            raise NotFound(f"no company with id {missing[0]}", missing_ids=missing)
        return wanted

    def _relationship(self, row: Row, at: datetime) -> Relationship:
        return to_relationship(row, self.clock.stored_state(row, at))

    def current(self, row: Row, at: datetime) -> float:
        """Strength of a stored edge at `at` >= its mass_at (exact there)."""
        return self.clock.current(row, at)

    # -- one interaction: read, correct, delete -----------------------------------------------

    async def get(self, interaction_id: str) -> Interaction:
        row = await self.repo.get(interaction_id)
        if row is None:
            raise NotFound(f"no interaction with id {interaction_id}")
        return _read(row)

    async def update(
        self, interaction_id: str, body: InteractionUpdate, if_match: str | None = None
    ) -> tuple[InteractionCorrected, str]:
        """Correct an interaction: afterwards every pair it touched (before or after) has the
        KNOWS edge it would have had, had the interaction been logged this way."""
        fields = body.model_dump(exclude_unset=True)
        for key in ("kind", "occurred_at", "participant_ids"):
            if fields.get(key, "") is None:
                fields.pop(key)  # required fields: null leaves them as they are
        new_ids = list(fields.get("participant_ids") or [])
        if "occurred_at" in fields:
            fields["occurred_at"] = _check_time(fields["occurred_at"])
        if new_ids:
            await self._people(new_ids)
        if "company_ids" in fields:
            fields["company_ids"] = await self._companies(fields["company_ids"])
        moment = now()

        def decide(current: Row) -> Correction:
            _ensure_match(interaction_id, current, if_match)
            ids = new_ids or [p["id"] for p in current["participants"]]
            kind = InteractionKind(fields["kind"] if "kind" in fields else current["kind"])
            _check_participants(kind, ids)
            props: Row = {"updated_at": moment}
            for key in ("kind", "occurred_at", "summary", "sentiment"):
                if key in fields:
                    value = fields[key]
                    props[key] = value.value if isinstance(value, InteractionKind) else value
            if new_ids:
                props["participant_count"] = len(new_ids)
            changed_people = bool(new_ids) and (
                sorted(new_ids) != sorted(p["id"] for p in current["participants"])
                or len(new_ids) != current["participant_count"]
            )
            recompute = changed_people or any(
                key in props and props[key] != current.get(key)
                for key in ("kind", "occurred_at", "sentiment")
            )
            return Correction(
                props=props,
                participant_ids=ids,
                company_ids=fields.get("company_ids", current["company_ids"]) or [],
                recompute=recompute,
            )

        done = await self.repo.correct(interaction_id, new_ids, decide, self.fold, moment)
        if done is None:
            raise NotFound(f"no interaction with id {interaction_id}")
        if done.gone:  # deleted or merged away since the check above: nothing was written
            raise NotFound(f"no person with id {done.gone[0]}", missing_ids=done.gone)
        assert done.interaction is not None
        interaction = _read(done.interaction)
        corrected = InteractionCorrected(
            **interaction.model_dump(),
            relationships=[self._relationship(r, moment) for r in done.edges],
            removed_relationship_ids=done.removed,
        )
        return corrected, entity_tag(interaction)

    async def delete(self, interaction_id: str, if_match: str | None = None) -> None:
        """Delete an interaction: afterwards its pairs' KNOWS edges are what they would be had
        it never been logged (an edge that interactions alone made and that loses its last
        interaction is deleted)."""

        def decide(current: Row) -> Correction:
            _ensure_match(interaction_id, current, if_match)
            return Correction(delete=True)

        done = await self.repo.correct(interaction_id, [], decide, self.fold, now())
        if done is None:
            raise NotFound(f"no interaction with id {interaction_id}")

    def fold(self, pairs: list[Pair], history: list[Row]) -> list[Row]:
        """set_pair_strengths' rows: each pair's stored interaction fields (mass, mass_at, last
        interaction, count) from its whole history, as logging those interactions in any order
        would have left them (StrengthModel.rebuild_from_rows)."""
        grouped: dict[Pair, list[Row]] = {pair: [] for pair in pairs}
        for row in history:
            grouped[(row["a"], row["b"])].append(row)
        out: list[Row] = []
        for (a, b), rows in grouped.items():
            mass, mass_at = self.model.rebuild_from_rows(rows)
            out.append(
                {
                    "a": a,
                    "b": b,
                    "rel_id": str(uuid.uuid4()),
                    "mass": mass,
                    "mass_at": mass_at,
                    "last_at": max((r["occurred_at"] for r in rows), default=None),
                    "count": len(rows),
                }
            )
        return out

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
            if self.clock.needs_history(row, at):
                rebuild.append(other)
            else:
                out[other] = self.clock.stored_state(row, at)
        if rebuild:
            grouped: dict[str, list[Row]] = {o: [] for o in rebuild}
            for touch in await self.repo.touches(person_id, rebuild, at):
                grouped[touch["other_id"]].append(touch)
            for other, touches in grouped.items():
                out[other] = self.clock.rebuilt_state(edges[other], touches, at)
        return out

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
        ends = [i for r in rows for i in (r["source_id"], r["target_id"])]
        cards = await person_cards(self.repo.db, ends)
        items = [
            CoolingRelationship(
                **self._relationship(r, moment).model_dump(),
                strength_at_last_interaction=round(float(r["strength"]), 12),
                inactive_days=(moment - r["last_interaction_at"]).total_seconds() / 86_400,
                source=card_or_stub(cards, r["source_id"]),
                target=card_or_stub(cards, r["target_id"]),
            )
            for r in rows
        ]
        next_cursor = (
            encode_cursor(
                {"now": moment.timestamp(), "s": rows[-1]["strength_now"], "id": rows[-1]["id"]}
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
            state = (
                states[other["id"]] if row["type"] == "KNOWS" else self.clock.stored_state(row, at)
            )
            if not state.existed:
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
                    "strength_source": state.source,
                    "last_interaction_at": state.last_interaction_at,
                    "interaction_count": state.interaction_count,
                }
            )
        out.sort(key=lambda r: (-r["strength"], r["id"]))
        return out, truncated
