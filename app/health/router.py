"""Liveness, readiness and metrics: no key needed."""

from fastapi import APIRouter, Request, Response

from app.db.database import SchemaConflict
from app.db.schema_gate import SchemaGate
from app.errors import Unavailable, responses
from app.health import metrics

router = APIRouter(tags=["operations"])


@router.get(
    "/health", responses={200: {"content": {"application/json": {"example": {"status": "ok"}}}}}
)
async def health() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get(
    "/ready",
    responses={
        200: {"content": {"application/json": {"example": {"status": "ready", "neo4j": "ok"}}}},
        **responses(503),
    },
)
async def ready(request: Request) -> dict[str, str]:
    """Neo4j answers and the schema is applied (503 otherwise; it recovers by itself)."""
    gate: SchemaGate = request.app.state.schema
    try:
        await gate.open()
        gone = await gate.missing()
    except SchemaConflict as exc:
        raise Unavailable(
            f"the schema cannot be applied: nodes in the graph share the key of constraint "
            f"{', '.join(exc.constraints)}; remove the duplicates and it is applied by itself"
        ) from exc
    except Exception as exc:
        raise Unavailable(f"Neo4j is not reachable or not ready: {type(exc).__name__}") from exc
    if gone:
        gate.lost()  # someone dropped some of it: the next request or probe applies it again
        raise Unavailable(f"the schema is not in place yet (missing: {', '.join(sorted(gone))})")
    return {"status": "ready", "neo4j": "ok"}


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"example": "relmap_requests_total{...} 3.0"}}}},
)
async def prometheus() -> Response:
    """Prometheus text: request counts and latency per route."""
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)
