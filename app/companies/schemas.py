from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from app.common.schemas import (
    MERGE_PATCH,
    Attributes,
    ExternalId,
    Name,
    ShortText,
    Strict,
    Tags,
    whole,
)

# A host name (no scheme, path or port): "analytical.example", "www.Acme.co.uk".
Domain = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, max_length=253, pattern=r"^(?:\w(?:[\w-]*\w)?\.)+\w[\w-]*\w$"
    ),
    Field(description="web domain, unique ignoring letter case and a leading www."),
]
Size = Annotated[
    int,
    Field(ge=0, le=100_000_000, strict=True, description="number of employees"),
    BeforeValidator(whole),
]

_EXAMPLE: dict[str, Any] = {
    "name": "Analytical Engines Ltd",
    "domain": "analytical.example",
    "industry": "Computing",
    "size": 120,
    "location": "London",
    "tags": ["prospect", "enterprise"],
    "external_id": "crm-acct-77",
    "attributes": {"crm_stage": "qualified"},
}


class CompanyCreate(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    name: Name
    domain: Domain | None = None
    industry: ShortText | None = None
    size: Size | None = None
    location: ShortText | None = None
    tags: Tags = Field(default_factory=list)
    external_id: ExternalId | None = None
    attributes: Attributes = Field(default_factory=dict)


class CompanyUpdate(Strict):
    """Only the fields given change; null clears an optional field."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"industry": "Fintech", "size": 250, "tags": ["client"]}]},
    )

    name: Name | None = None
    domain: Domain | None = None
    industry: ShortText | None = None
    size: Size | None = None
    location: ShortText | None = None
    tags: Tags | None = None
    external_id: ExternalId | None = None
    attributes: Attributes | None = Field(None, description=MERGE_PATCH)


class Company(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "7d1e4a52-3f0b-4c69-9a8e-5b2c7f1d9e03",
                    **_EXAMPLE,
                    "created_at": "2026-11-22T09:00:00Z",
                    "updated_at": "2026-11-22T09:00:00Z",
                }
            ]
        }
    )

    id: str
    name: str
    domain: str | None = None
    industry: str | None = None
    size: int | None = None
    location: str | None = None
    tags: list[str] = Field(default_factory=list)
    external_id: str | None = None
    attributes: dict[str, object] = Field(default_factory=dict)
    created_at: datetime
    updated_at: datetime
