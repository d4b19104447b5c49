"""An account's journey (API.md "Account journey"): every touchpoint with a company over a
time range, and what they add up to (by kind, by week or month, first and last touch, the
gaps between them, the team members who own the relationship).

A touchpoint is an interaction
- with someone who worked at the company at that moment: a WORKS_AT whose `since` is empty or
  on or before the interaction's day (UTC) and whose `until` is empty or on or after it (both
  days count); a WORKS_AT marked ended (current: false) without an `until` never counts, as
  nobody can tell which interactions came before the person left; or
- tied to the company (an interaction's company_ids: a CONCERNS edge).
"""

import heapq
import itertools
import statistics
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app.common.kinds import InteractionKind
from app.common.pagination import decode_cursor, encode_cursor
from app.companies.service import CompaniesService
from app.config import Settings
from app.db.database import Database
from app.errors import Unprocessable
from app.graph.strength import StrengthClock, strength_model
from app.journeys.repository import JourneyRepository, Row
from app.journeys.schemas import (
    Bucket,
    Gap,
    Journey,
    Owner,
    PeriodCount,
    Touchpoint,
    TouchpointPage,
)
from app.people.cards import card_or_stub, person_cards

MAX_TOUCHPOINTS = 50_000  # candidate interactions read for one journey
GAPS = 10  # the longest silences shown
DAY_S = 86_400.0


def worked_there(staff: Row, moment: datetime) -> bool:
    """Whether a WORKS_AT (its since, until, current) covers the day of `moment` (UTC)."""
    day = moment.astimezone(UTC).date()
    since: date | None = staff.get("since")
    until: date | None = staff.get("until")
    if until is None and staff.get("current") is False:
        return False
    return (since is None or since <= day) and (until is None or day <= until)


def period_of(moment: datetime, bucket: Bucket) -> tuple[str, date]:
    day = moment.astimezone(UTC).date()
    if bucket is Bucket.MONTH:
        return f"{day.year:04d}-{day.month:02d}", day.replace(day=1)
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}", day - timedelta(days=day.weekday())


def _next_start(start: date, bucket: Bucket) -> date:
    if bucket is Bucket.WEEK:
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def by_period(moments: list[tuple[datetime, str]], bucket: Bucket) -> list[PeriodCount]:
    """Counts per period and kind, every period from the first touchpoint's to the last's."""
    if not moments:
        return []
    counts: dict[date, dict[str, int]] = {}
    for at, kind in moments:
        _, start = period_of(at, bucket)
        row = counts.setdefault(start, {})
        row[kind] = row.get(kind, 0) + 1
    out: list[PeriodCount] = []
    start, last = period_of(moments[0][0], bucket)[1], period_of(moments[-1][0], bucket)[1]
    while start <= last:
        row = counts.get(start, {})
        label = period_of(datetime(start.year, start.month, start.day, tzinfo=UTC), bucket)[0]
        kinds = {k: v for k, v in row.items() if k in set(InteractionKind)}
        out.append(PeriodCount(period=label, start=start, total=sum(row.values()), **kinds))
        start = _next_start(start, bucket)
    return out


class JourneyService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.repo = JourneyRepository(db)
        self.companies = CompaniesService(db)
        self.clock = StrengthClock(strength_model(settings))

    async def journey(
        self,
        company_id: str,
        *,
        start: datetime | None,
        end: datetime | None,
        bucket: Bucket,
        limit: int,
        cursor: str | None,
    ) -> Journey:
        if start is not None and end is not None and start > end:
            raise Unprocessable(
                "from must not be after to",
                errors=[{"loc": ["query", "from"], "msg": "after to"}],
            )
        key = decode_cursor(cursor)
        company = await self.companies.get(company_id)  # 404 for an unknown company
        rows = await self.repo.touchpoints(company_id, start, end, MAX_TOUCHPOINTS + 1)
        truncated = len(rows) > MAX_TOUCHPOINTS
        touches: list[tuple[Row, list[str]]] = []
        for row in rows[:MAX_TOUCHPOINTS]:
            at = row["occurred_at"]
            people = sorted({s["id"] for s in row["staff"] if worked_there(s, at)})
            if people or row["tied"]:
                touches.append((row, people))
        page, next_cursor = self._page(touches, key, limit)
        shown = await self.repo.shown([row["id"] for row, _ in page])
        cards = await person_cards(
            self.db,
            [pid for row, _ in page for pid in shown.get(row["id"], {}).get("participants", [])],
        )
        items = []
        for row, people in page:
            fields = shown.get(row["id"], {})  # absent: deleted since the first read
            items.append(
                Touchpoint(
                    id=row["id"],
                    kind=row["kind"],
                    occurred_at=row["occurred_at"],
                    summary=fields.get("summary"),
                    sentiment=fields.get("sentiment"),
                    participants=sorted(
                        (card_or_stub(cards, pid) for pid in fields.get("participants", [])),
                        key=lambda c: (c.name or "", c.id),
                    ),
                    people=people,
                    tied=row["tied"],
                )
            )
        moments = [(r["occurred_at"], r["kind"]) for r, _ in touches]
        kinds: dict[str, int] = {}
        for _, kind in moments:
            kinds[kind] = kinds.get(kind, 0) + 1
        # (days, from, to) of every silence; only the longest become answers
        silences = [
            (round((b - a).total_seconds() / DAY_S, 6), a, b)
            for (a, _), (b, _) in itertools.pairwise(moments)
        ]
        median = statistics.median(days for days, _, _ in silences) if silences else None
        longest = heapq.nsmallest(GAPS, silences, key=lambda g: (-g[0], g[1]))
        return Journey(
            company=company,
            touchpoints=TouchpointPage(items=items, next_cursor=next_cursor),
            by_kind=dict(sorted(kinds.items())),
            by_period=by_period(moments, bucket),
            first_touch_at=moments[0][0] if moments else None,
            last_touch_at=moments[-1][0] if moments else None,
            median_gap_days=round(median, 6) if median is not None else None,
            gaps=[Gap(from_=a, to=b, days=days) for days, a, b in longest],
            owners=await self._owners(company_id, touches),
            truncated=truncated,
        )

    @staticmethod
    def _page(
        touches: list[tuple[Row, list[str]]], key: dict[str, Any], limit: int
    ) -> tuple[list[tuple[Row, list[str]]], str | None]:
        """Oldest first, keyset on (occurred_at, id): the cursor names the last one shown."""
        after_at, after_id = key.get("at"), key.get("id")
        rest = touches
        if isinstance(after_at, str) and isinstance(after_id, str):
            moment = datetime.fromisoformat(after_at)
            rest = [t for t in touches if (t[0]["occurred_at"], t[0]["id"]) > (moment, after_id)]
        page = rest[:limit]
        if len(rest) <= limit:
            return page, None
        last = page[-1][0]
        return page, encode_cursor({"at": last["occurred_at"].isoformat(), "id": last["id"]})

    async def _owners(self, company_id: str, touches: list[tuple[Row, list[str]]]) -> list[Owner]:
        counts: dict[str, int] = {}
        for row, _ in touches:
            for pid in row["team"]:
                counts[pid] = counts.get(pid, 0) + 1
        if not counts:
            return []
        best: dict[str, float] = {}
        for tie in await self.repo.owner_ties(company_id, sorted(counts)):
            strength = self.clock.current(tie)
            best[tie["owner_id"]] = max(best.get(tie["owner_id"], 0.0), strength)
        cards = await person_cards(self.db, sorted(counts))
        owners = [
            Owner(
                person=card_or_stub(cards, pid),
                interactions=n,
                strength=round(best.get(pid, 0.0), 12),
            )
            for pid, n in counts.items()
        ]
        owners.sort(key=lambda o: (-o.interactions, -o.strength, o.person.name or "", o.person.id))
        return owners
