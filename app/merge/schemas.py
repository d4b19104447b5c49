from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.common.schemas import Strict
from app.companies.schemas import Company
from app.people.schemas import Person


class MergeRequest(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"duplicate_id": "5e2d7f6a-1c3b-4f8e-8a9d-0b1c2d3e4f50"}]},
    )

    duplicate_id: str = Field(min_length=1, description="the record folded into {id}, then gone")


class CombinedEdge(BaseModel):
    type: str
    other_id: str
    kept_id: str = Field(description="the survivor's edge, which now carries both")
    dropped_id: str = Field(description="the duplicate's edge, folded into kept_id")


class RemovedEdge(BaseModel):
    id: str
    type: str


class MergeReport(BaseModel):
    moved_relationships: int = Field(description="duplicate's edges now on the survivor, ids kept")
    combined_relationships: list[CombinedEdge] = Field(
        description="edges both had (same type, same other end): one remains; a KNOWS one's "
        "strength is recomputed from the joint interactions, its base is the larger of the two"
    )
    removed_relationships: list[RemovedEdge] = Field(
        description="edges between the survivor and the duplicate: they would join it to itself"
    )
    moved_interactions: int = Field(
        description="interactions the duplicate person took part in, or the duplicate company "
        "was tied to (company_ids)"
    )


class _Merged(BaseModel):
    dropped: dict[str, Any] = Field(
        description="the duplicate's values that lost to the survivor's (scalar fields that "
        "both had with different values; `attributes`: the conflicting keys)"
    )
    merge: MergeReport


_REPORT: dict[str, Any] = {
    "moved_relationships": 4,
    "combined_relationships": [
        {"type": "KNOWS", "other_id": "9a…", "kept_id": "c1…", "dropped_id": "d2…"}
    ],
    "removed_relationships": [],
    "moved_interactions": 12,
}


class PersonMerged(Person, _Merged):
    """The surviving person, and what the merge did."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10",
                    "name": "Ada Lovelace",
                    "email": "ada@analytical.example",
                    "tags": ["prospect", "fintech", "speaker"],
                    "is_team": False,
                    "attributes": {"linkedin": "https://linkedin.example/ada"},
                    "created_at": "2026-11-22T09:00:00Z",
                    "updated_at": "2026-11-22T10:00:00Z",
                    "dropped": {"title": "Engineer", "attributes": {"phone": "+44 20 0000"}},
                    "merge": _REPORT,
                }
            ]
        }
    )


class CompanyMerged(Company, _Merged):
    """The surviving company, and what the merge did."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "7d1e4a52-3f0b-4c69-9a8e-5b2c7f1d9e03",
                    "name": "Analytical Engines Ltd",
                    "domain": "analytical.example",
                    "tags": ["prospect"],
                    "attributes": {},
                    "created_at": "2026-11-22T09:00:00Z",
                    "updated_at": "2026-11-22T10:00:00Z",
                    "dropped": {"industry": "Hardware"},
                    "merge": _REPORT,
                }
            ]
        }
    )
