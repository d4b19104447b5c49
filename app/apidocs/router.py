"""/docs (Swagger UI) and /redoc (ReDoc) with their files served by relmap itself, not a CDN
(../shared/API.md "The map (web app)"). None of these routes is part of the API's schema."""

from fastapi import APIRouter, Request, Response
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

from app.apidocs.assets import FILES, DocAssets
from app.common.static import answer
from app.config import Settings
from app.deps import shared
from app.errors import NotFound, Unavailable

router = APIRouter(include_in_schema=False)
STATIC = "/static/docs"
SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")
REDOC_FILES = ("redoc.standalone.js", "favicon-32x32.png")
# a day, then a revalidation (ETag) that costs no body while the npm package is the same
ASSET_CACHE = "public, max-age=86400"
PAGE_CACHE = "no-cache"


def _assets(request: Request) -> DocAssets:
    settings: Settings = request.app.state.settings
    return shared(request.app.state, "doc_assets", lambda: DocAssets(settings.relmap_web_dir))


def _installed(request: Request, names: tuple[str, ...]) -> str:
    """The URL prefix of the docs' files; a 503 problem when they are not installed."""
    assets = _assets(request)
    missing = assets.missing(names)
    if missing:
        raise _not_installed(assets, missing)
    root: str = request.scope.get("root_path", "").rstrip("/")
    return root + STATIC


def _not_installed(assets: DocAssets, missing: list[str]) -> Unavailable:
    return Unavailable(
        f"the API docs' browser files are not installed ({', '.join(missing)} missing in "
        f"{assets.root}): run `make install` (npm ci in web/), or set RELMAP_WEB_DIR to a web/ "
        "directory whose node_modules has them"
    )


def _openapi_url(request: Request) -> str:
    root: str = request.scope.get("root_path", "").rstrip("/")
    return root + str(request.app.openapi_url)


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI: the API explorer."""
    static = _installed(request, SWAGGER_FILES)
    page = get_swagger_ui_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} - Swagger UI",
        swagger_js_url=f"{static}/swagger-ui-bundle.js",
        swagger_css_url=f"{static}/swagger-ui.css",
        swagger_favicon_url=f"{static}/favicon-32x32.png",
        # operationIds are what generated clients call; no online validator (it would be sent
        # the document for its badge)
        swagger_ui_parameters={"displayOperationId": True, "validatorUrl": None},
    )
    page.headers["Cache-Control"] = PAGE_CACHE
    return page


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    """ReDoc: the API reference."""
    static = _installed(request, REDOC_FILES)
    page = get_redoc_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} - ReDoc",
        redoc_js_url=f"{static}/redoc.standalone.js",
        redoc_favicon_url=f"{static}/favicon-32x32.png",
        with_google_fonts=False,
    )
    page.headers["Cache-Control"] = PAGE_CACHE
    return page


@router.get(STATIC + "/{name}")
async def asset(name: str, request: Request) -> Response:
    """One of the docs' files, gzip-compressed once when the browser takes gzip."""
    if name not in FILES:
        raise NotFound(f"no docs file {name!r}")
    assets = _assets(request)
    found = await assets.get(name)
    if found is None:
        raise _not_installed(assets, [FILES[name][0]])
    return answer(found, request, ASSET_CACHE)
