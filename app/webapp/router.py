"""/app: the map, relmap's own web app, and `/` that leads there. Its pages call the API from
the same origin; none of these routes is part of the API's schema."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from app.common.static import answer
from app.config import Settings
from app.deps import shared
from app.errors import NotFound, Unavailable
from app.webapp.files import VENDOR, AppFiles

router = APIRouter(include_in_schema=False)
# the app's own files change with relmap: always revalidated (an ETag makes that cheap)
SOURCE_CACHE = "no-cache"
# the library changes only with its npm package: a day, then a revalidation
VENDOR_CACHE = "public, max-age=86400"


def _files(request: Request) -> AppFiles:
    settings: Settings = request.app.state.settings
    return shared(request.app.state, "app_files", lambda: AppFiles(settings.relmap_web_dir))


def _root(request: Request) -> str:
    root: str = request.scope.get("root_path", "").rstrip("/")
    return root


def _not_installed(files: AppFiles) -> Unavailable:
    return Unavailable(
        f"the map's files are not installed ({', '.join(files.missing())} missing): run "
        "`make install` (npm ci in web/), or set RELMAP_WEB_DIR to a web/ directory with app/ "
        "and a node_modules that has them"
    )


@router.get("/")
async def home(request: Request) -> RedirectResponse:
    """The map."""
    return RedirectResponse(f"{_root(request)}/app", status_code=307)


@router.get("/app")
async def app_page(request: Request) -> Response:
    """The map's page; its views are the URL's fragment (/app#/person/<id>, ...)."""
    files = _files(request)
    if files.missing():
        raise _not_installed(files)
    page = await files.source("index.html", _root(request))
    if page is None:
        raise _not_installed(files)
    return answer(page, request, SOURCE_CACHE)


@router.get("/app/vendor/{name}")
async def app_vendor(name: str, request: Request) -> Response:
    """The drawing library, from its npm package."""
    if name not in VENDOR:
        raise NotFound(f"no map library file {name!r}")
    files = _files(request)
    found = await files.vendor(name)
    if found is None:
        raise _not_installed(files)
    return answer(found, request, VENDOR_CACHE)


@router.get("/app/{name:path}")
async def app_source(name: str, request: Request) -> Response:
    """One of the map's own files (scripts, styles)."""
    found = await _files(request).source(name) if name != "index.html" else None
    if found is None:
        raise NotFound(f"no map file {name!r}")
    return answer(found, request, SOURCE_CACHE)
