"""Rules for watches: a target must exist; a watch starts with its target's state at creation,
so only a path that opens afterwards is announced."""

import uuid

from app.common.etag import entity_tag, if_match_holds
from app.common.kinds import Label
from app.common.pagination import Page, decode_cursor, encode_cursor
from app.db.convert import now
from app.errors import NotFound, PreconditionFailed
from app.mapping.intros import IntroSearch
from app.mapping.schemas import IntroPath, IntroRequest
from app.watches.repository import Row, WatchRepository
from app.watches.schemas import Watch, WatchCreate


async def best_intro(
    search: IntroSearch, target_id: str, max_hops: int
) -> tuple[IntroPath | None, str | None]:
    """The team's best warm intro to the target now, and the target's name (None, None: the
    target is gone)."""
    nodes = await search.ctx.repo.nodes([target_id])
    node = nodes.get(target_id)
    if node is None or node.get("label") not in {Label.PERSON.value, Label.COMPANY.value}:
        return None, None
    answer = await search.intros(IntroRequest(target_id=target_id, limit=1, max_hops=max_hops))
    return (answer.paths[0] if answer.paths else None), node.get("name")


def is_open(path: IntroPath | None, min_score: float) -> bool:
    return path is not None and path.score >= min_score


def watch_of(row: Row) -> Watch:
    return Watch.model_validate(row)


class WatchService:
    def __init__(self, search: IntroSearch) -> None:
        self.search = search
        self.repo = WatchRepository(search.ctx.repo.db)

    async def create(self, body: WatchCreate) -> Watch:
        await self.search.ctx.node(body.target_id, Label.PERSON, Label.COMPANY)  # 404
        path, _ = await best_intro(self.search, body.target_id, body.max_hops)
        ts = now()
        opened = is_open(path, body.min_score)
        props = {
            "id": str(uuid.uuid4()),
            "target_id": body.target_id,
            "min_score": body.min_score,
            "max_hops": body.max_hops,
            "open": opened,
            "score": path.score if path is not None else None,
            "checked_at": ts,
            "opened_at": ts if opened else None,
            "created_at": ts,
        }
        row = await self.repo.create({k: v for k, v in props.items() if v is not None})
        return watch_of({"score": None, "opened_at": None, **row})

    async def get_tagged(self, watch_id: str) -> tuple[Watch, str]:
        row = await self.repo.get(watch_id)
        if row is None:
            raise NotFound(f"no watch with id {watch_id}")
        watch = watch_of({"score": None, "opened_at": None, **row})
        return watch, entity_tag(watch)

    async def page(self, limit: int, cursor: str | None) -> Page[Watch]:
        after = decode_cursor(cursor).get("after")
        rows = await self.repo.find(after if isinstance(after, str) else None, limit + 1)
        items = [watch_of({"score": None, "opened_at": None, **r}) for r in rows[:limit]]
        more = len(rows) > limit
        return Page[Watch](
            items=items, next_cursor=encode_cursor({"after": items[-1].id}) if more else None
        )

    async def delete(self, watch_id: str, if_match: str | None) -> None:
        def check(row: Row) -> None:
            current = entity_tag(watch_of({"score": None, "opened_at": None, **row}))
            if not if_match_holds(if_match, current):
                raise PreconditionFailed(
                    f"the watch {watch_id} has changed since the tag in If-Match; read it "
                    "again (its current tag is in ETag)",
                    current,
                )

        if not await self.repo.delete(watch_id, check):
            raise NotFound(f"no watch with id {watch_id}")
