"""Clients generated from relmap's OpenAPI document: a Python package (openapi-python-client)
and TypeScript types (openapi-typescript, default options), type-checked against the programs in
tests/clients/ts/. `make clients` writes them all to build/clients/; tests/clients/ does the same
in a temporary directory, then uses them.

    .venv/bin/python -m tests.clients.generate build/clients
"""

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from app.config import Settings
from app.main import create_app
from tests.neo4j_server import ROOT

BIN = Path(sys.executable).parent
NODE_BIN = ROOT / "web" / "node_modules" / ".bin"
PROGRAMS = Path(__file__).parent / "ts"
PACKAGE = "relmap_client"
TYPES = "relmap.ts"  # the name the programs in ts/ import ("./relmap")
TSC_FLAGS = ["--strict", "--noEmit", "--target", "es2022", "--module", "esnext"]
TSC_FLAGS += ["--moduleResolution", "bundler"]

# openapi-python-client writes bodies as JSON, form data or raw bytes only; POST /v1/import
# also takes CSV, GraphML and GEXF text, which it leaves out of the generated method (a caller
# posts those with httpx). These warnings are about that tool, not about a relmap schema.
IMPORT_MEDIA = ("text/csv", "application/graphml+xml", "application/gexf+xml")
EXPECTED_PYTHON_WARNINGS = {"WARNING parsing POST /v1/import within import_and_export."} | {
    f"Unsupported content type {media}" for media in IMPORT_MEDIA
}


@dataclass
class Run:
    returncode: int
    output: str  # stdout and stderr


def run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> Run:
    done = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Run(done.returncode, done.stdout + done.stderr)


def write_spec(out: Path) -> Path:
    """The document the API serves at /openapi.json."""
    out.mkdir(parents=True, exist_ok=True)
    spec = out / "openapi.json"
    spec.write_text(json.dumps(create_app(Settings()).openapi(), indent=2))
    return spec


def python_client(spec: Path, out: Path) -> Run:
    """openapi-python-client writes the package out/relmap_client (then formats it with ruff,
    which its post-generation hooks look for on PATH)."""
    shutil.rmtree(out / PACKAGE, ignore_errors=True)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    command: list[str | Path] = [BIN / "openapi-python-client", "generate", "--path", spec]
    command += ["--output-path", out / PACKAGE, "--meta", "none"]
    return run(command, out, env)


def python_warnings(output: str) -> set[str]:
    """Every line of what openapi-python-client printed that is a warning, an error or the
    detail of one ("WARNING parsing POST /v1/intros within mapping.", "Unable to parse schema
    /components/schemas/X", "Could not find reference ..."), without the JSON it quotes."""
    found = set()
    quoting = False
    for line in output.splitlines():
        if quoting or line == "{":
            quoting = line != "}"
        elif line.strip() and not line.startswith(_PYTHON_CHATTER):
            found.add(line.strip())
    return found


_PYTHON_CHATTER = (
    "Generating ",
    "Warning(s) encountered while generating",
    "If you believe this was a mistake",
)


def typescript_types(spec: Path, out: Path) -> Run:
    """openapi-typescript with its default options writes out/relmap.ts."""
    return run([NODE_BIN / "openapi-typescript", spec, "--output", out / TYPES], out)


def typescript_warnings(output: str) -> list[str]:
    """openapi-typescript prints "✨ openapi-typescript 7.x" and "🚀 a → b [time]"; anything
    else (its warnings start with ⚠, errors with ✘) is a complaint."""
    return [
        line
        for line in output.splitlines()
        if line.strip() and not re.match(r"\s*(✨ openapi-typescript|🚀 )", line)
    ]


def type_check(program: Path, out: Path) -> Run:
    """tsc --strict on a program from ts/, next to the generated types it imports."""
    shutil.copy(program, out / program.name)
    return run([NODE_BIN / "tsc", *TSC_FLAGS, program.name], out)


def main(out: Path) -> int:
    out = out.resolve()
    spec = write_spec(out)
    print(spec)
    generated = python_client(spec, out)
    unexpected = python_warnings(generated.output) - EXPECTED_PYTHON_WARNINGS
    print(f"{out / PACKAGE}: exit {generated.returncode}, other warnings: {unexpected or 'none'}")
    if generated.returncode or unexpected:
        print(generated.output)
    types = typescript_types(spec, out)
    complaints = typescript_warnings(types.output)
    print(f"{out / TYPES}: exit {types.returncode}, warnings: {complaints or 'none'}")
    checked = type_check(PROGRAMS / "relmap-check.ts", out)
    print(f"tsc {' '.join(TSC_FLAGS)} relmap-check.ts: exit {checked.returncode}")
    print(checked.output, end="")
    failed = generated.returncode or unexpected or types.returncode or complaints
    return 1 if failed or checked.returncode else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build" / "clients")))
