"""Per-person and per-account insights answered by bounded Cypher: suggestions, competitor risk."""

from typing import Any

from app.analytics.market import Relation, market_of
from app.analytics.repository import AnalyticsRepository, Row
from app.analytics.schemas import (
    AtRisk,
    CompanyRef,
    CompetitorRisk,
    SharedContact,
    Stakeholder,
    Suggestion,
    Suggestions,
    Tie,
    TieEdge,
)
from app.analytics.service import brief
from app.config import Settings
from app.db.database import Database
from app.errors import NotFound
from app.graph.strength import StrengthClock, strength_model

SHARED_SHOWN = 10
TIES_SHOWN = 5


class InsightsService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.repo = AnalyticsRepository(db)
        self.clock = StrengthClock(strength_model(settings))

    def strength(self, edge: Row) -> float:
        return self.clock.current(edge)

    async def suggestions(
        self, person_id: str, limit: int, exclude_team: bool = False
    ) -> Suggestions:
        person = await self.repo.person(person_id)
        if person is None:
            raise NotFound(f"no person with id {person_id}")
        rows = await self.repo.suggestions(person_id, limit, exclude_team)
        cards = await self.repo.cards([r["id"] for r in rows])
        items = []
        for r in rows:
            shared = sorted(r["shared"], key=lambda c: (c["degree"], c["id"]))
            items.append(
                Suggestion(
                    **brief(cards.get(r["id"]), r["id"]),
                    score=float(r["score"]),
                    shared_count=len(shared),
                    shared=[SharedContact(**c) for c in shared[:SHARED_SHOWN]],
                )
            )
        return Suggestions(
            person=CompanyRef(id=person["id"], name=person["name"]),
            exclude_team=exclude_team,
            items=items,
        )

    async def competitor_risk(self, company_id: str) -> CompetitorRisk:
        company = await self.repo.company(company_id)
        if company is None:
            raise NotFound(f"no company with id {company_id}")
        market = market_of(await self.repo.market())
        competitors = market.with_relation({Relation.COMPETITOR})
        competitors.pop(company_id, None)  # an account is not its own competitor
        rows = await self.repo.stakeholder_ties(
            company_id, sorted(competitors), sorted(market.ours)
        )
        people: dict[str, dict[str, Any]] = {}
        for r in rows:
            pid = r["person"]["id"]
            entry = people.setdefault(
                pid,
                {"row": r, "competitor": {}, "us": {}},
            )
            edge = r["edge"]
            s = self.strength(edge)
            tie = Tie(
                strength=s,
                edge=TieEdge(
                    id=edge["id"],
                    type=edge["type"],
                    source=edge["source_id"],
                    target=edge["target_id"],
                    strength=s,
                ),
                person=CompanyRef(**r["via"]) if r.get("via") else None,
                company=CompanyRef(**r["company"]) if r.get("company") else None,
            )
            # one edge may reach a competitor through several of its people's jobs: keep one
            entry[r["side"]].setdefault(edge["id"], tie)
        cards = await self.repo.cards(list(people))
        items = []
        for entry in people.values():
            theirs = sorted(entry["competitor"].values(), key=lambda t: -t.strength)
            ours = sorted(entry["us"].values(), key=lambda t: -t.strength)
            top_theirs = theirs[0].strength if theirs else 0.0
            top_ours = ours[0].strength if ours else 0.0
            if not theirs or top_theirs <= top_ours:
                continue
            r = entry["row"]
            pid = r["person"]["id"]
            items.append(
                AtRisk(
                    person=Stakeholder.model_validate(cards.get(pid) or r["person"]),
                    role=r.get("role"),
                    title=r.get("title"),
                    competitor_strength=top_theirs,
                    our_strength=top_ours,
                    margin=top_theirs - top_ours,
                    competitor_ties=theirs[:TIES_SHOWN],
                    our_ties=ours[:TIES_SHOWN],
                )
            )
        items.sort(key=lambda a: (-a.margin, a.person.id))
        return CompetitorRisk(
            company=CompanyRef(id=company["id"], name=company["name"]),
            our_companies=[
                CompanyRef(id=c.id, name=c.name, industry=c.industry) for c in market.ours.values()
            ],
            competitors=[
                CompanyRef(id=c.id, name=c.name, industry=c.industry) for c in competitors.values()
            ],
            items=items,
        )
