"""The query registry: every Cypher statement of relmap, loaded once from cypher/ at start-up.

Each file holds one statement and a header:

    // name: get_person          (must equal the file name without .cypher)
    // returns: one | many | write | schema | fragment
    // params: id, as_of          (every $parameter the statement uses, or "none")
    // types: KNOWS, REPORTS_TO   (optional: one statement per type, see below)
    // hops: 1, 2, 3              (optional: one statement per hop bound, see below)
    // keys: sort_name            (optional: one statement per property, see below)
    // orders: ASC, DESC          (optional: one statement per direction, see below)

Two ways keep one definition in one file:
- A fragment (`returns: fragment`, its `params` are its arguments, written {{arg}} in its body)
  is an expression that statements include as {{fragment arg=expr; arg=expr}}: the strength
  formula, for one, is written once in Cypher (cypher/fragments/) as it is once in Python.
- A statement with `types:` is loaded once per relationship type, with {{type}} replaced, as
  `name:TYPE`: one file per shape of edge, while each statement keeps a literal type (types
  come from the file, never from input).
- A statement with `hops:` is loaded once per bound, with {{hops}} replaced, as `name:N`: a
  variable-length pattern's upper bound must be a literal, and a search bounded by the hops
  asked stops where the answer must (shortest_paths.cypher) instead of at the widest bound.
- A statement with `keys:` and/or `orders:` is loaded once per property ({{key}}) and
  direction ({{order}}, ASC or DESC), as `name:key:ORDER`: an ORDER BY that an index gives
  needs both literal (list_people_ordered.cypher).

A schema constraint may have a twins statement, cypher/twins/twins_<constraint name>: what
Database.apply_schema runs when the constraint fails on duplicates of its key (relmap's own
keyed nodes only, which it may merge; QueryRegistry.twins).

Loading fails on a missing or malformed header, a duplicate name, an unknown fragment or
argument, a parameter used but not declared (or declared but unused), and a variable-length
pattern without an upper bound.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import LiteralString


def _cypher_dir() -> Path:
    """app/cypher in an installed package (setup.py ships cypher/ there), else the checkout's
    cypher/ beside app/ (a source tree or an editable install)."""
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "cypher"
    return packaged if packaged.is_dir() else here.parents[2] / "cypher"


CYPHER_DIR = _cypher_dir()


class Returns(StrEnum):
    ONE = "one"
    MANY = "many"
    WRITE = "write"
    SCHEMA = "schema"
    FRAGMENT = "fragment"


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    returns: Returns
    params: frozenset[str]
    text: LiteralString
    path: Path


class QueryFileError(ValueError):
    """A Cypher file that cannot be loaded; start-up stops on it."""


_HEADER = re.compile(r"^//\s*(name|returns|params|types|hops|keys|orders)\s*:\s*(.*?)\s*$")
_INCLUDE = re.compile(r"\{\{\s*([a-z_]+)((?:\s+[a-z_]+\s*=[^;}]+;?)*)\s*\}\}")
_TYPE = re.compile(r"^[A-Z][A-Z_]*$")
_HOPS = re.compile(r"^[1-9][0-9]*$")
_ORDER = re.compile(r"^(ASC|DESC)$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# A variant header -> its placeholder, and what its values must be.
_PLACEHOLDERS = {"types": "type", "hops": "hops", "keys": "key", "orders": "order"}
_VARIANT_RULES = {
    "types": (_TYPE, "UPPER_CASE"),
    "hops": (_HOPS, "positive integers"),
    "keys": (_VARIABLE, "property names"),
    "orders": (_ORDER, "ASC or DESC"),
}
_FRAGMENT_HEADER = re.compile(r"^//\s*returns\s*:\s*fragment\s*$", re.M)
_CONSTRAINT = re.compile(r"^\s*CREATE\s+CONSTRAINT\s+([A-Za-z_][A-Za-z0-9_]*)\b", re.I | re.M)
TWINS = "twins_"  # the prefix of a constraint's twins statement (QueryRegistry.twins)
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# Strings, backtick names and comments, so that `$x` or `*` inside them is not read as code.
_SKIP = re.compile(r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
# Variable-length relationships without an upper bound: [*], [r*], [:T*2..], [*..] ...
_UNBOUNDED_VARLEN = re.compile(r"\[[^\[\]]*\*\s*(?:\d+\s*)?(?:\.\.\s*)?\]")
# Quantified path patterns without an upper bound: (...){2,}. The shorthands (...)+ and (...)*
# cannot be told from arithmetic by a pattern match; relmap does not use them.
_UNBOUNDED_QPP = re.compile(r"\)\s*\{\s*\d*\s*,\s*\}")


def _code_only(text: str) -> str:
    return _SKIP.sub(lambda m: "''" if m.group(0)[0] in "'\"`" else " ", text)


def constraint_names(query: Query) -> list[str]:
    """The names of the constraints a schema statement creates."""
    return [m.group(1) for m in _CONSTRAINT.finditer(_code_only(query.text))]


def parse_file(path: Path, fragments: dict[str, Query] | None = None) -> Query:
    """One file's statement (a fragment's body, unexpanded; a typed file's template)."""
    return parse_statements(path, fragments)[0]


def _expand(text: str, fragments: dict[str, Query], path: Path, depth: int = 0) -> str:
    """Each {{fragment arg=...}} replaced by its body; a fragment may include others."""
    if depth > 8:
        raise QueryFileError(f"{path}: fragments include each other more than 8 deep")

    def include(match: re.Match[str]) -> str:
        name, given = match.group(1), match.group(2)
        if name in _PLACEHOLDERS.values() and not given.strip():
            return match.group(0)  # a variant's placeholder, filled per variant
        fragment = fragments.get(name)
        if fragment is None:
            raise QueryFileError(f"{path}: no fragment named {name!r} in cypher/fragments/")
        args: dict[str, str] = {}
        for part in filter(None, (p.strip() for p in given.split(";"))):
            key, _, value = part.partition("=")
            args[key.strip()] = value.strip()
        if set(args) != fragment.params:
            raise QueryFileError(
                f"{path}: {name} takes {sorted(fragment.params)}, given {sorted(args)}"
            )
        body = fragment.text
        for key, value in args.items():
            # a variable goes in bare, so that a fragment may name it in a pattern: (p)-[:T]->()
            bare = _VARIABLE.match(value) is not None
            body = body.replace("{{" + key + "}}", value if bare else f"({value})")
        return f"({_expand(body, fragments, path, depth + 1)})"

    return _INCLUDE.sub(include, text)


def _body(raw: str) -> str:
    """The statement without its header comment lines."""
    lines = raw.strip().splitlines()
    while lines and (not lines[0].strip() or lines[0].lstrip().startswith("//")):
        lines.pop(0)
    return "\n".join(lines).strip().rstrip(";")


def parse_statements(path: Path, fragments: dict[str, Query] | None = None) -> list[Query]:
    """The statements of one file: one, or one per type of its `types:` header."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryFileError(f"{path}: unreadable ({exc})") from exc
    header: dict[str, str] = {}
    for line in raw.splitlines():
        if not line.strip():
            continue
        match = _HEADER.match(line.strip())
        if not match:
            if line.lstrip().startswith("//"):
                continue  # a free comment inside the header block
            break
        key, value = match.groups()
        if key in header:
            raise QueryFileError(f"{path}: header field {key!r} given twice")
        header[key] = value
    missing = {"name", "returns", "params"} - header.keys()
    if missing:
        raise QueryFileError(f"{path}: header lacks {', '.join(sorted(missing))}")
    if header["name"] != path.stem:
        raise QueryFileError(f"{path}: name {header['name']!r} differs from the file name")
    try:
        returns = Returns(header["returns"])
    except ValueError:
        raise QueryFileError(
            f"{path}: returns must be one of {[r.value for r in Returns]}"
        ) from None
    declared = (
        frozenset()
        if header["params"] in ("", "none")
        else frozenset(p.strip() for p in header["params"].split(","))
    )
    if returns is Returns.FRAGMENT:
        body = _body(raw)
        used = frozenset(re.findall(r"\{\{([a-z_]+)\}\}", body))
        if used != declared or _PARAM.search(_code_only(body)):
            raise QueryFileError(f"{path}: a fragment uses exactly its arguments, no $params")
        return [Query(header["name"], returns, declared, body, path)]
    variants: list[tuple[str, list[str]]] = []  # (placeholder, its values), header order
    for field, placeholder in _PLACEHOLDERS.items():
        values = [v.strip() for v in header.get(field, "").split(",") if v.strip()]
        rule, what = _VARIANT_RULES[field]
        present = "{{" + placeholder + "}}" in raw
        if any(not rule.match(v) for v in values) or bool(values) != present:
            raise QueryFileError(
                f"{path}: {field} must be {what} and used as {{{{{placeholder}}}}}"
            )
        if values:
            variants.append((placeholder, values))
    if "types" in header and "hops" in header:
        raise QueryFileError(f"{path}: a file varies by types or by hops, not both")
    expanded = _expand(raw, fragments or {}, path)
    combos: list[tuple[str, str]] = [(header["name"], expanded)]
    for placeholder, values in variants:
        combos = [
            (f"{name}:{v}", text.replace("{{" + placeholder + "}}", v))
            for name, text in combos
            for v in values
        ]
    return [_statement(path, name, returns, declared, text) for name, text in combos]


def _statement(
    path: Path, name: str, returns: Returns, declared: frozenset[str], raw: str
) -> Query:
    code = _code_only(raw)
    if not code.strip():
        raise QueryFileError(f"{path}: no statement")
    if ";" in code.strip().rstrip(";"):
        raise QueryFileError(f"{path}: one statement per file")
    used = frozenset(_PARAM.findall(code))
    if used != declared:
        raise QueryFileError(
            f"{path}: parameters used {sorted(used)} differ from declared {sorted(declared)}"
        )
    if _UNBOUNDED_VARLEN.search(code) or _UNBOUNDED_QPP.search(code):
        raise QueryFileError(f"{path}: variable-length pattern without an upper bound")
    text = raw.strip().rstrip(";")
    return Query(name, returns, declared, text, path)


class QueryRegistry:
    """Every statement by name; schema statements apart, in file order."""

    def __init__(self, queries: dict[str, Query], schema: list[Query]) -> None:
        self._queries = queries
        self.schema = schema
        # The constraints the schema statements create, by name: what SchemaGate checks for.
        self.constraints = frozenset(name for q in schema for name in constraint_names(q))
        # A statement that removes twins (nodes MERGEd on a key while its constraint was
        # missing) for a constraint, by the constraint's name: cypher/twins/twins_<name>.
        self.twins = {
            name.removeprefix(TWINS): q for name, q in queries.items() if name.startswith(TWINS)
        }
        stray = set(self.twins) - self.constraints
        if stray:
            raise QueryFileError(
                f"twins statements for constraints the schema does not create: {sorted(stray)}"
            )

    @classmethod
    def load(cls, root: Path = CYPHER_DIR) -> "QueryRegistry":
        queries: dict[str, Query] = {}
        schema: list[Query] = []
        paths = sorted(root.rglob("*.cypher"))
        fragments = {
            q.name: q
            for q in (parse_file(p) for p in paths if _FRAGMENT_HEADER.search(p.read_text()))
            if q.returns is Returns.FRAGMENT
        }
        for path in paths:
            for query in parse_statements(path, fragments):
                if query.returns is Returns.FRAGMENT:
                    continue
                if query.name in queries or any(s.name == query.name for s in schema):
                    raise QueryFileError(f"{path}: duplicate query name {query.name!r}")
                if query.returns is Returns.SCHEMA:
                    schema.append(query)
                else:
                    queries[query.name] = query
        if not queries and not schema:
            raise QueryFileError(f"{root}: no .cypher files")
        return cls(queries, schema)

    def __getitem__(self, name: str) -> Query:
        try:
            return self._queries[name]
        except KeyError:
            raise KeyError(f"no Cypher statement named {name!r} in cypher/") from None

    def statements(self) -> list[Query]:
        return list(self._queries.values())

    def __contains__(self, name: str) -> bool:
        return name in self._queries

    def __len__(self) -> int:
        return len(self._queries) + len(self.schema)
