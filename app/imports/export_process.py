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
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app.config import Settings
from app.db.database import Database
from app.db.queries import QueryRegistry
from app.errors import Relayed, TooManyRequests, Unavailable, as_app_error
from app.imports.export import Exporter
from app.imports.formats import render, stream
from app.imports.schemas import ExportFormat, ExportPart

ROOT = Path(__file__).resolve().parents[2]
READ_BYTES = 1 << 16
STOP_GRACE_S = 5.0
POLL_S = 0.25  # how often a client that may have gone is looked for, until the file's first byte
RETRY_AFTER_S = 10

Gone = Callable[[], Awaitable[bool]]


class ClientGone(Unavailable):
    """The client closed its connection before the file began: nobody reads this answer."""


@dataclass
class ExportFile:
    """A file to stream: its chunks, whether a cap cut the graph, and `close`, which stops
    whatever still writes it (a child that was never read, when the client left first)."""

    chunks: AsyncIterator[bytes]
    truncated: bool
    close: Callable[[], Awaitable[None]]


async def _nothing() -> None:
    return None


async def export_file(
    db: Database,
    settings: Settings,
    fmt: ExportFormat,
    part: ExportPart,
    root_id: str | None,
    depth: int,
    gone: Gone | None = None,
) -> ExportFile:
    """The file: built here, or by a child process when it holds at least
    `relmap_export_process_nodes` nodes (a neighborhood's nodes are found here first, and
    handed to the child). `gone` tells whether the client left while the child builds."""
    exporter = Exporter(db, settings)
    ids: list[str] | None = None
    truncated = False
    if root_id is None:
        size = await exporter.count_nodes()
    else:
        ids, truncated = await exporter.neighborhood_ids(root_id, depth)
        size = len(ids)
    if size >= settings.relmap_export_process_nodes:
        request = job(settings, fmt, part, root_id, ids, truncated)
        child = await run(request, settings.relmap_export_processes, gone)
        return ExportFile(_chunks(child), truncated, child.stop)
    exported = await exporter.for_file(fmt, ids, truncated)
    return ExportFile(stream(exported.graph, fmt, part, root_id), exported.truncated, _nothing)


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


class Slots:
    """Export children of this process at once: each may hold about a gigabyte."""

    taken = 0

    @classmethod
    def take(cls, most: int) -> None:
        if cls.taken >= most:  # checked and taken before any await: no two requests race past
            raise TooManyRequests(
                f"{cls.taken} large exports are being written by this process; "
                f"retry in {RETRY_AFTER_S} s",
                RETRY_AFTER_S,
            )
        cls.taken += 1

    @classmethod
    def give_back(cls) -> None:
        cls.taken -= 1


class Child:
    """One export's child process, holding a slot until it has ended."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self._held = True

    async def stop(self, grace_s: float = 0.0) -> None:
        """The child ended: given `grace_s` to end by itself, then killed; its slot given
        back (once, however many callers stop it)."""
        if grace_s:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.proc.wait(), grace_s)
        if self.proc.returncode is None:
            self.proc.kill()
        await self.proc.wait()
        if self._held:
            self._held = False
            Slots.give_back()


async def run(request: dict[str, Any], most: int = 1, gone: Gone | None = None) -> Child:
    """The parent's side: a slot taken (429 when `most` children of this process run), the
    child started and asked. Raises the child's problem (a Relayed error, before any byte of
    the file), and stops the child when `gone` says the client left before its first byte."""
    Slots.take(most)
    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "app.imports.export_process",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            cwd=ROOT,
        )
    except BaseException:
        Slots.give_back()
        raise
    child = Child(proc)
    try:
        head = await _head(child, request, gone)
    except BaseException:
        await child.stop()
        raise
    if not head:
        await child.stop()
        if proc.returncode is not None and proc.returncode < 0:  # killed (out of memory, ...)
            raise Unavailable(f"the export process was stopped (signal {-proc.returncode})")
        raise RuntimeError(f"the export process failed (exit {proc.returncode})")
    answer = json.loads(head)
    if answer["status"] != 200:
        await child.stop(STOP_GRACE_S)  # it closes its driver and exits
        raise Relayed(answer["status"], answer["slug"], answer["detail"], **answer["extra"])
    return child


async def _head(child: Child, request: dict[str, Any], gone: Gone | None) -> bytes:
    """The request written, and the child's first line read, unless the client goes first."""
    proc = child.proc
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(request).encode())
    await proc.stdin.drain()
    proc.stdin.close()
    reading = asyncio.ensure_future(proc.stdout.readline())
    try:
        while True:
            done, _ = await asyncio.wait({reading}, timeout=None if gone is None else POLL_S)
            if done:
                return reading.result()
            if gone is not None and await gone():
                raise ClientGone("the client closed its connection before the export began")
    finally:
        reading.cancel()


async def _chunks(child: Child) -> AsyncIterator[bytes]:
    proc = child.proc
    assert proc.stdout is not None
    try:
        while chunk := await proc.stdout.read(READ_BYTES):
            yield chunk
        if await proc.wait() != 0:
            raise RuntimeError(f"the export process failed (exit {proc.returncode})")
    finally:
        await child.stop()


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
