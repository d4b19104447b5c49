"""docs/benchmarks.md from bench/results/*.json (and the hand-written bench/notes.md).

python -m bench.report
"""

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
NOTES = ROOT / "bench" / "notes.md"
DOC = ROOT / "docs" / "benchmarks.md"
ENV: dict[str, Any] = {"date": "?", "commit": "?"}
ORDER = ("XS", "S", "astro-ph", "wiki-vote", "M", "L")
OPS = (
    "get_person",
    "list_people_by_tag",
    "neighborhood_depth2",
    "shortest_path",
    "intros_person_h3",
    "intros_person_h4",
    "intros_company_h4",
    "account_map",
)
PEER_OPS = ("neighborhood_depth2", "shortest_path", "intros_person_h3", "intros_person_h4")


def paired_cell(entry: dict[str, Any]) -> str:
    """relmap and its floor in alternating blocks on the same inputs: the median of the
    rounds' ratios, and their middle half (bench/stats.py paired)."""
    both = entry.get("paired_floor")
    if not both:
        return "—"
    return f"{both['ratio_median']} ({both['ratio_p25']}-{both['ratio_p75']})"


def _ours(r: Any) -> bool:
    """bench/run.py's results (colleagues' scripts write their own files beside them)."""
    return isinstance(r, dict) and "operations" in r and "dataset" in r


def results() -> list[dict[str, Any]]:
    paths = [p for p in sorted(RESULTS.glob("*.json")) if not p.name.endswith(".partial.json")]
    done = {p.stem for p in paths}
    found = [r for p in paths if _ours(r := json.loads(p.read_text()))]
    for p in sorted(RESULTS.glob("*.partial.json")):
        if p.name.removesuffix(".partial.json") not in done:
            r = json.loads(p.read_text())  # a run cut short: what it measured, marked as such
            r["partial"] = True
            found.append(r)
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(found, key=lambda r: rank.get(r["dataset"]["dataset"], 99))


def ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def rps(entry: dict[str, Any], clients: int) -> str:
    for t in entry.get("throughput", []):
        if t["clients"] == clients:
            if "rps" not in t:
                return "skipped (slow)"
            fail = f" ({t['failed']} failed)" if t["failed"] else ""
            return f"{t['rps']:.0f}{fail}"
    return "—"


def ratio(a: float | None, b: float | None) -> str:
    """How many times faster relmap (a) is than the peer (b); below 1 means slower."""
    if not a or not b:
        return "—"
    x = b / a
    return f"{x:.1f}x" if x >= 1 else f"{x:.2g}x (slower)"


def peer_cell(peer: dict[str, Any] | None, op: str) -> tuple[str, float | None]:
    if not peer or "ops" not in peer or op not in peer["ops"]:
        return "—", None
    entry = peer["ops"][op]
    lat = entry["latency"]
    timeouts = entry.get("timeouts", 0)
    if timeouts and timeouts >= lat["n"]:
        return f"all {lat['n']} timed out", None
    note = f" ({timeouts}/{lat['n']} timed out)" if timeouts else ""
    return f"{ms(lat['median_ms'])}{note}", lat["median_ms"]


def fair(peers: dict[str, Any]) -> bool:
    """Peers of bench/fair.py (they check their answers against relmap's)."""
    return any(
        "equal" in e
        for p in peers.values()
        if isinstance(p, dict)
        for e in p.get("ops", {}).values()
    )


def equal(peer: dict[str, Any] | None, op: str) -> str:
    entry = ((peer or {}).get("ops") or {}).get(op) or {}
    return f" ({entry['equal']})" if "equal" in entry else ""


def _generator(r: dict[str, Any]) -> str:
    used = {
        (e.get("relmap") or {}).get("load_generator", "httpx")
        for e in r["operations"].values()
        if isinstance(e, dict) and "latency" in (e.get("relmap") or {})
    }
    return " and ".join(sorted(used)) or "httpx"


def _warmup(r: dict[str, Any]) -> str:
    """The server warm-up before the first measurement (bench/run.py's warm_server)."""
    warm = r.get("server_warmup")
    if not warm:
        return (
            " No server warm-up before the first measurement (the bench had none before dfe6b6b)."
        )
    if not warm.get("seconds"):
        return " No server warm-up before the first measurement (--server-warmup 0)."
    return (
        f" Before the first measurement, {warm['seconds']} s of every measured operation's "
        f"requests ({warm.get('clients', '?')} connections, each operation twice round) warmed "
        "the app and Neo4j's JVM."
    )


def _calibration(env: dict[str, Any]) -> str:
    """How fast the machine ran Python at the run's start (bench/run.py cpu_calibration_ms);
    older results did not record it."""
    ms = env.get("cpu_calibration_ms")
    if ms is None:
        return ""
    return (
        f" The machine ran the bench's fixed pure-Python loop in {ms} ms at the run's start "
        "(lower is faster; compare runs of different machines with it in mind)."
    )


def dataset_section(r: dict[str, Any]) -> list[str]:
    meta = r["dataset"]
    name = meta["dataset"]
    env = r.get("environment") or ENV
    lines = [
        f"### {name}"
        + (" (partial run: cut short, only what it reached)" if r.get("partial") else ""),
        "",
    ]
    load = r.get("load", {})
    lines.append(
        f"Measured {env['date']} on commit `{env['commit']}`"
        + (f" ({env['cpu']})" if env.get("cpu") else "")
        + (" (with uncommitted changes in app/ or cypher/)" if env.get("dirty") else "")
        + f"; the run took {r.get('wall_s', '?')} s. The app ran with "
        + f"{r.get('settings', {}).get('workers', 1)} uvicorn worker(s); HTTP measured with "
        + _generator(r)
        + "."
        + _calibration(env)
        + _warmup(r)
    )
    lines.append(
        f"Graph: {r['graph']['nodes']:,} nodes, {r['graph']['relationships']:,} relationships "
        f"(generated: {meta['people']:,} people, {meta['companies']:,} companies, "
        f"{meta['relationships']:,} relationship rows, {meta['interactions']:,} interactions)."
    )
    if load:
        rates = ", ".join(f"{k} {v:,}/s" for k, v in load.get("rows_per_s", {}).items())
        how = {
            "api": "POST /v1/import",
            "bulk": "make load (the offline importer), relationships/s per phase",
        }.get(load.get("path", ""), "the bare driver (UNWIND)")
        lines.append(
            f"Loaded through {how}: {rates}"
            + (" (from an earlier run, reused)" if load.get("reused") else "")
            + "."
        )
    lines += [
        "",
        "| operation | median ms | p95 ms | p99 ms | n | req/s @1 | req/s @8 | req/s @32 "
        "| raw driver median ms | relmap / raw | relmap / raw, paired | raw req/s @32 "
        "| statements/request | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for op in OPS:
        entry = r["operations"].get(op)
        if not entry:
            continue
        if not entry.get("available"):
            lines.append(f"| {op} | not available (route not served) ||||||||||||")
            continue
        if entry.get("skipped"):
            lines.append(f"| {op} | not run at this size (time) ||||||||||||")
            continue
        if "relmap" not in entry:
            lines.append(f"| {op} | failed: {entry.get('error', '?')[:80]} ||||||||||||")
            continue
        rel = entry["relmap"]
        lat = rel["latency"]
        raw = entry.get("raw_driver", {})
        rlat = raw.get("latency", {})
        fail = f" ({lat['failed']} failed)" if lat.get("failed") else ""
        lines.append(
            f"| {op} | {ms(lat['median_ms'])}{fail} | {ms(lat['p95_ms'])} | {ms(lat['p99_ms'])} "
            f"| {lat['n']} | {rps(rel, 1)} | {rps(rel, 8)} | {rps(rel, 32)} "
            f"| {ms(rlat.get('median_ms'))} | {entry.get('ratio_to_raw_median', '—')} "
            f"| {paired_cell(entry)} | {rps(raw, 32)} | {entry.get('statements_per_request', '—')} "
            f"| {entry.get('load_avg', 0):.1f} |"
        )
    imp = r["operations"].get("import_relationships", {})
    if imp.get("available"):
        i = imp["relmap"]
        lines.append(
            f"\nImport of relationships through POST /v1/import (5,000-row batches of new KNOWS "
            f"edges): **{i['rows_per_s']:,} relationships/s** ({i['relationships']:,} in "
            f"{i['seconds']} s)."
        )
    elif imp.get("error"):
        lines.append(f"\nImport of relationships through POST /v1/import failed: {imp['error']}")
    else:
        lines.append("\nImport of relationships through POST /v1/import: not available.")
    peers = r.get("peers")
    if peers and not fair(peers):
        lines += [
            "",
            "Peers of this run: the old ones (paths enumerated by recursive CTEs and networkx, "
            "on a denser graph and 30 inputs); not comparable, not shown (bench/notes.md, "
            "issue 16).",
        ]
    elif peers:
        py = peers.get("python", {})
        pg = peers.get("postgres", {})
        lines += [
            "",
            "Fair peers (bench/fair.py) on relmap's graph as measured and on every one of its "
            f"inputs: Python built in {py.get('load_s', '?')} s (team side "
            f"{py.get('team_side_s', '?')} s, kept); "
            + (
                f"PostgreSQL {pg.get('version')} loaded and indexed in {pg.get('load_s')} s"
                + (
                    " (jit off, its best setting for these queries: bench/pg_jit_ab.py)."
                    if pg.get("jit") == "off"
                    else "."
                )
                if "version" in pg
                else f"PostgreSQL not available ({pg.get('error', '?')})."
            )
            + " `equal` counts the inputs whose answer equals relmap's. The floor is the bare "
            "driver replaying relmap's own statements (one round trip per statement).",
            "",
            "| operation | relmap median ms | relmap p95 ms | statements | floor median ms "
            "| relmap / floor | relmap / floor, paired | PostgreSQL median ms (equal) "
            "| relmap vs PostgreSQL | Python median ms (equal) | relmap vs Python |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for op in PEER_OPS:
            entry = r["operations"].get(op, {})
            lat = entry["relmap"]["latency"] if "relmap" in entry else {}
            mine = lat.get("median_ms")
            raw = entry["raw_driver"]["latency"]["median_ms"] if entry.get("raw_driver") else None
            pg_text, pg_ms = peer_cell(pg, op)
            py_text, py_ms = peer_cell(py, op)
            lines.append(
                f"| {op} | {ms(mine)} | {ms(lat.get('p95_ms'))} "
                f"| {entry.get('statements_per_request', '—')} | {ms(raw)} "
                f"| {entry.get('ratio_to_raw_median', '—')} | {paired_cell(entry)} "
                f"| {pg_text}{equal(pg, op)} | {ratio(mine, pg_ms)} "
                f"| {py_text}{equal(py, op)} | {ratio(mine, py_ms)} |"
            )
    lines.append("")
    return lines


def scaling(rs: list[dict[str, Any]]) -> list[str]:
    names = [r["dataset"]["dataset"] for r in rs]
    lines = [
        "| operation (median ms) | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for op in OPS:
        cells = []
        for r in rs:
            e = r["operations"].get(op, {})
            cells.append(ms(e["relmap"]["latency"]["median_ms"]) if "relmap" in e else "—")
        lines.append(f"| {op} | " + " | ".join(cells) + " |")
    return lines


def _op(r: dict[str, Any], op: str) -> dict[str, Any] | None:
    entry = r["operations"].get(op)
    return entry if entry and entry.get("available") and "relmap" in entry else None


def targets(rs: list[dict[str, Any]]) -> list[str]:
    """Where each target of the issue stands, from the measured runs only."""
    by = {r["dataset"]["dataset"]: r for r in rs}
    lines = ["| target | where it stands |", "|---|---|"]

    cells = []
    for size, limit in (("M", 50.0), ("L", 150.0)):
        r = by.get(size)
        for op in ("intros_person_h4", "intros_company_h4"):
            e = _op(r, op) if r else None
            if e:
                p95 = e["relmap"]["latency"]["p95_ms"]
                verdict = "met" if p95 <= limit else "missed"
                cells.append(f"{size} {op}: p95 {ms(p95)} ms ({verdict}, target {limit:.0f})")
            elif r is None:
                cells.append(f"{size} {op}: not measured (no {size} run)")
    for name, r in by.items():
        if name in ("M", "L"):
            continue
        e = _op(r, "intros_person_h4")
        if e:
            cells.append(f"for scale, {name}: p95 {ms(e['relmap']['latency']['p95_ms'])} ms")
    lines.append(
        "| warm intros (k=5, max_hops=4) p95 <= 50 ms at M, <= 150 ms at L | "
        + "; ".join(cells)
        + " |"
    )

    cells = []
    for name, r in by.items():
        ratios = [
            f"{op} {e['ratio_to_raw_median']}x"
            for op in OPS
            if (e := _op(r, op)) and e.get("ratio_to_raw_median")
        ]
        if ratios:
            cells.append(f"{name}: " + ", ".join(ratios))
    lines.append("| relmap median <= 1.10x the raw driver's | " + "; ".join(cells) + " |")

    cells = []
    for op, limit in (("intros_company_h4", 100.0), ("account_map", 150.0)):
        for name, r in by.items():
            e = _op(r, op)
            if e and name in ("S", "M", "L"):
                p95 = e["relmap"]["latency"]["p95_ms"]
                goal = f"{'met' if p95 <= limit else 'missed'}, goal {limit:.0f} at M"
                cells.append(f"{name} {op}: p95 {ms(p95)} ms ({goal if name == 'M' else 'scale'})")
    lines.append(
        "| company intros p95 <= 100 ms and the account map p95 <= 150 ms at M | "
        + ("; ".join(cells) or "not measured")
        + " |"
    )

    cells = []
    for name, r in by.items():
        loaded = r.get("load") or {}
        if loaded.get("path") == "bulk" and loaded.get("seconds", {}).get("importer"):
            rels = loaded["rows"]["importer"]
            own = rels / loaded["seconds"]["importer"]
            whole = rels / loaded["seconds"]["total"]
            verdict = "met" if own >= 200_000 else "missed"
            cells.append(
                f"{name}: {rels:,} relationships, the importer {own:,.0f}/s ({verdict}), "
                f"end to end {whole:,.0f}/s"
            )
    lines.append(
        "| bulk load of an empty database >= 200,000 relationships/s (make load) | "
        + ("; ".join(cells) or "not measured in these runs (bench/notes.md)")
        + " |"
    )

    cells = []
    for name, r in by.items():
        imp = r["operations"].get("import_relationships", {})
        if imp.get("available"):
            rate = imp["relmap"]["rows_per_s"]
            cells.append(f"{name}: {rate:,}/s ({'met' if rate >= 100_000 else 'missed'})")
    lines.append(
        "| import >= 100,000 relationships/s through the API | "
        + ("; ".join(cells) or "not measured")
        + " |"
    )

    cells = []
    for name, r in by.items():
        peers = r.get("peers") or {}
        if not fair(peers):
            continue
        for op, times in (
            ("shortest_path", 1.0),
            ("intros_person_h3", 1.0),
            ("intros_person_h4", 1.0),
            ("neighborhood_depth2", 2.0),
        ):
            e = _op(r, op)
            _, theirs = peer_cell(peers.get("postgres"), op)
            if not e or not theirs:
                continue
            mine = e["relmap"]["latency"]["median_ms"]
            verdict = "met" if theirs / mine >= times else "missed"
            cells.append(f"{name} {op}: {ratio(mine, theirs)} ({verdict}, goal {times:g}x)")
    lines.append(
        "| relmap at least as fast as the fair PostgreSQL peer on shortest path and 3-4 hop "
        "intros, 2x on neighborhoods (medians, same run) | "
        + ("; ".join(cells) or "not measured with fair peers")
        + " |"
    )

    cells = []
    for name, r in by.items():
        for op in PEER_OPS:
            e = _op(r, op)
            if e and (both := e.get("paired_floor")):
                x = both["ratio_median"]
                cells.append(
                    f"{name} {op} {x}x, paired ({'met' if x <= 1.5 else 'missed'}; "
                    f"{e['ratio_to_raw_median']}x from the two medians)"
                )
            elif e and e.get("ratio_to_raw_median"):
                x = e["ratio_to_raw_median"]
                cells.append(f"{name} {op} {x}x ({'met' if x <= 1.5 else 'missed'})")
    lines.append(
        "| every path operation within 1.5x of its floor (relmap's statements replayed) | "
        + ("; ".join(cells) or "not measured")
        + " |"
    )

    cells = []
    for name, r in by.items():
        for op in ("get_person", "list_people_by_tag"):
            e = _op(r, op)
            if e:
                got = next(
                    (t.get("rps") for t in e["relmap"]["throughput"] if t["clients"] == 32), None
                )
                if got is not None:
                    verdict = "met" if got >= 2000 else "missed"
                    cells.append(f"{name} {op}: {got:.0f} req/s ({verdict})")
    lines.append(
        "| simple reads >= 2,000 requests/s with 32 clients | "
        + ("; ".join(cells) or "not measured")
        + " |"
    )
    return lines


def _machines(rs: list[dict[str, Any]]) -> list[str]:
    """One line per machine the listed runs came from (by CPU, CPUs, memory and OS), with the
    datasets measured on it: results of different machines sit side by side in this file."""
    seen: dict[tuple[Any, ...], list[str]] = {}
    for r in rs:
        env = r.get("environment") or ENV
        key = tuple(env.get(k, "?") for k in ("cpus", "cpu", "memory_gb", "os"))
        seen.setdefault(key, []).append(r["dataset"]["dataset"])
    return [
        f"- {cpus} CPUs ({cpu}), {memory} GB memory, {os_name}"
        + (f": {', '.join(names)}" if len(seen) > 1 else "")
        for (cpus, cpu, memory, os_name), names in seen.items()
    ]


def write() -> None:
    rs = results()
    env = rs[-1]["environment"] if rs else {}
    out = [
        "# Benchmarks",
        "",
        "Generated by `make bench SIZE=<S|M|L|astro-ph|wiki-vote>` (bench/run.py, then "
        "bench/report.py writes this file from bench/results/*.json; the prose at the end "
        "comes from bench/notes.md). Numbers are from the runs listed; nothing here is "
        "estimated.",
        "",
        "## Machine and versions",
        "",
        *_machines(rs),
        f"- Neo4j {env.get('neo4j_server', '?')} (memory per run: bench/notes.md), Python "
        f"{env.get('python', '?')}, neo4j driver {env.get('neo4j_driver', '?')} "
        f"(Rust extension: {env.get('driver_rust_extension', '?')})",
        "- The app runs under uvicorn with the workers each run names (runs before 2026-11-29 "
        "07:30 UTC: one; since: 2, as `make run` serves). HTTP is measured with wrk (one load "
        "thread, C) when it is installed, else with httpx (each run says which); wrk, the app, "
        "Neo4j and the peers share the same 2 cores, so every number includes that contention.",
        "",
    ]
    out += ["## Targets", "", *targets(rs), "", "## Results by dataset", ""]
    for r in rs:
        out += dataset_section(r)
    if len(rs) > 1:
        out += ["## Scaling", "", *scaling(rs), ""]
    if NOTES.exists():
        out += [NOTES.read_text().rstrip(), ""]
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text("\n".join(out))


if __name__ == "__main__":
    write()
