"""Webhook models."""

from typing import Any

from pydantic import AwareDatetime, BaseModel, Field, field_validator

from app.changes.types import check_pattern
from app.common.schemas import Strict
from app.webhooks.signing import secret_bytes

URL_FIELD = Field(min_length=1, max_length=2000, examples=["https://hooks.example.com/relmap"])
EVENTS_FIELD = Field(
    min_length=1,
    max_length=50,
    description="change types (person.updated), families (relationship.*) or * for all",
    examples=[["person.*", "relationship.warmed", "relationship.cooled"]],
)
SECRET_FIELD = Field(
    default=None,
    description="whsec_ + base64 of 24..64 random bytes (Standard Webhooks); made when absent",
)


def _events(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    for item in value:
        problem = check_pattern(item)
        if problem is not None:
            raise ValueError(problem)
    return list(dict.fromkeys(value))


def _secret(value: str | None) -> str | None:
    if value is not None:
        secret_bytes(value)
    return value


class WebhookCreate(Strict):
    url: str = URL_FIELD
    events: list[str] = EVENTS_FIELD
    secret: str | None = SECRET_FIELD
    description: str | None = Field(default=None, max_length=500)

    _check_events = field_validator("events")(_events)
    _check_secret = field_validator("secret")(_secret)


class WebhookUpdate(Strict):
    """Fields to change (absent: kept). A new secret signs the deliveries from then on."""

    url: str | None = Field(default=None, min_length=1, max_length=2000)
    events: list[str] | None = Field(default=None, min_length=1, max_length=50)
    secret: str | None = SECRET_FIELD
    description: str | None = Field(default=None, max_length=500)

    _check_events = field_validator("events")(_events)
    _check_secret = field_validator("secret")(_secret)


class Webhook(BaseModel):
    id: str
    url: str
    events: list[str]
    secret: str = Field(description="signs every delivery (webhook-signature)")
    description: str | None = None
    created_at: AwareDatetime
    updated_at: AwareDatetime


class Delivery(BaseModel):
    """One change's delivery to a webhook: every attempt so far."""

    id: str = Field(description="the change's id, sent as webhook-id on every attempt")
    type: str
    occurred_at: AwareDatetime | None = None
    status: str = Field(description="delivered, retrying (next_attempt_at says when) or failed")
    attempts: int
    status_codes: list[int] = Field(
        description="each attempt's HTTP status, oldest first "
        "(the last 20; 0: no answer, e.g. connection refused)"
    )
    last_error: str | None = None
    first_attempt_at: AwareDatetime | None = None
    last_attempt_at: AwareDatetime | None = None
    next_attempt_at: AwareDatetime | None = None
    done_at: AwareDatetime | None = None


def delivery_of(row: dict[str, Any]) -> Delivery:
    return Delivery(
        id=row["change_id"],
        type=row["type"],
        occurred_at=row.get("occurred_at"),
        status=row["status"],
        attempts=int(row.get("attempts") or 0),
        status_codes=list(row.get("status_codes") or []),
        last_error=row.get("last_error"),
        first_attempt_at=row.get("first_attempt_at"),
        last_attempt_at=row.get("last_attempt_at"),
        next_attempt_at=row.get("next_attempt_at"),
        done_at=row.get("done_at"),
    )
