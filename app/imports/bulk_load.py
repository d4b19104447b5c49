"""`make load FILE=...`: the first load of an empty database through Neo4j's offline importer.

The file is what POST /v1/import takes (a JSON body {people, companies, events, relationships,
interactions}, or a directory of per-entity files: <entity>.json, .jsonl or .csv). Its rows are
checked and planned exactly as an online import of it into an empty graph would do (the same row
models, app/imports/sync.py's plan_row and import record, the edge defaults of app/graph/edge.py,
the strength model of app/graph/strength.py and the interactions' pair folding of
app/interactions/service.py), and what the online import would store is written as the CSV of
`neo4j-admin database import full` (integer importer ids; relmap's ids are properties; the
relationship files written by two processes). Then the managed server (scripts/neo4j.sh) is
stopped (a new or wiped instance is not started only to be asked whether it is empty), the
importer run and the server started again. The one thing the importer cannot write is an empty
list: the `tags` of nodes without tags are set to [] next, and relmap's schema is applied last
(its indexes built once, over the final tags).

Rows are checked in bulk: one JSON encoding of a list finds what the row models' per-row walk
(Strict._storable: NaN, infinities, lone surrogates) would, and a list without any is validated
by the same models without that walk; any other list goes through the models as they are.

A database that holds any person, company, event or interaction is refused: this is for the first
load only (later imports go through POST /v1/import, which upserts).

    python -m app.imports.bulk_load FILE [--csv-dir DIR] [--keep-csv] [--dry-run]
"""

import argparse
import asyncio
import gc
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from app.common.kinds import ENDPOINTS, SYMMETRIC, Label, RelType
from app.companies.repository import stored as company_props
from app.config import Settings, get_settings
from app.db.convert import now
from app.db.database import Database
from app.db.queries import QueryRegistry
from app.errors import AppError
from app.graph.edge import KNOWS_FROM_INTERACTIONS, new_edge
from app.graph.strength import StrengthModel, strength_model
from app.imports.schemas import (
    EMPLOYMENT_FIELDS,
    CompanyRow,
    Entity,
    EventRow,
    ImportFormat,
    InteractionRow,
    PersonRow,
    RelationshipRow,
)
from app.imports.sync import RECORD, plan_row
from app.interactions.service import Touch, interaction_row, pair_updates
from app.people.repository import stored as person_props
from app.relationships.service import split_properties

ROOT = Path(__file__).resolve().parents[2]
NEO4J_SH = ROOT / "scripts" / "neo4j.sh"
ARRAY_DELIMITER = "\x1f"  # ASCII unit separator: never in a tag (refused if it is)
FUTURE_SLACK = timedelta(days=1)
INTERACTIONS_PER_TX = 1000  # app/imports/service.py: interactions are folded per transaction
CHUNK_ROWS = 50_000  # rows read, validated and planned at a time
Row = dict[str, Any]
EdgeKey = tuple[str, str, str]  # (type, start id, end id)
M = TypeVar("M", bound=BaseModel)


class LoadError(Exception):
    """A reason not to load (said to the operator, nothing changed)."""


# -- reading the file ---------------------------------------------------------------------------


class JsonLines:
    """A .jsonl file's rows, read a chunk at a time: a large load never holds them all."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def chunks(self, size: int) -> Iterator[list[Any]]:
        chunk: list[Any] = []
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    chunk.append(json.loads(line))
                    if len(chunk) == size:
                        yield chunk
                        chunk = []
        if chunk:
            yield chunk


Rows = Sequence[Any] | JsonLines
Source = Mapping[Entity, Rows]


def _chunks(rows: Rows, size: int) -> Iterator[tuple[int, Sequence[Any]]]:
    """(index of its first row, rows) of each chunk of at most size rows, in order."""
    if isinstance(rows, JsonLines):
        start = 0
        for chunk in rows.chunks(size):
            yield start, chunk
            start += len(chunk)
        return
    for start in range(0, len(rows), size):
        yield start, rows[start : start + size]


def read_payload(path: Path) -> Source:
    """A JSON import body, or a directory of <entity>.json / .jsonl / .csv files (a .jsonl file
    is read as it is planned, a chunk at a time)."""
    from app.imports.service import parse

    if path.is_file():
        fmt = ImportFormat.CSV if path.suffix == ".csv" else ImportFormat.JSON
        entity = Entity(path.stem) if fmt is ImportFormat.CSV else None
        body, early = parse(path.read_bytes(), fmt, entity)
        if early:
            raise LoadError(f"{len(early)} nodes are neither people nor companies")
        return body
    if not path.is_dir():
        raise LoadError(f"{path}: no such file or directory")
    payload: dict[Entity, Rows] = {}
    for entity in Entity:
        for suffix in (".jsonl", ".json", ".csv"):
            part = path / f"{entity.value}{suffix}"
            if not part.exists():
                continue
            if suffix == ".jsonl":
                payload[entity] = JsonLines(part)
            elif suffix == ".json":
                payload[entity] = json.loads(part.read_text())
            else:
                payload.update(parse(part.read_bytes(), ImportFormat.CSV, entity)[0])
            break
    return payload


# -- planning: what an online import of the file into an empty graph stores --------------------


@dataclass
class Plan:
    """The graph to write: nodes by label (id -> stored props), edges, and errors.

    An edge is kept as what it holds beyond its type's base (the props every new edge of the
    type starts with, and the load's timestamps): None for a base value it does not hold. Most
    edges hold one or two values of their own, so a large load fits in memory; edge_props gives
    the whole. Its id is drawn when it is written."""

    now: datetime
    nodes: dict[Label, dict[str, Row]] = field(default_factory=dict)
    by_key: dict[tuple[Label, str], str] = field(default_factory=dict)  # external_id -> id
    edges: dict[EdgeKey, Row] = field(default_factory=dict)  # (type, s, t) -> its own values
    interactions: dict[str, Row] = field(default_factory=dict)
    participations: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, int, str]] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # one copy of each import record
    bases: dict[str, Row] = field(default_factory=dict)

    def base(self, rel_type: str) -> Row:
        base = self.bases.get(rel_type)
        if base is None:
            times = {"created_at": self.now, "updated_at": self.now}
            base = self.bases[rel_type] = {**_new_edge_props(RelType(rel_type)), **times}
        return base

    def edge_props(self, key: EdgeKey) -> Row:
        """What the edge holds (but its id)."""
        props = {**self.base(key[0]), **self.edges[key]}
        return {k: v for k, v in props.items() if v is not None}

    def error(self, entity: Entity, index: int, message: str) -> None:
        self.errors.append((entity.value, index, message))

    def count(self, entity: Entity) -> None:
        self.created[entity.value] = self.created.get(entity.value, 0) + 1

    def edge(self, rel_type: RelType, s: str, t: str) -> EdgeKey | None:
        """The key of the stored edge of this type between s and t (either way if symmetric)."""
        key = (rel_type.value, s, t)
        if key in self.edges:
            return key
        back = (rel_type.value, t, s)
        if rel_type in SYMMETRIC and back in self.edges:
            return back
        return None


def _message(exc: ValidationError) -> str:
    parts = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e["loc"])
        parts.append(f"{loc}: {e['msg']}" if loc else e["msg"])
    return "; ".join(parts)


def _storable(raw: Sequence[Any]) -> bool:
    """Whether no row holds a number that is not finite or text that is not valid Unicode:
    what Strict._storable (json_problem) checks row by row, checked for all rows at once by the
    JSON encoder (allow_nan=False refuses NaN and infinities, UTF-8 a lone surrogate, in values
    and keys alike). False also for anything JSON cannot hold: those rows take the model's own
    check."""
    try:
        json.dumps(raw, allow_nan=False, ensure_ascii=False).encode()
    except (TypeError, ValueError, RecursionError):
        return False
    return True


@cache
def _checked_model(model: type[M]) -> type[M]:
    """The row model without its per-row storable walk, for rows _storable passed: the same
    fields, validators and messages (the walk finds nothing in them)."""

    def storable(cls: type[M], data: Any) -> Any:
        return data

    return type(model.__name__, (model,), {"_storable": classmethod(storable)})


@cache
def _adapter(model: type[M]) -> TypeAdapter[list[M]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _valid(
    plan: Plan, entity: Entity, model: type[M], raw: Sequence[Any], start: int = 0
) -> Iterator[tuple[int, M]]:
    """(index, row) of the valid rows, validated as the import does (laxly); others are errors.
    start: the index of raw's first row."""
    if _storable(raw):
        model = _checked_model(model)
    try:
        yield from enumerate(_adapter(model).validate_python(raw, strict=False), start)
        return
    except ValidationError:
        pass
    for index, item in enumerate(raw, start):
        try:
            yield index, model.model_validate(item, strict=False)
        except ValidationError as exc:
            plan.error(entity, index, _message(exc))


def _valid_rows(plan: Plan, entity: Entity, model: type[M], rows: Rows) -> Iterator[tuple[int, M]]:
    """_valid over the rows, CHUNK_ROWS at a time."""
    for start, chunk in _chunks(rows, CHUNK_ROWS):
        yield from _valid(plan, entity, model, chunk, start)


def _new_node(plan: Plan, label: Label, ext: str, props: Row) -> str:
    """A node as upsert_people / upsert_companies / upsert_events create it."""
    defaults: Row = {"tags": [], "attributes_json": "{}"}
    if label is Label.PERSON:
        defaults["is_team"] = False
    if label is Label.EVENT:
        defaults = {}
    planned = plan_row(props, None, overwrite=False)
    node_id = str(uuid.uuid4())
    stored = {**defaults, "external_id": ext, **planned.write}
    stored = {k: v for k, v in stored.items() if v is not None}
    stored.update(id=node_id, created_at=plan.now)
    if label is not Label.EVENT:
        stored["updated_at"] = plan.now
    plan.nodes.setdefault(label, {})[node_id] = stored
    plan.by_key[(label, ext)] = node_id
    return node_id


_MODELS: dict[Entity, tuple[Label, type[PersonRow] | type[CompanyRow] | type[EventRow]]] = {
    Entity.PEOPLE: (Label.PERSON, PersonRow),
    Entity.COMPANIES: (Label.COMPANY, CompanyRow),
    Entity.EVENTS: (Label.EVENT, EventRow),
}


def _nodes(plan: Plan, entity: Entity, raw: Rows) -> list[tuple[int, PersonRow]]:
    """Create the nodes; the people rows that name a company (their WORKS_AT comes next)."""
    label, model = _MODELS[entity]
    key_field, what = ("email_key", "email") if label is Label.PERSON else ("domain_key", "domain")
    seen: dict[str, int] = {}
    keys: dict[str, str] = {}
    employment = []
    for index, row in _valid_rows(plan, entity, model, raw):
        ext = row.external_id
        if ext in seen:
            plan.error(entity, index, f"external_id {ext!r} repeats row {seen[ext]}")
            continue
        seen[ext] = index
        fields = row.model_dump(exclude_unset=True, exclude={"external_id", *EMPLOYMENT_FIELDS})
        props = (
            person_props(fields)
            if label is Label.PERSON
            else company_props(fields)
            if label is Label.COMPANY
            else dict(fields)
        )
        key = props.get(key_field) if label is not Label.EVENT else None
        if key is not None:
            if keys.get(key, ext) != ext:
                plan.error(entity, index, f"{what} {fields[what]!r} is also given to {keys[key]!r}")
                continue
            keys[key] = ext
        _new_node(plan, label, ext, props)
        plan.count(entity)
        if isinstance(row, PersonRow) and row.company is not None:
            employment.append((index, row))
    return employment


@cache
def _new_edge_props(rel_type: RelType) -> Row:
    """What a new edge of this type holds before its row is written (the same for every edge
    of the type: worked out once)."""
    init = {**split_properties(rel_type, {}), **new_edge(rel_type)}
    return {k: v for k, v in init.items() if v is not None}


def _write_edge(plan: Plan, rel_type: RelType, s: str, t: str, props: Row) -> EdgeKey | None:
    """An edge as the claim_* and update_claimed_* statements write it: planned against the edge
    stored so far (a people row's WORKS_AT and a relationship row may name the same one). Its
    key if the row created it. (updated_at is the load's time whatever the row touches: the
    base's.)"""
    key = plan.edge(rel_type, s, t)
    stored = plan.edge_props(key) if key else None
    planned = plan_row(props, stored, overwrite=False, works_at=rel_type is RelType.WORKS_AT)
    if key is None:
        key = (rel_type.value, s, t)
        plan.edges[key] = {}
    own = plan.edges[key]
    own.update(planned.write)  # a None: a value the edge no longer holds
    record = own.get(RECORD)
    if record is not None:
        own[RECORD] = plan.texts.setdefault(record, record)
    if planned.write.get("strength_base") is not None:
        own["strength"] = StrengthModel.stored(planned.write["strength_base"], own.get("mass"))
    return key if planned.created else None


def _employment(plan: Plan, rows: list[tuple[int, PersonRow]]) -> None:
    """A people row's company: its current WORKS_AT, as Importer._employment writes it."""
    companies = plan.nodes.get(Label.COMPANY, {})
    by_key: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    for cid, c in companies.items():
        by_key[c["external_id"]] = cid
        if c.get("domain_key"):
            by_key.setdefault(c["domain_key"], cid)
        by_name.setdefault(c["name"], []).append(cid)
    for index, row in rows:
        assert row.company is not None
        domain_key = company_props({"domain": row.company}).get("domain_key")
        hit = by_key.get(row.company) or (by_key.get(domain_key) if domain_key else None)
        ids = [hit] if hit else sorted(by_name.get(row.company, []))
        if not ids:
            plan.error(
                Entity.PEOPLE,
                index,
                f"no company with external_id, domain or name {row.company!r} "
                "(the person landed, without this job)",
            )
            continue
        if len(ids) > 1:
            plan.error(
                Entity.PEOPLE,
                index,
                f"{len(ids)} companies are named {row.company!r}: give its external_id or "
                "domain (the person landed, without this job)",
            )
            continue
        works: Row = {"current": True, "until": None}
        for name in ("title", "department"):
            if name in row.model_fields_set and getattr(row, name) is not None:
                works[name] = getattr(row, name)
        if row.role is not None:
            works["role"] = row.role.value
        person = plan.by_key[(Label.PERSON, row.external_id)]
        if _write_edge(plan, RelType.WORKS_AT, person, ids[0], works):
            plan.count(Entity.RELATIONSHIPS)


def _ends(plan: Plan, row: RelationshipRow) -> tuple[str, str] | None:
    """The ids of the row's endpoints: the first pair of its type's labels that both are."""
    labels = ENDPOINTS[row.type]
    for source, target in sorted(labels, key=lambda p: p[0] is not Label.PERSON):
        s = plan.by_key.get((source, row.source_external_id))
        t = plan.by_key.get((target, row.target_external_id))
        if s is not None and t is not None:
            return s, t
    return None


def _relationships(plan: Plan, raw: Rows) -> None:
    """The rows' edges. A row that names an edge an earlier row named is an error: found by the
    edge's key when both ends are known (one small entry per row, the key shared with the
    edge), else by the external ids."""
    entity = Entity.RELATIONSHIPS
    seen: dict[EdgeKey, int] = {}
    for index, row in _valid_rows(plan, entity, RelationshipRow, raw):
        s_ext, t_ext = row.source_external_id, row.target_external_id
        if s_ext == t_ext and all(a == b for a, b in ENDPOINTS[row.type]):
            plan.error(entity, index, "a relationship needs two different endpoints")
            continue
        ends = _ends(plan, row)
        if ends is None:
            a, b = sorted((s_ext, t_ext)) if row.type in SYMMETRIC else (s_ext, t_ext)
            key: EdgeKey = ("?" + row.type.value, a, b)
        else:
            key = (row.type.value, *ends)
        first = seen.get(key)
        if first is None and ends is not None and row.type in SYMMETRIC:
            first = seen.get((key[0], key[2], key[1]))
        if first is not None:
            plan.error(entity, index, f"the same {row.type} edge is given at row {first}")
            continue
        props: Row = {}
        if row.properties is not None:
            try:
                props.update(split_properties(row.type, row.properties))
            except AppError as exc:
                issues = exc.extra.get("errors") or []
                where = "; ".join(f"{'.'.join(e['loc'][2:])}: {e['msg']}" for e in issues)
                plan.error(entity, index, f"{exc.detail}: {where}" if where else exc.detail)
                seen[key] = index
                continue
        if row.strength is not None:
            props["strength_base"] = row.strength
            props["strength_source"] = "manual"
        if ends is None or ends[0] == ends[1]:
            seen[key] = index
            plan.error(entity, index, _missing(plan, row))
            continue
        created = _write_edge(plan, row.type, *ends, props)
        if created:
            plan.count(entity)
        seen[created or key] = index


def _missing(plan: Plan, row: RelationshipRow) -> str:
    sources = {s for s, _ in ENDPOINTS[row.type]}
    targets = {t for _, t in ENDPOINTS[row.type]}
    if not any((label, row.source_external_id) in plan.by_key for label in sources):
        kind = " or ".join(sorted(s.value for s in sources)).lower()
        return f"no {kind} with external_id {row.source_external_id!r} (source)"
    if not any((label, row.target_external_id) in plan.by_key for label in targets):
        kind = " or ".join(sorted(t.value for t in targets)).lower()
        return f"no {kind} with external_id {row.target_external_id!r} (target)"
    return "a relationship needs two different endpoints"


def _interactions(plan: Plan, model: StrengthModel, raw: Rows, batch: int) -> None:
    """Interaction nodes and their pairs' KNOWS strengths, folded in the same batches as
    Importer._interactions / log_interactions fold them (so the floating-point sums match)."""
    entity = Entity.INTERACTIONS
    seen: dict[str, int] = {}
    half = model.half_lives_s
    for start, chunk in _chunks(raw, batch):
        todo: list[tuple[Row, Touch]] = []
        for index, row in _valid(plan, entity, InteractionRow, chunk, start):
            if row.external_id in seen:
                plan.error(
                    entity,
                    index,
                    f"external_id {row.external_id!r} repeats row {seen[row.external_id]}",
                )
                continue
            seen[row.external_id] = index
            if len(set(row.participant_external_ids)) < 2:
                plan.error(entity, index, "an interaction needs two different participants")
                continue
            if row.occurred_at > plan.now + FUTURE_SLACK:
                plan.error(entity, index, "occurred_at is more than a day in the future")
                continue
            people = list(dict.fromkeys(row.participant_external_ids))
            missing = [p for p in people if (Label.PERSON, p) not in plan.by_key]
            if missing:
                plan.error(entity, index, f"no person with external_id {missing[0]!r}")
                continue
            ids = list(dict.fromkeys(plan.by_key[(Label.PERSON, p)] for p in people))
            occurred_at = row.occurred_at.astimezone(UTC)
            node = interaction_row(
                row.kind, occurred_at, row.summary, row.sentiment, row.external_id, ids
            )
            amount = model.contribution(row.kind, len(ids), row.sentiment)
            todo.append((node, Touch(ids, row.kind, occurred_at, amount)))
        for tx in range(0, len(todo), INTERACTIONS_PER_TX):
            chunk = todo[tx : tx + INTERACTIONS_PER_TX]
            for node, _ in chunk:
                stored = {
                    "id": node["id"],
                    "kind": node["kind"],
                    "occurred_at": node["occurred_at"],
                    "summary": node["summary"],
                    "sentiment": node["sentiment"],
                    "participant_count": len(node["participant_ids"]),
                    "external_id": node["external_id"],
                    "created_at": plan.now,
                    "updated_at": plan.now,
                }
                plan.interactions[node["id"]] = {k: v for k, v in stored.items() if v is not None}
                plan.participations.extend((p, node["id"]) for p in node["participant_ids"])
                plan.count(entity)
            for pair in pair_updates(model, (touch for _, touch in chunk)):
                _fold(plan, pair, half)


def _fold(plan: Plan, pair: Row, half: list[float]) -> None:
    """log_interactions' update of one pair's KNOWS edge, in Python (its id is drawn when it
    is written, as every edge's is)."""
    key = plan.edge(RelType.KNOWS, pair["a"], pair["b"])
    if key is None:
        key = (RelType.KNOWS.value, pair["a"], pair["b"])
        base = plan.base(key[0])
        full = {**KNOWS_FROM_INTERACTIONS, "created_at": plan.now, "updated_at": plan.now}
        own: Row = {name: None for name in base if name not in full}
        own.update((name, v) for name, v in full.items() if base.get(name) != v)
        plan.edges[key] = own
    k = plan.edge_props(key)
    m0 = k.get("mass") or [0.0 for _ in half]
    ref = k.get("mass_at")
    ref = pair["at_s"] if ref is None else ref
    top = pair["at_s"] if pair["at_s"] >= ref else ref
    mass = [
        m0[x] * 2.0 ** (-(top - ref) / half[x])
        + pair["mass"][x] * 2.0 ** (-(top - pair["at_s"]) / half[x])
        for x in range(len(half))
    ]
    last = k.get("last_interaction_at")
    plan.edges[key].update(
        mass=mass,
        mass_at=top,
        strength=StrengthModel.stored(float(k.get("strength_base") or 0.0), mass),
        last_interaction_at=pair["last_at"] if last is None or last < pair["last_at"] else last,
        interaction_count=int(k.get("interaction_count") or 0) + pair["count"],
    )


def make_plan(payload: Source, settings: Settings) -> Plan:
    """What an online import of the payload into an empty graph stores (in its order)."""
    plan = Plan(now())
    _nodes(plan, Entity.COMPANIES, payload.get(Entity.COMPANIES, []))
    employment = _nodes(plan, Entity.PEOPLE, payload.get(Entity.PEOPLE, []))
    _employment(plan, employment)
    _nodes(plan, Entity.EVENTS, payload.get(Entity.EVENTS, []))
    _relationships(plan, payload.get(Entity.RELATIONSHIPS, []))
    _interactions(
        plan,
        strength_model(settings),
        payload.get(Entity.INTERACTIONS, []),
        settings.relmap_import_batch_rows,
    )
    return plan


# -- the importer's CSV -------------------------------------------------------------------------


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list) and value:
        return _type(value[0]) + "[]"
    raise LoadError(f"cannot write {value!r} ({type(value).__name__}) in the importer's CSV")


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise LoadError(f"not a finite number: {value!r}")
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        parts = [v if isinstance(v, str) else _cell(v) for v in value]
        if any(ARRAY_DELIMITER in part for part in parts):
            raise LoadError("a list value holds the ASCII unit separator (U+001F)")
        return _quote(ARRAY_DELIMITER.join(parts))
    return _quote(str(value))


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@dataclass
class CsvFiles:
    directory: Path
    nodes: list[tuple[str, Path]] = field(default_factory=list)  # (label, file)
    relationships: list[tuple[str, Path]] = field(default_factory=list)  # (type, file)
    multiline: bool = False
    empty_tags: dict[str, int] = field(default_factory=dict)  # label -> nodes that need []

    def write(self, name: str, header: list[str], rows: Iterable[str]) -> Path:
        path = self.directory / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as fh:
            fh.write(",".join(header) + "\n")
            for line in rows:
                if "\n" in line or "\r" in line:
                    self.multiline = True
                fh.write(line + "\n")
        return path


# The importer's type of a value of these Python types (exactly these: a subclass goes through
# _type); a list's depends on its items, an empty one is not written.
_TYPES: dict[type, str] = {
    bool: "boolean",
    int: "long",
    float: "double",
    datetime: "datetime",
    date: "date",
    str: "string",
}


def _signature(props: Row, skip: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(property, importer type) of what a node or edge holds, sorted; [] left out."""
    sig = []
    for k, v in props.items():
        if k in skip:
            continue
        t = _TYPES.get(type(v))
        if t is None:
            if v == []:
                continue
            t = _type(v)
        sig.append((k, t))
    sig.sort()
    return tuple(sig)


def _groups(
    items: Iterable[tuple[Any, Row]], skip: tuple[str, ...]
) -> dict[tuple[tuple[str, str], ...], list[tuple[Any, Row]]]:
    out: dict[tuple[tuple[str, str], ...], list[tuple[Any, Row]]] = {}
    for key, props in items:
        sig = _signature(props, skip)
        group = out.get(sig)
        if group is None:
            group = out[sig] = []
        group.append((key, props))
    return out


def _string(value: str) -> str:
    return _quote(value if type(value) is str else str(value))


def _double(value: float) -> str:
    if not math.isfinite(value):
        raise LoadError(f"not a finite number: {value!r}")
    return repr(value)


def _formats(now: datetime) -> dict[str, Any]:
    """Per importer type, how a value of it is written: _cell's answer, with the common cases
    (and the load's own timestamp, on every node and edge) done without its type tests."""
    stamp = _cell(now)

    def moment(value: datetime) -> str:
        return stamp if value is now else _cell(value)

    return {
        "string": _string,
        "double": _double,
        "long": str,
        "boolean": lambda v: "true" if v else "false",
        "datetime": moment,
    }


def _lines(
    rows: list[tuple[Any, Row]],
    sig: tuple[tuple[str, str], ...],
    formats: dict[str, Any],
    ends: Any,
) -> Iterator[str]:
    """The CSV lines of one group: ends(key) (the id columns), then the props of sig."""
    columns = [(k, formats.get(t, _cell)) for k, t in sig]
    for key, props in rows:
        yield ",".join([ends(key), *[write(props[k]) for k, write in columns]])


def _edge_lines(
    plan: Plan,
    keys: list[EdgeKey],
    sig: tuple[tuple[str, str], ...],
    formats: dict[str, Any],
    ids: dict[str, int],
) -> Iterator[str]:
    """The CSV lines of a group of edges: the ends' importer ids, a new id, the props of sig."""
    columns = [(k, formats.get(t, _cell)) for k, t in sig]
    for key in keys:
        props = plan.edge_props(key)
        ends = f"{ids[key[1]]},{ids[key[2]]},{_quote(str(uuid.uuid4()))}"
        yield ",".join([ends, *[write(props[k]) for k, write in columns]])


def write_csv(plan: Plan, directory: Path, version: int, part_rows: int = 200_000) -> CsvFiles:
    """Node and relationship files, one per label (or type) and set of property types, each
    with its own header. The importer's node ids are integers (--id-type=integer: no string
    id map to build); relmap's id is a property like any other (an edge's is drawn here).
    Relationships go in files of at most part_rows, written by two processes."""
    files = CsvFiles(directory)
    formats = _formats(plan.now)
    ids: dict[str, int] = {}
    n = 0

    def node(node_id: str) -> str:
        number = ids[node_id] = len(ids)
        return f"{number},{_quote(node_id)}"

    groups: list[tuple[str, dict[Any, list[tuple[Any, Row]]]]] = []
    for label, nodes in sorted(plan.nodes.items()):
        files.empty_tags[label.value] = sum(1 for p in nodes.values() if p.get("tags") == [])
        groups.append((label.value, _groups(nodes.items(), ("id",))))
    groups.append(("Interaction", _groups(plan.interactions.items(), ("id",))))
    for name, by_sig in groups:
        for sig, rows in by_sig.items():
            n += 1
            header = [":ID", "id:string"] + [f"{k}:{t}" for k, t in sig]
            lines = _lines(rows, sig, formats, node)
            files.nodes.append((name, files.write(f"nodes-{n}", header, lines)))
    n += 1
    version_file = files.write(
        f"nodes-{n}", [":ID", "key:string", "version:long"], [f'{len(ids)},"graph",{version}']
    )
    files.nodes.append(("GraphVersion", version_file))
    edges: dict[tuple[str, tuple[tuple[str, str], ...]], list[EdgeKey]] = {}
    for key in plan.edges:
        group = (key[0], _signature(plan.edge_props(key), ()))
        keys = edges.get(group)
        if keys is None:
            keys = edges[group] = []
        keys.append(key)
    parts: list[tuple[str, list[str], Any]] = []  # (type, header, lines)
    for (rel_type, sig), keys in sorted(edges.items()):
        header = [":START_ID", ":END_ID", "id:string"] + [f"{k}:{t}" for k, t in sig]
        for start in range(0, len(keys), part_rows):
            chunk = keys[start : start + part_rows]
            parts.append((rel_type, header, _edge_lines(plan, chunk, sig, formats, ids)))
    for start in range(0, len(plan.participations), part_rows):
        pairs = plan.participations[start : start + part_rows]
        lines = (f"{ids[p]},{ids[i]}" for p, i in pairs)
        parts.append(("PARTICIPATED_IN", [":START_ID", ":END_ID"], lines))
    named = [(f"rels-{n + 1 + k}", part) for k, part in enumerate(parts)]
    files.relationships += [
        (rel_type, directory / f"{name}.csv") for name, (rel_type, _, _) in named
    ]
    _write_both(files, [(name, header, lines) for name, (_, header, lines) in named])
    return files


def _write_both(files: CsvFiles, parts: list[tuple[str, list[str], Any]]) -> None:
    """Write the parts, every other one in a forked child (the plan is shared copy-on-write,
    nothing is sent between them): the CSV of a large load on two cores at once."""
    if len(parts) < 2 or not hasattr(os, "fork"):
        for name, header, lines in parts:
            files.write(name, header, lines)
        return
    pid = os.fork()
    mine = parts[1::2] if pid == 0 else parts[0::2]
    if pid == 0:  # the child: its files, and whether one needs --multiline-fields
        code = 1
        try:
            for name, header, lines in mine:
                files.write(name, header, lines)
            code = 3 if files.multiline else 0
        finally:
            os._exit(code)
    for name, header, lines in mine:
        files.write(name, header, lines)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise LoadError(f"writing the CSV failed in the second process (exit {code})")
    files.multiline = files.multiline or code == 3


# -- the server around the importer -------------------------------------------------------------


def neo4j_sh(*args: str) -> None:
    subprocess.run([str(NEO4J_SH), *args], check=True)  # noqa: S603 - our script, our args


def _setting(name: str) -> str | None:
    """A scripts/neo4j.sh setting: from the environment, else the checkout's .env."""
    value = os.environ.get(name)
    env = ROOT / ".env"
    if value is None and env.exists():
        for line in env.read_text().splitlines():
            if line.startswith(f"{name}="):
                value = line.split("=", 1)[1].strip()
    return value


def bolt_uri() -> str:
    """The managed server's Bolt address (NEO4J_BOLT_PORT, from the environment or .env)."""
    return f"bolt://127.0.0.1:{_setting('NEO4J_BOLT_PORT') or 7687}"


def _no_store() -> bool:
    """The managed instance has no database yet and is not running (a new or wiped home):
    empty for sure, so there is no server to start only to ask it."""
    home = Path(_setting("RELMAP_NEO4J_HOME") or ROOT / ".neo4j")
    if (home / "data" / "databases" / "neo4j").exists():
        return False
    status = subprocess.run(  # noqa: S603 - our script, our args
        [str(NEO4J_SH), "status"], check=True, capture_output=True, text=True
    )
    return status.stdout.startswith("stopped")


async def _check_empty(settings: Settings) -> int:
    """The graph version now; LoadError when the database holds data."""
    db = Database.connect(settings, QueryRegistry.load())
    try:
        row = await db.read_one("bulk_load_data_nodes")
        if row and row["nodes"]:
            raise LoadError(
                f"the database is not empty ({row['nodes']} people, companies, events or "
                "interactions, e.g. a node labelled "
                f"{row['label']}): a bulk load only fills an empty database. Wipe it "
                "(make db-wipe) or import through POST /v1/import, which upserts."
            )
        return await db.graph_version()
    finally:
        await db.close()


async def _after(settings: Settings, empty_tags: dict[str, int]) -> dict[str, float]:
    """[] as the tags of the nodes the importer left without them, then relmap's schema (so
    its indexes are built once, over the final tags); seconds of each."""
    seconds = {}
    db = Database.connect(settings, QueryRegistry.load())
    try:
        started = time.perf_counter()
        for label, count in empty_tags.items():
            if not count:
                continue
            name = (
                "bulk_load_empty_tags_people"
                if label == "Person"
                else "bulk_load_empty_tags_companies"
            )
            while True:
                row = await db.write_one(name, batch=50_000)
                if not row or not row["set"]:
                    break
        seconds["empty_tags"] = time.perf_counter() - started
        started = time.perf_counter()
        await db.apply_schema()
        seconds["schema"] = time.perf_counter() - started
    finally:
        await db.close()
    return seconds


def run_importer(files: CsvFiles, threads: int | None, memory: str) -> float:
    """`neo4j-admin database import full` against the stopped server's store (scripts/neo4j.sh
    admin runs org.neo4j.cli.AdminTool from the server's own jars); seconds taken."""
    args = [
        "database",
        "import",
        "full",
        "neo4j",  # the database, first: --nodes and --relationships take any number of files
        "--overwrite-destination=true",
        "--array-delimiter=U+001F",
        "--id-type=integer",
        f"--max-off-heap-memory={memory}",
        f"--report-file={files.directory / 'import.report'}",
    ]
    if threads:
        args.append(f"--threads={threads}")
    if files.multiline:
        args.append("--multiline-fields=true")
    args += [f"--nodes={label}={path}" for label, path in files.nodes]
    args += [f"--relationships={rel}={path}" for rel, path in files.relationships]
    started = time.perf_counter()
    neo4j_sh("admin", *args)
    return time.perf_counter() - started


@dataclass
class Loaded:
    """What a bulk load did: counts as an import reports them, and seconds per phase (read_plan,
    csv, server_stop, importer, server_start, empty_tags, schema, total)."""

    nodes: int
    relationships: int
    created: dict[str, int]
    errors: list[tuple[str, int, str]]
    seconds: dict[str, float]
    csv_dir: Path


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while the plan is built. Planning allocates millions of
    small dicts and tuples that live until the CSV is written, and the collector's oldest
    generation, run again and again as they pile up, walked the whole growing plan each time: 40 %
    of planning at M (bench/plan_gc.py; writing the CSV measured no different). The plan
    makes next to no reference cycles, so nothing is left for the collector to free meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(
    source: Path,
    settings: Settings,
    *,
    csv_dir: Path | None = None,
    keep_csv: bool = False,
    dry_run: bool = False,
    threads: int | None = None,
    memory: str = "1g",
) -> Loaded:
    """Plan the file, write the CSV and (unless dry_run) load it into the managed instance
    (scripts/neo4j.sh, configured by the environment), left running. LoadError: nothing done."""
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    with _no_cycle_collection():
        plan = make_plan(read_payload(source), settings)
    seconds["read_plan"] = time.perf_counter() - t0
    version = 0
    fresh = dry_run or _no_store()
    if not fresh:
        neo4j_sh("start")
        version = asyncio.run(_check_empty(settings))
    directory = csv_dir or Path(tempfile.mkdtemp(prefix="relmap-load-"))
    directory.mkdir(parents=True, exist_ok=True)
    t1 = time.perf_counter()
    files = write_csv(plan, directory, version + 1)
    seconds["csv"] = time.perf_counter() - t1
    rels = len(plan.edges) + len(plan.participations)
    nodes = sum(map(len, plan.nodes.values())) + len(plan.interactions)
    loaded = Loaded(nodes, rels, plan.created, plan.errors, seconds, directory)
    del plan  # what the importer and the server need is in the CSV now: give them the memory
    if dry_run:
        return loaded
    if not fresh:
        t2 = time.perf_counter()
        neo4j_sh("stop")
        seconds["server_stop"] = time.perf_counter() - t2
    seconds["importer"] = run_importer(files, threads, memory)
    t3 = time.perf_counter()
    neo4j_sh("start")
    seconds["server_start"] = time.perf_counter() - t3
    seconds.update(asyncio.run(_after(settings, files.empty_tags)))
    seconds["total"] = time.perf_counter() - t0
    if not keep_csv and csv_dir is None:
        shutil.rmtree(directory, ignore_errors=True)
    return loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="a JSON import body or a directory of entity files")
    parser.add_argument("--csv-dir", type=Path, help="where the importer's CSV is written")
    parser.add_argument("--keep-csv", action="store_true", help="keep the CSV afterwards")
    parser.add_argument("--dry-run", action="store_true", help="plan and write the CSV only")
    parser.add_argument("--threads", type=int, default=None, help="importer threads")
    parser.add_argument("--memory", default="1g", help="importer off-heap memory (1g)")
    args = parser.parse_args(argv)
    uri = os.environ.get("NEO4J_URI") or bolt_uri()
    if not uri.startswith("bolt://127.0.0.1:") and not args.dry_run:
        print(f"make load: NEO4J_URI={uri} is not the local server scripts/neo4j.sh manages")
        return 2
    settings = loader_settings(uri)
    try:
        done = load(
            args.file,
            settings,
            csv_dir=args.csv_dir,
            keep_csv=args.keep_csv,
            dry_run=args.dry_run,
            threads=args.threads,
            memory=args.memory,
        )
    except LoadError as exc:
        print(f"make load: {exc}")
        return 1
    for entity, index, message in done.errors[:20]:
        print(f"  error: {entity}[{index}]: {message}")
    if done.errors:
        print(f"{len(done.errors)} rows have errors; they are left out (as an import does)")
    secs, rels = done.seconds, done.relationships
    print(
        f"planned {done.nodes:,} nodes and {rels:,} relationships in {secs['read_plan']:.1f}s, "
        f"CSV written in {secs['csv']:.1f}s ({done.csv_dir})"
    )
    if not args.dry_run:
        print(
            f"loaded {done.nodes:,} nodes and {rels:,} relationships: importer "
            f"{secs['importer']:.1f}s ({rels / secs['importer']:,.0f} relationships/s), server "
            f"start {secs['server_start']:.1f}s, empty tags {secs['empty_tags']:.1f}s, schema "
            f"{secs['schema']:.1f}s; end to end {secs['total']:.1f}s "
            f"({rels / secs['total']:,.0f} relationships/s)"
        )
    print(json.dumps({"created": done.created, "errors": len(done.errors)}))
    return 0


def loader_settings(uri: str, base: Settings | None = None) -> Settings:
    """The app's settings (or base) pointed at the managed server, with room for a cold
    server's first answers and for whole-label writes (the 10 s query timeout is for requests)."""
    base = base or get_settings()
    update = {"neo4j_uri": uri, "query_timeout_s": max(base.query_timeout_s, 600.0)}
    return base.model_copy(update=update)


if __name__ == "__main__":
    sys.exit(main())
