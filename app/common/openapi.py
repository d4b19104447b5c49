"""What the OpenAPI document says beyond what each route declares: the HTTP conventions every
route keeps (../shared/API.md "HTTP conventions"; app/common/conventions.py, idempotency.py,
pagination.py, main.py BodyLimit), and the links from the operations that create a resource
to those that use its id (clients and stateful testers follow them)."""

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Any

Spec = dict[str, Any]
ProblemResponses = Callable[..., dict[int | str, dict[str, Any]]]

# An issued cursor: base64url of its key, a dot, base64url of a 16-byte HMAC tag
# (app/common/pagination.py). One of this shape the server did not sign is still a 400.
# Empty is the same as left out: the first page.
CURSOR_PATTERN = r"^(?:[A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{22})?$"
# app/common/idempotency.py: 1 to 255 printable ASCII characters (HTTP trims the ends)
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]([ -~]{0,253}[!-~])?$"

_REQUEST_ID = {
    "X-Request-ID": {
        "description": "the caller's X-Request-ID echoed, or one made for this request",
        "schema": {"type": "string"},
    }
}
_RETRY_AFTER = {
    "Retry-After": {"description": "seconds to wait before retrying", "schema": {"type": "string"}}
}
_IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "the same key with the same request within 24 h answers the first answer "
    "again and writes nothing; with another request it is a 422 problem",
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": 255,
        "pattern": IDEMPOTENCY_KEY_PATTERN,
    },
}
_DESCRIPTIONS = {
    400: "Bad Request: the body is not well-formed (JSON that does not parse) or a cursor "
    "was not issued by this API",
    413: "Content Too Large: the body is over RELMAP_MAX_BODY_BYTES",
    503: "Service Unavailable: Neo4j is unreachable or busy; retry",
    504: "Gateway Timeout: the query took too long and was stopped",
}
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _operations(spec: Spec) -> list[tuple[str, dict[str, Any]]]:
    return [
        (method, operation)
        for methods in spec.get("paths", {}).values()
        for method, operation in methods.items()
        if method in _METHODS
    ]


def _declare(operation: dict[str, Any], problems: ProblemResponses, *statuses: int) -> None:
    answers = operation.setdefault("responses", {})
    for status, response in problems(*statuses).items():
        if str(status) not in answers:
            if status in _DESCRIPTIONS:
                response = {**response, "description": _DESCRIPTIONS[int(status)]}
            answers[str(status)] = response


def document_conventions(spec: Spec, problems: ProblemResponses) -> None:
    """Every status, header and parameter the cross-cutting middleware adds, on each operation
    it applies to. `problems` is app.errors.responses."""
    for method, operation in _operations(spec):
        parameters = operation.setdefault("parameters", [])
        names = {(p.get("in"), p.get("name")) for p in parameters}
        authenticated = bool(operation.get("security"))
        if authenticated:
            # the key is checked first (401/403), then unknown query parameters (422);
            # every /v1 operation reads Neo4j (503, 504)
            _declare(operation, problems, 401, 403, 422, 503, 504)
        if "requestBody" in operation:
            _declare(operation, problems, 400, 413, 422)
        if ("query", "cursor") in names:
            _declare(operation, problems, 400)
            for parameter in parameters:
                if parameter.get("in") == "query" and parameter.get("name") == "cursor":
                    _cursor_schema(parameter)
        if method == "post":
            if ("header", "Idempotency-Key") not in names:
                parameters.append(_IDEMPOTENCY_KEY)
            # a request with the key while the first one still runs waits, then a 409
            _declare(operation, problems, 409, 422)
        for status, response in operation.get("responses", {}).items():
            headers = response.setdefault("headers", {})
            headers.update(_REQUEST_ID)
            if status == "429":
                headers.update(_RETRY_AFTER)
        if not parameters:
            del operation["parameters"]
    _add_links(spec)
    _require_answered_fields(spec)


# -- answers: what is always sent is required ---------------------------------------------------

_REF = "#/components/schemas/"
# sent with some members left out: a problem's `errors` only for validation failures
_SPARSE = frozenset({"Problem"})


def _refs(node: Any) -> set[str]:
    """Names of the component schemas a piece of the document refers to directly."""
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF):
            found.add(ref.removeprefix(_REF))
        for value in node.values():
            found |= _refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs(value)
    return found


def _closure(roots: AbstractSet[str], schemas: dict[str, Any]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        todo.extend(_refs(schemas[name]) - seen)
    return seen


def _require_answered_fields(spec: Spec) -> None:
    """A schema that only ever describes answers lists every property as required: the API
    serializes each field of its answer models, defaults included (no response_model_exclude_*),
    so a generated client may rely on them (openapi-typescript makes a non-required field
    optional, openapi-python-client makes it Unset). Schemas that requests also use keep their
    own rules: there a default means the field may be left out."""
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        # FastAPI names a model's two forms X-Input and X-Output but titles both X; generators
        # name classes by title, and two X clash
        if name.endswith(("-Input", "-Output")):
            schema["title"] = name.replace("-", "")
    asked: set[str] = set()
    answered: set[str] = set()
    for _, operation in _operations(spec):
        asked |= _refs(operation.get("requestBody", {})) | _refs(operation.get("parameters", []))
        answered |= _refs(operation.get("responses", {}))
    only_answers = _closure(answered, schemas) - _closure(asked, schemas) - _SPARSE
    for name in only_answers - _closure(_SPARSE, schemas):
        schema = schemas[name]
        properties = schema.get("properties")
        if schema.get("type") == "object" and properties:
            schema["required"] = list(properties)


def _cursor_schema(parameter: dict[str, Any]) -> None:
    text = {"type": "string", "pattern": CURSOR_PATTERN}
    schema = parameter.get("schema", {})
    nullable = any(s.get("type") == "null" for s in schema.get("anyOf", []))
    parameter["schema"] = {
        **{k: v for k, v in schema.items() if k != "anyOf"},
        **({"anyOf": [text, {"type": "null"}]} if nullable else text),
    }


# -- links -------------------------------------------------------------------------------------

_BODY_ID = "$response.body#/id"
_TWO_PARTICIPANTS = {
    "participant_ids": [
        "$response.body#/items/0/participants/0/id",
        "$response.body#/items/0/participants/1/id",
    ]
}
# (from operationId, status, to operationId, parameters, requestBody). A link fills every path
# parameter of its target or none: a 404 about an id the link did not give (a merge's
# duplicate_id, an attendee) would read as "the record just created is gone".
_LINKS: list[tuple[str, str, str, dict[str, str], dict[str, Any] | None]] = [
    *(
        ("create_person", "201", target, {"person_id": _BODY_ID}, None)
        for target in (
            "get_person",
            "update_person",
            "delete_person",
            "list_person_interactions",
            "get_person_neighborhood",
            "get_suggestions",
        )
    ),
    ("create_person", "201", "merge_people", {}, {"duplicate_id": _BODY_ID}),
    ("create_person", "201", "get_shortest_path", {"from_id": _BODY_ID}, None),
    ("create_person", "201", "warm_intros", {}, {"target_id": _BODY_ID}),
    ("create_person", "201", "add_attendees", {}, {"person_ids": [_BODY_ID]}),
    ("create_person", "201", "export_graph", {"root_id": _BODY_ID}, None),
    ("list_people", "200", "get_person", {"person_id": "$response.body#/items/0/id"}, None),
    *(
        ("create_company", "201", target, {"company_id": _BODY_ID}, None)
        for target in (
            "get_company",
            "update_company",
            "delete_company",
            "get_company_neighborhood",
            "get_account_map",
            "get_competitor_risk",
        )
    ),
    ("create_company", "201", "merge_companies", {}, {"duplicate_id": _BODY_ID}),
    ("create_company", "201", "list_people", {"company_id": _BODY_ID}, None),
    ("create_company", "201", "warm_intros", {}, {"target_id": _BODY_ID}),
    ("list_companies", "200", "get_company", {"company_id": "$response.body#/items/0/id"}, None),
    *(
        ("create_relationship", "201", target, {"rel_id": _BODY_ID}, None)
        for target in ("get_relationship", "update_relationship", "delete_relationship")
    ),
    (
        "create_relationship",
        "201",
        "list_relationships",
        {"node_id": "$response.body#/source_id"},
        None,
    ),
    (
        "create_relationship",
        "201",
        "get_shortest_path",
        {"from_id": "$response.body#/source_id", "to_id": "$response.body#/target_id"},
        None,
    ),
    (
        "list_relationships",
        "200",
        "get_relationship",
        {"rel_id": "$response.body#/items/0/id"},
        None,
    ),
    (
        "log_interaction",
        "201",
        "list_person_interactions",
        {"person_id": "$response.body#/participants/0/id"},
        None,
    ),
    (
        "log_interaction",
        "201",
        "get_relationship",
        {"rel_id": "$response.body#/relationships/0/id"},
        None,
    ),
    (
        "log_interaction",
        "201",
        "delete_relationship",
        {"rel_id": "$response.body#/relationships/0/id"},
        None,
    ),
    (
        "list_person_interactions",
        "200",
        "log_interaction",
        {},
        _TWO_PARTICIPANTS,
    ),
    *(
        ("create_event", "201", target, {"event_id": _BODY_ID}, None)
        for target in (
            "get_event",
            "list_attendees",
            "remove_attendee",
            "get_event_priorities",
        )
    ),
    (
        "create_event",
        "201",
        "add_attendees",
        {"event_id": _BODY_ID},
        {"person_ids": ["$request.body#/attendee_ids/0"]},
    ),
    ("list_events", "200", "get_event", {"event_id": "$response.body#/items/0/id"}, None),
    (
        "add_attendees",
        "200",
        "remove_attendee",
        {"event_id": "$response.body#/event_id", "person_id": "$response.body#/added/0"},
        None,
    ),
    ("add_attendees", "200", "list_attendees", {"event_id": "$response.body#/event_id"}, None),
    *(
        ("save_segment", "201", target, {"saved_id": _BODY_ID}, None)
        for target in ("get_saved_segment", "delete_saved_segment", "list_saved_segment_members")
    ),
    ("save_segment", "202", "get_analytics_job", {"job_id": _BODY_ID}, None),
    (
        "list_saved_segments",
        "200",
        "get_saved_segment",
        {"saved_id": "$response.body#/items/0/id"},
        None,
    ),
    ("list_segments", "202", "get_analytics_job", {"job_id": _BODY_ID}, None),
    (
        "list_segments",
        "200",
        "list_segment_members",
        {"segment_id": "$response.body#/items/0/id"},
        None,
    ),
    ("list_segments", "200", "save_segment", {}, {"segment_id": "$response.body#/items/0/id"}),
    ("list_influencers", "202", "get_analytics_job", {"job_id": _BODY_ID}, None),
    ("import_data", "202", "get_import_job", {"job_id": "$response.body#/job_id"}, None),
]


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _add_links(spec: Spec) -> None:
    by_id = {op.get("operationId"): op for _, op in _operations(spec)}
    for source, status, target, parameters, body in _LINKS:
        response = by_id.get(source, {}).get("responses", {}).get(status)
        if response is None or target not in by_id:
            continue  # an operation renamed or gone: no dangling link
        links = response.setdefault("links", {})
        name = _camel(target) + (f"With{_camel(next(iter(body)))}" if body else "")
        link: dict[str, Any] = {"operationId": target}
        if parameters:
            link["parameters"] = parameters
        if body is not None:
            link["requestBody"] = body
        links[name] = link
