"""Prometheus counters and latency histograms per route template."""

import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REGISTRY = CollectorRegistry()
REQUESTS = Counter(
    "relmap_requests_total", "HTTP requests", ["method", "route", "status"], registry=REGISTRY
)
LATENCY = Histogram(
    "relmap_request_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)


def render() -> tuple[bytes, str]:
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # each label set's series, looked up once (labels() validates and locks on every call)
        self._counts: dict[tuple[str, str, int], Counter] = {}
        self._latencies: dict[tuple[str, str], Histogram] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            elapsed = time.perf_counter() - started
            method, route = scope["method"], getattr(scope.get("route"), "path", "unmatched")
            count = self._counts.get((method, route, status))
            if count is None:
                count = self._counts[method, route, status] = REQUESTS.labels(
                    method, route, str(status)
                )
            count.inc()
            latency = self._latencies.get((method, route))
            if latency is None:
                latency = self._latencies[method, route] = LATENCY.labels(method, route)
            latency.observe(elapsed)
