from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.common.schemas import (
    MERGE_PATCH,
    Attributes,
    ExternalId,
    Flag,
    Name,
    ShortText,
    Strict,
    Tags,
)

Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]

_EXAMPLE: dict[str, Any] = {
    "name": "Ada Lovelace",
    "email": "ada@analytical.example",
    "title": "Head of Engineering",
    "location": "London",
    "tags": ["prospect", "fintech"],
    "is_team": False,
    "external_id": "crm-1042",
    "attributes": {"linkedin": "https://linkedin.example/ada"},
}
_READ_EXAMPLE: dict[str, Any] = {
    "id": "0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10",
    **_EXAMPLE,
    "created_at": "2026-11-22T09:00:00Z",
    "updated_at": "2026-11-22T09:00:00Z",
}


class PersonCreate(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    name: Name
    email: Email | None = None
    title: ShortText | None = None
    location: ShortText | None = None
    tags: Tags = Field(default_factory=list)
    is_team: Flag = False
    external_id: ExternalId | None = None
    attributes: Attributes = Field(default_factory=dict)


class PersonUpdate(Strict):
    """Only the fields given change; null clears an optional field."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"title": "CTO", "tags": ["customer"]}]}
    )

    name: Name | None = None
    email: Email | None = None
    title: ShortText | None = None
    location: ShortText | None = None
    tags: Tags | None = None
    is_team: Flag | None = None
    external_id: ExternalId | None = None
    attributes: Attributes | None = Field(None, description=MERGE_PATCH)


class Aliases(BaseModel):
    """A merged duplicate's emails and external ids, kept on the survivor: a lookup or an
    import row that names one reaches this person."""

    emails: list[str] = Field(default_factory=list)
    external_ids: list[str] = Field(default_factory=list)


class Person(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_READ_EXAMPLE]})

    id: str
    name: str
    email: str | None = None
    title: str | None = None
    location: str | None = None
    tags: list[str] = Field(default_factory=list)
    is_team: bool = False
    external_id: str | None = None
    attributes: dict[str, object] = Field(default_factory=dict)
    aliases: Aliases = Field(default_factory=Aliases)
    created_at: datetime
    updated_at: datetime

    @model_validator(mode="before")
    @classmethod
    def _stored_aliases(cls, data: Any) -> Any:
        """A stored node keeps its aliases as alias_emails / alias_external_ids."""
        if isinstance(data, dict) and "aliases" not in data:
            emails, ids = data.get("alias_emails"), data.get("alias_external_ids")
            if emails or ids:
                data = {**data, "aliases": {"emails": emails or [], "external_ids": ids or []}}
        return data


class PersonRelationship(BaseModel):
    """One of a person's relationships, as it was at `as_of`."""

    id: str
    type: str
    direction: str = Field(description="out: this person is the source; in: the target")
    other_id: str
    other_label: str = Field(description="Person, Company or Event")
    other_name: str | None = None
    strength: float = Field(description="0..1 as of `as_of`")
    strength_source: str
    last_interaction_at: datetime | None = Field(
        None, description="the pair's newest interaction up to as_of (KNOWS)"
    )
    interaction_count: int = Field(0, description="the pair's interactions up to as_of (KNOWS)")


class PersonAsOf(Person):
    """A person read with `as_of`: the person and their relationships as they were then."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_READ_EXAMPLE,
                    "as_of": "2026-06-30T00:00:00Z",
                    "relationships": [
                        {
                            "id": "c1a8a1f4-3a3e-4a65-9d0e-4f55c1f0b8a2",
                            "type": "KNOWS",
                            "direction": "out",
                            "other_id": "5e2d7f6a-1c3b-4f8e-8a9d-0b1c2d3e4f50",
                            "other_label": "Person",
                            "other_name": "Charles Babbage",
                            "strength": 0.62,
                            "strength_source": "interactions",
                            "last_interaction_at": "2026-06-02T15:00:00Z",
                            "interaction_count": 5,
                        }
                    ],
                    "relationships_truncated": False,
                }
            ]
        }
    )

    as_of: datetime
    relationships: list[PersonRelationship] = Field(
        description="every relationship that existed at as_of (made by then, or built from "
        "interactions that had happened by then), strongest first, strength as of then; at "
        "most 500"
    )
    relationships_truncated: bool = Field(description="true when the person has more than 500")
