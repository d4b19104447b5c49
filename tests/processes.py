"""Real API processes (uvicorn) on loopback, for tests where several processes, a restart or a
kill are the point."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.neo4j_server import ROOT, Server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class ApiProcess:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """SIGKILL: no shutdown hook, no chance to finish anything."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def spawn_api(neo4j: Server, log_dir: Path, name: str, **env: str) -> ApiProcess:
    """An API process on a free port, not yet waited for."""
    port = free_port()
    log = log_dir / f"{name}.log"
    environment = {
        **os.environ,
        "NEO4J_URI": neo4j.uri,
        "NEO4J_USER": neo4j.user,
        "NEO4J_PASSWORD": neo4j.password,
        "RELMAP_API_KEYS": "",
        # the graph-signal scan records coverage and proximity changes of whatever accounts
        # earlier tests left: only the tests about it turn it on
        "RELMAP_GRAPH_SIGNALS": "false",
        **env,
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory"),
                *("--host", "127.0.0.1", "--port", str(port), "--no-access-log"),
            ],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return ApiProcess(f"http://127.0.0.1:{port}", process, log)


def await_ready(api: ApiProcess, within_s: float = 60) -> None:
    """Until /ready answers 200; stops the process and raises if it exits or takes too long."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if api.process.poll() is not None:
            raise RuntimeError(f"the API exited at start-up: {api.log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{api.url}/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    api.stop()
    raise RuntimeError(f"the API did not get ready: {api.log.read_text()[-2000:]}")


def start_api(neo4j: Server, log_dir: Path, name: str, **env: str) -> ApiProcess:
    api = spawn_api(neo4j, log_dir, name, **env)
    await_ready(api)
    return api


@contextmanager
def api_processes(
    neo4j: Server, log_dir: Path, count: int, **env: str
) -> Iterator[list[ApiProcess]]:
    apis: list[ApiProcess] = []
    try:
        for i in range(count):
            apis.append(start_api(neo4j, log_dir, f"api-{i}", **env))
        yield apis
    finally:
        for api in apis:
            api.stop()
