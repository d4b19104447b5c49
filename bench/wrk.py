"""HTTP load with wrk (Debian's `wrk`, installed by the bench like PostgreSQL): a C load
generator, so the numbers are the server's, not a Python client's. On this 2-core machine an
httpx client capped a simple read at ~120 requests/s with 32 clients while wrk, on the same
server, measured ~550 (bench/notes.md).

One run = one wrk process with `clients` connections for `seconds`, cycling through the given
requests; a Lua `done` hook prints the latency percentiles and counts as JSON.

With `cycles`, a run lasts at least `seconds` and then on to the end of its pass through the
requests, so that every request is sent as often as every other and weighs the same in the
percentiles. A time-boxed run at one connection starts at the same request every time and, for
the slow operations, ends before the end of the list: 10 s of account maps at M reached 77-104
of the 100 companies, so the largest ones at the end of the list were measured in one run and
not in the next (bench/notes.md, the twelfth session). wrk cannot end a run early by itself
(its main thread sleeps for the whole duration): the script stops its thread when a pass ends
after `seconds`, says so on stdout, and is given SIGINT, on which wrk reports as at the end.

One connection is not measured with wrk. wrk 4.1 corrects its latency histogram for
coordinated omission before it reports (`stats_correct` in wrk.c, with the mean interval between
one connection's requests): each request slower than that interval adds samples of its latency
less one interval, less two, and so on, as if requests sent at a fixed rate had waited behind it.
One closed-loop connection sends nothing while it waits, so on an operation whose inputs take
from 10 to 500 ms those samples are requests that never were: at M, company intros through wrk
gave a mean of 73.6 ms and a p95 about twice the server's, over 105 requests whose wrk latencies
add up to 7.7 s in a run of 6.0 s, while strace of the same wrk process showed each request
answered within 0.2-0.5 ms of the app's own span (mean 57.2 ms; bench/notes.md, the
twenty-first session). So `clients=1` runs `one_connection` instead: one keep-alive socket,
requests sent back to back, each timed from its write to its last byte read, nothing added. More
connections still run wrk, for the requests per second (not corrected); their latency
percentiles carry the correction (`latency: "wrk, corrected"`).
"""

import json
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.stats import percentile

Request = tuple[str, str, dict[str, Any] | None]  # method, path with query, JSON body

SCRIPT = """
local requests = {%(requests)s}
local n = 0
local bad = 0
local ok = {%(ok)s}

request = function()
  n = n + 1
  local r = requests[(n %% #requests) + 1]
  if r[3] ~= nil then
    return wrk.format(r[1], r[2], {["Content-Type"] = "application/json"}, r[3])
  end
  return wrk.format(r[1], r[2])
end

local cycles = %(cycles)s
local least = %(least)d
local start = os.time()
local answered = 0

response = function(status, headers, body)
  if not ok[status] then bad = bad + 1 end
  answered = answered + 1
  -- os.time() counts whole seconds: a difference above `least` is more than `least` seconds
  if cycles and answered %% #requests == 0 and os.time() - start > least then
    wrk.thread:stop()
    io.write("%(marker)s\\n")
    io.flush()
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "seconds": %%.3f, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, ' ..
    '"mean_us": %%.1f, "socket_errors": %%d, "bad_status": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.mean, e.connect + e.read + e.write + e.timeout, bad))
end
"""


def available() -> bool:
    if shutil.which("wrk"):
        return True
    try:  # as the PostgreSQL peer: Debian's package, when the bench may install it
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True, timeout=300
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return shutil.which("wrk") is not None


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal for ASCII


MARKER = "relmap-bench: every request sent as often"
CYCLE_CAP_S = 600  # a pass that has not ended this long after `seconds` ends the run anyway


def run(
    base: str,
    requests: list[Request],
    *,
    clients: int,
    seconds: float,
    ok: tuple[int, ...],
    cycles: bool = False,
) -> dict[str, Any]:
    """requests/s and latency percentiles (ms) for `clients` concurrent connections; with
    `cycles` (meant for one connection), whole passes through `requests` (module docstring).
    One connection: `one_connection`, not wrk."""
    if clients == 1:
        return one_connection(base, requests, seconds=seconds, ok=ok, cycles=cycles)
    return with_wrk(base, requests, clients=clients, seconds=seconds, ok=ok, cycles=cycles)


def with_wrk(
    base: str,
    requests: list[Request],
    *,
    clients: int,
    seconds: float,
    ok: tuple[int, ...],
    cycles: bool = False,
) -> dict[str, Any]:
    """`run` through wrk, whatever the connections (bench/latency_clients.py compares it with
    one_connection at one)."""
    rows = []
    for method, path, body in requests:
        payload = _lua_string(json.dumps(body)) if body is not None else "nil"
        rows.append(f"{{{_lua_string(method)}, {_lua_string(path)}, {payload}}}")
    script = SCRIPT % {
        "requests": ",\n".join(rows),
        "ok": ", ".join(f"[{status}] = true" for status in ok),
        "cycles": "true" if cycles else "false",
        "least": max(1, round(seconds)),
        "marker": MARKER,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    script_path = Path(lua.name)
    try:
        duration = max(1, round(seconds)) + (CYCLE_CAP_S if cycles else 0)
        cmd = ["wrk", "-t1", f"-c{clients}", f"-d{duration}s", "--timeout", "60s"]
        with subprocess.Popen(
            [*cmd, "-s", str(script_path), base],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        ) as wrk:
            assert wrk.stdout is not None
            lines = []
            try:
                for line in wrk.stdout:  # ends when wrk exits
                    lines.append(line)
                    if cycles and line.strip() == MARKER:
                        wrk.send_signal(signal.SIGINT)  # the thread has stopped: report now
                wrk.wait(timeout=120)
            finally:
                if wrk.poll() is None:
                    wrk.kill()
            if wrk.returncode != 0:
                raise subprocess.CalledProcessError(wrk.returncode, cmd)
            out = "".join(lines)
    finally:
        script_path.unlink(missing_ok=True)
    stats = json.loads(next(line for line in out.splitlines() if line.startswith("{")))
    wall = stats["seconds"] or 1.0
    return {
        "clients": clients,
        "requests": stats["requests"],
        "failed": stats["bad_status"] + stats["socket_errors"],
        "seconds": round(wall, 3),
        "rps": round(stats["requests"] / wall, 1),
        "median_ms": stats["p50_us"] / 1000,
        "p95_ms": stats["p95_us"] / 1000,
        "p99_ms": stats["p99_us"] / 1000,
        "mean_ms": round(stats["mean_us"] / 1000, 3),
        "load_generator": "wrk",
        "latency": "wrk, corrected",  # for coordinated omission (module docstring)
        # how many times each request was sent, on average (whole numbers with `cycles`)
        "passes": round(stats["requests"] / len(requests), 2),
    }


def one_connection(
    base: str,
    requests: list[Request],
    *,
    seconds: float,
    ok: tuple[int, ...],
    cycles: bool = False,
) -> dict[str, Any]:
    """`run` at one connection: the requests in turn, back to back, on one keep-alive HTTP/1.1
    socket, for at least `seconds` (with `cycles`, then on to the end of a pass through them,
    at most CYCLE_CAP_S more); each timed from its write to the last byte of its answer. The
    same result keys as `run`. A failure (a status not in `ok`, or a connection the server
    closed) counts, the connection is opened again and the run goes on."""
    url = urlsplit(base)
    address = (url.hostname or "127.0.0.1", url.port or 80)
    payloads = [_request_bytes(method, path, body, address) for method, path, body in requests]
    times: list[float] = []
    failed = 0
    conn: _Connection | None = None
    started = time.perf_counter()
    n = 0
    while True:
        elapsed = time.perf_counter() - started
        if elapsed >= seconds and (not cycles or n % len(payloads) == 0):
            break
        if elapsed >= seconds + CYCLE_CAP_S:
            break
        payload = payloads[n % len(payloads)]
        n += 1
        if conn is None:
            conn = _Connection(address)
        sent = time.perf_counter()
        try:
            status, keep = conn.exchange(payload)
        except OSError:
            failed += 1
            conn.close()
            conn = None
            continue
        times.append((time.perf_counter() - sent) * 1000)
        failed += status not in ok
        if not keep:
            conn.close()
            conn = None
    if conn is not None:
        conn.close()
    wall = time.perf_counter() - started
    return {
        "clients": 1,
        "requests": n,
        "failed": failed,
        "seconds": round(wall, 3),
        "rps": round(n / wall, 1) if wall else 0.0,
        "median_ms": round(percentile(times, 0.5), 3),
        "p95_ms": round(percentile(times, 0.95), 3),
        "p99_ms": round(percentile(times, 0.99), 3),
        "mean_ms": round(sum(times) / len(times), 3) if times else float("nan"),
        "load_generator": "one socket",
        "latency": "as measured",
        "passes": round(n / len(payloads), 2),
    }


def _request_bytes(
    method: str, path: str, body: dict[str, Any] | None, address: tuple[str, int]
) -> bytes:
    data = b"" if body is None else json.dumps(body).encode()
    head = [f"{method} {path} HTTP/1.1", f"Host: {address[0]}:{address[1]}"]
    if body is not None:
        head += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + data


class _Connection:
    """One HTTP/1.1 client socket: a request written whole, its answer read whole (by
    Content-Length, or chunks)."""

    def __init__(self, address: tuple[str, int]) -> None:
        self.sock = socket.create_connection(address, timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def close(self) -> None:
        self.sock.close()

    def _more(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buf += chunk

    def _take(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._more()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _line(self) -> bytes:
        while b"\r\n" not in self.buf:
            self._more()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def exchange(self, payload: bytes) -> tuple[int, bool]:
        """(status, whether the connection stays open)."""
        self.sock.sendall(payload)
        while b"\r\n\r\n" not in self.buf:
            self._more()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in lines[1:])}
        if "content-length" in headers:
            self._take(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while (size := int(self._line().split(b";")[0], 16)) > 0:
                self._take(size + 2)
            while self._line():  # trailers, then the empty line
                pass
        return status, headers.get("connection", "").lower() != "close"
