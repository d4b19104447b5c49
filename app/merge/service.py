"""Rules for folding a duplicate person or company into the record that survives.

In one write transaction: both nodes are locked; the duplicate's interactions and typed edges
move to the survivor (type, direction, properties and ids kept); an edge both had (same type,
same other end, either direction for symmetric types) becomes one: properties survivor-first,
the larger base strength, and for KNOWS a mass rebuilt from the union of their interactions
(docs/strength.md); an edge between the two disappears. Then the duplicate is deleted and the
survivor gets the merged fields: its non-null values win, the duplicate's fill its nulls, tags
are united, attributes merged survivor-first, is_team is true when either was. The duplicate's
values that lost are reported in `dropped`.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from app.common.kinds import SYMMETRIC, Label, RelType
from app.companies.repository import to_company
from app.config import Settings
from app.db.convert import dumps, loads, native, now
from app.db.database import Database, Tx
from app.errors import NotFound, Unprocessable
from app.graph.strength import StrengthModel, strength_model
from app.merge.repository import MergeRepository, Row
from app.merge.schemas import (
    CombinedEdge,
    CompanyMerged,
    MergeReport,
    PersonMerged,
    RemovedEdge,
)
from app.people.repository import to_person

# The survivor's own; the order keys are made again from the merged fields (merge_finish).
KEEP = frozenset(
    {"id", "created_at", "updated_at", "_lock", "sort_name", "sort_created", "sort_updated"}
)
# Keys derived from a field (for uniqueness): they follow whichever value of the field is kept.
DERIVED = {"email_key": "email", "domain_key": "domain"}
SPECIAL = frozenset(
    {"tags", "attributes_json", "is_team", "alias_emails", "alias_external_ids", "import_json"}
)
FOREVER = timedelta(days=365 * 200)


def merge_fields(
    survivor: Row, duplicate: Row, moment: datetime, aliases: bool = False
) -> tuple[Row, dict[str, Any]]:
    """(the survivor's new properties, the duplicate's values that lost). With aliases (people),
    the duplicate's email and external_id are kept as aliases, not lost."""
    props: Row = {"id": survivor["id"], "created_at": survivor.get("created_at")}
    dropped: dict[str, Any] = {}
    for key in sorted((survivor.keys() | duplicate.keys()) - KEEP - SPECIAL - DERIVED.keys()):
        mine, theirs = survivor.get(key), duplicate.get(key)
        if mine is not None:
            props[key] = mine
            if theirs is not None and theirs != mine:
                dropped[key] = native(theirs)
        elif theirs is not None:
            props[key] = theirs
    for key, source in DERIVED.items():
        origin = survivor if survivor.get(source) is not None else duplicate
        if origin.get(key) is not None:
            props[key] = origin[key]
    if "tags" in survivor or "tags" in duplicate:
        props["tags"] = list(
            dict.fromkeys([*(survivor.get("tags") or []), *(duplicate.get("tags") or [])])
        )
    if "is_team" in survivor or "is_team" in duplicate:
        props["is_team"] = bool(survivor.get("is_team")) or bool(duplicate.get("is_team"))
    mine_attrs, their_attrs = (
        loads(survivor.get("attributes_json")),
        loads(duplicate.get("attributes_json")),
    )
    props["attributes_json"] = dumps({**their_attrs, **mine_attrs})
    lost = {k: v for k, v in their_attrs.items() if k in mine_attrs and mine_attrs[k] != v}
    if lost:
        dropped["attributes"] = lost
    # what an import last wrote is the survivor's record alone (app/imports/sync.py)
    props["import_json"] = survivor.get("import_json")
    if aliases:
        _keep_aliases(props, survivor, duplicate, dropped)
    props["updated_at"] = moment
    return {k: v for k, v in props.items() if v is not None}, dropped


def _keep_aliases(props: Row, survivor: Row, duplicate: Row, dropped: dict[str, Any]) -> None:
    """A person's duplicate's emails and external ids that the survivor does not carry become
    its aliases (with the aliases both had), so a lookup or an import row naming them reaches
    the survivor: they are kept, not dropped."""
    for name, key in (("email", "alias_emails"), ("external_id", "alias_external_ids")):
        own = props.get(name)
        same = _same_email if name == "email" else str.__eq__
        values: list[str] = []
        for value in [
            *(survivor.get(key) or []),
            *(duplicate.get(key) or []),
            duplicate.get(name),
        ]:
            if not isinstance(value, str) or (isinstance(own, str) and same(value, own)):
                continue
            if not any(same(value, v) for v in values):
                values.append(value)
        if values:
            props[key] = values
        dropped.pop(name, None)


def _same_email(a: str, b: str) -> bool:
    return a.lower() == b.lower()


def _key(edge: Row) -> tuple[str, str, bool | None]:
    symmetric = RelType(edge["type"]) in SYMMETRIC
    return edge["type"], edge["other_ref"], None if symmetric else bool(edge["outgoing"])


def combine_props(kept: Row, folded: Row, moment: datetime) -> Row:
    """Two edges of the same type to the same node -> one: the survivor's values first, the
    duplicate's filling gaps, free properties merged the same way, the larger base strength."""
    props: Row = {k: v for k, v in folded.items() if v is not None}
    props.update({k: v for k, v in kept.items() if v is not None})
    props["id"], props["created_at"] = kept["id"], kept.get("created_at")
    props["props_json"] = dumps(
        {**loads(folded.get("props_json")), **loads(kept.get("props_json"))}
    )
    base_kept = float(kept.get("strength_base") or 0.0)
    base_folded = float(folded.get("strength_base") or 0.0)
    winner = folded if base_folded > base_kept else kept
    props["strength_base"] = max(base_kept, base_folded)
    props["strength_source"] = winner.get("strength_source") or "default"
    props["strength"] = props["strength_base"]
    props["updated_at"] = moment
    return props


@dataclass
class EdgePlan:
    moves: list[Row] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    combined: list[tuple[Row, Row]] = field(default_factory=list)  # (kept, folded)
    removed: list[RemovedEdge] = field(default_factory=list)


def plan_edges(
    survivor_edges: list[Row], duplicate_edges: list[Row], survivor_ref: str
) -> EdgePlan:
    plan = EdgePlan()
    mine = {_key(e): e for e in survivor_edges}
    for edge in duplicate_edges:
        rel_type = RelType(edge["type"])  # from the static type list; checked again here
        if edge["other_ref"] == survivor_ref:
            plan.deletes.append(edge["ref"])
            plan.removed.append(RemovedEdge(id=edge["props"]["id"], type=rel_type.value))
        elif _key(edge) in mine:
            plan.deletes.append(edge["ref"])
            plan.combined.append((mine[_key(edge)], edge))
        else:
            plan.moves.append(
                {
                    "ref": edge["ref"],
                    "type": rel_type.value,
                    "outgoing": bool(edge["outgoing"]),
                    "other_ref": edge["other_ref"],
                }
            )
    return plan


class MergeService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.repo = MergeRepository(db)
        self.model = strength_model(settings)

    async def merge_people(self, survivor_id: str, duplicate_id: str) -> PersonMerged:
        """The duplicate's emails and external ids stay on the survivor as aliases."""
        node, dropped, report = await self._merge(Label.PERSON, survivor_id, duplicate_id)
        return PersonMerged(**to_person(node).model_dump(), dropped=dropped, merge=report)

    async def merge_companies(self, survivor_id: str, duplicate_id: str) -> CompanyMerged:
        node, dropped, report = await self._merge(Label.COMPANY, survivor_id, duplicate_id)
        return CompanyMerged(**to_company(node).model_dump(), dropped=dropped, merge=report)

    async def _merge(
        self, label: Label, survivor_id: str, duplicate_id: str
    ) -> tuple[Row, dict[str, Any], MergeReport]:
        noun = label.value.lower()
        if survivor_id == duplicate_id:
            raise Unprocessable(
                f"a {noun} cannot be merged into itself",
                errors=[{"loc": ["body", "duplicate_id"], "msg": "equals the survivor's id"}],
            )

        async def work(tx: Tx) -> tuple[Row, dict[str, Any], MergeReport]:
            locked = await self.repo.lock(tx, label, survivor_id, duplicate_id)
            if locked is None:  # merged away (or deleted) while this one waited for the lock
                gone = await self._missing(label, survivor_id, duplicate_id, tx)
                raise NotFound(f"no {noun} with id {gone or duplicate_id}")
            s_ref, d_ref = locked["survivor_ref"], locked["duplicate_ref"]
            moment = now()
            plan = plan_edges(
                await self.repo.edges(tx, s_ref), await self.repo.edges(tx, d_ref), s_ref
            )
            moved_interactions = await (
                self.repo.move_participation(tx, s_ref, d_ref)
                if label is Label.PERSON
                else self.repo.move_concerns(tx, s_ref, d_ref)
            )
            await self.repo.delete_edges(tx, plan.deletes)
            await self.repo.move_edges(tx, s_ref, plan.moves)
            await self.repo.set_edges(tx, await self._combined(tx, survivor_id, plan, moment))
            props, dropped = merge_fields(
                locked["survivor"], locked["duplicate"], moment, aliases=label is Label.PERSON
            )
            node = await self.repo.finish(tx, s_ref, d_ref, props)
            report = MergeReport(
                moved_relationships=len(plan.moves),
                combined_relationships=[
                    CombinedEdge(
                        type=kept["type"],
                        other_id=kept["other_id"],
                        kept_id=kept["props"]["id"],
                        dropped_id=folded["props"]["id"],
                    )
                    for kept, folded in plan.combined
                ],
                removed_relationships=plan.removed,
                moved_interactions=moved_interactions,
            )
            self.repo.record_merge(tx, label, node, duplicate_id, report.model_dump())
            return node, dropped, report

        missing = await self._missing(label, survivor_id, duplicate_id)
        if missing is not None:
            raise NotFound(f"no {noun} with id {missing}")
        return await self.repo.transaction(work)

    async def _missing(
        self, label: Label, survivor_id: str, duplicate_id: str, tx: Tx | None = None
    ) -> str | None:
        """The first of the two ids that is not a node of this label, or None."""
        labels = await self.repo.resolve([survivor_id, duplicate_id], tx)
        for node_id in (survivor_id, duplicate_id):
            if labels.get(node_id) != label.value:
                return node_id
        return None

    async def _combined(
        self, tx: Tx, survivor_id: str, plan: EdgePlan, moment: datetime
    ) -> list[Row]:
        """The new properties of each edge that now carries two."""
        knows = [kept["other_id"] for kept, _ in plan.combined if kept["type"] == RelType.KNOWS]
        touches: dict[str, list[Row]] = {o: [] for o in knows}
        for touch in await self.repo.touches(tx, survivor_id, knows, moment + FOREVER):
            touches[touch["other_id"]].append(native(touch))
        updates = []
        for kept, folded in plan.combined:
            props = combine_props(kept["props"], folded["props"], moment)
            if kept["type"] == RelType.KNOWS:
                props.update(self._knows_state(props["strength_base"], touches[kept["other_id"]]))
            updates.append(
                {"ref": kept["ref"], "props": {k: v for k, v in props.items() if v is not None}}
            )
        return updates

    def _knows_state(self, base: float, touches: list[Row]) -> Row:
        """mass, mass_at, strength (at mass_at), last_interaction_at and interaction_count,
        from scratch over the pair's interactions."""
        mass, mass_at = self.model.rebuild_from_rows(touches)
        return {
            "mass": mass,
            "mass_at": mass_at,
            "strength": StrengthModel.stored(base, mass),
            "last_interaction_at": max((t["occurred_at"] for t in touches), default=None),
            "interaction_count": len(touches) or None,
        }
