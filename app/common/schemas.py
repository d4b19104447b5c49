"""Field types shared by several domains, and the checks every request body goes through."""

import json
import math
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

# Free-form JSON (attributes, properties) may nest this deep: {"a": {"b": 1}} is 2 levels.
MAX_DEPTH = 16
# Moments outside these years are refused: they break date arithmetic (time zones, decay,
# windows of days around them) long before they mean anything for a relationship.
MIN_YEAR, MAX_YEAR = 1000, 2999

# Text that must not be blank once trimmed: one character that the trim keeps (Unicode
# White_Space, what pydantic strips), so that the schema says "not blank" and not only
# "not empty" (a name of one tab is refused).
NOT_BLANK = r"[^\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


def _text(max_length: int) -> Any:
    return StringConstraints(
        strip_whitespace=True, min_length=1, max_length=max_length, pattern=NOT_BLANK
    )


Name = Annotated[str, _text(300)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
ExternalId = Annotated[str, _text(200)]
Tag = Annotated[str, _text(100)]
# Numbers and flags of a JSON body take JSON numbers and booleans only, as their schema says
# (pydantic would also read "0.5", true as 1, 0 as false). Import rows from CSV and graph
# files are text: app/imports/service.py reads those laxly.
Strength = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False, strict=True)]
Flag = Annotated[bool, Field(strict=True)]


def whole(value: Any) -> Any:
    """1.0 is the integer 1 in JSON (and in JSON Schema); strict pydantic would refuse it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


WholeNumber = Annotated[int, BeforeValidator(whole), Field(strict=True)]

# -- JSON values ---------------------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def _walk(value: Any) -> Iterator[tuple[list[str | int], Any, int]]:
    """Every value in a JSON tree with its path and depth (containers count: {} is 1), without
    recursion, so a tree of any depth is walked safely."""
    stack: list[tuple[list[str | int], Any, int]] = [([], value, 0)]
    while stack:
        path, node, depth = stack.pop()
        if isinstance(node, dict):
            depth += 1
            for key, child in node.items():
                yield [*path, key], key, depth  # keys are strings that get stored too
                stack.append(([*path, key], child, depth))
        elif isinstance(node, list | tuple):
            depth += 1
            stack.extend(([*path, i], child, depth) for i, child in enumerate(node))
        yield path, node, depth


def _fine(value: Any, max_depth: int | None) -> bool:
    """Whether json_problem finds nothing, found without building a path for every value (the
    common answer, for every request body and every imported row): containers on a stack with
    their depth, scalars checked where they stand."""
    limit = math.inf if max_depth is None else max_depth
    surrogate, isfinite = _SURROGATE.search, math.isfinite
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        items: Iterable[Any]
        if isinstance(node, dict):
            for key in node:  # keys are values too (_walk)
                if isinstance(key, str):
                    if surrogate(key):
                        return False
                elif isinstance(key, float) and not isfinite(key):
                    return False
            items = node.values()
        elif isinstance(node, list | tuple):
            items = node
        elif isinstance(node, float):
            return isfinite(node)  # only the top can be a scalar here
        else:
            return not (isinstance(node, str) and surrogate(node))
        depth += 1
        if depth > limit:
            return False
        for child in items:
            if isinstance(child, str):
                if surrogate(child):
                    return False
            elif isinstance(child, float):
                if not isfinite(child):
                    return False
            elif isinstance(child, dict | list | tuple):
                stack.append((child, depth))
    return True


def json_problem(value: Any, max_depth: int | None = None) -> tuple[list[str | int], str] | None:
    """The first thing in a JSON value that relmap cannot store or answer with: nesting deeper
    than max_depth, a number that is not finite (NaN, Infinity), text with a lone surrogate
    (not valid Unicode). (path, message), or None when the value is fine. A value found fine
    by _fine is not walked again; one that is not is walked for the first problem's path."""
    if _fine(value, max_depth):
        return None
    for path, node, depth in _walk(value):
        if max_depth is not None and depth > max_depth:
            return path, f"JSON nested deeper than {max_depth} levels"
        if isinstance(node, float) and not math.isfinite(node):
            return path, "numbers must be finite (no NaN or Infinity)"
        if isinstance(node, str) and _SURROGATE.search(node):
            return path, "text must be valid Unicode (a lone surrogate is not)"
    return None


def refuse(found: tuple[list[str | int], str] | None) -> None:
    """Raise what json_problem found, naming where (escaped: the path may hold the very text
    that is not valid Unicode)."""
    if found is not None:
        path, msg = found
        where = ".".join(map(str, path)).encode("utf-8", "backslashreplace").decode()
        raise ValueError(f"{msg} (at {where or 'the top'})")


def _free_form(value: dict[str, Any]) -> dict[str, Any]:
    refuse(json_problem(value, MAX_DEPTH))
    return value


FreeForm = Annotated[
    dict[str, Any],
    AfterValidator(_free_form),
    Field(description=f"free-form JSON object, nested at most {MAX_DEPTH} levels"),
]
Attributes = Annotated[FreeForm, Field(description="free-form key/value data")]
Properties = Annotated[FreeForm, Field(description="free-form properties of the relationship")]


def merge_patch(target: Any, patch: Any) -> Any:
    """JSON Merge Patch (RFC 7396) of `patch` onto `target`: in an object, a member set to null
    is removed, an object merges into the object there recursively, any other value (a list
    included) replaces; a patch that is not an object replaces the target whole."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


MERGE_PATCH = (
    "JSON Merge Patch (RFC 7396): a key set to null is removed, an object merges into the "
    "stored one recursively, any other value (lists included) replaces"
)

# -- time ----------------------------------------------------------------------------------------

_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})", re.ASCII
)
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_EXAMPLE_MOMENT = "2026-01-31T09:00:00Z"
MAX_OFFSET = timedelta(hours=18)


def _in_range(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is out of range ({MIN_YEAR}..{MAX_YEAR})")


def parse_moment(value: Any) -> datetime:
    """An RFC 3339 timestamp with a time zone ("2026-01-31T09:00:00Z"), nothing laxer: no bare
    numbers, no date alone, no missing zone; years MIN_YEAR..MAX_YEAR."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and _RFC3339.fullmatch(value.strip()):
        text = value.strip()
        # Python < 3.12 reads at most 6 fraction digits: drop the extra (below a microsecond).
        text = re.sub(r"(\.\d{6})\d+", r"\1", text)
        try:
            moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueError(f"not a valid RFC 3339 timestamp: {exc}") from None
    else:
        raise ValueError(f"needs an RFC 3339 timestamp with a time zone, e.g. {_EXAMPLE_MOMENT}")
    offset = moment.utcoffset()
    if moment.tzinfo is None or offset is None:
        raise ValueError(f"timestamp needs a time zone (RFC 3339, e.g. {_EXAMPLE_MOMENT})")
    if abs(offset) > MAX_OFFSET:
        # Neo4j (Java's ZoneOffset) stores offsets within ±18:00; one beyond broke the
        # connection the statement was sent on
        raise ValueError("time zone offset beyond ±18:00")
    _in_range(moment.year)
    return moment


def parse_day(value: Any) -> date:
    """An RFC 3339 full-date ("2026-01-31"); years MIN_YEAR..MAX_YEAR."""
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif isinstance(value, str) and _FULL_DATE.fullmatch(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"not a valid date: {exc}") from None
    else:
        raise ValueError("needs an RFC 3339 date, e.g. 2026-01-31")
    _in_range(day.year)
    return day


# What parse_moment and parse_day take, as JSON Schema patterns, so that the OpenAPI document
# says the years too (`format` alone allows 0001..9999).
_YEAR = f"(?:{'|'.join(str(d) for d in range(MIN_YEAR // 1000, MAX_YEAR // 1000 + 1))})[0-9]{{3}}"
_DATE = f"{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?"
_ZONE = r"(?:[Zz]|[+-](?:(?:0[0-9]|1[0-7]):[0-5][0-9]|18:00))"  # within ±18:00 (MAX_OFFSET)
MOMENT_PATTERN = f"^{_DATE}[Tt]{_TIME}{_ZONE}$"
DAY_PATTERN = f"^{_DATE}$"

# The one timestamp type of request bodies and query parameters.
Moment = Annotated[
    datetime,
    BeforeValidator(parse_moment),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": MOMENT_PATTERN}),
]
AwareDatetime = Moment  # the name the schemas used first
Day = Annotated[
    date,
    BeforeValidator(parse_day),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN}),
]

# -- lists ---------------------------------------------------------------------------------------


def _unique_tags(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(tags))


Tags = Annotated[list[Tag], AfterValidator(_unique_tags), Field(max_length=100)]


class Strict(BaseModel):
    """Request bodies: unknown fields are an error, not silently dropped; no value anywhere in
    them may be a number that is not finite or text that is not valid Unicode."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        refuse(json_problem(data))
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """A field with a default may be left out of a body, so its default is told in words:
        generators read `default` in a component schema as "always there" (openapi-typescript
        makes the field required), which is true of an answer, not of a request. (A body model
        also used in an answer gets a separate output schema, as FastAPI names them X-Output.)"""
        schema = handler(core_schema)
        if handler.mode != "validation":
            return schema
        for prop in handler.resolve_ref_schema(schema).get("properties", {}).values():
            default = prop.pop("default", None)
            if default is not None:
                said = f"default {json.dumps(default)}"
                prop["description"] = (
                    f"{prop['description']} ({said})" if "description" in prop else said
                )
        return schema
