"""The change feed in Neo4j: the only module of this domain that runs Cypher."""

from dataclasses import dataclass
from typing import Any

from app.db.convert import record_fields
from app.db.database import Database, Tx

Row = dict[str, Any]
# An index past any within one transaction: "every change of this seq has been read".
END = 2**31


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A place in the feed: after the change (seq, idx)."""

    seq: int = 0
    idx: int = -1


class ChangeRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def after(
        self,
        position: Position,
        limit: int,
        types: list[str] | None = None,
        prefixes: list[str] | None = None,
    ) -> tuple[int, list[Row]]:
        """(top, changes after `position` up to seq top, in commit order). top is the graph
        version committed when the read began: every change below it has committed and is
        visible (they commit in version order); those at top may not be visible yet
        (service.next_position reads them again). Read in one transaction, top first."""

        async def work(tx: Tx) -> tuple[int, list[Row]]:
            row = await tx.one("get_graph_version")
            top = int(row["version"]) if row else 0
            rows = await tx.run(
                "list_changes",
                seq=position.seq,
                idx=position.idx,
                top=top,
                types=types,
                prefixes=prefixes or [],
                limit=limit,
            )
            return top, [record_fields(r) for r in rows]

        return await self.db.in_read(work)

    async def prune(self, before: Any, limit: int = 10_000) -> int:
        row = await self.db.write_state("prune_changes", before=before, limit=limit)
        return int(row["deleted"]) if row else 0
