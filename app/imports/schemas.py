from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.common.kinds import InteractionKind, RelType
from app.common.schemas import (
    AwareDatetime,
    Day,
    ExternalId,
    Name,
    Properties,
    ShortText,
    Strength,
    Strict,
)
from app.companies.schemas import CompanyCreate
from app.interactions.schemas import MAX_PARTICIPANTS, Sentiment, Summary
from app.people.schemas import PersonCreate


class Entity(StrEnum):
    PEOPLE = "people"
    COMPANIES = "companies"
    RELATIONSHIPS = "relationships"
    INTERACTIONS = "interactions"
    EVENTS = "events"


class ImportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    GRAPHML = "graphml"
    GEXF = "gexf"


class ExportFormat(StrEnum):
    JSON = "json"
    GRAPHML = "graphml"
    GEXF = "gexf"
    CYTOSCAPE = "cytoscape"
    CSV = "csv"
    SVG = "svg"


class ExportPart(StrEnum):
    """What a CSV export holds: one row per node, or one row per edge."""

    NODES = "nodes"
    EDGES = "edges"


# -- rows --------------------------------------------------------------------------------------


class PersonRow(PersonCreate):
    """A person keyed by external_id. Fields left out stay as they are (new people get the
    defaults); null clears an optional field."""

    external_id: ExternalId


class CompanyRow(CompanyCreate):
    """A company keyed by external_id; fields left out stay as they are."""

    external_id: ExternalId


class RelationshipRow(Strict):
    """An edge between two nodes given by external_id; at most one per type and pair."""

    type: RelType
    source_external_id: ExternalId
    target_external_id: ExternalId
    strength: Strength | None = Field(
        None, description="0..1 set by hand; omitted: a new edge gets the type's default"
    )
    properties: Properties | None = Field(
        None, description="free properties (WORKS_AT: title, role, ...); omitted: left as is"
    )


class EventRow(Strict):
    """An event keyed by external_id (relmap's own export keys an event by its id)."""

    external_id: ExternalId
    name: Name
    starts_on: Day | None = None
    location: ShortText | None = None


class InteractionRow(Strict):
    """An interaction keyed by external_id; logging it updates the KNOWS strengths."""

    external_id: ExternalId
    kind: InteractionKind
    occurred_at: AwareDatetime
    participant_external_ids: list[ExternalId] = Field(min_length=2, max_length=MAX_PARTICIPANTS)
    summary: Summary | None = None
    sentiment: Sentiment | None = None


_EXAMPLE: dict[str, Any] = {
    "people": [
        {"external_id": "crm-1", "name": "Ada Lovelace", "email": "ada@analytical.example"},
        {"external_id": "crm-2", "name": "Charles Babbage", "tags": ["engineer"]},
    ],
    "companies": [
        {"external_id": "acct-7", "name": "Analytical Engines", "domain": "analytical.example"}
    ],
    "relationships": [
        {"type": "KNOWS", "source_external_id": "crm-1", "target_external_id": "crm-2"},
        {
            "type": "WORKS_AT",
            "source_external_id": "crm-1",
            "target_external_id": "acct-7",
            "strength": 0.9,
            "properties": {"title": "CTO", "role": "decision_maker"},
        },
    ],
    "interactions": [
        {
            "external_id": "mtg-1",
            "kind": "meeting",
            "occurred_at": "2026-11-02T15:00:00Z",
            "participant_external_ids": ["crm-1", "crm-2"],
            "summary": "Quarterly review",
        }
    ],
}


class ImportRequest(BaseModel):
    """The JSON body of POST /v1/import. Rows are checked one by one: a bad row is reported
    in `errors` with its index, the good ones land."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    people: list[PersonRow] = Field(default_factory=list)
    companies: list[CompanyRow] = Field(default_factory=list)
    relationships: list[RelationshipRow] = Field(default_factory=list)
    interactions: list[InteractionRow] = Field(default_factory=list)
    events: list[EventRow] = Field(
        default_factory=list, description="events, for ATTENDED relationships to name"
    )


# -- answers -----------------------------------------------------------------------------------


class Counts(BaseModel):
    people: int = 0
    companies: int = 0
    relationships: int = 0
    interactions: int = 0
    events: int = 0

    def add(self, entity: Entity, n: int) -> None:
        setattr(self, entity.value, getattr(self, entity.value) + n)


class RowError(BaseModel):
    entity: str = Field(
        description="people, companies, relationships, interactions (or nodes for a graph file)"
    )
    index: int = Field(description="0-based position of the row in its list (CSV: data row)")
    message: str


class ImportSummary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "created": {"people": 2, "companies": 1, "relationships": 1, "interactions": 1},
                    "updated": {"people": 0, "companies": 0, "relationships": 0, "interactions": 0},
                    "unchanged": {
                        "people": 0,
                        "companies": 0,
                        "relationships": 0,
                        "interactions": 0,
                    },
                    "errors": [
                        {
                            "entity": "relationships",
                            "index": 1,
                            "message": "no company with external_id 'acct-9'",
                        }
                    ],
                    "error_count": 1,
                }
            ]
        }
    )

    created: Counts = Field(default_factory=Counts)
    updated: Counts = Field(default_factory=Counts)
    unchanged: Counts = Field(default_factory=Counts)
    errors: list[RowError] = Field(
        default_factory=list, description="the first 1000 row errors, in order of discovery"
    )
    error_count: int = Field(0, description="every row error, also those not listed")


JobStatus = Literal["queued", "running", "done", "failed", "interrupted"]


class JobAccepted(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "job_id": "3f1c9b0e-2a4d-4e8f-9b7a-6c5d4e3f2a1b",
                    "status": "queued",
                    "status_url": "/v1/import/jobs/3f1c9b0e-2a4d-4e8f-9b7a-6c5d4e3f2a1b",
                    "total": 120000,
                }
            ]
        }
    )

    job_id: str
    status: JobStatus
    status_url: str
    total: int = Field(description="rows the job will handle")


class ImportJob(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "job_id": "3f1c9b0e-2a4d-4e8f-9b7a-6c5d4e3f2a1b",
                    "status": "running",
                    "total": 120000,
                    "done": 45000,
                    "error_count": 3,
                    "created_at": "2026-11-22T09:00:00Z",
                    "started_at": "2026-11-22T09:00:00Z",
                    "finished_at": None,
                    "summary": None,
                    "detail": None,
                }
            ]
        }
    )

    job_id: str
    status: JobStatus
    total: int = Field(description="rows in the import")
    done: int = Field(description="rows handled so far (landed or rejected)")
    error_count: int = 0
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    summary: ImportSummary | None = Field(None, description="when done: the import's answer")
    detail: str | None = Field(None, description="when failed: why")
