"""The query registry refuses, at start-up, Cypher files that would hurt later."""

import re
from pathlib import Path

import pytest

from app.common.kinds import RelType
from app.db.queries import CYPHER_DIR, TWINS, QueryFileError, QueryRegistry, Returns

ROOT = Path(__file__).resolve().parents[2]
APP_DIR = ROOT / "app"


def write(folder: Path, name: str, body: str, params: str = "none", returns: str = "one") -> Path:
    path = folder / f"{name}.cypher"
    path.write_text(f"// name: {name}\n// returns: {returns}\n// params: {params}\n{body}\n")
    return path


def test_the_project_cypher_loads_and_every_statement_has_its_header() -> None:
    registry = QueryRegistry.load()
    assert len(registry) > 20
    assert registry["get_person"].returns is Returns.ONE
    assert all(q.returns is Returns.SCHEMA for q in registry.schema)


def test_duplicate_names_fail_start_up(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write(tmp_path / "a", "get_thing", "MATCH (n) RETURN n LIMIT 1")
    write(tmp_path / "b", "get_thing", "MATCH (n) RETURN n LIMIT 1")
    with pytest.raises(QueryFileError, match="duplicate"):
        QueryRegistry.load(tmp_path)


@pytest.mark.parametrize(
    "body, params, reason",
    [
        ("MATCH (a)-[*]-(b) RETURN b", "none", "upper bound"),
        ("MATCH (a)-[:KNOWS*2..]-(b) RETURN b", "none", "upper bound"),
        ("MATCH (a)-[r*..]->(b) RETURN b", "none", "upper bound"),
        ("MATCH ((a)-[:KNOWS]->(b)){1,} RETURN b", "none", "upper bound"),
        ("MATCH (n {id: $id}) RETURN n", "none", "parameters"),
        ("MATCH (n) RETURN n", "id", "parameters"),
        ("MATCH (n) RETURN n; MATCH (m) RETURN m", "none", "one statement"),
    ],
)
def test_bad_statements_fail_start_up(tmp_path: Path, body: str, params: str, reason: str) -> None:
    write(tmp_path, "q", body, params)
    with pytest.raises(QueryFileError, match=reason):
        QueryRegistry.load(tmp_path)


def test_bounded_patterns_and_strings_that_look_like_code_load(tmp_path: Path) -> None:
    write(tmp_path, "ok", "MATCH (a)-[:KNOWS*1..3]-(b {note: '$notaparam [*]'}) RETURN b // [*]")
    assert "ok" in QueryRegistry.load(tmp_path)


def test_a_file_without_header_or_with_a_wrong_name_fails(tmp_path: Path) -> None:
    (tmp_path / "plain.cypher").write_text("MATCH (n) RETURN n\n")
    with pytest.raises(QueryFileError, match="header"):
        QueryRegistry.load(tmp_path)
    (tmp_path / "plain.cypher").unlink()
    (tmp_path / "x.cypher").write_text("// name: y\n// returns: one\n// params: none\nRETURN 1\n")
    with pytest.raises(QueryFileError, match="differs"):
        QueryRegistry.load(tmp_path)


def test_no_cypher_text_outside_cypher_dir() -> None:
    """Every statement lives in cypher/: app/ has no Cypher clauses in its string literals."""
    clause = re.compile(r"[\"'](?:\s*)(MATCH|MERGE|CREATE|UNWIND|CALL db\.|DETACH DELETE)\b")
    offenders = [
        f"{path.relative_to(APP_DIR.parent)}:{n}"
        for path in APP_DIR.rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if clause.search(line)
    ]
    assert offenders == []
    assert CYPHER_DIR.is_dir()


def test_the_app_registry_holds_only_statements_the_app_runs() -> None:
    """Bench- and test-only Cypher lives beside its user (bench/cypher/), not in the API's
    registry: every statement loaded at start-up is named by a string literal in app/."""
    app_code = "\n".join(path.read_text() for path in APP_DIR.rglob("*.py"))
    unused = [
        str(q.path.relative_to(CYPHER_DIR))
        for q in QueryRegistry.load().statements()
        # a typed or bounded statement (name:TYPE, name:N) is named by its file's name, then
        # its type or bound (a literal, or an f-string's ":{...}"); a twins statement by its
        # constraint (QueryRegistry.twins, run by Database.apply_schema)
        if not q.name.startswith(TWINS)
        and not re.search(rf"[\"']{q.name.split(':')[0]}[\"':]", app_code)
    ]
    assert unused == []


def test_the_bench_statements_load_apart_and_share_no_name_with_the_app() -> None:
    bench = QueryRegistry.load(ROOT / "bench" / "cypher")
    app = QueryRegistry.load()
    assert len(bench) > 0
    assert [q.name for q in bench.statements() if q.name in app] == []


def test_a_fragment_is_written_once_and_included_with_its_arguments(tmp_path: Path) -> None:
    write(tmp_path, "double", "2 * {{x}}", params="x", returns="fragment")
    write(tmp_path, "q", "RETURN {{double x=$n + 1}} AS y", params="n")
    registry = QueryRegistry.load(tmp_path)
    assert "double" not in registry  # a fragment is no statement
    assert registry["q"].text.endswith("RETURN (2 * ($n + 1)) AS y")


@pytest.mark.parametrize(
    "body, reason",
    [
        ("RETURN {{triple x=1}} AS y", "no fragment named 'triple'"),
        ("RETURN {{double y=1}} AS y", "takes"),
        ("RETURN {{double}} AS y", "takes"),
    ],
)
def test_a_wrong_inclusion_fails_start_up(tmp_path: Path, body: str, reason: str) -> None:
    write(tmp_path, "double", "2 * {{x}}", params="x", returns="fragment")
    write(tmp_path, "q", body)
    with pytest.raises(QueryFileError, match=reason):
        QueryRegistry.load(tmp_path)


def headed(path: Path, lines: str) -> None:
    """More header lines after a file's `// params: none` (write's default)."""
    path.write_text(path.read_text().replace("// params: none", f"// params: none\n{lines}"))


def test_a_typed_file_is_one_statement_per_type_with_the_type_literal(tmp_path: Path) -> None:
    path = write(tmp_path, "link", "MATCH (a)-[r:{{type}}]->(b) RETURN count(r) AS n")
    headed(path, "// types: A, B_C")
    registry = QueryRegistry.load(tmp_path)
    assert "link" not in registry
    assert registry["link:A"].text.endswith("MATCH (a)-[r:A]->(b) RETURN count(r) AS n")
    assert registry["link:B_C"].text.endswith("MATCH (a)-[r:B_C]->(b) RETURN count(r) AS n")


@pytest.mark.parametrize("types", ["a", "A;B", "A B"])
def test_a_type_that_is_not_upper_case_fails_start_up(tmp_path: Path, types: str) -> None:
    path = write(tmp_path, "link", "MATCH (a)-[r:{{type}}]->(b) RETURN count(r) AS n")
    headed(path, f"// types: {types}")
    with pytest.raises(QueryFileError, match="UPPER_CASE"):
        QueryRegistry.load(tmp_path)


def test_a_file_with_hops_is_one_statement_per_bound_with_the_bound_literal(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "reach", "MATCH p = (a)-[*1..{{hops}}]-(b) RETURN count(p) AS n")
    headed(path, "// hops: 2, 8")
    registry = QueryRegistry.load(tmp_path)
    assert "reach" not in registry
    assert registry["reach:2"].text.endswith("MATCH p = (a)-[*1..2]-(b) RETURN count(p) AS n")
    assert registry["reach:8"].text.endswith("MATCH p = (a)-[*1..8]-(b) RETURN count(p) AS n")


@pytest.mark.parametrize(
    "header, body, reason",
    [
        ("// hops: 0, 2", "MATCH p = (a)-[*1..{{hops}}]-(b) RETURN 1", "positive integers"),
        ("// hops: two", "MATCH p = (a)-[*1..{{hops}}]-(b) RETURN 1", "positive integers"),
        ("// hops: 2", "MATCH p = (a)-[*1..3]-(b) RETURN 1", "positive integers"),
        ("// hops: 2\n// types: A", "MATCH p = (a)-[:{{type}}*1..{{hops}}]-(b) RETURN 1", "both"),
    ],
)
def test_a_wrong_hops_header_fails_start_up(
    tmp_path: Path, header: str, body: str, reason: str
) -> None:
    path = write(tmp_path, "reach", body)
    headed(path, header)
    with pytest.raises(QueryFileError, match=reason):
        QueryRegistry.load(tmp_path)


def test_the_whole_relationship_list_reads_every_type() -> None:
    """list_relationships reads each type from its own id index, one branch per type: a type
    without its branch would be left out of GET /v1/relationships silently."""
    text = QueryRegistry.load()["list_relationships"].text
    missing = [
        t.value for t in RelType if f"[r:{t.value}]" not in text or f"'{t.value}' IN" not in text
    ]
    assert missing == []


def test_a_file_with_keys_and_orders_is_one_statement_per_pair(tmp_path: Path) -> None:
    path = write(tmp_path, "page", "MATCH (n) RETURN n ORDER BY n.{{key}} {{order}}")
    headed(path, "// keys: a, b_c\n// orders: ASC, DESC")
    registry = QueryRegistry.load(tmp_path)
    assert "page" not in registry
    for key in ("a", "b_c"):
        for order in ("ASC", "DESC"):
            text = registry[f"page:{key}:{order}"].text
            assert text.endswith(f"MATCH (n) RETURN n ORDER BY n.{key} {order}")


@pytest.mark.parametrize(
    "header, reason",
    [
        ("// keys: a\n// orders: UP", "ASC or DESC"),
        ("// keys: a-b\n// orders: ASC", "property names"),
        ("// orders: ASC", "property names"),  # {{key}} used, no keys given
    ],
)
def test_a_wrong_keys_or_orders_header_fails_start_up(
    tmp_path: Path, header: str, reason: str
) -> None:
    path = write(tmp_path, "page", "MATCH (n) RETURN n ORDER BY n.{{key}} {{order}}")
    headed(path, header)
    with pytest.raises(QueryFileError, match=reason):
        QueryRegistry.load(tmp_path)


def test_a_fragment_may_include_another(tmp_path: Path) -> None:
    write(tmp_path, "double", "2 * {{x}}", params="x", returns="fragment")
    write(tmp_path, "quad", "{{double x={{y}}}} * 2", params="y", returns="fragment")
    write(tmp_path, "q", "RETURN {{quad y=$n}} AS z", params="n")
    # each inclusion parenthesises its argument: $n twice over
    assert QueryRegistry.load(tmp_path)["q"].text.endswith("RETURN ((2 * (($n))) * 2) AS z")


def test_the_schema_names_the_constraints_it_creates_and_nothing_in_its_comments(
    tmp_path: Path,
) -> None:
    """What SchemaGate checks Neo4j for: the constraints the schema statements create."""
    write(
        tmp_path,
        "01_thing_id",
        "// was: CREATE CONSTRAINT old_thing_id ...\n"
        "CREATE CONSTRAINT thing_id IF NOT EXISTS FOR (t:Thing) REQUIRE t.id IS UNIQUE",
        returns="schema",
    )
    write(
        tmp_path,
        "02_thing_at",
        "CREATE INDEX thing_at IF NOT EXISTS FOR (t:Thing) ON (t.at)",
        returns="schema",
    )
    write(tmp_path, "get_thing", "MATCH (t:Thing) RETURN t LIMIT 1")
    assert QueryRegistry.load(tmp_path).constraints == {"thing_id"}
    project = QueryRegistry.load()
    files = [q for q in project.schema if "CREATE CONSTRAINT" in q.text.split("\n", 3)[-1]]
    assert len(project.constraints) == len(files) > 20


def test_a_twins_statement_belongs_to_a_constraint_of_the_schema(tmp_path: Path) -> None:
    """cypher/twins/twins_<constraint>: what Database.apply_schema runs when that constraint
    fails on duplicates. One for a constraint the schema does not create is a typo that would
    never run: start-up refuses it."""
    write(
        tmp_path,
        "01_thing_id",
        "CREATE CONSTRAINT thing_id IF NOT EXISTS FOR (t:Thing) REQUIRE t.id IS UNIQUE",
        returns="schema",
    )
    write(tmp_path, "twins_thing_id", "MATCH (t:Thing) RETURN count(t) AS removed")
    assert set(QueryRegistry.load(tmp_path).twins) == {"thing_id"}
    write(tmp_path, "twins_thing_key", "MATCH (t:Thing) RETURN count(t) AS removed")
    with pytest.raises(QueryFileError, match="thing_key"):
        QueryRegistry.load(tmp_path)
    # relmap's own keyed nodes, which its processes MERGE, have one; people's keys do not
    twins = set(QueryRegistry.load().twins)
    assert {"graph_version_key", "signal_scan_key", "idempotency_key"} <= twins
    assert "person_email" not in twins
