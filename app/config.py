"""Settings, read once from the environment (and a .env file when present)."""

import math
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.common.kinds import InteractionKind

Scope = str  # "read" | "write" | "admin"
WEB_DIR = Path(__file__).resolve().parents[1] / "web"  # the checkout's web/

DEFAULT_KIND_WEIGHTS: dict[str, float] = {
    "meeting": 1.0,
    "call": 0.8,
    "event": 0.5,
    "email": 0.4,
    "message": 0.3,
    "social": 0.15,
    "note": 0.1,
}
DEFAULT_KIND_HALF_LIVES_DAYS: dict[str, float] = {
    "meeting": 120.0,
    "call": 90.0,
    "event": 180.0,
    "email": 60.0,
    "message": 45.0,
    "social": 30.0,
    "note": 60.0,
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # The managed local server's Bolt port (scripts/neo4j.sh reads the same variable); when
    # NEO4J_URI is not set the API connects to it, so this one setting moves both.
    neo4j_bolt_port: int = Field(7687, ge=1, le=65535)
    neo4j_uri: str = ""  # default: bolt://127.0.0.1:{neo4j_bolt_port}
    neo4j_user: str = "neo4j"
    neo4j_password: str = "neo4j"  # noqa: S105 - auth is off on the local server
    neo4j_database: str = "neo4j"
    neo4j_max_pool_size: int = 64
    # Per-query transaction timeout (seconds) for reads that could touch a large part of the graph.
    query_timeout_s: float = 10.0
    # Rankings (pure Python CPU) one process runs at once; more wait their turn (app/common/cpu.py)
    relmap_ranking_threads: int = Field(1, ge=1, le=32)

    # "key:scope,key2:scope" — empty means auth is off (and start-up says so loudly).
    relmap_api_keys: Annotated[dict[str, Scope], NoDecode] = Field(default_factory=dict)
    relmap_max_body_bytes: int = 10 * 1024 * 1024
    # Origins a browser app may call from: a comma list, "*" for any, empty for none.
    relmap_cors_origins: str = ""
    relmap_log_level: str = "INFO"
    # web/ with the npm packages `make install` puts in node_modules/ (/docs and /redoc serve
    # Swagger UI's and ReDoc's files from there: no CDN)
    relmap_web_dir: Path = WEB_DIR
    # Bulk import (docs/import.md): rows per write transaction, and the size from which an
    # import runs as a background job (202 + GET /v1/import/jobs/{id}) instead of in the request.
    relmap_import_batch_rows: int = Field(5_000, ge=100, le=50_000)
    relmap_import_job_rows: int = Field(20_000, ge=1)
    # An export of at least this many nodes is built by a child process (its memory all goes
    # back when it ends: app/imports/export_process.py); smaller ones in the API process.
    relmap_export_process_nodes: int = Field(5_000, ge=0)
    # At most this many such children at once per API process (each may hold ~1 GB for a graph
    # of a million edges); one more large export is a 429 with Retry-After.
    relmap_export_processes: int = Field(2, ge=1, le=64)

    # Change feed and webhooks (docs/changes.md).
    relmap_warm_at: float = Field(0.7, ge=0, le=1)  # relationship.warmed: crossed upward
    relmap_cold_at: float = Field(0.4, ge=0, le=1)  # relationship.cooled: crossed downward
    relmap_webhooks_allow_private: bool = False  # loopback/private receivers (tests, local)
    relmap_webhooks_deliver: bool = True  # this process takes part in delivering
    relmap_webhook_poll_s: float = Field(0.5, gt=0, le=60)  # other processes' changes
    relmap_webhook_lease_s: float = Field(30.0, ge=1, le=3600)  # a stream's lease
    relmap_webhook_timeout_s: float = Field(10.0, gt=0, le=60)  # one POST
    relmap_webhook_pool_size: int = Field(8, ge=2, le=64)  # the delivery worker's own pool
    relmap_webhook_retry_base_s: float = Field(1.0, gt=0)  # first retry after ~this
    relmap_webhook_retry_max_s: float = Field(300.0, gt=0)  # backoff cap
    relmap_webhook_retry_for_s: float = Field(25 * 3600.0, gt=0)  # then given up (>= 24 h)
    relmap_signal_scan_s: float = Field(900.0, ge=1)  # decay crossings found this often
    relmap_signal_scanner: bool = True  # this process takes part in the decay scans
    # account.coverage_changed, competitor.proximity, intro.path_opened: this process takes part
    # in their scans, one at most this often (app/changes/graph_signals.py)
    relmap_graph_signals: bool = True
    relmap_graph_signal_gap_s: float = Field(60.0, ge=0.1, le=3600)
    # Tests only: the decay scanner evaluates strengths this many seconds from now.
    relmap_signal_clock_offset_s: float = 0.0
    relmap_changes_retention_days: float = Field(30.0, gt=0)  # feed and delivery log kept

    # Relationship strength model (docs/strength.md).
    strength_kind_weights: dict[InteractionKind, float] = Field(
        default_factory=lambda: {InteractionKind(k): v for k, v in DEFAULT_KIND_WEIGHTS.items()}
    )
    strength_half_life_days: dict[InteractionKind, float] = Field(
        default_factory=lambda: {
            InteractionKind(k): v for k, v in DEFAULT_KIND_HALF_LIVES_DAYS.items()
        }
    )

    @field_validator("strength_kind_weights", "strength_half_life_days")
    @classmethod
    def _every_kind(
        cls, value: dict[InteractionKind, float], info: ValidationInfo
    ) -> dict[InteractionKind, float]:
        """A partial map (e.g. only {"meeting": 2}) keeps the defaults for the other kinds."""
        weights = info.field_name == "strength_kind_weights"
        defaults = DEFAULT_KIND_WEIGHTS if weights else DEFAULT_KIND_HALF_LIVES_DAYS
        full = {k: float(value.get(k, defaults[k.value])) for k in InteractionKind}
        for kind, number in full.items():
            if not math.isfinite(number) or number < 0 or (not weights and number <= 0):
                need = "a finite number >= 0" if weights else "a positive number of days"
                raise ValueError(f"{info.field_name}[{kind.value}] must be {need}")
        return full

    @model_validator(mode="after")
    def _local_server(self) -> "Settings":
        if not self.neo4j_uri.strip():
            self.neo4j_uri = f"bolt://127.0.0.1:{self.neo4j_bolt_port}"
        return self

    @model_validator(mode="after")
    def _webhook_lease(self) -> "Settings":
        """A stream's lease must outlive one POST (app/webhooks/delivery.py)."""
        if self.relmap_webhook_lease_s < self.relmap_webhook_timeout_s + 1:
            raise ValueError("RELMAP_WEBHOOK_LEASE_S must be at least RELMAP_WEBHOOK_TIMEOUT_S + 1")
        return self

    @field_validator("relmap_api_keys", mode="before")
    @classmethod
    def _parse_keys(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        keys: dict[str, Scope] = {}
        for item in filter(None, (part.strip() for part in value.split(","))):
            key, sep, scope = item.rpartition(":")
            if not sep or not key or scope not in ("read", "write", "admin"):
                raise ValueError(
                    f"RELMAP_API_KEYS entry must be key:read|write|admin, got {item!r}"
                )
            keys[key] = scope
        return keys


@lru_cache
def get_settings() -> Settings:
    return Settings()
