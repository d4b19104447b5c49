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


class PayloadTooLarge(AppError):
    status, slug = 413, "payload-too-large"


class Unprocessable(AppError):
    status, slug = 422, "unprocessable"


class Unavailable(AppError):
    status, slug = 503, "unavailable"


class Timeout(AppError):
    status, slug = 504, "timeout"


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


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the problems a route can answer."""
    return {
        s: {"model": Problem, "description": HTTPStatus(s).phrase, "content": {PROBLEM: {}}}
        for s in statuses
    }


def _loc(loc: tuple[Any, ...]) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in loc]


def _is_timeout(exc: Neo4jError) -> bool:
    code = exc.code or ""
    return "TransactionTimedOut" in code or "Terminated" in code


def install(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(_: Request, exc: AppError) -> JSONResponse:
        return problem(exc.status, exc.detail, exc.slug, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": _loc(e["loc"]), "msg": e["msg"]} for e in exc.errors()]
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        return problem(422, detail or "invalid request", "validation", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        response = problem(exc.status_code, detail)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(ConstraintError)
    async def constraint(_: Request, exc: ConstraintError) -> JSONResponse:
        return problem(409, f"uniqueness conflict: {exc.message}", "conflict")

    @app.exception_handler(Neo4jError)
    async def neo4j_error(_: Request, exc: Neo4jError) -> JSONResponse:
        if _is_timeout(exc):
            return problem(504, "the query took too long and was stopped; narrow it", "timeout")
        if isinstance(exc, TransientError):
            return problem(503, f"the database is busy, retry: {exc.message}", "unavailable")
        if isinstance(exc, ClientError) and "MemoryLimit" in (exc.code or ""):
            return problem(503, "the query needed too much memory; narrow it", "unavailable")
        log.exception("database error", exc_info=exc)
        return problem(500, "database error", "internal")

    @app.exception_handler(DriverError)
    async def unavailable(_: Request, exc: DriverError) -> JSONResponse:
        return problem(503, "the database is unreachable; retry later", "unavailable")

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return problem(500, "internal error (a bug: please report it)", "internal")
