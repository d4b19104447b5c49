"""One base for the CRUD of a node label: people and companies are both written on it.

A domain describes its label once (a NodeKind: its noun, read model, statement names,
uniqueness keys and the fields a null empties) and keeps only what differs: its own filters, its
schemas, and its Cypher (the label must be written out in each statement, so those files stay
one per label).
"""

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, Self, TypeVar

from neo4j.exceptions import ConstraintError
from pydantic import BaseModel

from app.common.etag import entity_tag, if_match_holds
from app.common.pagination import Page, search_or_scan
from app.common.schemas import merge_patch
from app.db.convert import node_fields, node_properties, now
from app.db.database import Database, Row, Tx
from app.errors import Conflict, NotFound, PreconditionFailed


class NodeModel(Protocol):
    """A read model (Person, Company): pydantic, with an id to page by."""

    @property
    def id(self) -> str: ...

    @classmethod
    def model_validate(cls, obj: Any) -> Self: ...


N = TypeVar("N", bound=NodeModel)
_UNSET: Any = object()


@dataclass(frozen=True, slots=True)
class UniqueKey:
    """A uniqueness constraint: the stored property it is on and the API field that property is
    made from (by derive, or as it is when derive is None)."""

    field: str
    prop: str
    derive: Callable[[Any], Any] | None = None


@dataclass(frozen=True, slots=True)
class Statements:
    """The label's statement names, spelled out so that a search for one finds its caller."""

    create: str
    get: str  # one node by id, in a write transaction (it returns the map as the noun)
    by_id: str  # the nodes of several ids at once, outside writes (Database.read_by_id)
    update: str
    delete: str
    lock: str  # write-locks one node for the rest of its transaction
    list: str
    search: str


def _empties() -> dict[str, Callable[[], Any]]:
    return {"tags": list, "attributes": dict}


@dataclass(frozen=True, slots=True)
class NodeKind(Generic[N]):
    noun: str  # "person": in messages, and the key each statement returns the node under
    model: type[N]
    statements: Statements
    unique: tuple[UniqueKey, ...]
    # Fields that are empty, never null: a null read or written becomes make() ([], {}, False).
    empty: Mapping[str, Callable[[], Any]] = field(default_factory=_empties)

    def read(self, node: dict[str, Any]) -> N:
        """A node map as a statement returns it -> the read model."""
        data = node_fields(node)
        for key, make in self.empty.items():
            if data.get(key) is None:
                data[key] = make()
        return self.model.model_validate(data)

    def stored(self, fields: dict[str, Any]) -> dict[str, Any]:
        """API fields -> node properties (with the derived keys of the uniqueness constraints)."""
        props = node_properties(fields)
        for key in self.unique:
            if key.derive is not None and key.field in props:
                props[key.prop] = key.derive(props[key.field])
        return props

    def conflict(self, exc: ConstraintError, fields: dict[str, Any]) -> Conflict:
        message = exc.message or ""
        for key in self.unique:
            if key.prop in message:
                value = fields.get(key.field)
                return Conflict(f"a {self.noun} with {key.field} {value!r} exists already")
        return Conflict(f"uniqueness conflict: {message}")

    def missing(self, node_id: str) -> NotFound:
        return NotFound(f"no {self.noun} with id {node_id}")

    def stale(self, node_id: str, current: str) -> PreconditionFailed:
        return PreconditionFailed(
            f"the {self.noun} {node_id} has changed since the tag in If-Match; "
            "read it again (its current tag is in ETag)",
            current,
        )


class NodeRepository(Generic[N]):
    """The only place that runs the label's Cypher; records become read models here."""

    def __init__(self, db: Database, kind: NodeKind[N]) -> None:
        self.db = db
        self.kind = kind

    async def create(self, fields: dict[str, Any]) -> N:
        ts = now()
        props = self.kind.stored(
            {**fields, "id": str(uuid.uuid4()), "created_at": ts, "updated_at": ts}
        )
        props = {k: v for k, v in props.items() if v is not None}
        try:
            row = await self.db.write_one(
                self.kind.statements.create, changes=self._created, props=props
            )
        except ConstraintError as exc:
            raise self.kind.conflict(exc, fields) from exc
        assert row is not None
        return self.kind.read(row[self.kind.noun])

    async def get(self, node_id: str) -> N | None:
        found = await self.db.read_by_id(self.kind.statements.by_id, node_id)
        return self.kind.read(found) if found else None

    async def update(
        self, node_id: str, fields: dict[str, Any], if_match: str | None = None
    ) -> N | None:
        """Set the fields; `attributes` is a JSON Merge Patch (RFC 7396) of the stored ones,
        applied to what the write-locked node holds, in the same transaction."""
        changes = dict(fields)
        patch = changes.pop("attributes", _UNSET)
        if patch is None:  # the whole member removed: no attributes left
            changes["attributes"] = {}
        ts = now()

        async def work(tx: Tx) -> Row | None:
            if not await self._holds(tx, node_id, if_match):
                return None
            props = self.kind.stored({**changes, "updated_at": ts})
            if isinstance(patch, dict) and patch:  # {} merges nothing
                if await tx.one(self.kind.statements.lock, id=node_id) is None:
                    return None
                row = await tx.one(self.kind.statements.get, id=node_id)
                if row is None:
                    return None
                stored = self.kind.read(row[self.kind.noun])
                attributes = merge_patch(getattr(stored, "attributes", {}), patch)
                props.update(self.kind.stored({"attributes": attributes}))
            row = await tx.one(self.kind.statements.update, id=node_id, props=props)
            if row is not None:  # the change feed (app/changes)
                tx.record(f"{self.kind.noun}.updated", {self.kind.noun: self._node(row)})
            return row

        try:
            row = await self.db.in_write(work)
        except ConstraintError as exc:
            raise self.kind.conflict(exc, fields) from exc
        return self.kind.read(row[self.kind.noun]) if row else None

    async def delete(self, node_id: str, if_match: str | None = None) -> bool:
        async def work(tx: Tx) -> bool:
            if not await self._holds(tx, node_id, if_match):
                return False
            if await tx.one(self.kind.statements.delete, id=node_id) is None:
                return False
            tx.record(f"{self.kind.noun}.deleted", {"id": node_id})  # its edges went with it
            return True

        return await self.db.in_write(work)

    def _node(self, row: Row) -> N:
        return self.kind.read(row[self.kind.noun])

    def _created(self, rows: list[Row]) -> list[tuple[str, Any]]:
        """The change feed's record of a create (app/changes)."""
        return [(f"{self.kind.noun}.created", {self.kind.noun: self._node(r)}) for r in rows]

    async def _holds(self, tx: Tx, node_id: str, if_match: str | None) -> bool:
        """False when the node is missing; PreconditionFailed when If-Match names another
        state than the stored one. The node is write-locked before it is read, so the state
        checked is the state the write changes."""
        if if_match is None:
            return True
        if await tx.one(self.kind.statements.lock, id=node_id) is None:
            return False
        row = await tx.one(self.kind.statements.get, id=node_id)
        if row is None:  # deleted by a transaction that held the lock first
            return False
        current = entity_tag(self.kind.read(row[self.kind.noun]))
        if not if_match_holds(if_match, current):
            raise self.kind.stale(node_id, current)
        return True

    async def find(self, *, after: str | None, limit: int, **filters: Any) -> list[N]:
        """A keyset page in id order; a null filter is off."""
        return await self.many(self.kind.statements.list, after=after, limit=limit, **filters)

    async def search(self, lucene: str, *, skip: int, limit: int, **filters: Any) -> list[N]:
        """Full-text matches, best first."""
        return await self.many(
            self.kind.statements.search, lucene=lucene, skip=skip, limit=limit, **filters
        )

    async def many(self, statement: str, **params: Any) -> list[N]:
        rows = await self.db.read(statement, **params)
        return [self.kind.read(r[self.kind.noun]) for r in rows]


class NodeService(Generic[N]):
    """The rules every label shares: what a missing id means, what a null in a change means,
    how lists page."""

    def __init__(self, repo: NodeRepository[N]) -> None:
        self.repo = repo

    async def create(self, body: BaseModel) -> N:
        return await self.repo.create(body.model_dump())

    async def get(self, node_id: str) -> N:
        node = await self.repo.get(node_id)
        if node is None:
            raise self.repo.kind.missing(node_id)
        return node

    async def update(self, node_id: str, body: BaseModel, if_match: str | None = None) -> N:
        fields = body.model_dump(exclude_unset=True)
        if fields.get("name", "") is None:
            fields.pop("name")  # name is required: null leaves it as it is
        for key, make in self.repo.kind.empty.items():
            # attributes: null is a merge patch removing them all (NodeRepository.update)
            if key in fields and fields[key] is None and key != "attributes":
                fields[key] = make()
        node = await self.repo.update(node_id, fields, if_match)
        if node is None:
            raise self.repo.kind.missing(node_id)
        return node

    async def delete(self, node_id: str, if_match: str | None = None) -> None:
        if not await self.repo.delete(node_id, if_match):
            raise self.repo.kind.missing(node_id)

    async def page(
        self, *, q: str | None, limit: int, cursor: str | None, **filters: Any
    ) -> "Page[N]":  # quoted: pydantic cannot build Page over a Protocol-bound var
        """Words in q: full-text matches, best first; none: every node in id order."""
        return await search_or_scan(
            q,
            cursor,
            limit,
            search=lambda lucene, skip, n: self.repo.search(lucene, skip=skip, limit=n, **filters),
            scan=lambda after, n: self.repo.find(after=after, limit=n, **filters),
        )
