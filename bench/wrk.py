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
"""

import json
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

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
    `cycles` (meant for one connection), whole passes through `requests` (module docstring)."""
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
        # how many times each request was sent, on average (whole numbers with `cycles`)
        "passes": round(stats["requests"] / len(requests), 2),
    }
