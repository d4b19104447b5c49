"""HTTP load with wrk (Debian's `wrk`, installed by the bench like PostgreSQL): a C load
generator, so the numbers are the server's, not a Python client's. On this 2-core machine an
httpx client capped a simple read at ~120 requests/s with 32 clients while wrk, on the same
server, measured ~550 (bench/notes.md).

One run = one wrk process with `clients` connections for `seconds`, cycling through the given
requests; a Lua `done` hook prints the latency percentiles and counts as JSON.
"""

import json
import shutil
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

response = function(status, headers, body)
  if not ok[status] then bad = bad + 1 end
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


def run(
    base: str, requests: list[Request], *, clients: int, seconds: float, ok: tuple[int, ...]
) -> dict[str, Any]:
    """requests/s and latency percentiles (ms) for `clients` concurrent connections."""
    rows = []
    for method, path, body in requests:
        payload = _lua_string(json.dumps(body)) if body is not None else "nil"
        rows.append(f"{{{_lua_string(method)}, {_lua_string(path)}, {payload}}}")
    script = SCRIPT % {
        "requests": ",\n".join(rows),
        "ok": ", ".join(f"[{status}] = true" for status in ok),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    script_path = Path(lua.name)
    try:
        duration = max(1, round(seconds))
        cmd = ["wrk", "-t1", f"-c{clients}", f"-d{duration}s", "--timeout", "60s"]
        out = subprocess.run(
            [*cmd, "-s", str(script_path), base],
            check=True,
            capture_output=True,
            text=True,
            timeout=duration + 120,
        ).stdout
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
    }
