"""The graph signals: account.coverage_changed, competitor.proximity and intro.path_opened.

Unlike a warmed/cooled edge, these are facts about paths and accounts, not one stored row, so
no write can check them in its own transaction. A scan computes them from the graph as the
API answers them (the account map's coverage, the competitor-risk answer, a warm-intro search)
and compares each with the state it last announced, kept in Neo4j:
- `:SignalState {key: 'coverage:<company>'}`: the decision-makers the team could reach;
- `:SignalState {key: 'proximity:<company>'}`: the stakeholders who tie closer to a competitor;
- each `:Watch` (POST /v1/watches): open or not, its best score.
A change is recorded (Tx.record) in the transaction that moves the state, with a
compare-and-set on the old state, so it is announced once, even by two scanners. A subject
seen for the first time is only noted: a signal says what changed since relmap last looked.

Accounts are the companies the market finds as clients (app/analytics/market.py) and those
tagged prospect or client, at most MAX_ACCOUNTS of them (in id order) per scan.

When: every API process runs a GraphSignalScanner (app/main.py); a scan is leased in Neo4j
(`:SignalScan {key: 'graph'}`, take_graph_signal_scan) and due when the graph version moved
since the version the last scan read, or RELMAP_SIGNAL_SCAN_S after the last one (strengths
decay without any write), and never sooner than RELMAP_GRAPH_SIGNAL_GAP_S after the last one
started. docs/changes.md has the payloads.
"""

import asyncio
import contextlib
import json
import logging
import os
import random
import socket
import time
import uuid
from dataclasses import dataclass
from typing import Any

from app.analytics.insights import InsightsService
from app.analytics.market import Relation, market_of
from app.changes.types import ChangeType
from app.common.kinds import Role
from app.common.tasks import uncut
from app.config import Settings
from app.db.convert import now
from app.db.database import Database, Tx
from app.db.schema_gate import SchemaGate
from app.errors import AppError
from app.mapping.account_map import account_map
from app.mapping.context import MappingContext
from app.mapping.intros import IntroSearch
from app.mapping.schemas import AccountMap
from app.watches.service import best_intro, is_open

log = logging.getLogger("relmap.signals")
KEY = "graph"
MAX_ACCOUNTS = 500
ACCOUNT_TAGS = ["prospect", "client"]
WATCH_PAGE = 200
LEASE_S = 120.0  # renewed between subjects; a dead scanner's scan is taken over after this
CHECK_EVERY_S = 5.0  # how often a process asks whether a scan is due (at most)
DUTY = 0.25  # a background scan pauses between accounts: 3x the time the last one took
COVERAGE, PROXIMITY = "coverage:", "proximity:"

Row = dict[str, Any]


@dataclass(slots=True)
class GraphScanReport:
    checked: int = 0  # accounts and watches looked at
    signals: int = 0  # changes recorded
    complete: bool = True  # False: cut short (lease lost, shutdown)


def _json(value: Any) -> Any:
    """A model (or list of them) as the API answers it."""
    if isinstance(value, list):
        return [_json(v) for v in value]
    dump = getattr(value, "model_dump", None)
    return dump(mode="json") if dump is not None else value


class GraphSignalScanner:
    def __init__(self, db: Database, settings: Settings, schema: SchemaGate | None = None) -> None:
        self.db = db
        self.settings = settings
        self.schema = schema  # confirmed before each check in the background (SchemaGate.confirm)
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._task: asyncio.Task[None] | None = None
        self._closing = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="graph-signal-scanner")

    async def close(self) -> None:
        self._closing.set()  # a running scan stops at its next account and gives its lease up
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def _loop(self) -> None:
        every = min(self.settings.relmap_graph_signal_gap_s, CHECK_EVERY_S)
        while True:
            try:
                if self.schema is not None:
                    await uncut(self.schema.confirm())
                await uncut(self.run_if_due())
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - Neo4j away: the next check tries again
                log.warning("graph signal scan: %s", exc)
            await asyncio.sleep(max(every, 0.1) * random.uniform(0.8, 1.2))

    async def run_if_due(self) -> GraphScanReport | None:
        """Run a scan if one is due and no other process runs it (None: not ours to run)."""
        taken = await self.db.write_state(
            "take_graph_signal_scan",
            key=KEY,
            owner=self.owner,
            lease_ms=int(LEASE_S * 1000),
            gap_ms=int(self.settings.relmap_graph_signal_gap_s * 1000),
        )
        if taken is None:
            return None
        report, done = GraphScanReport(), False
        try:
            report = await self.scan(leased=True)
            done = report.complete
        finally:
            await self.db.write_state(
                "finish_graph_signal_scan",
                key=KEY,
                owner=self.owner,
                every_ms=int(self.settings.relmap_signal_scan_s * 1000),
                done=done,
                checked=report.checked,
                signals=report.signals,
            )
        log.info("graph signal scan: %d checked, %d signals", report.checked, report.signals)
        return report

    async def scan(self, leased: bool = False) -> GraphScanReport:
        """Check every watch and account now; record what changed since the last look."""
        report = GraphScanReport()
        # no team ball: the scan must not take the cache the searches of this process use
        search = IntroSearch(MappingContext(self.db, self.settings))
        after: str | None = None
        while True:
            if leased and not await self._go_on(report):
                return report
            rows = await self.db.read("list_watches", after=after, limit=WATCH_PAGE)
            watches = [r["watch"] for r in rows]
            if watches:
                report.checked += len(watches)
                report.signals += await self._watches(search, watches)
                after = watches[-1]["id"]
            if len(watches) < WATCH_PAGE:
                break
        accounts = await self._accounts()
        insights = InsightsService(self.db, self.settings)
        for company_id in accounts:
            if leased and not await self._go_on(report):
                return report
            started = time.monotonic()
            report.checked += 1
            report.signals += await self._account(search, insights, company_id)
            if leased:  # a background scan takes at most DUTY of this process's time
                pause = (time.monotonic() - started) * (1 / DUTY - 1)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), pause)
        keep = [p + c for c in accounts for p in (COVERAGE, PROXIMITY)]
        await self.db.write_state(
            "forget_signal_states", keep=keep, prefixes=[COVERAGE, PROXIMITY], limit=10_000
        )
        return report

    async def _go_on(self, report: GraphScanReport) -> bool:
        """Whether a leased scan goes on: not shutting down, and the lease renewed."""
        if self._closing.is_set() or not await self._renew():
            report.complete = False
            return False
        return True

    async def _renew(self) -> bool:
        row = await self.db.write_state(
            "renew_signal_scan", key=KEY, owner=self.owner, lease_ms=int(LEASE_S * 1000)
        )
        if row is None:
            log.warning("graph signal scan: lease lost, stopping")
        return row is not None

    # -- intro.path_opened ---------------------------------------------------------------------

    async def _watches(self, search: IntroSearch, watches: list[Row]) -> int:
        found = []
        for watch in watches:
            try:
                path, name = await best_intro(search, watch["target_id"], int(watch["max_hops"]))
            except AppError as exc:  # a search too large to rank exactly: next scan
                log.info("watch %s not checked: %s", watch["id"], exc)
                continue
            found.append((watch, path, name))
        checked_at = now()

        async def write(tx: Tx) -> int:
            recorded = 0
            for watch, path, name in found:
                opened = is_open(path, float(watch["min_score"]))
                moved = await tx.one(
                    "set_watch_state",
                    id=watch["id"],
                    open=opened,
                    old_open=bool(watch["open"]),
                    score=path.score if path is not None else None,
                    checked_at=checked_at,
                )
                if moved is None or not opened or watch["open"]:
                    continue
                assert path is not None
                tx.record(
                    ChangeType.INTRO_PATH_OPENED,
                    {
                        "watch_id": watch["id"],
                        "target": {"id": watch["target_id"], "name": name},
                        "min_score": watch["min_score"],
                        "score": path.score,
                        "previous_score": watch.get("score"),
                        "path": _json(path),
                        "as_of": checked_at,
                    },
                )
                recorded += 1
            return recorded

        return await self.db.in_write_state(write)

    # -- account.coverage_changed and competitor.proximity --------------------------------------

    async def _accounts(self) -> list[str]:
        rows = await self.db.read("market_position")
        market = market_of(rows)
        ids = set(market.with_relation({Relation.CLIENT}))
        tagged = await self.db.read("signal_accounts", tags=ACCOUNT_TAGS, limit=MAX_ACCOUNTS)
        ids |= {r["id"] for r in tagged}
        ids -= set(market.ours)  # our own companies are not accounts
        if len(ids) > MAX_ACCOUNTS:
            log.info("graph signal scan: %d accounts, the first %d checked", len(ids), MAX_ACCOUNTS)
        return sorted(ids)[:MAX_ACCOUNTS]

    async def _account(
        self, search: IntroSearch, insights: InsightsService, company_id: str
    ) -> int:
        try:
            amap = await account_map(search, company_id)
            risk = await insights.competitor_risk(company_id)
        except AppError as exc:  # gone meanwhile, or too large to rank exactly: next scan
            log.info("account %s not checked: %s", company_id, exc)
            return 0
        deciders = {e.person.id: e for e in amap.people if e.role is Role.DECISION_MAKER}
        reached = sorted(
            pid for pid, e in deciders.items() if e.person.is_team or e.best_intro is not None
        )
        at_risk = {item.person.id: item for item in risk.items}
        cov_key, prox_key = COVERAGE + company_id, PROXIMITY + company_id
        new = {cov_key: json.dumps(reached), prox_key: json.dumps(sorted(at_risk))}
        company = {"id": company_id, "name": amap.company.name}
        as_of = now()

        async def write(tx: Tx) -> int:
            old = {r["key"]: r["value"] for r in await tx.run("get_signal_states", keys=list(new))}
            rows = [
                {"key": k, "old": old.get(k), "new": v} for k, v in new.items() if old.get(k) != v
            ]
            if not rows:
                return 0
            moved = {r["key"] for r in await tx.run("set_signal_states", rows=rows)}
            recorded = 0
            if cov_key in moved and old.get(cov_key) is not None:
                before = set(json.loads(old[cov_key]))
                tx.record(
                    ChangeType.ACCOUNT_COVERAGE_CHANGED,
                    _coverage(company, amap, deciders, before, set(reached), as_of),
                )
                recorded += 1
            if prox_key in moved and old.get(prox_key) is not None:
                before = set(json.loads(old[prox_key]))
                for pid in sorted(set(at_risk) - before):
                    item = at_risk[pid]
                    tx.record(
                        ChangeType.COMPETITOR_PROXIMITY,
                        {
                            "company": company,
                            "stakeholder": _json(item.person),
                            "role": item.role,
                            "title": item.title,
                            "competitor_strength": item.competitor_strength,
                            "our_strength": item.our_strength,
                            "margin": item.margin,
                            "competitor_ties": _json(item.competitor_ties),
                            "our_ties": _json(item.our_ties),
                            "competitors": _json(risk.competitors),
                            "as_of": as_of,
                        },
                    )
                    recorded += 1
            return recorded

        return await self.db.in_write_state(write)


def _coverage(
    company: Row,
    amap: AccountMap,
    deciders: dict[str, Any],
    before: set[str],
    after: set[str],
    as_of: Any,
) -> Row:
    """account.coverage_changed: who became reachable (with the best intro, null for a team
    member), who became unreachable and why (no path any more, or no longer a current
    decision-maker there), and the coverage now."""
    gained = []
    for pid in sorted(after - before):
        e = deciders[pid]
        gained.append(
            {
                "person": _json(e.person),
                "title": e.title,
                "best_intro": _json(e.best_intro) if e.best_intro is not None else None,
            }
        )
    lost = [
        {
            "person_id": pid,
            "person": _json(deciders[pid].person) if pid in deciders else None,
            "reason": "no_path" if pid in deciders else "not_a_decision_maker",
        }
        for pid in sorted(before - after)
    ]
    return {
        "company": company,
        "became_reachable": gained,
        "became_unreachable": lost,
        "decision_makers_reachable": len(after),
        "coverage": _json(amap.coverage),
        "as_of": as_of,
    }
