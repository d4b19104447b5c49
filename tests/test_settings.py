"""Settings a user sets once: NEO4J_BOLT_PORT moves the managed Neo4j (scripts/neo4j.sh) and
the API's connection together."""

from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from app.config import Settings
from tests.neo4j_server import ROOT, Server
from tests.processes import start_api


def test_the_bolt_port_alone_points_the_api_at_the_local_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("NEO4J_BOLT_PORT", "7692")
    assert Settings(_env_file=None).neo4j_uri == "bolt://127.0.0.1:7692"
    monkeypatch.setenv("NEO4J_URI", "bolt://db.example:7687")  # an explicit URI wins
    assert Settings(_env_file=None).neo4j_uri == "bolt://db.example:7687"
    monkeypatch.delenv("NEO4J_URI")
    monkeypatch.delenv("NEO4J_BOLT_PORT")
    assert Settings(_env_file=None).neo4j_uri == "bolt://127.0.0.1:7687"


def test_the_start_script_reads_the_same_variable() -> None:
    script = (ROOT / "scripts" / "neo4j.sh").read_text()
    assert "PORT=${NEO4J_BOLT_PORT:-7687}" in script


def test_an_api_given_only_the_bolt_port_serves_from_that_server(
    neo4j: Server, tmp_path: Path
) -> None:
    where = urlsplit(neo4j.uri)
    if where.hostname not in ("127.0.0.1", "localhost") or where.port is None:
        pytest.skip(f"the test Neo4j ({neo4j.source}) is not a local server on a bolt port")
    api = start_api(neo4j, tmp_path, "by-port", NEO4J_URI="", NEO4J_BOLT_PORT=str(where.port))
    try:
        ready = httpx.get(f"{api.url}/ready", timeout=10)
        assert ready.status_code == 200 and ready.json()["neo4j"] == "ok"
        made = httpx.post(f"{api.url}/v1/people", json={"name": "Ada"}, timeout=10)
        assert made.status_code == 201
    finally:
        api.stop()
