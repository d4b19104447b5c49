"""HTTP handlers for bulk import (/v1/import) and interchange (/v1/export)."""

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.background import BackgroundTask

from app.deps import CanRead, CanWrite, Db, Jobs, SettingsDep, shared
from app.errors import responses
from app.imports.export import check_export
from app.imports.export_process import export_file
from app.imports.formats import CSV_COLUMNS, EXTENSIONS, MEDIA_TYPES
from app.imports.jobs import JobRegistry
from app.imports.schemas import (
    Entity,
    ExportFormat,
    ExportPart,
    ImportFormat,
    ImportJob,
    ImportRequest,
    ImportSummary,
    JobAccepted,
)
from app.imports.service import ImportService, import_format, parse
from app.imports.sync import OnConflict

router = APIRouter(tags=["import and export"], responses=responses(401, 403))


async def jobs(request: Request, store: Jobs) -> JobRegistry:
    return shared(request.app.state, "import_jobs", lambda: JobRegistry(store))


async def service(
    db: Db, settings: SettingsDep, registry: Annotated[JobRegistry, Depends(jobs)]
) -> ImportService:
    return ImportService(db, settings, registry)


Service = Annotated[ImportService, Depends(service)]


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic schema with its $defs inlined (an OpenAPI requestBody has no $defs)."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(defs[ref.split("/")[-1]])
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)  # type: ignore[no-any-return]


_GRAPHML_EXAMPLE = (
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
    '<key id="k" for="node" attr.name="kind" attr.type="string"/>'
    '<key id="n" for="node" attr.name="name" attr.type="string"/>'
    '<key id="t" for="edge" attr.name="type" attr.type="string"/>'
    '<key id="s" for="edge" attr.name="strength" attr.type="double"/>'
    '<graph edgedefault="directed">'
    '<node id="crm-1"><data key="k">Person</data><data key="n">Ada Lovelace</data></node>'
    '<node id="crm-2"><data key="k">Person</data><data key="n">Charles Babbage</data></node>'
    '<edge source="crm-1" target="crm-2"><data key="t">KNOWS</data><data key="s">0.7</data></edge>'
    "</graph></graphml>"
)
_GEXF_EXAMPLE = (
    '<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="directed">'
    '<attributes class="node"><attribute id="0" title="kind" type="string"/></attributes>'
    '<attributes class="edge"><attribute id="1" title="rel_type" type="string"/>'
    '<attribute id="2" title="strength" type="double"/></attributes>'
    '<nodes><node id="crm-1" label="Ada Lovelace"><attvalues><attvalue for="0" value="Person"/>'
    '</attvalues></node><node id="crm-2" label="Charles Babbage"><attvalues>'
    '<attvalue for="0" value="Person"/></attvalues></node></nodes>'
    '<edges><edge id="e1" source="crm-1" target="crm-2"><attvalues>'
    '<attvalue for="1" value="KNOWS"/><attvalue for="2" value="0.7"/></attvalues></edge></edges>'
    "</graph></gexf>"
)
_EXPORT_EXAMPLES = {
    "application/json": {
        "directed": True,
        "multigraph": True,
        "graph": {},
        "nodes": [
            {"id": "0b6c2f3e-…", "kind": "Person", "label": "Ada Lovelace", "name": "Ada Lovelace"}
        ],
        "edges": [
            {
                "source": "0b6c2f3e-…",
                "target": "5e2d7f6a-…",
                "key": "c1a8a1f4-…",
                "id": "c1a8a1f4-…",
                "type": "KNOWS",
                "strength": 0.7,
                "properties": {},
            }
        ],
    },
    "application/graphml+xml": _GRAPHML_EXAMPLE,
    "application/gexf+xml": _GEXF_EXAMPLE,
    "text/csv": (
        "id,kind,label,name,title,company,company_id,role,industry,tags,is_team,segment,pagerank\n"
        "0b6c2f3e-…,Person,Ada Lovelace,Ada Lovelace,CTO,Acme,7d1e9a52-…,decision_maker,"
        "Computing,vip;uk,false,louvain-0,0.12\n"
    ),
    "image/svg+xml": (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000">'
        '<circle data-id="0b6c2f3e-…" cx="500" cy="500" r="9" fill="#3f9fd9"/></svg>'
    ),
}


def _rows_checked_one_by_one(schema: dict[str, Any]) -> dict[str, Any]:
    """Each list of the JSON body takes any row: one that does not fit the row schema is
    reported in `errors` with its index, and the others land (../shared/API.md)."""
    for prop in schema.get("properties", {}).values():
        if prop.get("type") == "array" and "items" in prop:
            prop["items"] = {
                "anyOf": [prop["items"], {}],
                "description": "a row; one that does not fit is reported in errors and skipped",
            }
    return schema


_EXPORT_SCHEMAS: dict[str, dict[str, Any]] = {
    "application/json": {
        "type": "object",
        "description": "node-link JSON (networkx, D3), or Cytoscape.js JSON with format=cytoscape",
    },
    "application/graphml+xml": {"type": "string", "format": "binary"},
    "application/gexf+xml": {"type": "string", "format": "binary"},
    "text/csv": {"type": "string"},
    "image/svg+xml": {"type": "string"},
}
_CSV_HELP = "; ".join(f"{e.value}: {', '.join(cols)}" for e, cols in CSV_COLUMNS.items())
_IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": _rows_checked_one_by_one(_inline(ImportRequest.model_json_schema()))
            },
            "text/csv": {
                "schema": {"type": "string", "description": f"header row, then rows. {_CSV_HELP}"},
                "example": "external_id,name,email,tags\ncrm-1,Ada Lovelace,ada@a.example,vip;uk\n",
            },
            "application/graphml+xml": {
                "schema": {
                    "type": "string",
                    "format": "binary",
                    "description": "a GraphML file (docs/import.md)",
                },
                "example": _GRAPHML_EXAMPLE,
            },
            "application/gexf+xml": {
                "schema": {
                    "type": "string",
                    "format": "binary",
                    "description": "a GEXF 1.2/1.3 file (docs/import.md)",
                },
                "example": _GEXF_EXAMPLE,
            },
        },
    }
}


@router.post(
    "/v1/import",
    dependencies=[CanWrite],
    response_model=ImportSummary,
    responses={
        202: {"model": JobAccepted, "description": "a large import runs as a job"},
        **responses(400, 413, 422, 429, 504),
    },
    openapi_extra=_IMPORT_BODY,
)
async def import_data(
    request: Request,
    svc: Service,
    entity: Annotated[
        Entity | None, Query(description="the entity of a CSV body (text/csv)")
    ] = None,
    format: Annotated[
        ImportFormat | None,
        Query(description="json, csv, graphml or gexf; default: from the Content-Type"),
    ] = None,
    background: Annotated[
        bool, Query(alias="async", description="run as a job (202) whatever the size")
    ] = False,
    dry_run: Annotated[
        bool,
        Query(
            description="write nothing; answer the summary the import would give, with "
            "`changes` (never a job)"
        ),
    ] = False,
    on_conflict: Annotated[
        OnConflict,
        Query(
            description="a field changed in relmap since its last import: keep relmap's value "
            "(default) or overwrite it with the import's; either way it is in `conflicts`"
        ),
    ] = OnConflict.KEEP,
) -> Any:
    """Upsert people, companies, relationships, interactions by external_id (JSON, CSV, graphs)."""
    fmt = import_format(request.headers.get("content-type"), format, entity)
    # CPU work on a body of megabytes: off the event loop, so other requests go on meanwhile
    payload, early = await asyncio.to_thread(parse, await request.body(), fmt, entity)
    result = await svc.run(payload, early, background, on_conflict, dry_run)
    if isinstance(result, ImportJob):
        accepted = JobAccepted(
            job_id=result.job_id,
            status=result.status,
            status_url=f"/v1/import/jobs/{result.job_id}",
            total=result.total,
        )
        return JSONResponse(
            accepted.model_dump(),
            status_code=202,
            headers={"Location": accepted.status_url},
        )
    return result


@router.get("/v1/import/jobs/{job_id}", dependencies=[CanWrite], responses=responses(404))
async def get_import_job(job_id: str, svc: Service) -> ImportJob:
    """Progress of an import job and, when done, its summary."""
    return await svc.job(job_id)


@router.get(
    "/v1/export",
    dependencies=[CanRead],
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "the graph file (streamed)",
            "content": {
                t: {"schema": _EXPORT_SCHEMAS[t], "example": _EXPORT_EXAMPLES[t]}
                for t in set(MEDIA_TYPES.values())
            },
        },
        **responses(404, 422, 429, 504),
    },
)
async def export_graph(
    request: Request,
    db: Db,
    settings: SettingsDep,
    format: Annotated[
        ExportFormat,
        Query(description="json, graphml, gexf, cytoscape, csv (with part) or svg (with root_id)"),
    ] = ExportFormat.JSON,
    root_id: Annotated[
        str | None, Query(description="export only this node's neighborhood")
    ] = None,
    depth: Annotated[int, Query(ge=1, le=3, description="hops around root_id (1..3)")] = 1,
    part: Annotated[
        ExportPart | None, Query(description="format=csv: a row per node, or per edge")
    ] = None,
) -> StreamingResponse:
    """The whole graph, or a neighborhood, as a file Gephi, Cytoscape or NodeXL opens."""
    check_export(format, part, root_id)
    exported = await export_file(
        db, settings, format, part or ExportPart.NODES, root_id, depth, request.is_disconnected
    )
    name = f"relmap.{EXTENSIONS[format]}"
    if part is not None:
        name = f"relmap-{part.value}.{EXTENSIONS[format]}"
    return StreamingResponse(
        exported.chunks,
        media_type=MEDIA_TYPES[format],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Relmap-Truncated": "true" if exported.truncated else "false",
        },
        # a child whose file was never read (the client left before its first chunk) is
        # stopped here: the chunks' own `finally` runs only once they were read
        background=BackgroundTask(exported.close),
    )
