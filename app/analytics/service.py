"""Network analytics: influencers, segments (and saved ones), suggestions, competitor risk."""

import asyncio
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.analytics import engine, graph
from app.analytics.dynamic import DynamicSegments
from app.analytics.engine import Cached, Engine, JobRecord
from app.analytics.graph import Algorithm, Metric, Partition, Projection
from app.analytics.repository import AnalyticsRepository, Row
from app.analytics.schemas import (
    CompanyCount,
    CompanyRef,
    Count,
    Influencer,
    Influencers,
    Job,
    Member,
    PersonBrief,
    SavedSegment,
    SavedSegmentCreate,
    Segment,
    SegmentFilter,
    Segments,
)
from app.common.etag import entity_tag, if_match_holds
from app.common.pagination import Page, decode_cursor, encode_cursor, page_of
from app.config import Settings
from app.db.database import Database
from app.errors import Conflict, NotFound, PreconditionFailed, Unprocessable
from app.graph.strength import StrengthClock, strength_model
from app.people.cards import PersonCard

SAMPLE = 10  # members shown per segment
TOP = 5  # companies, industries, tags shown per segment


@dataclass
class Pending:
    """A computation running as a job: the router answers 202 with it."""

    job: Job


@dataclass
class SegmentsResult:
    partition: Partition
    order: list[list[int]]  # segment number -> member vertices, most connected first
    weighted: np.ndarray
    projection: Projection
    # the `computation`: a digest of the segments themselves (their algorithm and members, in
    # order), so the same partition has the same id in every API process and after a
    # recomputation that found it again, and a segment id given with it means the same people
    # wherever it is used. A per-process random id made another worker answer 409 to a page of
    # members or a save that came with it.
    token: str


def _digest(algorithm: Algorithm, members: list[list[str]]) -> str:
    text = json.dumps([algorithm.value, members], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _filter(row: Row) -> SegmentFilter | None:
    """A dynamic segment's filter, as saved (None for a list of people)."""
    text = row.get("filter_json")
    return SegmentFilter.model_validate_json(text) if text else None


def _saved(row: Row, dynamic_count: int = 0) -> SavedSegment:
    """A saved segment; a dynamic one's member_count is the one just found (dynamic_count)."""
    f = _filter(row)
    count = dynamic_count if f is not None else len(row.get("member_ids") or [])
    fields = {k: v for k, v in row.items() if k not in ("filter_json", "member_count")}
    return SavedSegment(**fields, member_count=count, filter=f)


def job_view(job: JobRecord) -> Job:
    return Job(
        id=job.id,
        kind=job.kind,
        status=job.status,
        phase=job.phase,
        progress=round(job.progress, 4),
        created_at=job.created_at,
        finished_at=job.finished_at,
        error=job.error,
    )


def brief(card: Row | None, pid: str) -> dict[str, Any]:
    """The fields of a row about a person, from its person_cards row (a stub when the person
    was deleted since the answer was computed)."""
    if card is None:
        return {"id": pid, "person": PersonCard(id=pid)}
    return {
        "id": pid,
        "name": card.get("name"),
        "title": card.get("title"),
        "tags": card.get("tags") or [],
        "companies": [CompanyRef(**c) for c in card.get("companies") or []],
        "person": PersonCard.model_validate(card),
    }


def ranked(metric: Metric) -> Any:
    """The metric's scores and every vertex in rank order (score desc, then id), once."""

    def work(projection: Projection) -> tuple[np.ndarray, np.ndarray]:
        scores = graph.METRICS[metric](projection)
        order = np.lexsort((np.asarray(projection.ids, dtype=str), -scores))
        return scores, order

    return work


# What parse_scope takes (a value that is not blank after the colon)
SCOPE_PATTERN = r"^(?:all|(?:company|industry|tag):[\s\S]*\S[\s\S]*)$"


def parse_scope(scope: str) -> tuple[str, str | None]:
    if scope == "all":
        return "all", None
    kind, sep, value = scope.partition(":")
    if not sep or kind not in ("company", "industry", "tag") or not value.strip():
        raise Unprocessable(
            "scope must be all, company:{id}, industry:{name} or tag:{tag}",
            errors=[{"loc": ["query", "scope"], "msg": "unknown scope"}],
        )
    return kind, value.strip()


class AnalyticsService:
    def __init__(self, db: Database, settings: Settings, engine: Engine) -> None:
        self.repo = AnalyticsRepository(db)
        self.model = strength_model(settings)
        self.engine = engine
        self.dynamic = DynamicSegments(self.repo, StrengthClock(self.model))

    async def _result(
        self, key: tuple[str, str], work: Any
    ) -> tuple[Cached | None, JobRecord | None]:
        version, counts = await self.engine.version(self.repo)
        edges = int(counts["knows"]) + int(counts["reports_to"]) + int(counts["influences"])
        inline = edges <= engine.INLINE_EDGES
        if key == ("influencers", Metric.BETWEENNESS.value):
            people = int(counts["people"])
            sources = people if people <= graph.EXACT_BETWEENNESS else graph.BETWEENNESS_SAMPLES
            inline = inline and edges * sources <= engine.INLINE_PAIRS

        async def compute(job: JobRecord) -> Any:
            projection = await self.engine.projection_for(version, self.repo, self.model, job)
            job.phase = f"computing {key[1]}"
            value = await asyncio.to_thread(work, projection)
            return projection, value

        return await self.engine.get(key, version, inline, compute)

    # --- influencers -------------------------------------------------------------------------

    async def influencers(
        self,
        *,
        scope: str,
        metric: Metric,
        limit: int,
        cursor: str | None,
        exclude_team: bool = False,
    ) -> Influencers | Pending:
        """Ranked over the whole person network; the scope and exclude_team only choose who is
        shown (and ranks count those shown)."""
        kind, value = parse_scope(scope)
        allowed: set[str] | None = None
        if kind == "company":
            assert value is not None
            if await self.repo.company(value) is None:
                raise NotFound(f"no company with id {value}")
        if value is not None:
            allowed = set(await self.repo.scope_ids(kind, value))
        team = await self.repo.team_ids() if exclude_team else set()
        cached, job = await self._result(("influencers", metric.value), ranked(metric))
        if cached is None:
            assert job is not None
            return Pending(job_view(job))
        projection, (scores, order) = cached.value
        offset = int(decode_cursor(cursor).get("o", 0) or 0)
        if allowed is not None:
            member = np.zeros(projection.n, dtype=bool)
            member[[projection.index[p] for p in allowed if p in projection.index]] = True
            order = order[member[order]]
        if team:
            outside = np.ones(projection.n, dtype=bool)
            outside[[projection.index[p] for p in team if p in projection.index]] = False
            order = order[outside[order]]
        window = [int(v) for v in order[offset : offset + limit + 1]]
        ids = [projection.ids[v] for v in window[:limit]]
        cards = await self.repo.cards(ids)
        items = [
            Influencer(
                **brief(cards.get(pid), pid),
                rank=offset + pos + 1,
                score=float(scores[v]),
            )
            for pos, (v, pid) in enumerate(zip(window, ids, strict=False))
        ]
        return Influencers(
            metric=metric.value,
            scope=scope,
            exclude_team=exclude_team,
            items=items,
            next_cursor=encode_cursor({"o": offset + limit}) if len(window) > limit else None,
            **self._freshness(cached, job, projection),
        )

    @staticmethod
    def _freshness(cached: Cached, job: JobRecord | None, projection: Projection) -> dict[str, Any]:
        return {
            "computed_at": projection.built_at,
            "stale": job is not None,
            "job_id": job.id if job else None,
            "people": projection.n,
            "edges": projection.m,
        }

    # --- segments ----------------------------------------------------------------------------

    @staticmethod
    def _partition(algorithm: Algorithm) -> Any:
        def work(projection: Projection) -> SegmentsResult:
            partition = graph.communities(projection, algorithm)
            weighted = graph.degree(projection)
            groups: dict[int, list[int]] = {}
            for v, c in enumerate(partition.membership):
                groups.setdefault(c, []).append(v)
            ordered = sorted(
                groups.values(), key=lambda g: (-len(g), min(projection.ids[v] for v in g))
            )
            order = [sorted(g, key=lambda v: (-weighted[v], projection.ids[v])) for g in ordered]
            token = _digest(algorithm, [[projection.ids[v] for v in g] for g in order])
            return SegmentsResult(partition, order, weighted, projection, token)

        return work

    async def _segments(self, algorithm: Algorithm) -> tuple[Cached | None, JobRecord | None]:
        return await self._result(("segments", algorithm.value), self._partition(algorithm))

    async def segments(
        self, *, algorithm: Algorithm, min_size: int, limit: int, cursor: str | None
    ) -> Segments | Pending:
        cached, job = await self._segments(algorithm)
        if cached is None:
            assert job is not None
            return Pending(job_view(job))
        projection, result = cached.value
        assert isinstance(result, SegmentsResult)
        numbered = [(n, g) for n, g in enumerate(result.order) if len(g) >= min_size]
        offset = int(decode_cursor(cursor).get("o", 0) or 0)
        window = numbered[offset : offset + limit + 1]
        sample_ids = [projection.ids[v] for _, g in window[:limit] for v in g[:SAMPLE]]
        cards = await self.repo.cards(sample_ids)
        internal = self._internal_edges(result)
        items = []
        for n, members in window[:limit]:
            items.append(self._describe(algorithm, n, members, result, cards, internal.get(n, 0)))
        return Segments(
            algorithm=algorithm.value,
            computation=result.token,
            modularity=result.partition.modularity,
            segment_count=len(numbered),
            items=items,
            next_cursor=encode_cursor({"o": offset + limit}) if len(window) > limit else None,
            **self._freshness(cached, job, projection),
        )

    @staticmethod
    def _internal_edges(result: SegmentsResult) -> dict[int, int]:
        p = result.projection
        number = np.empty(p.n, dtype=np.int64)
        for n, g in enumerate(result.order):
            number[g] = n
        same = number[p.src] == number[p.dst]
        return {int(k): int(c) for k, c in Counter(number[p.src][same].tolist()).items()}

    @staticmethod
    def _describe(
        algorithm: Algorithm,
        n: int,
        members: list[int],
        result: SegmentsResult,
        cards: dict[str, Row],
        internal: int,
    ) -> Segment:
        p = result.projection
        tags: Counter[str] = Counter()
        firms: Counter[str] = Counter()
        industries: Counter[str] = Counter()
        for v in members:
            tags.update(set(p.tags[v]))
            firms.update(set(p.companies[v]))
            industries.update(
                {ind for c in p.companies[v] if (ind := p.company_info.get(c, ("", None))[1])}
            )
        size = len(members)
        return Segment(
            id=f"{algorithm.value}-{n}",
            size=size,
            members=[
                Member(
                    **brief(cards.get(p.ids[v]), p.ids[v]),
                    weighted_degree=float(result.weighted[v]),
                )
                for v in members[:SAMPLE]
            ],
            top_companies=[
                CompanyCount(
                    id=c,
                    name=p.company_info.get(c, (None, None))[0],
                    industry=p.company_info.get(c, (None, None))[1],
                    count=k,
                )
                for c, k in sorted(firms.items(), key=lambda x: (-x[1], x[0]))[:TOP]
            ],
            top_industries=[
                Count(name=i, count=k)
                for i, k in sorted(industries.items(), key=lambda x: (-x[1], x[0]))[:TOP]
            ],
            top_tags=[
                Count(name=t, count=k)
                for t, k in sorted(tags.items(), key=lambda x: (-x[1], x[0]))[:TOP]
            ],
            internal_edges=internal,
            density=internal / (size * (size - 1) / 2) if size > 1 else 0.0,
        )

    async def _segment_members(
        self, segment_id: str, computation: str | None
    ) -> tuple[Cached, list[str]] | Pending:
        name, _, number = segment_id.rpartition("-")
        try:
            algorithm = Algorithm(name)
            n = int(number)
        except ValueError:
            raise NotFound(f"no segment {segment_id!r}; ids look like louvain-0") from None
        cached, job = await self._segments(algorithm)
        if cached is None:
            assert job is not None
            return Pending(job_view(job))
        projection, result = cached.value
        if computation is not None and computation != result.token:
            raise Conflict(
                "the segments were recomputed since (the graph changed); list them again",
                computation=result.token,
            )
        if not 0 <= n < len(result.order):
            raise NotFound(f"no segment {segment_id!r} in the current computation")
        return cached, [projection.ids[v] for v in result.order[n]]

    async def segment_members(
        self, segment_id: str, *, limit: int, cursor: str | None
    ) -> Page[Member] | Pending:
        key = decode_cursor(cursor)
        found = await self._segment_members(segment_id, key.get("c"))
        if isinstance(found, Pending):
            return found
        cached, ids = found
        _, result = cached.value
        offset = int(key.get("o", 0) or 0)
        window = ids[offset : offset + limit + 1]
        cards = await self.repo.cards(window[:limit])
        p = result.projection
        members = [
            Member(**brief(cards.get(i), i), weighted_degree=float(result.weighted[p.index[i]]))
            for i in window
        ]
        return page_of(members, limit, lambda _: {"o": offset + limit, "c": result.token})

    # --- saved segments ----------------------------------------------------------------------

    async def save_segment(self, body: SavedSegmentCreate) -> SavedSegment | Pending:
        given = [body.segment_id, body.member_ids, body.filter]
        if sum(x is not None for x in given) != 1:
            raise Unprocessable("give one of segment_id, member_ids or filter")
        if body.filter is not None:
            await self.dynamic.check(body.filter)
            found_now = await self.dynamic.members(body.filter)
            row = await self.repo.create_saved(
                {
                    "name": body.name,
                    "description": body.description,
                    "filter_json": body.filter.model_dump_json(exclude_none=True),
                }
            )
            return _saved(row, len(found_now))
        algorithm: str | None = None
        if body.segment_id is not None:
            found = await self._segment_members(body.segment_id, body.computation)
            if isinstance(found, Pending):
                return found
            members = found[1]
            algorithm = body.segment_id.rpartition("-")[0]
        else:
            wanted = list(dict.fromkeys(body.member_ids or []))
            members = await self.repo.existing_people(wanted)
            missing = sorted(set(wanted) - set(members))
            if missing:
                raise NotFound(f"no person with id {', '.join(missing[:5])}", missing=missing)
        row = await self.repo.create_saved(
            {
                "name": body.name,
                "description": body.description,
                "algorithm": algorithm,
                "source_segment": body.segment_id,
                "member_ids": members,
            }
        )
        return SavedSegment(**{**row, "member_count": len(members)})

    async def saved_segments(self, limit: int, cursor: str | None) -> Page[SavedSegment]:
        after = decode_cursor(cursor).get("after")
        rows = await self.repo.list_saved(after if isinstance(after, str) else None, limit + 1)
        segments = [_saved(r, await self._dynamic_count(r)) for r in rows[: limit + 1]]
        return page_of(segments, limit, lambda last: {"after": last.id})

    async def _dynamic_count(self, row: Row) -> int:
        """How many people a dynamic segment holds now (0 for a list of people)."""
        f = _filter(row)
        return len(await self.dynamic.members(f)) if f is not None else 0

    async def saved_segment(self, segment_id: str) -> SavedSegment:
        row = await self.repo.get_saved(segment_id)
        if row is None:
            raise NotFound(f"no saved segment with id {segment_id}")
        return _saved(row, await self._dynamic_count(row))

    async def saved_members(
        self, segment_id: str, limit: int, cursor: str | None
    ) -> Page[PersonBrief]:
        row = await self.repo.get_saved(segment_id)
        if row is None:
            raise NotFound(f"no saved segment with id {segment_id}")
        f = _filter(row)
        # a dynamic segment's members are found now, by name then id
        ids: list[str] = await self.dynamic.members(f) if f else row.get("member_ids") or []
        offset = int(decode_cursor(cursor).get("o", 0) or 0)
        chunk = ids[offset : offset + limit]
        cards = await self.repo.cards(chunk)
        # people deleted since the segment was saved drop out (a page may then be shorter)
        items = [PersonBrief(**brief(cards[pid], pid)) for pid in chunk if pid in cards]
        more = offset + limit < len(ids)
        return Page[PersonBrief](
            items=items, next_cursor=encode_cursor({"o": offset + limit}) if more else None
        )

    async def delete_saved(self, segment_id: str, if_match: str | None = None) -> None:
        # a dynamic segment's tag holds its member count: found before the locked check
        found = await self.repo.get_saved(segment_id) if if_match is not None else None
        count = await self._dynamic_count(found) if found is not None else 0

        def check(row: Row) -> None:
            current = entity_tag(_saved(row, count))
            if not if_match_holds(if_match, current):
                raise PreconditionFailed(
                    f"the saved segment {segment_id} has changed since the tag in If-Match",
                    current,
                )

        if not await self.repo.delete_saved(segment_id, check if if_match is not None else None):
            raise NotFound(f"no saved segment with id {segment_id}")

    # --- jobs --------------------------------------------------------------------------------

    async def job(self, job_id: str) -> Job:
        row = await self.engine.store.get(job_id, engine.KIND)
        if row is None:
            raise NotFound(f"no analytics job with id {job_id}")
        return Job(
            id=row["id"],
            kind=row.get("job_kind", ""),
            status=row["status"],
            phase=row.get("phase", ""),
            progress=row.get("progress", 0.0),
            created_at=row["created_at"],
            finished_at=row.get("finished_at"),
            error=row.get("error"),
        )
