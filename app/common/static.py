"""Browser files that relmap serves itself (the API docs' and the map's, ../shared/API.md "The
map (web app)"): read once, gzip-compressed once, answered with an ETag so that a browser that
has a file revalidates it for no body."""

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

JS = "text/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"
HTML = "text/html; charset=utf-8"
GZIP_MIN_BYTES = 1024


@dataclass(frozen=True)
class Asset:
    media_type: str
    body: bytes
    gzipped: bytes | None  # None where compressing does not pay (small files, images)
    etag: str  # of the body as it is; the gzipped body's adds -gzip

    @classmethod
    def of(cls, body: bytes, media_type: str) -> "Asset":
        gzipped = None
        if len(body) >= GZIP_MIN_BYTES and not media_type.startswith("image/"):
            gzipped = gzip.compress(body, compresslevel=9, mtime=0)
        return cls(media_type, body, gzipped, hashlib.sha256(body).hexdigest()[:32])

    @classmethod
    def read(
        cls, path: Path, media_type: str, rewrites: list[tuple[bytes, bytes]] | None = None
    ) -> "Asset":
        """The file at `path` (OSError when it cannot be read), each `old` replaced by `new`."""
        body = path.read_bytes()
        for old, new in rewrites or []:
            body = body.replace(old, new)
        return cls.of(body, media_type)


def answer(asset: Asset, request: Request, cache_control: str) -> Response:
    """The asset, gzip-compressed when the browser takes gzip; a 304 for a tag it already has."""
    gzipped = asset.gzipped is not None and "gzip" in request.headers.get("accept-encoding", "")
    etag = f'"{asset.etag}-gzip"' if gzipped else f'"{asset.etag}"'
    headers = {"Cache-Control": cache_control, "ETag": etag, "Vary": "Accept-Encoding"}
    wanted = request.headers.get("if-none-match", "")
    if any(tag.strip().removeprefix("W/") in (etag, "*") for tag in wanted.split(",")):
        return Response(status_code=304, headers=headers)
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    body = asset.gzipped if gzipped and asset.gzipped is not None else asset.body
    return Response(body, media_type=asset.media_type, headers=headers)
