"""relationship.warmed / relationship.cooled: a strength crossing RELMAP_WARM_AT upward or
RELMAP_COLD_AT downward.

Each edge's last announced band (warm >= warm_at, cold < cold_at, mid between) is kept in a
SignalBand node; a crossing is a move into warm (warmed) or into cold (cooled). Writes check the
edges they touch in their own transaction (immediate), and the decay scanner
(app/changes/scanner.py) checks every KNOWS edge at least hourly, since strengths fall
without any write. The band node is moved with a compare-and-set, so a crossing is announced
once even when a write and the scanner see it at the same time.
"""

from datetime import datetime
from typing import Any

from app.changes import payloads
from app.changes.types import ChangeType
from app.config import get_settings
from app.db.convert import now
from app.db.database import Tx

Row = dict[str, Any]
WARM, MID, COLD = "warm", "mid", "cold"
# A relationship between people warms or cools; a company's ties and employment do not.
PERSON_TO_PERSON = frozenset({"KNOWS", "REPORTS_TO", "INFLUENCES"})


def band_of(strength: float, warm_at: float, cold_at: float) -> str:
    if strength >= warm_at:
        return WARM
    return COLD if strength < cold_at else MID


def crossing(old: str | None, new: str, fresh: bool) -> ChangeType | None:
    """The signal of a move from band `old` (None: never seen) to `new`. A new edge (fresh)
    that starts warm warmed from nothing; an edge first seen by the scanner is only noted."""
    if old == new or (old is None and not fresh):
        return None
    if new == WARM:
        return ChangeType.RELATIONSHIP_WARMED
    if new == COLD and old is not None:
        return ChangeType.RELATIONSHIP_COOLED
    return None


async def check_edges(
    tx: Tx, rows: list[Row], cause: str, fresh: bool = True, at: datetime | None = None
) -> int:
    """Announce, in tx, the crossings of these stored edges (rows as get_relationship returns
    them), at their strength now (or at `at`: the scanner's moment). cause: what moved them
    (write, decay). Returns how many crossings were recorded."""
    rows = [r for r in rows if r.get("type") in PERSON_TO_PERSON]
    if not rows:
        return 0
    settings = get_settings()
    warm_at, cold_at = settings.relmap_warm_at, settings.relmap_cold_at
    moment = at or now()
    # the strength alone decides; the whole payload is built for the edges that moved (a
    # decay scan checks every decaying edge and finds a few)
    strengths = {r["id"]: payloads.strength(r, moment) for r in rows}
    found = await tx.one_plain("get_signal_bands", ids=list(strengths))
    bands = {edge_id: band for edge_id, band in (found["bands"] if found else [])}
    moves = []
    for edge_id, strength in strengths.items():
        new = band_of(strength, warm_at, cold_at)
        if bands.get(edge_id) != new:
            moves.append({"id": edge_id, "old": bands.get(edge_id), "new": new})
    if not moves:
        return 0
    moving = {move["id"] for move in moves}
    edges = {r["id"]: payloads.edge(r, moment) for r in rows if r["id"] in moving}
    recorded = 0
    moved = {r["id"] for r in await tx.run("set_signal_bands", rows=moves)}
    for move in moves:
        signal = crossing(move["old"], move["new"], fresh)
        if signal is None or move["id"] not in moved:
            continue
        warmed = signal is ChangeType.RELATIONSHIP_WARMED
        tx.record(
            signal,
            {
                "relationship": edges[move["id"]],
                "strength": edges[move["id"]]["strength"],
                "threshold": warm_at if warmed else cold_at,
                "direction": "up" if warmed else "down",
                "previous_band": move["old"],
                "band": move["new"],
                "cause": cause,
                "as_of": moment,
            },
        )
        recorded += 1
    return recorded


async def forget_edges(tx: Tx, ids: list[str]) -> None:
    if ids:
        await tx.run("forget_signal_bands", ids=ids)


def current_job(row: Row | None) -> bool:
    return row is not None and row.get("until") is None and row.get("current") is not False


async def check_job(tx: Tx, before: Row | None, row: Row) -> None:
    """person.job_changed for a WORKS_AT edge (rows as get_relationship returns them: before
    the write, None for a new one, and after): made current (joined), ended (left), or its
    title or role changed while current. The evidence is the edge and the person's current
    employers after the change."""
    if row.get("type") != "WORKS_AT":
        return
    was, now = current_job(before), current_job(row)
    if now and not was:
        change = "joined"
    elif was and not now:
        change = "left"
    elif (
        now
        and before is not None
        and any(before.get(k) != row.get(k) for k in ("title", "role", "department"))
    ):
        change = "title_changed"
    else:
        return
    jobs = await tx.run("current_jobs", person_id=row["source_id"])
    edge = payloads.edge(row)
    tx.record(
        ChangeType.PERSON_JOB_CHANGED,
        {
            "person_id": row["source_id"],
            "company_id": row["target_id"],
            "change": change,
            "previous": None if before is None else payloads.edge(before)["properties"],
            "relationship": edge,
            "current_jobs": jobs,
        },
    )
