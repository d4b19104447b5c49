"""Dynamic segments (API.md "Segments by attributes"): a saved filter whose members are found
each time the segment is read.

The statement (cypher/analytics/segment_candidates.cypher) keeps the people whose tags,
location, current jobs (role, industry, company) and interactions pass; here the rest is
decided: attributes (exact values, parsed from their JSON), and the strongest tie to a team
member as of now (app/graph/strength.py evaluates every stored edge; the statement only
pre-filters on the stored strength, an upper bound of today's).
"""

import json
from datetime import timedelta
from typing import Any

from app.analytics.repository import AnalyticsRepository
from app.analytics.schemas import SegmentFilter
from app.db.convert import now
from app.errors import NotFound
from app.graph.strength import StrengthClock

MAX_MEMBERS = 100_000  # as for a saved list of people


def same_value(stored: Any, wanted: Any) -> bool:
    """JSON equality of one attribute: text to text, a boolean to a boolean, numbers by value
    (10 and 10.0 are equal; true is not 1)."""
    if isinstance(stored, bool) or isinstance(wanted, bool):
        return isinstance(stored, bool) and isinstance(wanted, bool) and stored is wanted
    if isinstance(stored, int | float) and isinstance(wanted, int | float):
        return float(stored) == float(wanted)
    return isinstance(stored, str) and isinstance(wanted, str) and stored == wanted


def statement_filter(f: SegmentFilter) -> dict[str, Any]:
    """The filter as the statement's $f map (null or empty entries are off)."""
    moment = now()
    return {
        "tags_all": f.tags_all or [],
        "tags_any": f.tags_any or [],
        "location": f.location.lower() if f.location else None,
        "industry": f.industry.lower() if f.industry else None,
        "role": f.role.value if f.role else None,
        "company_ids": f.company_ids or [],
        "touched_after": moment - timedelta(days=f.touched_within_days)
        if f.touched_within_days
        else None,
        "untouched_since": moment - timedelta(days=f.not_touched_within_days)
        if f.not_touched_within_days
        else None,
    }


class DynamicSegments:
    def __init__(self, repo: AnalyticsRepository, clock: StrengthClock) -> None:
        self.repo = repo
        self.clock = clock

    async def check(self, f: SegmentFilter) -> None:
        """A filter naming a company that does not exist is a 404 (as unknown member_ids)."""
        if f.company_ids:
            known = await self.repo.companies_exist(f.company_ids)
            missing = [c for c in f.company_ids if c not in known]
            if missing:
                raise NotFound(f"no company with id {', '.join(missing[:5])}", missing=missing)

    async def members(self, f: SegmentFilter) -> list[str]:
        """The ids of the people matching now, by name then id. Someone with no tie to the
        team has a team strength of 0."""
        rows = await self.repo.segment_candidates(statement_filter(f), MAX_MEMBERS)
        if f.attributes:
            wanted = f.attributes
            rows = [r for r in rows if self._attributes_match(r.get("attributes_json"), wanted)]
        ids = [r["id"] for r in rows]
        if f.min_team_strength is not None and f.min_team_strength > 0.0 and ids:
            floor = f.min_team_strength
            moment = now().timestamp()
            strong: set[str] = set()
            for tie in await self.repo.team_ties(ids, floor):
                if self.clock.at_epoch(tie, moment) >= floor:
                    strong.add(tie["id"])
            ids = [i for i in ids if i in strong]
        return ids

    @staticmethod
    def _attributes_match(text: str | None, wanted: dict[str, Any]) -> bool:
        try:
            stored = json.loads(text) if text else {}
        except ValueError:
            return False
        if not isinstance(stored, dict):
            return False
        return all(k in stored and same_value(stored[k], v) for k, v in wanted.items())
