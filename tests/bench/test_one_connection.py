"""bench/wrk.py's one-connection client against a local HTTP/1.1 server whose answers take a
known time: every request is counted once, timed from its write to its last byte, and nothing
is added (wrk 4.1's coordinated-omission correction added samples that never were)."""

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import wrk

SLOW_S = 0.06


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: one connection for the whole run

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes: without this, Nagle holds the body for the
        # client's delayed ACK (40 ms), as for any server that does not set it
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(SLOW_S)
        if self.path == "/missing":
            self._answer(404, b'{"title": "not found"}')
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b'{"a": ', b"1}"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/bye":
            self.close_connection = True
            self._answer(200, b"{}", {"Connection": "close"})
        else:
            self._answer(200, b'{"ok": true}')

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self._answer(200 if body == {"x": 1} else 422, b"{}")

    def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_one_connection_times_each_request_once(base: str) -> None:
    """One slow answer in ten: its time shows in the p95 and the mean, not in the median, and
    the times add up to no more than the run took (one connection sends one request at a
    time)."""
    requests: list[wrk.Request] = [("GET", "/slow", None)]
    requests += [("GET", "/fast", None)] * 9
    started = time.perf_counter()
    got = wrk.run(base, requests, clients=1, seconds=0.5, ok=(200,), cycles=True)
    wall = time.perf_counter() - started
    assert got["load_generator"] == "one socket" and got["failed"] == 0
    assert got["requests"] % len(requests) == 0 and got["passes"] == got["requests"] / 10
    assert got["median_ms"] < SLOW_S * 1000 / 3
    assert got["p99_ms"] >= SLOW_S * 1000
    assert got["mean_ms"] * got["requests"] <= wall * 1000
    slow_share = (got["requests"] / 10) * SLOW_S * 1000 / got["requests"]
    assert got["mean_ms"] >= slow_share


def test_one_connection_reads_every_kind_of_answer(base: str) -> None:
    """Bodies by length and by chunks, a POST with a JSON body, a status outside `ok` counted
    as failed, and a connection the server closes opened again."""
    requests: list[wrk.Request] = [
        ("GET", "/chunked", None),
        ("POST", "/echo", {"x": 1}),
        ("POST", "/echo", {"x": 2}),
        ("GET", "/missing", None),
        ("GET", "/bye", None),
        ("GET", "/fast", None),
    ]
    got = wrk.run(base, requests, clients=1, seconds=0.2, ok=(200,), cycles=True)
    passes = got["requests"] // len(requests)
    assert got["requests"] == passes * len(requests) and passes >= 1
    assert got["failed"] == 2 * passes  # the 422 and the 404 of each pass
