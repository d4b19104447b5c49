"""Where the tests get their Neo4j, in this order:

1. NEO4J_URI, when set (an existing server; it will be wiped between tests);
2. a testcontainers Neo4jContainer with the image pinned in docker-compose.yml, when a Docker
   engine answers;
3. the managed local server of scripts/neo4j.sh, in .neo4j-test/ on NEO4J_TEST_PORT (7688).
"""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEO4J_IMAGE = "neo4j:5.26.30-community"


@dataclass
class Server:
    uri: str
    user: str
    password: str
    source: str


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:  # noqa: BLE001 - any failure means no usable engine
        return False


@contextmanager
def neo4j_server() -> Iterator[Server]:
    if os.environ.get("NEO4J_URI"):
        yield Server(
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", "neo4j"),
            f"NEO4J_URI ({os.environ['NEO4J_URI']})",
        )
        return
    if _docker_answers():
        from testcontainers.neo4j import Neo4jContainer

        with Neo4jContainer(NEO4J_IMAGE) as container:
            yield Server(
                container.get_connection_url(),
                "neo4j",
                container.password,
                f"testcontainers ({NEO4J_IMAGE})",
            )
        return
    port = os.environ.get("NEO4J_TEST_PORT", "7688")
    env = {
        **os.environ,
        "RELMAP_NEO4J_HOME": os.environ.get("RELMAP_TEST_NEO4J_HOME", str(ROOT / ".neo4j-test")),
        "NEO4J_BOLT_PORT": port,
        "NEO4J_HEAP": os.environ.get("NEO4J_HEAP", "1g"),
        "NEO4J_PAGECACHE": os.environ.get("NEO4J_PAGECACHE", "512m"),
    }
    script = str(ROOT / "scripts" / "neo4j.sh")
    subprocess.run([script, "start"], env=env, check=True)
    try:
        yield Server(
            f"bolt://127.0.0.1:{port}", "neo4j", "neo4j", f"managed local server (port {port})"
        )
    finally:
        if os.environ.get("CI") or os.environ.get("RELMAP_STOP_NEO4J"):
            subprocess.run([script, "stop"], env=env, check=False)
