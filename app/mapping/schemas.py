"""The shapes of graph answers: neighborhoods, shortest paths, warm intros, account maps."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.common.kinds import PERSON_TO_PERSON, RelType, Role
from app.common.schemas import Strength, Strict, Tag, WholeNumber
from app.people.cards import CompanyName, PersonCard

_A, _B, _C = (
    "0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10",
    "5e2d7f6a-1c3b-4f8e-8a9d-0b1c2d3e4f50",
    "9a7c1e2b-3d4f-4a5b-8c6d-7e8f9a0b1c2d",
)
_NODES: Any = [
    {"id": _A, "label": "Person", "name": "Sam (our team)", "is_team": True},
    {"id": _B, "label": "Person", "name": "Ada Lovelace", "title": "CTO", "is_team": False},
    {"id": _C, "label": "Person", "name": "Charles Babbage", "is_team": False},
]
_EDGES: Any = [
    {
        "id": "c1a8a1f4-3a3e-4a65-9d0e-4f55c1f0b8a2",
        "type": "KNOWS",
        "source": _A,
        "target": _B,
        "strength": 0.8,
        "last_interaction_at": "2026-11-02T15:00:00Z",
    },
    {
        "id": "d2b9b2f5-4b4f-4b76-8e1f-5f66d2f1c9b3",
        "type": "KNOWS",
        "source": _C,
        "target": _B,
        "strength": 0.5,
        "last_interaction_at": None,
    },
]


class GraphNode(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [_NODES[1]]})

    id: str
    label: str = Field(description="Person, Company or Event")
    name: str | None = None
    title: str | None = None
    is_team: bool | None = None
    domain: str | None = None
    industry: str | None = None
    depth: int | None = Field(None, description="hops from the root (neighborhoods only)")


class GraphEdge(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EDGES[0]]})

    id: str
    type: RelType
    source: str = Field(description="the stored start node (direction matters for directed types)")
    target: str
    strength: float = Field(description="0..1, as of now (or as of `as_of`)")
    last_interaction_at: datetime | None = None


class Graph(BaseModel):
    """The shared graph shape of every graph answer."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"nodes": _NODES, "edges": _EDGES, "truncated": False}]}
    )

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = Field(description="true when a cap (limit, rows per step) cut the answer")


class ShortestPath(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"hops": 2, "score": 0.4, "nodes": _NODES, "edges": _EDGES}]
        }
    )

    hops: int
    score: float = Field(description="product of the path's edge strengths (the tie-breaker)")
    nodes: list[GraphNode]
    edges: list[GraphEdge]


def _distinct_roles(roles: list[Role]) -> list[Role]:
    if len(set(roles)) != len(roles):
        raise ValueError("each role once")
    return roles


class IntroOptions(Strict):
    """What a warm intro search takes besides its target (POST /v1/intros and its batch)."""

    from_ids: list[str] | None = Field(
        None, min_length=1, max_length=1000, description="starting people (default: the team)"
    )
    max_hops: WholeNumber = Field(4, ge=1, le=6, description="person-to-person edges at most")
    limit: WholeNumber = Field(5, ge=1, le=25, description="paths per target (1..25)")
    min_strength: Strength = Field(0.0, description="edges weaker than this are not walked")
    types: list[RelType] = Field(
        default_factory=lambda: list(PERSON_TO_PERSON),
        min_length=1,
        description="person-to-person types to walk (KNOWS, REPORTS_TO, INFLUENCES)",
        json_schema_extra={
            "items": {"type": "string", "enum": [t.value for t in PERSON_TO_PERSON]}
        },
    )
    distinct_introducers: bool = Field(
        False,
        strict=True,
        description="at most one path (the best) per introducer, for a diverse list",
    )
    roles: Annotated[list[Role], AfterValidator(_distinct_roles)] | None = Field(
        None,
        min_length=1,
        max_length=len(Role),
        description="for a company target: only its current people whose WORKS_AT role is one "
        "of these are endpoints (a person target with roles is a 422)",
        json_schema_extra={"uniqueItems": True},
    )


class IntroRequest(IntroOptions):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"target_id": _B, "max_hops": 4, "limit": 5},
                {"target_id": _C, "from_ids": [_A], "distinct_introducers": True},
                {"target_id": _C, "roles": ["decision_maker", "champion"]},
            ]
        },
    )

    target_id: str = Field(min_length=1, description="a person, or a company (its current people)")


MAX_BATCH_TARGETS = 100


class IntroBatchRequest(IntroOptions):
    """Warm intros to many targets at once: target_ids, or every company with a tag."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"target_ids": [_B, _C], "limit": 3, "roles": ["decision_maker"]},
                {"tag": "prospect", "limit": 1, "max_hops": 3},
            ],
        },
    )

    target_ids: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] | None = (
        Field(
            None,
            min_length=1,
            max_length=MAX_BATCH_TARGETS,
            description=f"people and/or companies (1..{MAX_BATCH_TARGETS}; repeats count once)",
        )
    )
    tag: Tag | None = Field(
        None,
        description=f"instead of target_ids: every company with this tag (at most "
        f"{MAX_BATCH_TARGETS}, else a 422)",
    )


class IntroEdge(GraphEdge):
    """An edge of a warm intro path."""


class PathNode(GraphNode):
    """A node of a warm intro path; a person's node carries their card."""

    person: PersonCard | None = Field(
        None, description="a person's card: name, title, is_team, current employer and role"
    )


class EmployeeNode(GraphNode):
    """A current person of the account: their node and card (current employer and role)."""

    company: CompanyName | None = Field(None, description="the current employer")
    role: str | None = Field(None, description="the WORKS_AT role at the current employer")


class WeakestLink(BaseModel):
    edge_id: str
    strength: float
    source: str
    target: str
    source_name: str | None = None
    target_name: str | None = None
    source_person: PersonCard | None = Field(None, description="the source's card")
    target_person: PersonCard | None = Field(None, description="the target's card")


_PATH_EXAMPLE: dict[str, Any] = {
    "score": 0.4,
    "hops": 2,
    "nodes": _NODES,
    "edges": _EDGES,
    "introducer": _NODES[1],
    "weakest_link": {
        "edge_id": _EDGES[1]["id"],
        "strength": 0.5,
        "source": _C,
        "target": _B,
        "source_name": "Charles Babbage",
        "target_name": "Ada Lovelace",
    },
}


class IntroPath(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_PATH_EXAMPLE]})

    score: float = Field(description="product of the person-to-person strengths")
    hops: int = Field(description="person-to-person edges (a final WORKS_AT counts 0)")
    nodes: list[PathNode]
    edges: list[IntroEdge] = Field(
        description="in path order; then a final WORKS_AT when the target is a company"
    )
    introducer: PathNode | None = Field(
        None, description="the first person after the team member (null for a direct contact)"
    )
    weakest_link: WeakestLink | None = Field(None, description="the path's weakest scored edge")


class IntroAnswer(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "target": _NODES[-1],
                    "paths": [_PATH_EXAMPLE],
                    "fetched_edges": 42,
                }
            ]
        }
    )

    target: GraphNode
    paths: list[IntroPath]
    fetched_edges: int = Field(description="edges read from the database for this answer")


class IntroResult(BaseModel):
    """One target of a batch: what POST /v1/intros answers for it (target and paths)."""

    target: GraphNode
    paths: list[IntroPath]


class IntroBatchAnswer(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "results": [{"target": _NODES[-1], "paths": [_PATH_EXAMPLE]}],
                    "fetched_edges": 420,
                }
            ]
        }
    )

    results: list[IntroResult] = Field(
        description="one per target, best first: by the score of its best path (desc), then "
        "that path's hops (asc); targets without a path last; then target name and id"
    )
    fetched_edges: int = Field(description="edges read from the database for the whole batch")


class Employee(BaseModel):
    person: EmployeeNode
    title: str | None = None
    role: Role | None = None
    department: str | None = None
    works_at: GraphEdge
    best_intro: IntroPath | None = Field(None, description="the best warm intro from the team")


class Coverage(BaseModel):
    people: int
    reachable: int
    decision_makers: int
    decision_makers_reachable: int


class AccountMap(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "company": {"id": _C, "label": "Company", "name": "Acme"},
                    "people": [],
                    "reports_to": [],
                    "influences": [],
                    "coverage": {
                        "people": 0,
                        "reachable": 0,
                        "decision_makers": 0,
                        "decision_makers_reachable": 0,
                    },
                    "unreached_roles": [],
                    "truncated": False,
                }
            ]
        }
    )

    company: GraphNode
    people: list[Employee]
    reports_to: list[GraphEdge] = Field(description="REPORTS_TO lines among the current people")
    influences: list[GraphEdge] = Field(description="INFLUENCES edges among the current people")
    coverage: Coverage
    unreached_roles: list[Role] = Field(
        description="roles held at the company by nobody that the team can reach"
    )
    truncated: bool = Field(description="true when the company had more people than the cap")
