"""Large exports are built and written by a child process (`python -m
app.imports.export_process`), so that the API process keeps no memory from them.

An export of a whole graph holds millions of small Python objects for a while (astro-ph: ~200
MB). Python's own allocator (pymalloc, which the API runs on: mapping answers are 10-27 %
faster than with glibc's malloc, bench/notes.md) gives an arena back to the system only when
every object in it is gone, and the few objects that outlive a request pin the arenas they
land in: the API process grew ~13 MB with each whole-graph export of astro-ph, 207 -> 507 MB
over 20. A child's memory all goes back when it exits.

The protocol: the parent writes one JSON document to the child's stdin (the settings, the
format, and the node ids of a neighborhood, or none for the whole graph); the child answers a
first line of JSON (`{"status": 200}`, or a problem: status, slug, detail, extra) and then the
file's bytes, and exits 0 when all were written."""

import asyncio
import contextlib
import json
import logging
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, BinaryIO

from app.config import Settings
from app.db.database import Database
from app.db.queries import QueryRegistry
from app.errors import Relayed, Unavailable, as_app_error
from app.imports.export import Exporter
from app.imports.formats import render, stream
from app.imports.schemas import ExportFormat, ExportPart

ROOT = Path(__file__).resolve().parents[2]
READ_BYTES = 1 << 16
STOP_GRACE_S = 5.0


async def export_file(
    db: Database,
    settings: Settings,
    fmt: ExportFormat,
    part: ExportPart,
    root_id: str | None,
    depth: int,
) -> tuple[AsyncIterator[bytes], bool]:
    """The file's chunks and whether a cap cut the graph: built here, or by a child process
    when it holds at least `relmap_export_process_nodes` nodes (a neighborhood's nodes are
    found here first, and handed to the child)."""
    exporter = Exporter(db, settings)
    ids: list[str] | None = None
    truncated = False
    if root_id is None:
        size = await exporter.count_nodes()
    else:
        ids, truncated = await exporter.neighborhood_ids(root_id, depth)
        size = len(ids)
    if size >= settings.relmap_export_process_nodes:
        return await run(job(settings, fmt, part, root_id, ids, truncated)), truncated
    exported = await exporter.for_file(fmt, ids, truncated)
    return stream(exported.graph, fmt, part, root_id), exported.truncated


def job(
    settings: Settings,
    fmt: ExportFormat,
    part: ExportPart,
    root_id: str | None,
    ids: list[str] | None,
    truncated: bool,
) -> dict[str, Any]:
    """What the child is asked: `ids` None for the whole graph."""
    return {
        "settings": settings.model_dump(mode="json"),
        "format": fmt.value,
        "part": part.value,
        "root_id": root_id,
        "ids": ids,
        "truncated": truncated,
    }


async def run(request: dict[str, Any]) -> AsyncIterator[bytes]:
    """The parent's side: the child started and asked; raises the child's problem (a Relayed
    error, before any byte of the file), else the file's chunks. A child that ends early, or
    fails in the middle, raises: the response is cut off, as an export that fails in-process."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.imports.export_process",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(json.dumps(request).encode())
        await proc.stdin.drain()
        proc.stdin.close()
        head = await proc.stdout.readline()
    except BaseException:
        await _stop(proc)
        raise
    if not head:
        await _stop(proc)
        if proc.returncode is not None and proc.returncode < 0:  # killed (out of memory, ...)
            raise Unavailable(f"the export process was stopped (signal {-proc.returncode})")
        raise RuntimeError(f"the export process failed (exit {proc.returncode})")
    answer = json.loads(head)
    if answer["status"] != 200:
        await _stop(proc, STOP_GRACE_S)  # it closes its driver and exits
        raise Relayed(answer["status"], answer["slug"], answer["detail"], **answer["extra"])
    return _chunks(proc)


async def _chunks(proc: asyncio.subprocess.Process) -> AsyncIterator[bytes]:
    assert proc.stdout is not None
    try:
        while chunk := await proc.stdout.read(READ_BYTES):
            yield chunk
        if await proc.wait() != 0:
            raise RuntimeError(f"the export process failed (exit {proc.returncode})")
    finally:
        await _stop(proc)


async def _stop(proc: asyncio.subprocess.Process, grace_s: float = 0.0) -> None:
    """The child ended: given `grace_s` to end by itself, then killed."""
    if grace_s:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(proc.wait(), grace_s)
    if proc.returncode is None:
        proc.kill()
    await proc.wait()


async def _export(request: dict[str, Any], out: BinaryIO) -> None:
    """The child's side: the graph built, the head line, then the file."""
    settings = Settings(**request["settings"])
    logging.basicConfig(
        level=settings.relmap_log_level, format="%(levelname)s %(name)s (export): %(message)s"
    )
    fmt = ExportFormat(request["format"])
    db = Database.connect(settings, QueryRegistry.load())
    try:
        exporter = Exporter(db, settings)
        try:
            exported = await exporter.for_file(fmt, request["ids"], request["truncated"])
        except Exception as exc:  # told to the parent, or a bug: re-raised
            known = as_app_error(exc)
            if known is None:
                raise
            head = {
                "status": known.status,
                "slug": known.slug,
                "detail": known.detail,
                "extra": known.extra,
            }
            out.write(json.dumps(head).encode() + b"\n")
            return
    finally:
        await db.close()
    out.write(b'{"status": 200}\n')
    for chunk in render(exported.graph, fmt, ExportPart(request["part"]), request["root_id"]):
        out.write(chunk)
    out.flush()


def main() -> None:
    request = json.loads(sys.stdin.buffer.read())
    asyncio.run(_export(request, sys.stdout.buffer))


if __name__ == "__main__":
    main()
