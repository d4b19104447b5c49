"""Webhook models."""

from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from app.changes.types import check_pattern
from app.common.schemas import Strict
from app.webhooks.signing import secret_bytes

# an http(s) URL with a host (app/webhooks/service.py check_url says the rest: no credentials,
# and a public address unless RELMAP_WEBHOOKS_ALLOW_PRIVATE)
URL_PATTERN = (
    r"^[Hh][Tt][Tt][Pp][Ss]?://(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?([/?#][!-~]*)?$"
)
# whsec_ + base64 of 24..62 bytes (Standard Webhooks), padded (app/webhooks/signing.py)
WHSEC_PATTERN = r"^whsec_(?:[A-Za-z0-9+/]{4}){8,20}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
URL_FIELD = Field(
    min_length=1,
    max_length=2000,
    pattern=URL_PATTERN,
    examples=["https://hooks.example.com/relmap"],
)
EVENTS_FIELD = Field(
    min_length=1,
    max_length=50,
    description="change types (person.updated), families (relationship.*) or * for all",
    examples=[["person.*", "relationship.warmed", "relationship.cooled"]],
)
SECRET_FIELD = Field(
    default=None,
    pattern=WHSEC_PATTERN,
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

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"events": ["relationship.*", "person.job_changed"]}]},
    )

    url: str | None = Field(default=None, min_length=1, max_length=2000, pattern=URL_PATTERN)
    events: list[str] | None = Field(default=None, min_length=1, max_length=50)
    secret: str | None = SECRET_FIELD
    description: str | None = Field(default=None, max_length=500)

    _check_events = field_validator("events")(_events)
    _check_secret = field_validator("secret")(_secret)


_WEBHOOK_ID = "9c7f3a2e-5d41-4b8a-a0e6-2f1c8d9b7e35"
_CHANGE_ID = "4f0a8c6e-2b7d-4e19-9a53-7c1d0e8f6b24"


class Webhook(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": _WEBHOOK_ID,
                    "url": "https://hooks.example.com/relmap",
                    "events": ["person.*", "relationship.warmed", "relationship.cooled"],
                    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                    "description": "CRM sync",
                    "created_at": "2026-11-29T09:00:00Z",
                    "updated_at": "2026-11-29T09:00:00Z",
                }
            ]
        }
    )

    id: str
    url: str
    events: list[str]
    secret: str = Field(description="signs every delivery (webhook-signature)")
    description: str | None = None
    created_at: AwareDatetime
    updated_at: AwareDatetime


class Delivery(BaseModel):
    """One change's delivery to a webhook: every attempt so far."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": _CHANGE_ID,
                    "type": "relationship.cooled",
                    "occurred_at": "2026-11-29T09:00:00Z",
                    "status": "retrying",
                    "attempts": 2,
                    "status_codes": [500, 0],
                    "last_error": "ConnectError: connection refused",
                    "first_attempt_at": "2026-11-29T09:00:01Z",
                    "last_attempt_at": "2026-11-29T09:00:03Z",
                    "next_attempt_at": "2026-11-29T09:00:07Z",
                    "done_at": None,
                }
            ]
        }
    )

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
