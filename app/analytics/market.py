"""Who our clients, vendors and competitors are (docs/analytics.md, "Our market").

"We" are the companies where is_team people currently work. Another company X is
- a client when X CLIENT_OF us, or we VENDOR_OF X, or X is tagged "client";
- a vendor when X VENDOR_OF us, or we CLIENT_OF X, or X is tagged "vendor";
- a competitor when X COMPETES_WITH us (either way), or X is tagged "competitor".
A company can be several of these at once.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Relation(StrEnum):
    CLIENT = "client"
    VENDOR = "vendor"
    COMPETITOR = "competitor"


@dataclass
class MarketCompany:
    id: str
    name: str | None
    industry: str | None
    relations: dict[Relation, str] = field(default_factory=dict)  # relation -> how we know


@dataclass
class Market:
    ours: dict[str, MarketCompany]
    others: dict[str, MarketCompany]

    def with_relation(self, relations: set[Relation]) -> dict[str, MarketCompany]:
        return {cid: c for cid, c in self.others.items() if relations & c.relations.keys()}


def _edge_relation(rel_type: str, outgoing: bool) -> Relation:
    if rel_type == "COMPETES_WITH":
        return Relation.COMPETITOR
    if rel_type == "CLIENT_OF":
        return Relation.CLIENT if outgoing else Relation.VENDOR
    return Relation.VENDOR if outgoing else Relation.CLIENT  # VENDOR_OF


def market_of(rows: list[dict[str, Any]]) -> Market:
    ours: dict[str, MarketCompany] = {}
    others: dict[str, MarketCompany] = {}
    for r in rows:
        target = ours if r["kind"] == "ours" else others
        company = target.setdefault(r["id"], MarketCompany(r["id"], r["name"], r["industry"]))
        if r["kind"] == "edge":
            relation = _edge_relation(r["type"], bool(r["outgoing"]))
            direction = "them->us" if r["outgoing"] else "us->them"
            company.relations.setdefault(relation, f"{r['type']} {direction}")
        elif r["kind"] == "tag":
            for tag in r["tags"] or []:
                if tag.lower() in {rel.value for rel in Relation}:
                    company.relations.setdefault(Relation(tag.lower()), f"tagged {tag.lower()}")
    return Market(ours, others)
