"""Rules for relationships: endpoint labels per type, one edge per pair and type, strength."""

from datetime import datetime
from typing import Any

from pydantic import ValidationError

from app.common.etag import entity_tag, if_match_holds
from app.common.kinds import DEFAULT_STRENGTH, ENDPOINTS, SYMMETRIC, Label, RelType
from app.common.pagination import Page, decode_cursor, page_of
from app.common.schemas import merge_patch
from app.config import Settings
from app.db.convert import dumps, loads
from app.db.database import Database
from app.errors import Conflict, NotFound, PreconditionFailed, Unprocessable
from app.graph.edge import new_edge
from app.graph.strength import EdgeState, StrengthClock, StrengthModel, strength_model
from app.relationships.repository import RelationshipRepository, Row
from app.relationships.schemas import (
    WORKS_AT_FIELDS,
    Relationship,
    RelationshipCreate,
    RelationshipUpdate,
    WorksAt,
)


def properties_of(row: Row) -> dict[str, Any]:
    props = loads(row.get("props_json"))
    if row["type"] == RelType.WORKS_AT:
        for key in WORKS_AT_FIELDS:
            if row.get(key) is not None:
                value = row[key]
                props[key] = value.isoformat() if hasattr(value, "isoformat") else value
        props.setdefault("current", row.get("until") is None)
    return props


def _ensure_match(rel_id: str, row: Row, if_match: str | None) -> None:
    current = entity_tag(row)
    if not if_match_holds(if_match, current):
        raise PreconditionFailed(
            f"the relationship {rel_id} has changed since the tag in If-Match; read it again "
            "(its current tag is in ETag)",
            current,
        )


def to_relationship(row: Row, state: EdgeState) -> Relationship:
    """A stored edge as it was at a moment (StrengthClock.state: now or as_of)."""
    return Relationship(
        id=row["id"],
        type=row["type"],
        source_id=row["source_id"],
        target_id=row["target_id"],
        strength=round(state.strength, 12),
        strength_source=state.source,
        properties=properties_of(row),
        last_interaction_at=state.last_interaction_at,
        interaction_count=state.interaction_count,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def split_properties(rel_type: RelType, properties: dict[str, Any]) -> dict[str, Any]:
    """Free properties -> stored fields: WORKS_AT's typed ones natively, the rest as JSON."""
    if rel_type != RelType.WORKS_AT:
        return {"props_json": dumps(properties)}
    try:
        works = WorksAt.model_validate(properties)
    except ValidationError as exc:
        errors = [
            {"loc": ["body", "properties", *map(str, e["loc"])], "msg": e["msg"]}
            for e in exc.errors()
        ]
        raise Unprocessable("invalid WORKS_AT properties", errors=errors) from None
    typed = works.model_dump(include=set(WORKS_AT_FIELDS))
    if typed["current"] is None:
        typed["current"] = typed["until"] is None
    if typed["role"] is not None:
        typed["role"] = typed["role"].value
    extra = {k: v for k, v in properties.items() if k not in WORKS_AT_FIELDS}
    return {**typed, "props_json": dumps(extra)}


class RelationshipService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.repo = RelationshipRepository(db)
        self.clock = StrengthClock(strength_model(settings), self.repo)

    async def create(self, body: RelationshipCreate) -> Relationship:
        if body.source_id == body.target_id:
            raise Unprocessable("a relationship needs two different endpoints")
        labels = await self.repo.resolve([body.source_id, body.target_id])
        for end in (body.source_id, body.target_id):
            if end not in labels:
                raise NotFound(f"no person, company or event with id {end}")
        pair = (Label(labels[body.source_id]), Label(labels[body.target_id]))
        if pair not in ENDPOINTS[body.type]:
            allowed = " or ".join(f"{s}->{t}" for s, t in sorted(ENDPOINTS[body.type]))
            raise Unprocessable(f"{body.type} cannot join {pair[0]}->{pair[1]}; it joins {allowed}")
        stored = split_properties(body.type, body.properties)  # a 422 comes before a 409
        props = {**stored, **new_edge(body.type, body.strength)}
        done = await self.repo.create_once(
            body.source_id, body.target_id, body.type, body.type in SYMMETRIC, props
        )
        if done.existing_id is not None:
            raise Conflict(
                f"a {body.type} relationship between these endpoints exists already: "
                f"{done.existing_id}",
                existing_id=done.existing_id,
            )
        if done.row is None:  # merged away or deleted since the check above
            raise NotFound(f"no person, company or event with id {done.missing}")
        row = done.row
        return to_relationship(row, self.clock.stored_state(row))

    async def get(self, rel_id: str, as_of: datetime | None = None) -> Relationship:
        return (await self.get_tagged(rel_id, as_of))[0]

    async def get_tagged(
        self, rel_id: str, as_of: datetime | None = None
    ) -> tuple[Relationship, str]:
        """The relationship and its entity tag (of the stored record: app/common/etag.py).
        With as_of before it existed (made later, and no interaction of its pair by then),
        there was no such relationship then: a 404."""
        row = await self.repo.get(rel_id)
        if row is None:
            raise NotFound(f"no relationship with id {rel_id}")
        state = await self.clock.state(row, as_of)
        if not state.existed:
            raise NotFound(f"the relationship {rel_id} did not exist yet at {as_of}")
        return to_relationship(row, state), entity_tag(row)

    async def update(
        self, rel_id: str, body: RelationshipUpdate, if_match: str | None = None
    ) -> tuple[Relationship, str]:
        """The changed relationship and its new tag."""
        fields = body.model_dump(exclude_unset=True)

        def edit(row: Row) -> Row:
            _ensure_match(rel_id, row, if_match)
            props: dict[str, Any] = {}
            if "properties" in fields:
                # JSON Merge Patch (RFC 7396), as attributes of people and companies
                merged = merge_patch(properties_of(row), fields["properties"]) or {}
                # for WORKS_AT every typed key is present, so a dropped one is removed (None)
                props.update(split_properties(row["type"], merged))
            if "strength" in fields:
                rel_type = RelType(row["type"])
                if fields["strength"] is None:
                    # the stored source says where the base comes from; interactions on top
                    # are told on reading (app/graph/strength.py strength_source)
                    props["strength_base"] = DEFAULT_STRENGTH[rel_type]
                    props["strength_source"] = "default"
                else:
                    props["strength_base"] = fields["strength"]
                    props["strength_source"] = "manual"
                props["strength"] = StrengthModel.stored(props["strength_base"], row.get("mass"))
            return props

        updated = await self.repo.change(rel_id, edit)
        if updated is None:
            raise NotFound(f"no relationship with id {rel_id}")
        return to_relationship(updated, self.clock.stored_state(updated)), entity_tag(updated)

    async def delete(self, rel_id: str, if_match: str | None = None) -> None:
        def check(row: Row) -> None:
            _ensure_match(rel_id, row, if_match)

        if not await self.repo.delete(rel_id, check if if_match is not None else None):
            raise NotFound(f"no relationship with id {rel_id}")

    async def find(
        self,
        *,
        node_id: str | None,
        types: list[RelType] | None,
        as_of: datetime | None,
        limit: int,
        cursor: str | None,
    ) -> Page[Relationship]:
        key = decode_cursor(cursor)
        after = key.get("after") if isinstance(key.get("after"), str) else None
        if node_id is not None and not await self.repo.resolve([node_id]):
            raise NotFound(f"no person, company or event with id {node_id}")
        type_names = [t.value for t in (types or list(RelType))]
        # With as_of, edges that did not exist then are left out: read on until the page is
        # full (or the edges run out), so a page is short only at the end.
        items: list[Relationship] = []
        while True:
            rows = await self.repo.find(
                node_id=node_id, types=type_names, after=after, limit=limit + 1
            )
            for row in rows:
                state = await self.clock.state(row, as_of)
                if state.existed:
                    items.append(to_relationship(row, state))
            if len(items) > limit or len(rows) <= limit:
                break
            after = rows[-1]["id"]
        return page_of(items, limit, lambda last: {"after": last.id})
