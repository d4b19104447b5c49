"""The query registry: every Cypher statement of relmap, loaded once from cypher/ at start-up.

Each file holds one statement and a header:

    // name: get_person          (must equal the file name without .cypher)
    // returns: one | many | write | schema
    // params: id, as_of          (every $parameter the statement uses, or "none")

Loading fails on a missing or malformed header, a duplicate name, a parameter used but not
declared (or declared but unused), and a variable-length pattern without an upper bound.
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


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    returns: Returns
    params: frozenset[str]
    text: LiteralString
    path: Path


class QueryFileError(ValueError):
    """A Cypher file that cannot be loaded; start-up stops on it."""


_HEADER = re.compile(r"^//\s*(name|returns|params)\s*:\s*(.*?)\s*$")
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


def parse_file(path: Path) -> Query:
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
    return Query(header["name"], returns, declared, text, path)


class QueryRegistry:
    """Every statement by name; schema statements apart, in file order."""

    def __init__(self, queries: dict[str, Query], schema: list[Query]) -> None:
        self._queries = queries
        self.schema = schema

    @classmethod
    def load(cls, root: Path = CYPHER_DIR) -> "QueryRegistry":
        queries: dict[str, Query] = {}
        schema: list[Query] = []
        for path in sorted(root.rglob("*.cypher")):
            query = parse_file(path)
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
