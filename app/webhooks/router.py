"""HTTP handlers for /v1/webhooks: subscriptions to the change feed, and their delivery logs."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app.common.pagination import Page
from app.common.params import (
    CONDITIONAL_DELETE,
    CONDITIONAL_WRITE,
    TAGGED,
    Cursor,
    IfMatch,
    IfNoneMatch,
    Limit,
    tagged,
)
from app.deps import CanAdmin, Db, SettingsDep
from app.errors import responses
from app.webhooks.schemas import Delivery, Webhook, WebhookCreate, WebhookUpdate
from app.webhooks.service import WebhookService

# Webhooks send every change out, signed with a secret they hold: the admin scope.
router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"], responses=responses(401, 403))


async def service(db: Db, settings: SettingsDep) -> WebhookService:
    return WebhookService(db, settings)


Service = Annotated[WebhookService, Depends(service)]


@router.post("", status_code=201, dependencies=[CanAdmin], responses=responses(413, 422))
async def create_webhook(body: WebhookCreate, svc: Service) -> Webhook:
    """Subscribe a URL to changes; deliveries are signed with the secret answered."""
    return await svc.create(body)


@router.get("", dependencies=[CanAdmin], responses=responses(400, 422))
async def list_webhooks(svc: Service, limit: Limit = 50, cursor: Cursor = None) -> Page[Webhook]:
    """List webhooks, paginated."""
    return await svc.page(limit, cursor)


@router.get(
    "/{webhook_id}",
    response_model=Webhook,
    dependencies=[CanAdmin],
    responses={**TAGGED, **responses(404)},
)
async def get_webhook(webhook_id: str, svc: Service, if_none_match: IfNoneMatch = None) -> Response:
    """Read one webhook."""
    webhook, tag = await svc.get_tagged(webhook_id)
    return tagged(webhook, if_none_match, tag)


@router.patch(
    "/{webhook_id}",
    dependencies=[CanAdmin],
    responses={**CONDITIONAL_WRITE, **responses(404, 413, 422)},
)
async def update_webhook(
    webhook_id: str,
    body: WebhookUpdate,
    svc: Service,
    response: Response,
    if_match: IfMatch = None,
) -> Webhook:
    """Change a webhook's url, events or secret (null secret: a new one)."""
    webhook, tag = await svc.update(webhook_id, body, if_match)
    response.headers["ETag"] = tag
    return webhook


@router.delete(
    "/{webhook_id}",
    status_code=204,
    dependencies=[CanAdmin],
    responses={**CONDITIONAL_DELETE, **responses(404)},
)
async def delete_webhook(webhook_id: str, svc: Service, if_match: IfMatch = None) -> Response:
    """Delete a webhook and its delivery log; nothing more is sent to it."""
    await svc.delete(webhook_id, if_match)
    return Response(status_code=204)


@router.get("/{webhook_id}/deliveries", dependencies=[CanAdmin], responses=responses(400, 404, 422))
async def list_webhook_deliveries(
    webhook_id: str, svc: Service, limit: Limit = 50, cursor: Cursor = None
) -> Page[Delivery]:
    """A webhook's deliveries, newest first: attempts, status codes, next retry."""
    return await svc.deliveries(webhook_id, limit, cursor)
