from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.common.kinds import InteractionKind, RelType, Role
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
    defaults); null clears an optional field. With `company`, the person's current WORKS_AT
    there is created or updated (title, role, department on that edge)."""

    external_id: ExternalId
    company: ShortText | None = Field(
        None, description="the current employer: a company's external_id, domain or exact name"
    )
    role: Role | None = Field(None, description="with company: the WORKS_AT role")
    department: ShortText | None = Field(None, description="with company: the WORKS_AT department")


EMPLOYMENT_FIELDS = ("company", "role", "department")


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


class RelationshipKey(BaseModel):
    type: str
    source_external_id: str
    target_external_id: str


class RowChange(BaseModel):
    """What a row does (a dry run lists it): every field that changes, [old, new]."""

    entity: str
    index: int = Field(description="0-based position of the row in its list")
    external_id: str | None = Field(None, description="the row's key (null for a relationship)")
    relationship: RelationshipKey | None = None
    action: Literal["create", "update"]
    fields: dict[str, tuple[Any, Any]] = Field(
        description="field -> [old, new]; a people row's WORKS_AT fields are works_at.<field>"
    )


class RowConflict(BaseModel):
    """A field changed in relmap since the row was last imported (or a job ended in relmap,
    or a merged duplicate's row): by default relmap's value is kept."""

    entity: str
    index: int
    external_id: str | None = None
    relationship: RelationshipKey | None = None
    field: str
    kept: Any = Field(description="the value relmap holds after the import")
    incoming: Any = Field(description="the row's value")
    relmap: Any = Field(description="the value relmap held before the import")
    reason: Literal["edited", "ended", "merged"] = Field(
        description="edited: changed through the API since the last import; ended: a WORKS_AT "
        "ended in relmap; merged: the row names a merged duplicate (never overwritten)"
    )
    resolution: Literal["kept", "overwritten"]


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
        default_factory=list, description="the first 1000 row errors, sorted by entity then index"
    )
    error_count: int = Field(0, description="every row error, also those not listed")
    conflicts: list[RowConflict] = Field(
        default_factory=list,
        description="the first 1000 conflicts, sorted by entity then index",
    )
    conflict_count: int = 0
    dry_run: bool = Field(False, description="true: nothing was written")
    changes: list[RowChange] | None = Field(
        None,
        description="dry run only: the first 1000 rows that would create or update, "
        "sorted by entity then index",
    )
    change_count: int | None = Field(None, description="dry run only: every row that changes")


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
