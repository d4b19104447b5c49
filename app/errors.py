"""Typed errors, and the one place that renders every failure as application/problem+json."""

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import (
    ClientError,
    ConstraintError,
    DriverError,
    Neo4jError,
    TransientError,
)
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.common.openapi import document_conventions
from app.common.schemas import MAX_DEPTH

log = logging.getLogger("relmap.errors")

PROBLEM = "application/problem+json"


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(examples=["https://relmap.dev/problems/not-found"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["no person with id 5b0c…"])
    errors: list[FieldError] | None = None


class AppError(Exception):
    status: int = 500
    slug: str = "internal"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class BadRequest(AppError):
    status, slug = 400, "bad-request"


class Unauthorized(AppError):
    status, slug = 401, "unauthorized"


class Forbidden(AppError):
    status, slug = 403, "forbidden"


class NotFound(AppError):
    status, slug = 404, "not-found"


class Conflict(AppError):
    status, slug = 409, "conflict"


class PreconditionFailed(AppError):
    """412: If-Match named a tag that is no longer the resource's; ETag gives the current one."""

    status, slug = 412, "precondition-failed"

    def __init__(self, detail: str, current_tag: str, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.headers = {"ETag": current_tag}


class PayloadTooLarge(AppError, StarletteHTTPException):
    """Also an HTTPException: FastAPI lets those through while it reads a body (a streamed body
    cut off by the size limit), where it turns any other error into a 400."""

    status, slug = 413, "payload-too-large"

    def __init__(self, detail: str, **extra: Any) -> None:
        StarletteHTTPException.__init__(self, self.status, detail)
        self.detail = detail
        self.extra = extra


class Unprocessable(AppError):
    status, slug = 422, "unprocessable"


class TooManyRequests(AppError):
    """429 with Retry-After: a queue is full (import jobs of this process)."""

    status, slug = 429, "too-many-requests"

    def __init__(self, detail: str, retry_after_s: int, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.headers = {"Retry-After": str(retry_after_s)}


class Unavailable(AppError):
    status, slug = 503, "unavailable"


class Timeout(AppError):
    status, slug = 504, "timeout"


class Relayed(AppError):
    """A problem another process decided (a large export's child, app/imports/export_process.py),
    answered with its status and slug."""

    def __init__(self, status: int, slug: str, detail: str, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.status, self.slug = status, slug


def as_app_error(exc: Exception) -> AppError | None:
    """The problem a handler below answers for a database failure (None: a 500 for a bug), as
    an AppError: for code that must report a failure without raising it (a child process)."""
    if isinstance(exc, AppError):
        return exc
    if isinstance(exc, ConstraintError):
        return Conflict("a record with the same unique key exists already")
    if isinstance(exc, Neo4jError):
        if _is_timeout(exc):
            return Timeout("the query took too long and was stopped; narrow it")
        if isinstance(exc, TransientError) or "LockClientStopped" in (exc.code or ""):
            return Unavailable(f"the database is busy, retry: {exc.message}")
        if isinstance(exc, ClientError) and "MemoryLimit" in (exc.code or ""):
            return Unavailable("the query needed too much memory; narrow it")
        return None
    if isinstance(exc, DriverError):
        return Unavailable("the database is unreachable; retry later")
    return None


def problem(status: int, detail: str, slug: str | None = None, **extra: Any) -> JSONResponse:
    phrase = HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": f"https://relmap.dev/problems/{slug or phrase.lower().replace(' ', '-')}",
        "title": phrase,
        "status": status,
        "detail": detail,
        **extra,
    }
    headers = {"WWW-Authenticate": "ApiKey"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


_PROBLEM_REF = "#/components/schemas/Problem"
_EXAMPLE_DETAIL = {
    400: ("bad-request", "cursor is not one this API gave out"),
    401: ("unauthorized", "a valid X-API-Key header is required"),
    403: ("forbidden", "this key has the read scope; this operation needs write"),
    404: ("not-found", "no record with id 7d1e4a52-3f0b-4c69-9a8e-5b2c7f1d9e03"),
    409: ("conflict", "a record with external_id 'crm-1042' exists already"),
    412: ("precondition-failed", "the person changed since your tag; GET it again"),
    413: ("payload-too-large", "request body is larger than 10485760 bytes; split it"),
    429: ("too-many-requests", "4 import jobs are queued in this process; retry in 5 s"),
    422: ("validation", "body.name: Field required"),
    503: ("unavailable", "Neo4j is not reachable or not ready: ServiceUnavailable"),
    504: ("timeout", "the query took too long and was stopped; narrow it"),
}


def _problem_example(status: int) -> dict[str, Any]:
    phrase = HTTPStatus(status).phrase
    slug, detail = _EXAMPLE_DETAIL.get(status, (phrase.lower().replace(" ", "-"), phrase))
    example: dict[str, Any] = {
        "type": f"https://relmap.dev/problems/{slug}",
        "title": phrase,
        "status": status,
        "detail": detail,
    }
    if status == 422:
        example["errors"] = [{"loc": ["body", "name"], "msg": "Field required"}]
    return example


def _problem_content(status: int) -> dict[str, Any]:
    return {PROBLEM: {"schema": {"$ref": _PROBLEM_REF}, "example": _problem_example(status)}}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the problems a route can answer."""
    return {
        s: {"description": HTTPStatus(s).phrase, "content": _problem_content(s)} for s in statuses
    }


def _document_problems(app: FastAPI) -> None:
    """OpenAPI tells what the handlers below send: problem+json, also for FastAPI's own 422."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = build()
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        for path in spec.get("paths", {}).values():
            for operation in path.values():
                answers = operation.get("responses", {})
                default_422 = answers.get("422", {}).get("content", {}).get("application/json")
                if default_422 and "HTTPValidationError" in str(default_422.get("schema")):
                    answers["422"] = responses(422)[422]
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(problem.pop("$defs", {}))
        schemas["Problem"] = problem
        document_conventions(spec, responses)
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


def too_deep() -> JSONResponse:
    msg = f"JSON nested deeper than {MAX_DEPTH} levels"
    return problem(422, msg, "validation", errors=[{"loc": ["body"], "msg": msg}])


def _loc(loc: tuple[Any, ...]) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in loc]


def _is_timeout(exc: Neo4jError) -> bool:
    code = exc.code or ""
    return "TransactionTimedOut" in code or "Terminated" in code


def install(app: FastAPI) -> None:
    _document_problems(app)

    @app.exception_handler(AppError)
    async def app_error(_: Request, exc: AppError) -> JSONResponse:
        response = problem(exc.status, exc.detail, exc.slug, **exc.extra)
        response.headers.update(getattr(exc, "headers", None) or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": _loc(e["loc"]), "msg": e["msg"]} for e in exc.errors()]
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        return problem(422, detail or "invalid request", "validation", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and isinstance(exc.__cause__, RecursionError):
            # FastAPI could not even parse the body: JSON nested thousands of levels deep
            return too_deep()
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        response = problem(exc.status_code, detail)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(ConstraintError)
    async def constraint(request: Request, exc: ConstraintError) -> JSONResponse:
        # Neo4j's message names its constraint and the stored value: not for callers
        log.info("constraint violation answered 409: %s", exc.message)
        return await database(request, exc)

    @app.exception_handler(Neo4jError)
    @app.exception_handler(DriverError)
    async def database(_: Request, exc: Exception) -> JSONResponse:
        known = as_app_error(exc)
        if known is None:
            log.exception("database error", exc_info=exc)
            return problem(500, "database error", "internal")
        return problem(known.status, known.detail, known.slug)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return problem(500, "internal error (a bug: please report it)", "internal")
