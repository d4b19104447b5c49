"""The map's files: its own sources in web/app/ (plain ES modules, no build step) and the
drawing library from the npm package that `make install` puts in web/node_modules (both under
RELMAP_WEB_DIR). A source file is read again when it changes on disk; a library file once."""

import asyncio
from pathlib import Path, PurePosixPath

from app.common.static import CSS, HTML, JS, Asset

TYPES = {".html": HTML, ".js": JS, ".css": CSS, ".svg": "image/svg+xml"}
# the name served under /app/vendor/ -> its path in node_modules
VENDOR: dict[str, str] = {
    "cytoscape.mjs": "cytoscape/dist/cytoscape.esm.min.mjs",
}
ROOT_MARK = b"{{root}}"  # index.html's links start with it: the app's mount point (root_path)


class AppFiles:
    def __init__(self, web_dir: Path) -> None:
        self.sources = web_dir / "app"
        self.modules = web_dir / "node_modules"
        self._sources: dict[tuple[str, str], tuple[int, Asset]] = {}
        self._vendor: dict[str, Asset] = {}

    def missing(self) -> list[str]:
        """What the app needs that is not there."""
        wanted = [self.sources / "index.html", *(self.modules / p for p in VENDOR.values())]
        return [str(path) for path in wanted if not path.is_file()]

    async def source(self, name: str, root: str = "") -> Asset | None:
        """web/app/<name> (index.html with `root` as its links' prefix), or None when there is
        no such file, or it is hidden or of a type the app does not serve."""
        relative = PurePosixPath(name)
        media_type = TYPES.get(relative.suffix)
        if media_type is None or any(p.startswith(".") or p == ".." for p in relative.parts):
            return None
        path = self.sources.joinpath(*relative.parts)
        try:
            changed = path.stat().st_mtime_ns
        except OSError:
            return None
        key = (name, root)
        known = self._sources.get(key)
        if known is not None and known[0] == changed:
            return known[1]
        rewrites = [(ROOT_MARK, root.encode())] if name == "index.html" else []
        try:
            asset = await asyncio.to_thread(Asset.read, path, media_type, rewrites)
        except OSError:
            return None
        self._sources[key] = (changed, asset)
        return asset

    async def vendor(self, name: str) -> Asset | None:
        """A library file (`name` one of VENDOR), or None when it is not installed."""
        asset = self._vendor.get(name)
        if asset is None:
            try:
                asset = await asyncio.to_thread(Asset.read, self.modules / VENDOR[name], JS)
            except OSError:
                return None
            self._vendor[name] = asset
        return asset
