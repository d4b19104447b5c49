"""Reading the change feed: pages in commit order, and a cursor to poll from at its end."""

import json

from app.changes.repository import END, ChangeRepository, Position, Row
from app.changes.schemas import Change, ChangePage
from app.common.pagination import decode_cursor, encode_cursor
from app.db.database import Database
from app.errors import BadRequest


def position_of(cursor: str | None) -> Position:
    """The position a feed cursor names (the start of the feed when None); a 400 for one this
    API did not give out."""
    key = decode_cursor(cursor)
    if not key:
        return Position()
    seq, idx = key.get("seq"), key.get("idx")
    if not (isinstance(seq, int) and isinstance(idx, int)) or seq < 0 or not -1 <= idx <= END:
        raise BadRequest("cursor is not one this API gave out")
    return Position(seq, idx)


def cursor_of(position: Position) -> str:
    return encode_cursor({"seq": position.seq, "idx": position.idx})


def change_of(row: Row) -> Change:
    return Change(
        id=row["id"], type=row["type"], occurred_at=row["occurred_at"], data=json.loads(row["data"])
    )


def next_position(start: Position, top: int, rows: list[Row], limit: int) -> Position:
    """Where the next read starts: after the last row when the page is full; otherwise every
    change below top has been read. Not every change at top: a reader can see the version node
    of the transaction that moved it to top before that transaction's Change nodes (Neo4j
    applies a transaction's records and then its index entries, and a read-committed read may
    fall between them); every transaction below top had finished applying before the one at
    top took the version's lock. So the changes at top are read again next time (once seen,
    the rows' own positions carry the reader past them)."""
    if len(rows) >= limit:
        return Position(rows[limit - 1]["seq"], rows[limit - 1]["idx"])
    last = Position(rows[-1]["seq"], rows[-1]["idx"]) if rows else start
    return max(start, last, Position(top - 1, END))


class ChangeService:
    def __init__(self, db: Database) -> None:
        self.repo = ChangeRepository(db)

    async def page(self, after: str | None, limit: int) -> ChangePage:
        start = position_of(after)
        top, rows = await self.repo.after(start, limit)
        following = next_position(start, top, rows, limit)
        return ChangePage(items=[change_of(r) for r in rows], next_cursor=cursor_of(following))
