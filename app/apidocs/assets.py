"""Swagger UI's and ReDoc's browser files, read from the npm packages that `make install` puts
in web/node_modules (RELMAP_WEB_DIR), so /docs and /redoc work offline. Each file is read and
gzip-compressed once per process, on first use."""

import asyncio
from pathlib import Path

from app.common.static import CSS, JS, Asset

# the name served under /static/docs/ -> (its path in node_modules, its content type)
FILES: dict[str, tuple[str, str]] = {
    "swagger-ui-bundle.js": ("swagger-ui-dist/swagger-ui-bundle.js", JS),
    "swagger-ui.css": ("swagger-ui-dist/swagger-ui.css", CSS),
    "favicon-32x32.png": ("swagger-ui-dist/favicon-32x32.png", "image/png"),
    "redoc.standalone.js": ("redoc/bundles/redoc.standalone.js", JS),
}
# ReDoc's menu footer ("API docs by Redocly") loads its logo from Redocly's CDN whatever the
# options: offline that is a failed request and a console error. A blank 1x1 image instead.
BLANK_IMAGE = (
    b"data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27"
    b" width=%271%27 height=%271%27/%3E"
)
REWRITES: dict[str, list[tuple[bytes, bytes]]] = {
    "redoc.standalone.js": [(b"https://cdn.redoc.ly/redoc/logo-mini.svg", BLANK_IMAGE)],
}


class DocAssets:
    def __init__(self, web_dir: Path) -> None:
        self.root = web_dir / "node_modules"
        self._read: dict[str, Asset] = {}

    def missing(self, names: tuple[str, ...]) -> list[str]:
        """The files among `names` that are not installed."""
        return [FILES[n][0] for n in names if not (self.root / FILES[n][0]).is_file()]

    async def get(self, name: str) -> Asset | None:
        """The asset, or None when it is not installed (`name` must be one of FILES)."""
        asset = self._read.get(name)
        if asset is None:
            relative, media_type = FILES[name]
            try:
                asset = await asyncio.to_thread(
                    Asset.read, self.root / relative, media_type, REWRITES.get(name, [])
                )
            except OSError:
                return None
            self._read[name] = asset
        return asset
