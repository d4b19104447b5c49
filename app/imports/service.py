"""Bulk import: rows checked one by one, written in batches (one transaction each), counted.

An import is an upsert keyed by external_id. Nodes and edges whose stored fields already
equal the row are left alone and counted as unchanged, so the same import twice changes
nothing. A bad row becomes {entity, index, message}; the good rows land regardless.
"""

import asyncio
import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, TypeVar

import networkx as nx
from neo4j.exceptions import ConstraintError, Neo4jError
from pydantic import BaseModel, TypeAdapter, ValidationError

from app.common.kinds import ENDPOINTS, SYMMETRIC, Label, RelType
from app.companies.repository import stored as company_props
from app.config import Settings
from app.db.convert import now
from app.db.database import Database, Tx
from app.errors import AppError, NotFound, Unprocessable
from app.graph.edge import new_edge
from app.graph.strength import strength_model
from app.imports.dryrun import TxDatabase
from app.imports.formats import graph_payload, parse_csv, parse_json, read_graph
from app.imports.jobs import JobRegistry, Payload, Progress
from app.imports.repository import ImportRepository, KeyRaced, NodeWrites, Row
from app.imports.schemas import (
    EMPLOYMENT_FIELDS,
    CompanyRow,
    Entity,
    EventRow,
    ImportFormat,
    ImportJob,
    ImportSummary,
    InteractionRow,
    PersonRow,
    RelationshipKey,
    RelationshipRow,
    RowChange,
    RowConflict,
    RowError,
)
from app.imports.sync import ENDED, RECORD, OnConflict, Plan, answered, api_name, plan_row
from app.interactions.service import Touch, interaction_row, pair_updates
from app.people.repository import stored as person_props
from app.relationships.service import split_properties

MAX_LISTED_ERRORS = 1000
MIN_SPLIT = 50  # a batch that times out is retried as two halves down to this size
INTERACTIONS_PER_TX = 1000
# A batch that lost a race to a concurrent writer (a key taken, a participant merged away) is
# checked and written again, at most this many times in all.
RACE_ATTEMPTS = 5
FUTURE_SLACK = timedelta(days=1)

M = TypeVar("M", bound=BaseModel)


def total_rows(payload: Payload) -> int:
    return sum(len(rows) for rows in payload.values())


def _message(exc: ValidationError) -> str:
    parts = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e["loc"])
        parts.append(f"{loc}: {e['msg']}" if loc else e["msg"])
    return "; ".join(parts)


@cache
def _adapter(model: type[M]) -> TypeAdapter[list[M]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _timed_out(exc: Neo4jError) -> bool:
    code = exc.code or ""
    return "TransactionTimedOut" in code or "Terminated" in code


def _unique_key(label: Label) -> tuple[str, str]:
    """(stored unique key, the field it comes from) besides external_id, of a node label."""
    return ("email_key", "email") if label is Label.PERSON else ("domain_key", "domain")


_NODE_LABELS = (Label.PERSON, Label.COMPANY, Label.EVENT)
_NODE_ENTITIES: dict[Entity, tuple[Label, type[PersonRow] | type[CompanyRow] | type[EventRow]]] = {
    Entity.PEOPLE: (Label.PERSON, PersonRow),
    Entity.COMPANIES: (Label.COMPANY, CompanyRow),
    Entity.EVENTS: (Label.EVENT, EventRow),
}
_STORED: dict[Label, Callable[[dict[str, Any]], dict[str, Any]]] = {
    Label.PERSON: person_props,
    Label.COMPANY: company_props,
    Label.EVENT: dict,
}


def _bare(row: Row) -> Row:
    """A node row without what was looked up for it (to look it up again)."""
    return {k: v for k, v in row.items() if k not in ("id", "how")}


def _chunks(rows: Sequence[Any], size: int) -> Iterator[tuple[int, Sequence[Any]]]:
    for start in range(0, len(rows), size):
        yield start, rows[start : start + size]


@dataclass
class EdgeItem:
    """One edge an import row writes, and where to report it."""

    s: str
    t: str
    props: Row
    entity: Entity
    index: int
    external_id: str | None = None  # a people row's key (its WORKS_AT)
    key: RelationshipKey | None = None  # a relationship row's key
    prefix: str = ""  # how its fields are named in answers ("works_at." for a people row)
    via_alias: bool = False  # a merged duplicate's row: it never writes (app/imports/sync.py)


# a batch of relationship rows ready to write: groups by (type, source label), and its size
Placed = tuple[dict[tuple[RelType, Label], list[EdgeItem]], int]


class Importer:
    """One import run. `progress` is told after every batch (jobs report it)."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        progress: Progress | None = None,
        on_conflict: OnConflict = OnConflict.KEEP,
        dry_run: bool = False,
    ) -> None:
        self.repo = ImportRepository(db)
        self.model = strength_model(settings)
        self.batch = settings.relmap_import_batch_rows
        self.progress = progress
        self.overwrite = on_conflict is OnConflict.OVERWRITE
        self.dry_run = dry_run
        self.summary = ImportSummary(dry_run=dry_run)
        if dry_run:
            self.summary.changes, self.summary.change_count = [], 0
        self._changed: dict[tuple[str, int], RowChange] = {}
        self.done = 0

    # -- bookkeeping ---------------------------------------------------------------------------

    def error(self, entity: Entity | str, index: int, message: str) -> None:
        self.summary.error_count += 1
        if len(self.summary.errors) < MAX_LISTED_ERRORS:
            name = entity.value if isinstance(entity, Entity) else entity
            self.summary.errors.append(RowError(entity=name, index=index, message=message))

    def _count(self, entity: Entity, plan: Plan) -> None:
        if plan.created:
            self.summary.created.add(entity, 1)
        elif plan.changes:
            self.summary.updated.add(entity, 1)
        else:
            self.summary.unchanged.add(entity, 1)

    def _report(
        self,
        entity: Entity,
        index: int,
        plan: Plan,
        external_id: str | None = None,
        key: RelationshipKey | None = None,
        prefix: str = "",
    ) -> None:
        """The row's conflicts (always) and, in a dry run, its changes: one entry per row (a
        people row's WORKS_AT fields join its own)."""
        for c in plan.conflicts:
            self.summary.conflict_count += 1
            if len(self.summary.conflicts) < MAX_LISTED_ERRORS:
                kept = c.incoming if c.overwritten else c.relmap
                self.summary.conflicts.append(
                    RowConflict(
                        entity=entity.value,
                        index=index,
                        external_id=external_id,
                        relationship=key,
                        field=prefix + api_name(c.key),
                        kept=answered(c.key, kept),
                        incoming=answered(c.key, c.incoming),
                        relmap=answered(c.key, c.relmap),
                        reason=c.reason.value,
                        resolution="overwritten" if c.overwritten else "kept",
                    )
                )
        if not self.dry_run or not plan.touched or self.summary.changes is None:
            return
        fields = {
            prefix + api_name(k): (answered(k, old), answered(k, new))
            for k, (old, new) in plan.changes.items()
        }
        change = self._changed.get((entity.value, index))
        if change is not None:
            change.fields.update(fields)
            return
        self.summary.change_count = (self.summary.change_count or 0) + 1
        if len(self.summary.changes) < MAX_LISTED_ERRORS:
            change = RowChange(
                entity=entity.value,
                index=index,
                external_id=external_id,
                relationship=key,
                action="create" if plan.created and not prefix else "update",
                fields=fields,
            )
            self.summary.changes.append(change)
            self._changed[(entity.value, index)] = change

    def finish(self) -> ImportSummary:
        """The answer: errors, conflicts and changes sorted by entity, then row index."""

        def order(item: RowError | RowConflict | RowChange) -> tuple[str, int]:
            return item.entity, item.index

        self.summary.errors.sort(key=order)
        self.summary.conflicts.sort(key=order)
        if self.summary.changes is not None:
            self.summary.changes.sort(key=order)
        return self.summary

    async def _advance(self, rows: int) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress(self.done, self.summary.error_count)
        await asyncio.sleep(0)  # let other requests run between batches

    def _validate(
        self, entity: Entity, model: type[M], start: int, raw: Sequence[Any]
    ) -> list[tuple[int, M]]:
        """(index, row) for the rows that are valid; the others become errors. The whole chunk
        is validated in one call; only when it has errors are its rows looked at one by one."""
        try:
            # laxly: rows of CSV and graph files carry numbers and flags as text
            rows = _adapter(model).validate_python(raw, strict=False)
            return [(start + i, row) for i, row in enumerate(rows)]
        except ValidationError:
            pass
        out: list[tuple[int, M]] = []
        for i, item in enumerate(raw):
            try:
                out.append((start + i, model.model_validate(item, strict=False)))
            except ValidationError as exc:
                self.error(entity, start + i, _message(exc))
        return out

    # -- the run -------------------------------------------------------------------------------

    async def run(self, payload: Payload) -> ImportSummary:
        """Companies and people first (edges and interactions refer to them), then the rest."""
        await self._nodes(Entity.COMPANIES, payload.get(Entity.COMPANIES, []))
        await self._nodes(Entity.PEOPLE, payload.get(Entity.PEOPLE, []))
        await self._nodes(Entity.EVENTS, payload.get(Entity.EVENTS, []))
        await self._relationships(payload.get(Entity.RELATIONSHIPS, []))
        await self._interactions(payload.get(Entity.INTERACTIONS, []))
        return self.finish()

    # -- nodes ---------------------------------------------------------------------------------

    async def _nodes(self, entity: Entity, raw: Sequence[Any]) -> None:
        label, model = _NODE_ENTITIES[entity]
        key_field, what = _unique_key(label)
        seen: dict[str, int] = {}
        keys: dict[str, str] = {}  # unique key -> external_id claiming it in this import
        for start, chunk in _chunks(raw, self.batch):
            batch: list[tuple[int, Row]] = []
            employment: dict[int, PersonRow] = {}
            for index, row in self._validate(entity, model, start, chunk):
                ext = row.external_id
                if ext in seen:
                    self.error(entity, index, f"external_id {ext!r} repeats row {seen[ext]}")
                    continue
                seen[ext] = index
                fields = row.model_dump(
                    exclude_unset=True, exclude={"external_id", *EMPLOYMENT_FIELDS}
                )
                props = _STORED[label](fields)
                key = props.get(key_field)
                if key is not None:
                    if keys.get(key, ext) != ext:
                        self.error(
                            entity, index, f"{what} {fields[what]!r} is also given to {keys[key]!r}"
                        )
                        continue
                    keys[key] = ext
                if isinstance(row, PersonRow) and row.company is not None:
                    employment[index] = row
                batch.append((index, {"external_id": ext, "props": props}))
            batch = await self._found(label, batch)
            batch = await self._check_owners(entity, label, batch)
            landed = await self._write_nodes(entity, label, batch)
            await self._employment([(i, r) for i, r in employment.items() if i in landed])
            await self._advance(len(chunk))

    async def _found(self, label: Label, batch: list[tuple[int, Row]]) -> list[tuple[int, Row]]:
        """Each row with the node its key names, if any: `id` and `how` (external_id; alias: a
        merged duplicate's external_id, which names the survivor; id: relmap's own export keys
        a node without external_id by its id, and such a node is not given one)."""
        if not batch:
            return batch
        keys = sorted(r["external_id"] for _, r in batch)
        people, companies, events = (keys if label is lb else [] for lb in _NODE_LABELS)
        found = await self.repo.resolve_keys(people, companies, events)
        out = []
        for index, row in batch:
            hit = found.get((label, row["external_id"]))
            if hit is not None:
                row = {**row, "id": hit[0], "how": hit[1]}
            out.append((index, row))
        return out

    async def _check_owners(
        self, entity: Entity, label: Label, batch: list[tuple[int, Row]]
    ) -> list[tuple[int, Row]]:
        key_field, what = _unique_key(label)
        if label is Label.EVENT:
            return batch
        wanted = [r["props"][key_field] for _, r in batch if r["props"].get(key_field)]
        if not wanted:
            return batch
        owners = await self.repo.key_owners(label, wanted)
        kept = []
        for index, row in batch:
            key = row["props"].get(key_field)
            owner, owner_id = owners.get(key, (None, None))
            if owner_id is not None and owner_id != row.get("id") and owner != row["external_id"]:
                held = f"external_id {owner!r}" if owner else "no external_id"
                self.error(entity, index, f"{what} {key!r} belongs to another node ({held})")
                continue
            kept.append((index, row))
        return kept

    async def _write_nodes(
        self, entity: Entity, label: Label, batch: list[tuple[int, Row]], attempt: int = 1
    ) -> set[int]:
        """Plan and write one batch in one transaction; the indexes of the rows that landed."""
        if not batch:
            return set()
        plans: dict[int, Plan] = {}
        gone: list[int] = []

        def plan(states: dict[str, Row]) -> NodeWrites:
            plans.clear()
            gone.clear()
            writes = NodeWrites(now())
            for index, row in batch:
                stored = states.get(row["id"]) if "id" in row else None
                if "id" in row and stored is None and row["how"] != "external_id":
                    gone.append(index)  # merged away or deleted since it was looked up
                    continue
                aliases = frozenset(e.lower() for e in (stored or {}).get("alias_emails") or [])
                planned = plan_row(
                    row["props"],
                    stored,
                    overwrite=self.overwrite,
                    via_alias=row.get("how") == "alias",
                    aliases=aliases,
                )
                plans[index] = planned
                if not planned.write:
                    continue
                item = {"props": planned.write, "touch": planned.touched}
                if stored is None:
                    writes.by_key.append({"external_id": row["external_id"], **item})
                else:
                    writes.by_id.append({"id": row["id"], **item})
            return writes

        ids = sorted({r["id"] for _, r in batch if "id" in r})
        # what planning a stored node's update reads of it (sync.plan_row, the aliases above)
        fields = sorted({k for _, r in batch for k in r["props"]} | {RECORD, "alias_emails"})
        try:
            await self.repo.write_nodes(label, plan, ids, fields)
        except (ConstraintError, KeyRaced):
            # The batch was rolled back: a concurrent writer committed a node with one of its
            # keys since the check. Checked again, the rows that name another node's email or
            # domain are errors, and the others are planned again against what is stored now.
            if attempt < RACE_ATTEMPTS:
                batch = await self._found(label, [(i, _bare(r)) for i, r in batch])
                batch = await self._check_owners(entity, label, batch)
                return await self._write_nodes(entity, label, batch, attempt + 1)
            if len(batch) == 1:
                what = _unique_key(label)[1]
                self.error(
                    entity,
                    batch[0][0],
                    f"its external_id or {what} was being written by another request at the "
                    "same time; send the row again",
                )
                return set()
            half = len(batch) // 2  # find the rows that keep conflicting
            return await self._write_nodes(
                entity, label, batch[:half], attempt
            ) | await self._write_nodes(entity, label, batch[half:], attempt)
        except Neo4jError as exc:
            if not _timed_out(exc) or len(batch) < MIN_SPLIT:
                raise
            # a busy database: the batch was rolled back; smaller transactions fit the timeout
            half = len(batch) // 2
            return await self._write_nodes(
                entity, label, batch[:half], attempt
            ) | await self._write_nodes(entity, label, batch[half:], attempt)
        for index in gone:
            self.error(
                entity, index, "its node was merged away or deleted meanwhile; send the row again"
            )
        for index, row in batch:
            if index in plans:
                self._count(entity, plans[index])
                self._report(entity, index, plans[index], external_id=row["external_id"])
        return set(plans)

    async def _employment(self, rows: list[tuple[int, PersonRow]]) -> None:
        """A people row's `company` (external_id, domain or exact name), `title`, `role` and
        `department`: the person's current WORKS_AT there, created or updated. An unknown or
        ambiguous company is a row error; the person has landed anyway."""
        if not rows:
            return
        entity = Entity.PEOPLE
        keys = sorted({r.company for _, r in rows if r.company is not None})
        companies = await self.repo.companies_by_key(
            keys, [company_props({"domain": k})["domain_key"] for k in keys]
        )
        people = await self.repo.resolve_keys(sorted({r.external_id for _, r in rows}), [], [])
        groups: dict[tuple[RelType, Label], list[EdgeItem]] = {}
        for index, row in rows:
            assert row.company is not None
            _, ids = companies.get(row.company, ("name", []))
            person = people.get((Label.PERSON, row.external_id))
            if not ids:
                self.error(
                    entity,
                    index,
                    f"no company with external_id, domain or name {row.company!r} "
                    "(the person landed, without this job)",
                )
                continue
            if len(ids) > 1:
                self.error(
                    entity,
                    index,
                    f"{len(ids)} companies are named {row.company!r}: give its external_id or "
                    "domain (the person landed, without this job)",
                )
                continue
            if person is None:  # landed, then merged away or deleted at once
                continue
            works: Row = {"current": True, "until": None}  # the job is current: no end
            for name in ("title", "department"):
                if name in row.model_fields_set and getattr(row, name) is not None:
                    works[name] = getattr(row, name)
            if row.role is not None:
                works["role"] = row.role.value
            groups.setdefault((RelType.WORKS_AT, Label.PERSON), []).append(
                EdgeItem(
                    s=person[0],
                    t=ids[0],
                    props=works,
                    entity=entity,
                    index=index,
                    external_id=row.external_id,
                    prefix="works_at.",
                    via_alias=person[1] == "alias",
                )
            )
        init = self._init(RelType.WORKS_AT)
        for (rel_type, source), items in groups.items():
            await self._write_edges(rel_type, source, items, init)

    # -- relationships -------------------------------------------------------------------------

    async def _relationships(self, raw: Sequence[Any]) -> None:
        """Batch by batch; the next batch's rows are checked and their endpoints looked up
        while this one's are written (a read in its own transaction either way), except in a
        dry run, whose one transaction runs one statement at a time."""
        entity = Entity.RELATIONSHIPS
        seen: dict[tuple[str, str, str], int] = {}
        inits: dict[RelType, Row] = {t: self._init(t) for t in RelType}

        async def prepare(start: int, chunk: Sequence[Any]) -> Placed:
            rows: list[tuple[int, RelationshipRow, Row]] = []
            for index, row in self._validate(entity, RelationshipRow, start, chunk):
                prepared = self._edge(index, row, seen)
                if prepared is not None:
                    rows.append((index, row, prepared))
            return await self._place(rows), len(chunk)

        async def write(placed: Placed) -> None:
            groups, size = placed
            for (rel_type, source), items in groups.items():
                await self._write_edges(rel_type, source, items, inits[rel_type])
            await self._advance(size)

        chunks = _chunks(raw, self.batch)
        if self.dry_run:
            for start, chunk in chunks:
                await write(await prepare(start, chunk))
            return
        ahead: asyncio.Task[Placed] | None = None  # the next batch, prepared meanwhile
        try:
            for start, chunk in chunks:
                current, ahead = ahead, asyncio.create_task(prepare(start, chunk))
                if current is not None:
                    await write(await current)
            current, ahead = ahead, None
            if current is not None:
                await write(await current)
        finally:
            if ahead is not None:  # a write failed (or the job was cancelled): drop the next
                ahead.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await ahead

    def _edge_raced(self, item: EdgeItem) -> None:
        self.error(
            item.entity,
            item.index,
            "an endpoint of its relationship was deleted or merged by another request at the "
            "same time; send the row again",
        )

    async def _write_edges(
        self, rel_type: RelType, source: Label, items: list[EdgeItem], init: Row
    ) -> None:
        """Write the edges of one type from one label in one transaction; counted as
        relationships, reported on the row that gave them."""
        works_at = rel_type is RelType.WORKS_AT

        def planned(item: EdgeItem, stored: Row | None) -> Plan:
            return plan_row(
                item.props,
                stored,
                overwrite=self.overwrite,
                works_at=works_at,
                via_alias=item.via_alias,
            )

        fresh = [planned(item, None) for item in items]  # each edge as created, if it is
        updates: dict[int, Plan] = {}

        def plan(stored: dict[int, Row]) -> list[Row]:
            updates.clear()
            out = []
            for i, state in stored.items():
                item, update = items[i], planned(items[i], state)
                updates[i] = update
                if update.write:
                    out.append(
                        {"s": item.s, "t": item.t, "props": update.write, "touch": update.touched}
                    )
            return out

        rows = [
            {"s": item.s, "t": item.t, "props": new.write}
            for item, new in zip(items, fresh, strict=True)
        ]
        # what planning an existing edge's update reads of it (sync.plan_row)
        fields = sorted({k for item in items for k in item.props} | {RECORD, *ENDED})
        try:
            done = await self.repo.write_edges(rel_type, source, rows, fields, plan, init, now())
        except Neo4jError as exc:
            if not _timed_out(exc) or len(items) < MIN_SPLIT:
                raise
            half = len(items) // 2  # rolled back: retry in two smaller transactions
            await self._write_edges(rel_type, source, items[:half], init)
            await self._write_edges(rel_type, source, items[half:], init)
            return
        for i, item in enumerate(items):
            if i in done.gone:
                self._edge_raced(item)
                continue
            result = fresh[i] if i in done.created else updates[i]
            self._count(Entity.RELATIONSHIPS, result)
            self._report(
                item.entity,
                item.index,
                result,
                external_id=item.external_id,
                key=item.key,
                prefix=item.prefix,
            )

    @staticmethod
    def _init(rel_type: RelType) -> Row:
        """What a new edge of this type stores before the row's own fields."""
        init = {**split_properties(rel_type, {}), **new_edge(rel_type)}
        return {k: v for k, v in init.items() if v is not None}

    def _edge(
        self, index: int, row: RelationshipRow, seen: dict[tuple[str, str, str], int]
    ) -> Row | None:
        entity = Entity.RELATIONSHIPS
        s, t = row.source_external_id, row.target_external_id
        labels = ENDPOINTS[row.type]
        if s == t and all(a == b for a, b in labels):
            self.error(entity, index, "a relationship needs two different endpoints")
            return None
        a, b = sorted((s, t)) if row.type in SYMMETRIC else (s, t)
        key = (row.type.value, a, b)
        if key in seen:
            self.error(entity, index, f"the same {row.type} edge is given at row {seen[key]}")
            return None
        seen[key] = index
        props: Row = {}
        if row.properties is not None:
            try:
                props.update(split_properties(row.type, row.properties))
            except AppError as exc:
                issues = exc.extra.get("errors") or []
                where = "; ".join(f"{'.'.join(e['loc'][2:])}: {e['msg']}" for e in issues)
                self.error(entity, index, f"{exc.detail}: {where}" if where else exc.detail)
                return None
        if row.strength is not None:
            props["strength_base"] = row.strength
            props["strength_source"] = "manual"
        return {"s": s, "t": t, "props": props}

    async def _place(
        self, rows: list[tuple[int, RelationshipRow, Row]]
    ) -> dict[tuple[RelType, Label], list[EdgeItem]]:
        """Which statement each row goes to (by type and source label), with its endpoints'
        ids; rows whose endpoints do not exist become errors. INVESTED_IN's source is a person
        first, else a company. A key names the node with that external_id, else the node with
        that id that has none (relmap's own export)."""
        keys: dict[Label, set[str]] = {label: set() for label in _NODE_LABELS}
        for _, row, _ in rows:
            for source, target in ENDPOINTS[row.type]:
                keys[source].add(row.source_external_id)
                keys[target].add(row.target_external_id)
        found = (
            await self.repo.resolve_keys(*(sorted(keys[label]) for label in _NODE_LABELS))
            if rows
            else {}
        )
        groups: dict[tuple[RelType, Label], list[EdgeItem]] = {}
        for index, row, prepared in rows:
            pairs = sorted(ENDPOINTS[row.type], key=lambda p: p[0] is not Label.PERSON)
            placed = False
            for source, target in pairs:
                s = found.get((source, row.source_external_id))
                t = found.get((target, row.target_external_id))
                if s is not None and t is not None:
                    if s[0] == t[0]:
                        break  # two keys of one node: reported below
                    key = RelationshipKey(
                        type=row.type.value,
                        source_external_id=row.source_external_id,
                        target_external_id=row.target_external_id,
                    )
                    groups.setdefault((row.type, source), []).append(
                        EdgeItem(
                            s[0], t[0], prepared["props"], Entity.RELATIONSHIPS, index, key=key
                        )
                    )
                    placed = True
                    break
            if not placed:
                self.error(Entity.RELATIONSHIPS, index, self._missing(row, found))
        return groups

    @staticmethod
    def _missing(row: RelationshipRow, found: dict[tuple[Label, str], tuple[str, str]]) -> str:
        sources = {s for s, _ in ENDPOINTS[row.type]}
        targets = {t for _, t in ENDPOINTS[row.type]}
        if not any((label, row.source_external_id) in found for label in sources):
            kind = " or ".join(sorted(s.value for s in sources)).lower()
            return f"no {kind} with external_id {row.source_external_id!r} (source)"
        if not any((label, row.target_external_id) in found for label in targets):
            kind = " or ".join(sorted(t.value for t in targets)).lower()
            return f"no {kind} with external_id {row.target_external_id!r} (target)"
        return "a relationship needs two different endpoints"

    # -- interactions --------------------------------------------------------------------------

    async def _interactions(self, raw: Sequence[Any]) -> None:
        entity = Entity.INTERACTIONS
        seen: dict[str, int] = {}
        for start, chunk in _chunks(raw, self.batch):
            rows: list[tuple[int, InteractionRow]] = []
            moment = now()
            for index, row in self._validate(entity, InteractionRow, start, chunk):
                if row.external_id in seen:
                    self.error(
                        entity,
                        index,
                        f"external_id {row.external_id!r} repeats row {seen[row.external_id]}",
                    )
                    continue
                seen[row.external_id] = index
                if len(set(row.participant_external_ids)) < 2:
                    self.error(entity, index, "an interaction needs two different participants")
                    continue
                if row.occurred_at > moment + FUTURE_SLACK:
                    self.error(entity, index, "occurred_at is more than a day in the future")
                    continue
                rows.append((index, row))
            await self._log(rows, moment)
            await self._advance(len(chunk))

    async def _log(
        self, rows: list[tuple[int, InteractionRow]], moment: datetime, attempt: int = 1
    ) -> None:
        if not rows:
            return
        entity = Entity.INTERACTIONS
        stored = await self.repo.interactions([r.external_id for _, r in rows])
        names = sorted({p for _, r in rows for p in r.participant_external_ids})
        ids = {ext: i for (label, ext), i in (await self.repo.resolve(names, [])).items()}
        todo: list[tuple[int, InteractionRow, Row, Touch]] = []
        for index, row in rows:
            if row.external_id in stored:
                if self._same_interaction(row, stored[row.external_id], ids):
                    self.summary.unchanged.add(entity, 1)
                else:
                    self.error(
                        entity,
                        index,
                        f"interaction {row.external_id!r} exists with other content; "
                        "interactions are not changed by an import",
                    )
                continue
            people = list(dict.fromkeys(row.participant_external_ids))
            missing = [p for p in people if p not in ids]
            if missing:
                self.error(entity, index, f"no person with external_id {missing[0]!r}")
                continue
            # two external ids of one person (one an alias of a merged duplicate) are one
            participants = list(dict.fromkeys(ids[p] for p in people))
            if len(participants) < 2:
                self.error(entity, index, "an interaction needs two different participants")
                continue
            todo.append((index, row, *self._logged(row, participants)))
        for start in range(0, len(todo), INTERACTIONS_PER_TX):
            batch = todo[start : start + INTERACTIONS_PER_TX]
            try:
                written = await self.repo.log_interactions(
                    people=sorted({p for _, _, node, _ in batch for p in node["participant_ids"]}),
                    interactions=[node for _, _, node, _ in batch],
                    pairs=pair_updates(self.model, [touch for _, _, _, touch in batch]),
                    now=moment,
                    half_lives_s=self.model.half_lives_s,
                    report=False,
                )
            except ConstraintError:
                written = False  # another request logged one of these external ids meanwhile
            if written:
                self.summary.created.add(entity, len(batch))
                continue
            # Nothing of this batch was written: another request got there first (or merged
            # a participant away). Look again at it and the rest: what is stored now is
            # unchanged (or an error), a participant gone is an error, the others are logged.
            rest = [(index, row) for index, row, _, _ in todo[start:]]
            if attempt < RACE_ATTEMPTS:
                await self._log(rest, moment, attempt + 1)
            else:
                for index, _ in rest:
                    self.error(
                        entity,
                        index,
                        "other requests kept writing the same interactions or people at the "
                        "same time; send the row again",
                    )
            return

    @staticmethod
    def _same_interaction(row: InteractionRow, stored: Row, ids: dict[str, str]) -> bool:
        """The same content: its participants compared by the person each key names now (a
        merged duplicate's key names the survivor)."""
        return (
            stored["kind"] == row.kind.value
            and stored["occurred_at"] == row.occurred_at
            and set(stored["participants"])
            == {ids.get(p, f"?{p}") for p in row.participant_external_ids}
            and stored.get("summary") == row.summary
            and stored.get("sentiment") == row.sentiment
        )

    def _logged(self, row: InteractionRow, ids: list[str]) -> tuple[Row, Touch]:
        """The interaction's row in log_interactions (the interactions domain's statement),
        and its touch for the pairs."""
        occurred_at = row.occurred_at.astimezone(UTC)
        node = interaction_row(
            row.kind, occurred_at, row.summary, row.sentiment, row.external_id, ids
        )
        amount = self.model.contribution(row.kind, len(ids), row.sentiment)
        return node, Touch(ids, row.kind, occurred_at, amount)


# -- the request side --------------------------------------------------------------------------

_CONTENT_TYPES: dict[str, ImportFormat] = {
    "application/json": ImportFormat.JSON,
    "text/csv": ImportFormat.CSV,
    "application/csv": ImportFormat.CSV,
    "application/graphml+xml": ImportFormat.GRAPHML,
    "application/gexf+xml": ImportFormat.GEXF,
}


def import_format(
    content_type: str | None, fmt: ImportFormat | None, entity: Entity | None
) -> ImportFormat:
    """?format= wins; else ?entity= means CSV; else the Content-Type; else JSON."""
    if fmt is not None:
        return fmt
    if entity is not None:
        return ImportFormat.CSV
    media = (content_type or "").split(";")[0].strip().lower()
    return _CONTENT_TYPES.get(media, ImportFormat.JSON)


def parse(body: bytes, fmt: ImportFormat, entity: Entity | None) -> tuple[Payload, list[RowError]]:
    """The body -> rows per entity, and errors found before any row is checked (graph nodes
    that are neither a person nor a company)."""
    if fmt is ImportFormat.JSON:
        if entity is not None:
            raise Unprocessable(
                "?entity= is for CSV bodies; a JSON body names its entities itself",
                errors=[{"loc": ["query", "entity"], "msg": "only with CSV"}],
            )
        parsed = parse_json(body)
        if not isinstance(parsed, nx.Graph):
            return parsed, []
        graph = parsed
    elif fmt is ImportFormat.CSV:
        return parse_csv(body, entity), []
    else:
        graph = read_graph(body, fmt)
    payload, bad = graph_payload(graph)
    return payload, [RowError(entity="nodes", index=i, message=m) for i, m in bad]


class _RolledBack(Exception):
    """Ends a dry run's transaction, so that nothing it wrote is kept."""

    def __init__(self, summary: ImportSummary) -> None:
        super().__init__("dry run")
        self.summary = summary


class ImportService:
    def __init__(self, db: Database, settings: Settings, jobs: JobRegistry) -> None:
        self.db = db
        self.settings = settings
        self.jobs = jobs

    async def run(
        self,
        payload: Payload,
        early: list[RowError],
        background: bool,
        on_conflict: OnConflict = OnConflict.KEEP,
        dry_run: bool = False,
    ) -> ImportSummary | ImportJob:
        total = total_rows(payload)
        if dry_run:
            return await self._dry_run(payload, early, on_conflict, total)
        importer = Importer(self.db, self.settings, on_conflict=on_conflict)
        for e in early:
            importer.error(e.entity, e.index, e.message)
        if background or total > self.settings.relmap_import_job_rows:
            return await self.jobs.start(total, importer, payload)
        return await importer.run(payload)

    async def _dry_run(
        self, payload: Payload, early: list[RowError], on_conflict: OnConflict, total: int
    ) -> ImportSummary:
        """The import, run for real inside one transaction that is then rolled back: its answer
        is the one the import would give (later rows see what earlier rows would write), and
        nothing is kept. Never a job: above the job size it is refused."""
        limit = self.settings.relmap_import_job_rows
        if total > limit:
            raise Unprocessable(
                f"a dry run takes at most {limit} rows (it runs in one transaction); "
                f"this import has {total}: split it",
                errors=[{"loc": ["query", "dry_run"], "msg": f"at most {limit} rows"}],
            )

        async def work(tx: Tx) -> None:
            # a new importer per attempt: the driver may run this again after a transient error
            importer = Importer(
                TxDatabase(self.db, tx), self.settings, on_conflict=on_conflict, dry_run=True
            )
            for e in early:
                importer.error(e.entity, e.index, e.message)
            raise _RolledBack(await importer.run(payload))

        try:
            await self.db.in_write(work)
        except _RolledBack as done:
            return done.summary
        raise AssertionError("a dry run always rolls back")  # pragma: no cover

    async def job(self, job_id: str) -> ImportJob:
        job = await self.jobs.get(job_id)
        if job is None:
            raise NotFound(f"no import job {job_id}")
        return job
