"""Dependencies the routers declare: the database and the caller's scope."""

import hmac
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request, Security
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader

from app.config import Settings
from app.db.database import Database
from app.db.jobs import JobStore
from app.db.schema_gate import SchemaGate
from app.errors import Forbidden, Unauthorized, Unavailable, Unprocessable

T = TypeVar("T")
_RANK = {"read": 1, "write": 2, "admin": 3}
_api_key = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="an API key from RELMAP_API_KEYS"
)


# Dependencies are coroutines: FastAPI runs a plain `def` dependency in a worker thread, which
# costs a thread hand-off per dependency per request (docs/benchmarks.md).
async def get_db(request: Request) -> Database:
    """The database, once this process has the schema in place (app/db/schema_gate.py): until
    then a request waits for it a little, and is a 503 after that."""
    gate: SchemaGate = request.app.state.schema
    if not gate.ready and not await gate.admits():
        raise Unavailable("Neo4j is not reachable, or the schema is not in place yet")
    db: Database = request.app.state.db
    return db


async def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_jobs(request: Request) -> JobStore:
    jobs: JobStore = request.app.state.jobs
    return jobs


Db = Annotated[Database, Depends(get_db)]
Jobs = Annotated[JobStore, Depends(get_jobs)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def _scope_of(key: str | None, settings: Settings) -> str | None:
    if not settings.relmap_api_keys:
        return "admin"  # auth is off (start-up logs a warning)
    if not key:
        return None
    found: str | None = None
    for known, scope in settings.relmap_api_keys.items():
        # Compare every key, in constant time, so timing tells nothing about which matched.
        if hmac.compare_digest(known.encode(), key.encode()):
            found = scope
    return found


def _query_names(route: APIRoute) -> tuple[frozenset[str], tuple[str, ...]]:
    """Every query parameter the route declares, its dependencies' included, and the name
    prefixes it takes a family of (query_family; kept on the route: they never change)."""
    known: tuple[frozenset[str], tuple[str, ...]] | None = getattr(
        route, "_relmap_query_names", None
    )
    if known is None:
        found: set[str] = set()
        prefixes: list[str] = []
        todo: list[Dependant] = [route.dependant]
        while todo:
            dependant = todo.pop()
            found.update(field.alias for field in dependant.query_params)
            prefix = getattr(dependant.call, "relmap_query_prefix", None)
            if isinstance(prefix, str):
                prefixes.append(prefix)
            todo.extend(dependant.dependencies)
        known = (frozenset(found), tuple(prefixes))
        route._relmap_query_names = known  # type: ignore[attr-defined]
    return known


def query_family(prefix: str) -> Any:
    """A dependency giving the (name, value) pairs of every query parameter named
    `<prefix><something>` (as `attr.<key>=`), which the unknown-parameter check then accepts
    on that route; OpenAPI has no way to declare such a family, so the operation's description
    tells it."""

    async def family(request: Request) -> list[tuple[str, str]]:
        return [(n, v) for n, v in request.query_params.multi_items() if n.startswith(prefix)]

    family.relmap_query_prefix = prefix  # type: ignore[attr-defined]
    return Depends(family)


def require(scope: str) -> Any:
    async def check(key: Annotated[str | None, Security(_api_key)], request: Request) -> str:
        # the settings from the app itself, not SettingsDep: FastAPI solves every dependency
        # it names again per request (its cache only skips the call), on every route
        granted = _scope_of(key, request.app.state.settings)
        if granted is None:
            raise Unauthorized("a valid X-API-Key header is required")
        if _RANK[granted] < _RANK[scope]:
            raise Forbidden(f"this key has the {granted} scope; this operation needs {scope}")
        # after the key (a caller without one learns nothing of the route): a misspelt
        # filter (?isTeam=true) must not silently widen the answer
        route = request.scope.get("route")
        if isinstance(route, APIRoute):
            names, prefixes = _query_names(route)
            unknown = sorted(
                n
                for n in set(request.query_params) - names
                if not any(n.startswith(p) and len(n) > len(p) for p in prefixes)
            )
            if unknown:
                raise Unprocessable(
                    f"unknown query parameter: {', '.join(unknown)}",
                    errors=[
                        {"loc": ["query", n], "msg": "unknown query parameter"} for n in unknown
                    ],
                )
        return granted

    return Depends(check)


CanRead = require("read")
CanWrite = require("write")
CanAdmin = require("admin")


def shared(app_state: Any, name: str, make: Callable[[], T]) -> T:
    """One object per app, kept on app.state under `name` (made on first use)."""
    value = getattr(app_state, name, None)
    if value is None:
        value = make()
        setattr(app_state, name, value)
    return value
