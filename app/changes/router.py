"""HTTP handler for /v1/changes: the change feed."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.changes.schemas import ChangePage
from app.changes.service import ChangeService
from app.common.params import Limit
from app.deps import CanRead, Db
from app.errors import responses

router = APIRouter(prefix="/v1/changes", tags=["changes"], responses=responses(401, 403))

After = Annotated[
    str | None,
    Query(
        description="the next_cursor of the previous page (omit: from the oldest change kept); "
        "the last page's next_cursor is where to poll from"
    ),
]


@router.get("", dependencies=[CanRead], responses=responses(400, 422))
async def list_changes(db: Db, after: After = None, limit: Limit = 50) -> ChangePage:
    """Committed changes in commit order, from a cursor (never skips one)."""
    return await ChangeService(db).page(after, limit)
