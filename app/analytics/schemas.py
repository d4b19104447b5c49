from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_validator,
)

from app.common.kinds import Role
from app.common.schemas import Name, ShortText, Strength, Strict, Tags
from app.people.cards import PersonCard

JobState = Literal["queued", "running", "done", "failed", "interrupted"]

_CARD: dict[str, Any] = {
    "id": "0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10",
    "name": "Ada Lovelace",
    "title": "CTO",
    "is_team": False,
    "company": {"id": "7d1e9a52-5b55-4c8a-a0b9-3f0f4c1b2e77", "name": "Acme"},
    "role": "decision_maker",
}
_PERSON: dict[str, Any] = {
    "id": "0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10",
    "name": "Ada Lovelace",
    "title": "CTO",
    "tags": ["fintech"],
    "companies": [
        {"id": "7d1e9a52-5b55-4c8a-a0b9-3f0f4c1b2e77", "name": "Acme", "industry": "Fintech"}
    ],
    "person": _CARD,
}
_CARD_FIELD = "the person card: name, title, is_team, current employer and role there"


class CompanyRef(BaseModel):
    id: str
    name: str | None = None
    industry: str | None = None


class PersonBrief(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_PERSON]})

    id: str
    name: str | None = None
    title: str | None = None
    tags: list[str] = Field(default_factory=list)
    companies: list[CompanyRef] = Field(
        default_factory=list, description="every current employer, with its industry"
    )
    person: PersonCard = Field(description=_CARD_FIELD)


class Freshness(BaseModel):
    computed_at: datetime = Field(description="when the graph was read for this answer")
    stale: bool = Field(
        False,
        description="true when the graph changed since; a recomputation runs as `job_id`",
    )
    job_id: str | None = None
    people: int = Field(description="people in the projection")
    edges: int = Field(description="person-to-person edges in the projection")


class Influencer(PersonBrief):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{**_PERSON, "rank": 1, "score": 0.12}]}
    )

    rank: int = Field(description="1 = most central within the scope")
    score: float = Field(description="the metric's value (see docs/analytics.md)")


class Influencers(Freshness):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "metric": "pagerank",
                    "scope": "all",
                    "items": [{**_PERSON, "rank": 1, "score": 0.12}],
                    "next_cursor": None,
                    "computed_at": "2026-11-22T09:00:00Z",
                    "stale": False,
                    "job_id": None,
                    "people": 34,
                    "edges": 78,
                }
            ]
        }
    )

    metric: str
    scope: str
    exclude_team: bool = Field(
        False, description="people of our own team are left out (ranks count the others)"
    )
    items: list[Influencer]
    next_cursor: str | None = None


class Count(BaseModel):
    name: str
    count: int


class CompanyCount(BaseModel):
    id: str
    name: str | None = None
    industry: str | None = None
    count: int


class Member(PersonBrief):
    weighted_degree: float = Field(description="sum of strengths of the member's edges")


class Segment(BaseModel):
    id: str = Field(description="<algorithm>-<n>, n = 0 for the largest; valid for `computation`")
    size: int
    members: list[Member] = Field(description="a sample: the most connected members")
    top_companies: list[CompanyCount]
    top_industries: list[Count]
    top_tags: list[Count]
    internal_edges: int
    density: float


class Segments(Freshness):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "algorithm": "louvain",
                    "computation": "3c9a…",
                    "modularity": 0.44,
                    "segment_count": 4,
                    "items": [
                        {
                            "id": "louvain-0",
                            "size": 12,
                            "members": [{**_PERSON, "weighted_degree": 2.4}],
                            "top_companies": [{"id": "7d1e…", "name": "Acme", "count": 5}],
                            "top_industries": [{"name": "fintech", "count": 7}],
                            "top_tags": [{"name": "prospect", "count": 4}],
                            "internal_edges": 30,
                            "density": 0.45,
                        }
                    ],
                    "next_cursor": None,
                    "computed_at": "2026-11-22T09:00:00Z",
                    "stale": False,
                    "job_id": None,
                    "people": 34,
                    "edges": 78,
                }
            ]
        }
    )

    algorithm: str
    computation: str = Field(description="id of this partition; segment ids are valid within it")
    modularity: float
    segment_count: int
    items: list[Segment]
    next_cursor: str | None = None


_Days = Annotated[int, Field(ge=1, le=36_500, strict=True)]
_Key = Annotated[str, StringConstraints(min_length=1, max_length=100)]
_Scalar = (
    StrictStr | StrictBool | StrictInt | Annotated[float, Field(allow_inf_nan=False, strict=True)]
)
_Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


_FILTER: dict[str, Any] = {
    "industry": "fintech",
    "role": "decision_maker",
    "not_touched_within_days": 90,
}


class SegmentFilter(Strict):
    """Who belongs to a dynamic segment, decided when it is read. Every criterion given must
    hold (at least one is needed); "current" jobs are WORKS_AT without `until`, not ended."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"tags_any": ["vip", "board"], "industry": "fintech", "role": "decision_maker"},
                {"company_ids": ["7d1e9a52-…"], "not_touched_within_days": 90},
            ]
        },
    )

    tags_all: Tags | None = Field(None, min_length=1, description="has every one of these tags")
    tags_any: Tags | None = Field(None, min_length=1, description="has at least one of them")
    industry: _Words | None = Field(
        None, description="a current employer's industry (any letter case)"
    )
    role: Role | None = Field(
        None, description="a current WORKS_AT role (with industry: on the same job)"
    )
    location: _Words | None = Field(None, description="the person's location (any letter case)")
    attributes: dict[_Key, _Scalar] | None = Field(
        None,
        min_length=1,
        max_length=10,
        description="attributes equal to these values (text, number or boolean)",
    )
    company_ids: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] | None = (
        Field(None, min_length=1, max_length=100, description="works at one of them now")
    )
    min_team_strength: Strength | None = Field(
        None,
        description="their strongest person-to-person tie to a team member, now, is at least this",
    )
    touched_within_days: _Days | None = Field(
        None, description="took part in an interaction within the last this many days"
    )
    not_touched_within_days: _Days | None = Field(
        None, description="took part in no interaction within the last this many days"
    )

    @model_validator(mode="after")
    def _sensible(self) -> "SegmentFilter":
        if not self.model_dump(exclude_none=True):
            raise ValueError("a filter needs at least one criterion")
        touched, quiet = self.touched_within_days, self.not_touched_within_days
        if touched is not None and quiet is not None and touched <= quiet:
            raise ValueError(
                "touched_within_days must be more than not_touched_within_days, or nobody can match"
            )
        return self


class SavedSegmentCreate(Strict):
    """Save a computed segment (segment_id, from the current computation), a list of people
    (member_ids), or a filter (a dynamic segment: its members are found when it is read)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"name": "Fintech cluster", "segment_id": "louvain-0"},
                {"name": "Board", "member_ids": ["0b6c2f3e-…", "5e2d7f6a-…"]},
                {"name": "Quiet fintech deciders", "filter": _FILTER},
            ],
        },
    )

    name: Name
    description: ShortText | None = None
    segment_id: str | None = Field(None, description="a segment id from GET /v1/segments")
    computation: str | None = Field(
        None, description="the `computation` the segment id came from (checked when given)"
    )
    member_ids: list[str] | None = Field(None, max_length=100_000)
    filter: SegmentFilter | None = Field(
        None, description="a dynamic segment: the people matching this when it is read"
    )


class SavedSegment(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "9f1c…",
                    "name": "Fintech cluster",
                    "description": None,
                    "algorithm": "louvain",
                    "source_segment": "louvain-0",
                    "member_count": 12,
                    "created_at": "2026-11-22T09:00:00Z",
                }
            ]
        }
    )

    id: str
    name: str
    description: str | None = None
    algorithm: str | None = None
    source_segment: str | None = None
    member_count: int = Field(description="for a dynamic segment: as of this answer")
    filter: SegmentFilter | None = Field(None, description="a dynamic segment's filter")
    created_at: datetime


class Job(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "5b0c…",
                    "kind": "influencers:pagerank",
                    "status": "running",
                    "phase": "reading edges",
                    "progress": 0.42,
                    "created_at": "2026-11-22T09:00:00Z",
                    "finished_at": None,
                    "error": None,
                }
            ]
        }
    )

    id: str
    kind: str
    status: JobState
    phase: str
    progress: float = Field(ge=0, le=1)
    created_at: datetime
    finished_at: datetime | None = None
    error: str | None = None


class SharedContact(BaseModel):
    id: str
    name: str | None = None
    degree: int = Field(description="how many people this contact is connected to")


class Suggestion(PersonBrief):
    score: float = Field(description="Adamic-Adar: sum over shared contacts of 1/ln(degree)")
    shared_count: int
    shared: list[SharedContact] = Field(description="the shared contacts, most selective first")


class Suggestions(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person": {"id": "0b6c…", "name": "Ada Lovelace"},
                    "method": "adamic_adar",
                    "items": [
                        {
                            **_PERSON,
                            "score": 1.82,
                            "shared_count": 2,
                            "shared": [{"id": "5e2d…", "name": "Grace Hopper", "degree": 3}],
                        }
                    ],
                }
            ]
        }
    )

    person: CompanyRef
    exclude_team: bool = Field(False, description="people of our own team were left out")
    method: Literal["adamic_adar"] = "adamic_adar"
    items: list[Suggestion]


class TieEdge(BaseModel):
    id: str
    type: str
    source: str
    target: str
    strength: float


class Tie(BaseModel):
    strength: float
    edge: TieEdge
    person: CompanyRef | None = Field(None, description="the person at the other end, if any")
    company: CompanyRef | None = Field(None, description="the competitor (or our company)")


class Stakeholder(PersonCard):
    """A person card with the person's tags and every current employer."""

    tags: list[str] = Field(default_factory=list)
    companies: list[CompanyRef] = Field(
        default_factory=list, description="every current employer, with its industry"
    )


class AtRisk(BaseModel):
    person: Stakeholder = Field(description="the stakeholder's card, tags and employers")
    role: str | None = None
    title: str | None = None
    competitor_strength: float = Field(description="the strongest tie to a competitor")
    our_strength: float = Field(description="the strongest tie to us (0 when none)")
    margin: float = Field(description="competitor_strength - our_strength (> 0)")
    competitor_ties: list[Tie]
    our_ties: list[Tie]


class CompetitorRisk(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "company": {"id": "7d1e…", "name": "Globex"},
                    "our_companies": [{"id": "1a2b…", "name": "Us Inc"}],
                    "competitors": [{"id": "3c4d…", "name": "Rival Ltd"}],
                    "items": [
                        {
                            "person": {
                                **_CARD,
                                "tags": [],
                                "companies": [{"id": "7d1e…", "name": "Globex"}],
                            },
                            "role": "decision_maker",
                            "title": "CTO",
                            "competitor_strength": 0.9,
                            "our_strength": 0.3,
                            "margin": 0.6,
                            "competitor_ties": [
                                {
                                    "strength": 0.9,
                                    "edge": {
                                        "id": "c1a8…",
                                        "type": "KNOWS",
                                        "source": "0b6c…",
                                        "target": "9d8e…",
                                        "strength": 0.9,
                                    },
                                    "person": {"id": "9d8e…", "name": "Rival's CEO"},
                                    "company": {"id": "3c4d…", "name": "Rival Ltd"},
                                }
                            ],
                            "our_ties": [],
                        }
                    ],
                }
            ]
        }
    )

    company: CompanyRef
    our_companies: list[CompanyRef]
    competitors: list[CompanyRef]
    items: list[AtRisk]
