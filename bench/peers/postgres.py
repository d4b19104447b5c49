"""The relational peer: PostgreSQL (Debian's packages) with the same people and edges in tables.

It answers what a CRM on a relational store would: k-hop neighborhoods and the best intro
paths with recursive CTEs (product of strengths = sum of -ln, hop-bounded, simple paths,
team only at the start). The server is started by the bench on 127.0.0.1 in bench/.pg.
"""

import io
import math
import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
PGDATA = ROOT / ".pg" / "data"
RUN_AS = "postgres"  # initdb/postgres refuse to run as root


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for base in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (base / name).exists():
            return str(base / name)
    raise FileNotFoundError(name)


def ensure_installed() -> None:
    try:
        _bin("initdb")
    except FileNotFoundError:
        subprocess.run(["apt-get", "install", "-y", "-q", "postgresql"], check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", RUN_AS, "--", *cmd]


class Postgres:
    """A throwaway PostgreSQL server for the bench; stop() ends it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"

    def start(self) -> None:
        ensure_installed()
        PGDATA.parent.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            user = pwd.getpwnam(RUN_AS)
            os.chown(PGDATA.parent, user.pw_uid, user.pw_gid)
        if not (PGDATA / "PG_VERSION").exists():
            subprocess.run(
                _as_user([_bin("initdb"), "-D", str(PGDATA), "-U", "postgres", "-A", "trust"]),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        # jit=off: PostgreSQL's best setting for these queries. With its default (on), the
        # 4-hop intros' plans pass jit_above_cost and are compiled on every execution: at M,
        # median 108.3 ms with jit against 80.3 without, the same answers (bench/pg_jit_ab.py,
        # bench/results/pg_jit.json)
        opts = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c shared_buffers=1GB "
            "-c work_mem=256MB -c max_connections=100 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c jit=off -c unix_socket_directories=''"
        )
        log = str(PGDATA / "log")
        subprocess.run(
            _as_user([_bin("pg_ctl"), "-D", str(PGDATA), "-o", opts, "-l", log, "-w", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        subprocess.run(
            _as_user([_bin("pg_ctl"), "-D", str(PGDATA), "-m", "fast", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def setting(self, name: str) -> str:
        with psycopg.connect(self.dsn) as conn:
            row = conn.execute("SELECT current_setting(%s)", (name,)).fetchone()
            return str(row[0]) if row else "?"

    def version(self) -> str:
        with psycopg.connect(self.dsn) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else "?"

    def load(self, people: list[dict[str, Any]], edges: list[tuple[int, int, float]]) -> float:
        """People and the undirected person graph (both directions in `adj`); seconds taken."""
        started = time.perf_counter()
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS adj, people")
            conn.execute("CREATE TABLE people (n int PRIMARY KEY, id text, is_team bool)")
            conn.execute("CREATE TABLE adj (src int, dst int, strength float8, w float8)")
            with conn.cursor() as cur, cur.copy("COPY people (n, id, is_team) FROM STDIN") as cp:
                for p in people:
                    cp.write_row((p["n"], p["id"], bool(p["is_team"])))
            buf = io.StringIO()
            for a, b, s in edges:
                w = -math.log(max(s, 1e-12))
                buf.write(f"{a}\t{b}\t{s}\t{w}\n{b}\t{a}\t{s}\t{w}\n")
            with conn.cursor() as cur, cur.copy("COPY adj FROM STDIN") as cp:
                cp.write(buf.getvalue())
            conn.execute("CREATE INDEX adj_src ON adj (src) INCLUDE (dst, w)")
            conn.execute("VACUUM ANALYZE adj")
            conn.execute("ANALYZE people")
        return time.perf_counter() - started


NEIGHBORHOOD = """
WITH RECURSIVE hood(node, depth) AS (
  SELECT %(root)s::int, 0
  UNION
  SELECT a.dst, h.depth + 1 FROM hood h JOIN adj a ON a.src = h.node WHERE h.depth < %(depth)s
), nodes AS (
  SELECT node, min(depth) AS depth FROM hood GROUP BY node ORDER BY depth LIMIT %(limit)s
)
SELECT n.node, n.depth, a.dst, a.strength
FROM nodes n LEFT JOIN adj a ON a.src = n.node AND a.dst IN (SELECT node FROM nodes)
"""

SHORTEST = """
WITH RECURSIVE walk(node, path) AS (
  SELECT %(source)s::int, ARRAY[%(source)s::int]
  UNION ALL
  SELECT a.dst, w.path || a.dst
  FROM walk w JOIN adj a ON a.src = w.node
  WHERE cardinality(w.path) <= %(max_hops)s AND w.node <> %(target)s
    AND a.dst <> ALL(w.path)
)
SELECT path FROM walk WHERE node = %(target)s ORDER BY cardinality(path) LIMIT 1
"""

INTROS = """
WITH RECURSIVE walk(node, path, cost) AS (
  SELECT t, ARRAY[t], 0.0::float8 FROM unnest(%(team)s::int[]) AS t
  UNION ALL
  SELECT a.dst, w.path || a.dst, w.cost + a.w
  FROM walk w JOIN adj a ON a.src = w.node
  WHERE cardinality(w.path) <= %(max_hops)s AND w.node <> %(target)s
    AND a.dst <> ALL(w.path)
    AND (a.dst = %(target)s OR a.dst <> ALL(%(team)s::int[]))
)
SELECT path, exp(-cost) AS score FROM walk
WHERE node = %(target)s AND cardinality(path) > 1
ORDER BY cost, cardinality(path) LIMIT %(k)s
"""


class PgClient:
    """One connection; each query under a statement timeout (a timed-out query is a failure)."""

    def __init__(self, dsn: str, timeout_s: float) -> None:
        self.conn = psycopg.connect(dsn, autocommit=True)
        self.conn.execute(f"SET statement_timeout = {int(timeout_s * 1000)}")
        self.timeouts = 0

    def _rows(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]] | None:
        try:
            return self.conn.execute(sql, params).fetchall()
        except psycopg.errors.QueryCanceled:
            self.timeouts += 1
            return None

    def neighborhood(self, root: int, depth: int, limit: int) -> list[tuple[Any, ...]] | None:
        return self._rows(NEIGHBORHOOD, {"root": root, "depth": depth, "limit": limit})

    def shortest(self, source: int, target: int, max_hops: int) -> list[int] | None:
        rows = self._rows(SHORTEST, {"source": source, "target": target, "max_hops": max_hops})
        return list(rows[0][0]) if rows else None

    def intros(
        self, team: list[int], target: int, max_hops: int, k: int
    ) -> list[tuple[list[int], float]] | None:
        rows = self._rows(INTROS, {"team": team, "target": target, "max_hops": max_hops, "k": k})
        return None if rows is None else [(list(r[0]), float(r[1])) for r in rows]

    def close(self) -> None:
        self.conn.close()
