"""Bulk import and export in Neo4j: the only module of this domain that runs Cypher."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.changes.types import ChangeType
from app.common.ids import new_ids
from app.common.kinds import SYMMETRIC, Label, RelType
from app.db.convert import native
from app.db.database import Database, Tx
from app.interactions.repository import InteractionRepository

Row = dict[str, Any]

# (type, source label) -> the statements that write that type from that label: one pair of
# files per shape of edge, one statement per type (name:TYPE). The claim creates a batch's
# missing edges and write-locks and reads the others (cypher/imports/claim_*.cypher); the
# update writes what the import planned for those (cypher/imports/update_claimed_*.cypher).
_SHAPES: dict[tuple[str, str], tuple[Label, tuple[RelType, ...]]] = {
    ("claim_person_peers", "update_claimed_person_peers"): (Label.PERSON, (RelType.KNOWS,)),
    ("claim_person_links", "update_claimed_person_links"): (
        Label.PERSON,
        (RelType.REPORTS_TO, RelType.INFLUENCES),
    ),
    ("claim_person_company", "update_claimed_person_company"): (
        Label.PERSON,
        (RelType.WORKS_AT, RelType.ADVISES, RelType.INVESTED_IN),
    ),
    ("claim_company_links", "update_claimed_company_links"): (
        Label.COMPANY,
        (RelType.CLIENT_OF, RelType.VENDOR_OF, RelType.SUBSIDIARY_OF, RelType.INVESTED_IN),
    ),
    ("claim_company_peers", "update_claimed_company_peers"): (
        Label.COMPANY,
        (RelType.PARTNER_OF, RelType.COMPETES_WITH),
    ),
    ("claim_person_event", "update_claimed_person_event"): (Label.PERSON, (RelType.ATTENDED,)),
}
CLAIM_EDGES: dict[tuple[RelType, Label], str] = {
    (rel_type, label): f"{claim}:{rel_type.value}"
    for (claim, _), (label, types) in _SHAPES.items()
    for rel_type in types
}
UPDATE_CLAIMED_EDGES: dict[tuple[RelType, Label], str] = {
    (rel_type, label): f"{update}:{rel_type.value}"
    for (_, update), (label, types) in _SHAPES.items()
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


SYNC_STATES: dict[Label, str] = {
    Label.PERSON: "sync_people_state",
    Label.COMPANY: "sync_companies_state",
    Label.EVENT: "sync_events_state",
}


class KeyRaced(Exception):
    """A node planned as new was created by a concurrent writer before this write (the
    transaction is rolled back)."""


@dataclass
class EdgeWrites:
    """What write_edges did to a batch's rows, by their position: the edges it created (their
    ids), and the rows whose endpoint was gone by the time of the write (deleted or merged away
    by a concurrent request)."""

    created: dict[int, str] = field(default_factory=dict)
    gone: set[int] = field(default_factory=set)


@dataclass
class NodeWrites:
    """What an import writes to one batch of nodes: rows [{external_id, props, touch}] by key
    (MERGE) and [{id, props, touch}] by id."""

    now: datetime
    by_key: list[Row] = field(default_factory=list)
    by_id: list[Row] = field(default_factory=list)


def _stored(fields: list[str], values: list[Any]) -> Row:
    """A node's or edge's stored `fields` read as a list: field -> value, as properties() gives
    them (a property it does not have is absent)."""
    return {k: native(v) for k, v in zip(fields, values, strict=True) if v is not None}


def record_batch(tx: Tx, what: Row, written: list[Row]) -> None:
    """One import.completed change for a batch the import wrote (in its transaction): the
    ids it created and those it changed (rows where nothing changed are left out). Nothing
    when the batch changed nothing; a dry run's transaction rolls it back with the rest."""
    created = [i for r in written for i in r["created"]]
    updated = [i for r in written for i in r["updated"]]
    if created or updated:
        tx.record(ChangeType.IMPORT_COMPLETED, {**what, "created": created, "updated": updated})


class ImportRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- import --------------------------------------------------------------------------------

    async def key_owners(self, label: Label, keys: list[str]) -> dict[str, tuple[str | None, str]]:
        """email_key (people) or domain_key (companies) -> (external_id, id) of its holder."""
        name = "find_email_owners" if label is Label.PERSON else "find_domain_owners"
        rows = await self.db.read(name, keys=keys)
        return {r["key"]: (r["external_id"], r["id"]) for r in rows}

    async def write_nodes(
        self,
        label: Label,
        plan: Callable[[dict[str, Row]], NodeWrites],
        ids: list[str],
        fields: list[str],
    ) -> NodeWrites:
        """One transaction: the nodes with these ids are write-locked and their stored `fields`
        read (id -> field -> value, absent where the node has no such property), `plan` decides
        what to write, and it is written: rows reached by external_id through MERGE (new ones
        created), the others by id."""

        async def work(tx: Tx) -> NodeWrites:
            found = await tx.one_plain(SYNC_STATES[label], ids=ids, fields=fields) if ids else None
            nodes = found["nodes"] if found else []
            writes = plan({node: _stored(fields, values) for node, values in nodes})
            params: Row = {} if label is Label.EVENT else {"now": writes.now}
            written: list[Row] = []
            if writes.by_key:
                made = await tx.run_plain(UPSERT_NODES[label], rows=writes.by_key, now=writes.now)
                if sum(len(r["created"]) for r in made) < len(writes.by_key):
                    # a concurrent import created one of these nodes since it was looked up:
                    # this plan counted it as new; roll back, look again, plan again
                    raise KeyRaced(label.value)
                written += made
            if writes.by_id:
                written += await tx.run_plain(
                    UPDATE_NODES_BY_ID[label], rows=writes.by_id, **params
                )
            record_batch(tx, {"entity": label.value}, written)
            return writes

        return await self.db.in_write(work)

    async def resolve(self, people: list[str], companies: list[str]) -> dict[tuple[str, str], str]:
        """(label, external_id) -> id for the nodes that exist (a person's alias included)."""
        rows = await self.db.read("resolve_external_ids", people=people, companies=companies)
        return {(r["label"], r["external_id"]): r["id"] for r in rows}

    async def resolve_keys(
        self, people: list[str], companies: list[str], events: list[str]
    ) -> dict[tuple[Label, str], tuple[str, str]]:
        """(label, key) -> (id, how) for the keys that name a node: its external_id, a
        person's alias, else the id of a node without one (unknown keys are absent)."""
        rows = await self.db.read_plain(
            "resolve_import_keys", people=people, companies=companies, events=events
        )
        found: dict[tuple[Label, str], tuple[str, str]] = {}
        for label, key, node, how in rows[0]["found"] if rows else []:
            found.setdefault((Label(label), key), (node, how))
        return found

    async def companies_by_key(
        self, keys: list[str], domain_keys: list[str | None]
    ) -> dict[str, tuple[str, list[str]]]:
        """key -> ('key', [id]) when it is a company's external_id or domain, else
        ('name', ids) of the companies with that exact name."""
        rows = await self.db.read(
            "find_companies_by_key", keys=keys, domain_keys=domain_keys, names=keys
        )
        found: dict[str, tuple[str, list[str]]] = {}
        for r in sorted(rows, key=lambda r: r["how"] != "key"):
            found.setdefault(r["key"], (r["how"], sorted(r["ids"])))
        return found

    async def write_edges(
        self,
        rel_type: RelType,
        source: Label,
        rows: list[Row],
        fields: list[str],
        plan: Callable[[dict[int, Row]], list[Row]],
        init: Row,
        now: datetime,
    ) -> EdgeWrites:
        """One transaction for a batch of edges of one type from one label, rows [{s, t, props}]
        by id with the props a new edge gets. A missing edge is created as it comes (a first
        import writes each batch with one statement); an existing one is write-locked and its
        stored `fields` read, `plan` is given those (row position -> field -> value, absent
        where the edge has no such property) and decides what to write to them ([{s, t, props,
        touch}]), and that is written. Rows naming the same edge go in turns, so a later one
        finds the edge an earlier one created."""

        async def work(tx: Tx) -> EdgeWrites:
            done = EdgeWrites()
            stored: dict[int, Row] = {}
            pending = list(range(len(rows)))
            while pending:
                turn: list[int] = []
                later: list[int] = []
                edges: set[tuple[str, str]] = set()
                for i in pending:
                    edge = self._edge_key(rel_type, rows[i])
                    (later if edge in edges else turn).append(i)
                    edges.add(edge)
                ids = new_ids(len(turn))  # a created edge's; a found one keeps its own
                claimed = await tx.one_plain(  # lists of positions and stored values only
                    CLAIM_EDGES[(rel_type, source)],
                    rows=[
                        {
                            "i": k,
                            "s": rows[i]["s"],
                            "t": rows[i]["t"],
                            "id": ids[k],
                            "props": rows[i]["props"],
                        }
                        for k, i in enumerate(turn)
                    ],
                    init=init,
                    now=now,
                    fields=fields,
                )
                assert claimed is not None  # an aggregation: one row, even for no rows
                for k in claimed["created"]:
                    done.created[turn[k]] = ids[k]
                for k, values in claimed["found"]:
                    stored[turn[k]] = _stored(fields, values)
                done.gone.update(i for i in turn if i not in done.created and i not in stored)
                pending = later
            writes = plan(stored)
            updated: list[str] = []
            if writes:  # every edge here existed before its row's turn: none is created
                for r in await tx.run_plain(
                    UPDATE_CLAIMED_EDGES[(rel_type, source)], rows=writes, now=now
                ):
                    updated += r["updated"]
            record_batch(
                tx,
                {"entity": "Relationship", "type": rel_type.value},
                [{"created": list(done.created.values()), "updated": updated}],
            )
            return done

        return await self.db.in_write(work)

    @staticmethod
    def _edge_key(rel_type: RelType, row: Row) -> tuple[str, str]:
        s, t = row["s"], row["t"]
        return (min(s, t), max(s, t)) if rel_type in SYMMETRIC else (s, t)

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

    async def count_nodes(self) -> int:
        row = await self.db.read_one("count_export_nodes")
        return int(row["nodes"]) if row else 0

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
