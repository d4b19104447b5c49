"""Interactions in Neo4j: the only module of this domain that runs Cypher."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations
from typing import Any

from app.changes import payloads, signals
from app.db.convert import native, record_fields
from app.db.database import Database, Tx
from app.graph.edge import KNOWS_FROM_INTERACTIONS

Row = dict[str, Any]
Pair = tuple[str, str]


# The cooling list's first read: this many edges (by stored strength) per row of its page; and
# how much stronger now than the weakest stored strength read the last row of a page must be
# for the page to be final (the stored strength is computed by another formula: a margin for
# rounding).
COOLING_SCAN_PER_ROW = 16
COOLING_MARGIN = 1e-9


def _cooling_rows(found: list[list[Any]]) -> list[Row]:
    rows = [
        {**record_fields(rel), "strength": stored, "strength_now": current}
        for rel, stored, current in found
    ]
    rows.sort(key=lambda r: (-r["strength_now"], r["id"]))
    return rows


@dataclass(frozen=True, slots=True)
class Logged:
    """What log_once did: logged it (the KNOWS edges it updated), or found the external_id
    taken (`existing_id`), or found participants gone (`gone`); only the first writes."""

    rows: list[Row] = field(default_factory=list)
    existing_id: str | None = None
    gone: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Correction:
    """What a correction writes (decided on the locked, current interaction): the interaction's
    new properties, participants and companies, or its deletion; and whether its pairs'
    strengths must be recomputed (kind, time, sentiment or people changed)."""

    delete: bool = False
    props: Row = field(default_factory=dict)
    participant_ids: list[str] = field(default_factory=list)
    company_ids: list[str] = field(default_factory=list)
    recompute: bool = True


@dataclass(frozen=True, slots=True)
class Corrected:
    """The interaction after a correction (None once deleted), the KNOWS edges of the pairs it
    touched as they are now, and the ids of edges deleted for losing their last interaction;
    or, with `gone`, new participants that do not exist (nothing written)."""

    interaction: Row | None = None
    edges: list[Row] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)


# A pair's stored interaction fields from its whole history: (pairs, their history rows) ->
# rows of set_pair_strengths (InteractionService.fold).
Fold = Callable[[list[Pair], list[Row]], list[Row]]


def pairs_of(ids: list[str]) -> set[Pair]:
    return set(combinations(sorted(set(ids)), 2))


def interaction_of(row: Row) -> Row:
    """get_interaction's record -> one map: the interaction, its participants, companies."""
    return {
        **record_fields(row["interaction"]),
        "participants": row["participants"],
        "company_ids": row["company_ids"],
    }


async def lock_people(tx: Tx, ids: list[str]) -> list[str]:
    """Write-lock these people (in id order) inside tx; the ids of those that are gone."""
    wanted = sorted(set(ids))
    held = {r["id"] for r in await tx.run("lock_people", ids=wanted)}
    return [i for i in wanted if i not in held]


async def _record_correction(
    tx: Tx, interaction_id: str, after: Row | None, edges: list[Row], removed: list[str]
) -> None:
    """The change feed's records of a PATCH (after) or DELETE (after None) (app/changes): the
    interaction, its pairs' edges as they are now, edges gone with their last interaction."""
    relationships = [payloads.edge(e) for e in edges]
    if after is None:
        data: Row = {"id": interaction_id, "relationships": relationships}
        tx.record("interaction.deleted", data)
    else:
        tx.record("interaction.updated", {"interaction": after, "relationships": relationships})
    for edge_id in removed:
        tx.record("relationship.deleted", {"id": edge_id, "type": "KNOWS"})
    await signals.forget_edges(tx, removed)
    await signals.check_edges(tx, edges, "write")


class InteractionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def people(self, ids: list[str]) -> dict[str, str]:
        """id -> name for the ids that are people."""
        rows = await self.db.read("resolve_people", ids=ids)
        return {r["id"]: r["name"] for r in rows}

    async def log(self, people: list[str], **params: Any) -> tuple[list[Row], list[str]]:
        """Create the interactions and update the KNOWS edge of every pair, in one transaction
        that first write-locks the participants: (the edges, []), or, when some of them are
        gone by then (merged away, deleted), ([], those ids) and nothing is written."""

        async def work(tx: Tx) -> tuple[list[Row], list[str]]:
            missing = await lock_people(tx, people)
            if missing:
                return [], missing
            rows = await tx.run("log_interactions", new_edge=KNOWS_FROM_INTERACTIONS, **params)
            return [native(r["rel"]) for r in rows], []

        return await self.db.in_write(work)

    async def companies(self, ids: list[str]) -> set[str]:
        """The ids that are companies."""
        return {r["id"] for r in await self.db.read("resolve_companies", ids=ids)}

    async def get(self, interaction_id: str) -> Row | None:
        """The interaction with its participants ({id, name}) and company_ids, or None."""
        row = await self.db.read_one("get_interaction", id=interaction_id)
        return interaction_of(row) if row else None

    async def find_id(self, external_id: str) -> str | None:
        row = await self.db.read_one("find_interaction_id", external_id=external_id)
        return str(row["id"]) if row else None

    async def pair_edges(self, pairs: list[Pair]) -> list[Row]:
        rows = await self.db.read("pair_edges", pairs=[{"a": a, "b": b} for a, b in pairs])
        return [native(r["rel"]) for r in rows]

    async def log_once(
        self, people: list[str], external_id: str | None, company_ids: list[str], **params: Any
    ) -> Logged:
        """log() for one interaction from the API: with the participants write-locked, an
        interaction already stored under external_id is answered instead (a retry that raced
        the first try waits for it and finds it), else it is logged and tied to company_ids."""

        async def work(tx: Tx) -> Logged:
            missing = await lock_people(tx, people)
            if missing:
                return Logged(gone=missing)
            if external_id is not None:
                found = await tx.one("find_interaction_id", external_id=external_id)
                if found is not None:
                    return Logged(existing_id=str(found["id"]))
            rows = await tx.run("log_interactions", new_edge=KNOWS_FROM_INTERACTIONS, **params)
            if company_ids:
                (interaction,) = params["interactions"]
                await tx.run("link_companies", id=interaction["id"], company_ids=company_ids)
            for logged in params["interactions"]:  # the change feed (app/changes)
                tx.record(
                    "interaction.created",
                    {
                        "interaction": {**logged, "company_ids": company_ids},
                        "relationships": [payloads.edge(r["rel"]) for r in rows],
                    },
                )
            await signals.check_edges(tx, [r["rel"] for r in rows], "write")
            return Logged(rows=[native(r["rel"]) for r in rows])

        return await self.db.in_write(work)

    async def correct(
        self,
        interaction_id: str,
        people: list[str],
        decide: Callable[[Row], Correction],
        fold: Fold,
        now: datetime,
    ) -> Corrected | None:
        """Change or delete an interaction and recompute its pairs' KNOWS edges from their whole
        history, in one write transaction. Its participants, old and new (`people`), are
        write-locked first, in id order, as every logger of interactions does, then the
        interaction: concurrent logs and corrections of these pairs queue up, so none is lost.
        decide(current) sees the locked, current interaction (If-Match, rules) and says what to
        write. None when there is no such interaction."""

        async def work(tx: Tx) -> Corrected | None:
            found = await tx.one("get_interaction", id=interaction_id)
            if found is None:
                return None
            locked: set[str] = set()
            wanted = set(people) | {p["id"] for p in found["participants"]}
            while True:
                gone = await lock_people(tx, sorted(wanted - locked))
                missing = [p for p in gone if p in people]
                if missing:
                    return Corrected(gone=missing)
                locked |= wanted
                if await tx.one("lock_interaction", id=interaction_id) is None:
                    return None
                found = await tx.one("get_interaction", id=interaction_id)
                assert found is not None
                current = interaction_of(found)
                ids = {p["id"] for p in current["participants"]}
                if ids <= locked:  # a merge may have moved it to someone else meanwhile
                    break
                wanted = locked | ids
            change = decide(current)
            old_ids = [p["id"] for p in current["participants"]]
            new_ids = [] if change.delete else change.participant_ids
            pairs = sorted(pairs_of(old_ids) | pairs_of(new_ids)) if change.recompute else []
            pair_maps = [{"a": a, "b": b} for a, b in pairs]
            before = [r["rel"]["id"] for r in await tx.run("pair_edges", pairs=pair_maps)]
            if change.delete:
                await tx.run("delete_interaction", id=interaction_id)
            else:
                await tx.run(
                    "update_interaction",
                    id=interaction_id,
                    props=change.props,
                    participant_ids=change.participant_ids,
                    company_ids=change.company_ids,
                )
            edges: list[Row] = []
            if pairs:
                history = [native(r) for r in await tx.run("pair_histories", pairs=pair_maps)]
                rows = await tx.run(
                    "set_pair_strengths",
                    pairs=fold(pairs, history),
                    now=now,
                    new_edge=KNOWS_FROM_INTERACTIONS,
                )
                edges = [native(r["rel"]) for r in rows]
            after = None
            if not change.delete:
                row = await tx.one("get_interaction", id=interaction_id)
                after = interaction_of(row) if row else None
            kept = {e["id"] for e in edges}
            removed = [i for i in before if i not in kept]
            await _record_correction(tx, interaction_id, after, edges, removed)
            return Corrected(after, edges, removed)

        return await self.db.in_write(work)

    async def timeline(
        self,
        person_id: str,
        *,
        kind: str | None,
        since: datetime | None,
        until: datetime | None,
        after_at: datetime | None,
        after_id: str | None,
        limit: int,
    ) -> list[Row]:
        rows = await self.db.read(
            "list_person_interactions",
            person_id=person_id,
            kind=kind,
            since=since,
            until=until,
            after_at=after_at,
            after_id=after_id,
            limit=limit,
        )
        return [
            {
                **record_fields(r["interaction"]),
                "participants": r["participants"],
                "company_ids": r["company_ids"],
            }
            for r in rows
        ]

    async def knows_edges(self, person_id: str, other_ids: list[str]) -> dict[str, Row]:
        """other id -> the KNOWS edge between person_id and them."""
        rows = await self.db.read("person_knows_edges", person_id=person_id, other_ids=other_ids)
        return {r["other_id"]: native(r["rel"]) for r in rows}

    async def touches(self, person_id: str, other_ids: list[str], until: datetime) -> list[Row]:
        """(other_id, kind, occurred_at, participants, sentiment) of shared interactions."""
        rows = await self.db.read(
            "person_touches", person_id=person_id, other_ids=other_ids, until=until
        )
        return [native(r) for r in rows]

    async def cooling(self, *, team_only: bool, limit: int, **params: Any) -> list[Row]:
        """The first `limit` cooling KNOWS edges after the cursor in params, by their current
        strength (`strength_now`), then id; `strength` is the one at their newest interaction.
        The team's are read whole from the team's side. The others are read strongest stored
        strength first, a growing number of them (each read starts again, so at most a third
        more than the last read), until every edge of the page is stronger now than any unread
        edge can be: a page near the top reads a few thousand edges of any graph, not all."""
        if team_only:
            (team,) = await self.db.read_plain(
                "list_cooling_team_relationships", limit=limit, **params
            )
            return _cooling_rows(team["rows"])
        scan = COOLING_SCAN_PER_ROW * limit
        while True:
            (found,) = await self.db.read_plain(
                "list_cooling_relationships", limit=limit, scan=scan, **params
            )
            rows = _cooling_rows(found["rows"])
            if found["read"] < scan:  # every candidate was read
                return rows
            # an unread edge's current strength is at most its stored one, at most `floor`
            if len(rows) == limit and rows[-1]["strength_now"] > found["floor"] + COOLING_MARGIN:
                return rows
            scan *= 4

    async def person_relationships(self, person_id: str, limit: int) -> list[Row]:
        rows = await self.db.read("person_relationships", person_id=person_id, limit=limit)
        return [{**record_fields(r["rel"]), "other": native(r["other"])} for r in rows]

    async def person_exists(self, person_id: str) -> bool:
        return bool(await self.people([person_id]))
