"""create_app: the lifespan owning the driver, the middleware, error handlers and routers."""

import asyncio
import contextlib
import gc
import logging
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import __version__, errors
from app.analytics.router import router as analytics_router
from app.apidocs.router import router as apidocs_router
from app.changes.graph_signals import GraphSignalScanner
from app.changes.router import router as changes_router
from app.changes.scanner import SignalScanner
from app.common.conventions import Methods, RequestId
from app.common.idempotency import Idempotency
from app.companies.router import router as companies_router
from app.config import Settings, get_settings
from app.db.database import Database
from app.db.jobs import JobStore
from app.db.queries import QueryRegistry
from app.db.schema_gate import SchemaGate
from app.deps import shared
from app.events.router import router as events_router
from app.graph.ball import TeamBallCache
from app.health import metrics
from app.health.router import router as health_router
from app.imports.router import router as imports_router
from app.interactions.router import router as interactions_router
from app.journeys.router import router as journeys_router
from app.mapping.router import router as mapping_router
from app.merge.router import router as merge_router
from app.people.router import router as people_router
from app.relationships.router import router as relationships_router
from app.watches.router import router as watches_router
from app.webapp.router import router as webapp_router
from app.webhooks.delivery import DeliveryWorker
from app.webhooks.router import router as webhooks_router

log = logging.getLogger("relmap")
GC_THRESHOLDS = (20_000, 20, 100)
SWITCH_INTERVAL_S = 0.001


class BodyLimit:
    """413 for a request body over the limit, whether it says its length or streams it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await self._reject(scope, receive, send)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise errors.PayloadTooLarge(self._detail())
            return message

        await self.app(scope, limited, send)

    def _detail(self) -> str:
        return f"request body is larger than {self.max_bytes} bytes; split it or use an import job"

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = errors.problem(413, self._detail(), "payload-too-large")
        await response(scope, receive, send)


GZIP_MIN_BYTES = 1024
# zlib's own default: a 91 KB neighborhood compresses in 1.5 ms to 19.5 KB, where Starlette's
# default level 9 takes 4.4 ms for 19.2 KB (bench/notes.md)
GZIP_LEVEL = 6
CORS_HEADERS = ["X-API-Key", "Content-Type", "Idempotency-Key", "If-Match", "If-None-Match"]
CORS_HEADERS += ["X-Request-ID"]
EXPOSED_HEADERS = ["X-Request-ID", "ETag", "Location", "Retry-After", "Idempotent-Replayed"]


class Cors(CORSMiddleware):
    """CORS, with a preflight answered 204 No Content (Starlette answers 200 "OK")."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code == 200:
            response.status_code = 204
            response.body = b""
            del response.headers["content-type"]
            response.headers["content-length"] = "0"
        return response


# operationIds are the handlers' names (what generated clients call), unless a name alone
# would not say what the operation does
OPERATION_IDS = {
    "health": "get_health",
    "ready": "get_ready",
    "prometheus": "get_metrics",
    "cooling_relationships": "list_cooling_relationships",
    "person_timeline": "list_person_interactions",
    "person_neighborhood": "get_person_neighborhood",
    "company_neighborhood": "get_company_neighborhood",
    "shortest_path": "get_shortest_path",
    "account_map": "get_account_map",
    "priorities": "get_event_priorities",
    "influencers": "list_influencers",
    "segments": "list_segments",
    "segment_members": "list_segment_members",
    "saved_segments": "list_saved_segments",
    "saved_segment": "get_saved_segment",
    "saved_segment_members": "list_saved_segment_members",
    "analytics_job": "get_analytics_job",
    "suggestions": "get_suggestions",
    "competitor_risk": "get_competitor_risk",
}


def operation_id(route: APIRoute) -> str:
    return OPERATION_IDS.get(route.name, route.name)


def _tune_gc() -> None:
    """Fewer cyclic garbage collections. A search allocates tens of thousands of short-lived
    objects while long-lived ones (the team's ball, app/graph/ball.py: ~100k objects at
    100,000 people) sit in the oldest generation, so with Python's defaults (a young collection
    every 700 allocations) full collections kept walking the ball: company intros spent 30-40 %
    of their time there (bench/notes.md). Memory is freed by reference counting either way."""
    gc.freeze()  # what start-up allocated is never garbage
    gc.set_threshold(GC_THRESHOLDS[0], GC_THRESHOLDS[1], GC_THRESHOLDS[2])
    # CPU-heavy ranking runs in worker threads; the event loop gets the GIL back after at most
    # this long instead of 5 ms, so a cheap request waits less behind them
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logging.basicConfig(
        level=settings.relmap_log_level, format="%(levelname)s %(name)s: %(message)s"
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _tune_gc()
        queries = QueryRegistry.load()  # fails start-up on a bad or duplicate Cypher file
        db = Database.connect(settings, queries)
        app.state.db = db
        app.state.jobs = JobStore(db)
        gate = app.state.schema = SchemaGate(db)
        if not settings.relmap_api_keys:
            log.warning("!!! AUTH IS OFF: RELMAP_API_KEYS is empty, every caller is admin !!!")
        started = time.perf_counter()
        try:
            await asyncio.wait_for(gate.open(), timeout=30)
            log.info(
                "connected to %s, %d statements loaded, schema applied in %.2fs",
                settings.neo4j_uri,
                len(queries),
                time.perf_counter() - started,
            )
        except Exception as exc:  # noqa: BLE001 - retried in the background, /ready reports it
            log.error("Neo4j not ready at start-up (%s); retrying in the background", exc)
        worker = DeliveryWorker(db, settings) if settings.relmap_webhooks_deliver else None
        scanner = SignalScanner(db, settings, gate) if settings.relmap_signal_scanner else None
        app.state.signal_scanner = scanner
        graph_scanner = (
            GraphSignalScanner(db, settings, gate) if settings.relmap_graph_signals else None
        )

        async def start_workers() -> None:
            """Only once the schema is in place: they MERGE keyed nodes (app/db/schema_gate.py)."""
            await gate.keep_trying()
            if worker is not None:
                worker.start()  # webhook deliveries (app/webhooks/delivery.py)
            if scanner is not None:
                scanner.start()  # decay crossings (app/changes/scanner.py)
            if graph_scanner is not None:
                graph_scanner.start()  # coverage, proximity, watches (app/changes/graph_signals.py)

        if gate.ready:
            await start_workers()
            starting = None
        else:
            starting = asyncio.create_task(start_workers(), name="schema-then-workers")
        try:
            yield
        finally:
            if starting is not None:
                starting.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await starting
            if graph_scanner is not None:
                await graph_scanner.close()
            if scanner is not None:
                await scanner.close()
            if worker is not None:
                await worker.close()
            await shared(app.state, "team_ball", TeamBallCache).close()
            await app.state.jobs.close()
            await db.close()

    app = FastAPI(
        title="relmap",
        version=__version__,
        summary="Relationship mapping and management over a Neo4j graph.",
        description=(
            "People, companies and the relationships between them; interactions that turn into "
            "relationship strength; warm introductions, account maps and network analytics. "
            "Every error is application/problem+json (RFC 9457). Authenticate with `X-API-Key`."
        ),
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        docs_url=None,  # /docs and /redoc: app/apidocs, with their files served locally
        redoc_url=None,
    )
    app.state.settings = settings
    errors.install(app)
    app.add_middleware(metrics.Metrics)
    app.add_middleware(Idempotency)  # inside BodyLimit: a body is buffered only when allowed
    app.add_middleware(BodyLimit, max_bytes=settings.relmap_max_body_bytes)
    app.add_middleware(Methods)
    app.add_middleware(RequestId)  # inside gzip: a problem body gets its request_id first
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL)
    origins = [o.strip() for o in settings.relmap_cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            Cors,
            allow_origins=origins,
            allow_methods=["GET", "HEAD", "POST", "PATCH", "DELETE"],
            allow_headers=CORS_HEADERS,
            expose_headers=EXPOSED_HEADERS,
            max_age=600,
        )
    for router in (
        health_router,
        merge_router,
        people_router,
        companies_router,
        journeys_router,
        relationships_router,
        interactions_router,
        mapping_router,
        events_router,
        analytics_router,
        imports_router,
        changes_router,
        webhooks_router,
        watches_router,
        apidocs_router,
        webapp_router,
    ):
        _docstrings_as_summaries(router)
        app.include_router(router)
    return app


def _docstrings_as_summaries(router: APIRouter) -> None:
    """A route's one-line docstring is its OpenAPI summary (FastAPI would use the function name)."""
    for route in router.routes:
        if isinstance(route, APIRoute) and not route.summary and route.description:
            route.summary = route.description.strip().splitlines()[0]
