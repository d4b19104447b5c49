"""Bulk import and export in Neo4j: the only module of this domain that runs Cypher."""

from datetime import datetime
from typing import Any

from app.common.kinds import Label, RelType
from app.db.convert import native
from app.db.database import Database
from app.interactions.repository import InteractionRepository

Row = dict[str, Any]

# (type, source label) -> the statement that upserts that type from that label: one file per
# shape of edge (cypher/imports/upsert_*.cypher), one statement per type (name:TYPE).
_SHAPES: dict[str, tuple[Label, tuple[RelType, ...]]] = {
    "upsert_person_peers": (Label.PERSON, (RelType.KNOWS,)),
    "upsert_person_links": (Label.PERSON, (RelType.REPORTS_TO, RelType.INFLUENCES)),
    "upsert_person_company": (
        Label.PERSON,
        (RelType.WORKS_AT, RelType.ADVISES, RelType.INVESTED_IN),
    ),
    "upsert_company_links": (
        Label.COMPANY,
        (RelType.CLIENT_OF, RelType.VENDOR_OF, RelType.SUBSIDIARY_OF, RelType.INVESTED_IN),
    ),
    "upsert_company_peers": (Label.COMPANY, (RelType.PARTNER_OF, RelType.COMPETES_WITH)),
    "upsert_person_event": (Label.PERSON, (RelType.ATTENDED,)),
}
UPSERT_EDGES: dict[tuple[RelType, Label], str] = {
    (rel_type, label): f"{shape}:{rel_type.value}"
    for shape, (label, types) in _SHAPES.items()
    for rel_type in types
}

UPSERT_NODES: dict[Label, str] = {
    Label.PERSON: "upsert_people",
    Label.COMPANY: "upsert_companies",
    Label.EVENT: "upsert_events",
}
UPDATE_NODES_BY_ID: dict[Label, str] = {
    Label.PERSON: "update_people_by_id",
    Label.COMPANY: "update_companies_by_id",
    Label.EVENT: "update_events_by_id",
}

NODE_PAGES: dict[Label, str] = {
    Label.PERSON: "export_people_page",
    Label.COMPANY: "export_companies_page",
    Label.EVENT: "export_events_page",
}


def _counts(row: Row | None) -> tuple[int, int, int]:
    if row is None:
        return 0, 0, 0
    return int(row["created"]), int(row["updated"]), int(row["unchanged"])


class ImportRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- import --------------------------------------------------------------------------------

    async def key_owners(self, label: Label, keys: list[str]) -> dict[str, tuple[str | None, str]]:
        """email_key (people) or domain_key (companies) -> (external_id, id) of its holder."""
        name = "find_email_owners" if label is Label.PERSON else "find_domain_owners"
        rows = await self.db.read(name, keys=keys)
        return {r["key"]: (r["external_id"], r["id"]) for r in rows}

    async def upsert_nodes(
        self, label: Label, rows: list[Row], now: datetime
    ) -> tuple[int, int, int]:
        """(created, updated, unchanged) for rows [{external_id, props}], one transaction."""
        row = await self.db.write_one(UPSERT_NODES[label], rows=rows, now=now)
        return _counts(row)

    async def update_nodes_by_id(
        self, label: Label, rows: list[Row], now: datetime
    ) -> tuple[int, int, int]:
        """(0, updated, unchanged) for rows [{id, props}] of existing nodes, one transaction."""
        params: Row = {"rows": rows} if label is Label.EVENT else {"rows": rows, "now": now}
        row = await self.db.write_one(UPDATE_NODES_BY_ID[label], **params)
        if row is None:
            return 0, 0, 0
        return 0, int(row["updated"]), int(row["unchanged"])

    async def resolve(self, people: list[str], companies: list[str]) -> dict[tuple[str, str], str]:
        """(label, external_id) -> id for the nodes that exist."""
        rows = await self.db.read("resolve_external_ids", people=people, companies=companies)
        return {(r["label"], r["external_id"]): r["id"] for r in rows}

    async def resolve_keys(
        self, people: list[str], companies: list[str], events: list[str]
    ) -> dict[tuple[Label, str], tuple[str, bool]]:
        """(label, key) -> (id, found by id) for the keys that name a node: its external_id,
        else the id of a node without one (unknown keys are absent)."""
        rows = await self.db.read(
            "resolve_import_keys", people=people, companies=companies, events=events
        )
        return {(Label(r["label"]), r["key"]): (r["id"], bool(r["by_id"])) for r in rows}

    async def upsert_edges(
        self, rel_type: RelType, source: Label, rows: list[Row], init: Row, now: datetime
    ) -> tuple[int, int, int]:
        """(created, updated, unchanged) for rows [{s, t, props}] of one type, one transaction."""
        row = await self.db.write_one(
            UPSERT_EDGES[(rel_type, source)], rows=rows, init=init, now=now
        )
        return _counts(row)

    async def interactions(self, external_ids: list[str]) -> dict[str, Row]:
        rows = await self.db.read("find_interactions", external_ids=external_ids)
        return {r["external_id"]: native(r) for r in rows}

    async def log_interactions(self, people: list[str], **params: Any) -> bool:
        """Log several interactions in one transaction, through the interactions domain's own
        repository (participants write-locked, then the nodes, PARTICIPATED_IN and the KNOWS
        strength updates). False, and nothing written, when one of the people is gone by the
        time the lock is held (merged away, deleted)."""
        _, gone = await InteractionRepository(self.db).log(people, **params)
        return not gone

    # -- export --------------------------------------------------------------------------------

    async def node_page(self, label: Label, after: str | None, limit: int) -> list[Row]:
        rows = await self.db.read(NODE_PAGES[label], after=after, limit=limit)
        return [native(r["node"]) for r in rows]

    async def edges_from(self, label: Label, ids: list[str]) -> list[Row]:
        name = (
            "export_edges_from_people" if label is Label.PERSON else "export_edges_from_companies"
        )
        rows = await self.db.read(name, ids=ids)
        return [native(r["rel"]) for r in rows]

    async def employers(self, ids: list[str]) -> list[Row]:
        """The current WORKS_AT of these people: person_id, company_id, company, industry,
        role, since."""
        return await self.db.read("export_employers", ids=ids)

    async def neighbors(self, ids: list[str], limit: int) -> list[str]:
        rows = await self.db.read("export_neighbors", ids=ids, limit=limit)
        return [r["id"] for r in rows]

    async def nodes_by_id(self, ids: list[str]) -> list[tuple[Label, Row]]:
        rows = await self.db.read("export_nodes_by_id", ids=ids)
        return [(Label(r["label"]), native(r["node"])) for r in rows]
