"""schemathesis over every operation of the OpenAPI document, every check, every phase (the
stateful one follows the document's links from the operations that create records to those
that use their ids), against a real API process with auth on: 0 failures.

The configuration is schemathesis.toml at the root (what it accepts, and why); the seed is
fixed so that a run is repeatable. The whole report is written to .artifacts/schemathesis/."""

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from tests.neo4j_server import ROOT, Server
from tests.processes import start_api

pytestmark = pytest.mark.anyio

SEED = 20261129
EXAMPLES = 10  # per operation and phase: the run takes about two minutes on two cores
ARTIFACTS = ROOT / ".artifacts" / "schemathesis"
KEY = "schemathesis-admin-key"
METHODS = {"get", "put", "post", "patch", "delete", "head", "options", "trace"}


def operations(url: str) -> int:
    spec = httpx.get(f"{url}/openapi.json", timeout=30).json()
    return sum(1 for path in spec["paths"].values() for method in path if method in METHODS)


def schemathesis(url: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        *("--config-file", str(ROOT / "schemathesis.toml")),
        *("run", f"{url}/openapi.json"),
        *("--checks", "all"),
        *("--phases", "examples,coverage,fuzzing,stateful"),
        *("--seed", str(SEED)),
        *("--max-examples", str(EXAMPLES)),
        # one worker: CPython 3.11's ast module is not safe for parses in two threads at once
        # (hypothesis parses lambdas' sources: "AST constructor recursion depth mismatch")
        *("--workers", "1"),
        "--no-color",
        *("--report", "junit", "--report-dir", str(ARTIFACTS)),
    ]
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "RELMAP_SCHEMATHESIS_KEY": KEY},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


async def test_schemathesis_finds_no_failure_in_any_operation(neo4j: Server, app: FastAPI) -> None:
    await app.state.db.wipe()  # the same start every run: the seed decides the rest
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    api = start_api(neo4j, ARTIFACTS, "api", RELMAP_API_KEYS=f"{KEY}:admin")
    try:
        expected = operations(api.url)
        result = schemathesis(api.url)
    finally:
        api.stop()
    report = ARTIFACTS / "report.txt"
    report.write_text(result.stdout + result.stderr)
    summary = result.stdout[result.stdout.rfind("SUMMARY") :] or result.stderr[-3000:]
    assert result.returncode == 0, f"schemathesis failed (all of it in {report}):\n{summary}"
    tested = re.search(r"Tested:\s+(\d+)", result.stdout)
    assert tested is not None, summary
    assert int(tested.group(1)) == expected, f"not every operation was tested:\n{summary}"
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert re.search(rf"✅ {phase}\b", summary), f"{phase} did not pass:\n{summary}"
