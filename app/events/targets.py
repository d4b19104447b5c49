"""Whom event priorities are relative to (`relative_to`): our market's clients, vendors and
competitors (app/analytics/market.py), prospects (companies tagged `prospect`), the companies
with a tag (`tag:<tag>`) and named companies (`company:<id>`), in one comma list.

Every company that counts is a Target with the relations that made it one and how we know
each ("CLIENT_OF them->us", "tagged prospect", "named in relative_to").
"""

from dataclasses import dataclass, field

from app.analytics.market import Relation, market_of
from app.common.params import any_case
from app.errors import NotFound, Unprocessable
from app.events.repository import EventRepository

PROSPECT = "prospect"
MAX_PARTS = 50  # items in one relative_to list


def _relative_to_pattern() -> str:
    """What parse_relative_to takes, for the OpenAPI document: at most
    MAX_PARTS comma-separated items, blank ones ignored; a name in any case, or tag:/company:
    and a value that is not blank."""
    name = "|".join(any_case(n) for n in [*(r.value for r in Relation), PROSPECT])
    keyed = rf"(?:{any_case('tag')}|{any_case('company')})\s*:\s*[^,]*[^,\s][^,]*"
    item = rf"\s*(?:(?:{name})|{keyed})?\s*"
    return rf"^{item}(?:,{item}){{0,{MAX_PARTS - 1}}}$"


RELATIVE_TO_PATTERN = _relative_to_pattern()


@dataclass
class RelativeTo:
    relations: set[Relation] = field(default_factory=set)
    tags: list[str] = field(default_factory=list)  # "prospect" is the tag prospect
    companies: list[str] = field(default_factory=list)
    prospect: bool = False

    def names(self) -> list[str]:
        """The list as the answer echoes it: lower-case names, then tag:… and company:…."""
        out = sorted(r.value for r in self.relations)
        out += [PROSPECT] if self.prospect else []
        out += [f"tag:{t}" for t in self.tags]
        out += [f"company:{c}" for c in self.companies]
        return out


@dataclass
class Target:
    id: str
    name: str | None
    relations: dict[str, str] = field(default_factory=dict)  # relation -> how we know


def _unknown(part: str, why: str) -> Unprocessable:
    return Unprocessable(
        f"relative_to: {why} {part!r}; use client, vendor, competitor, prospect, tag:<tag> or "
        "company:<id>",
        errors=[{"loc": ["query", "relative_to"], "msg": f"{why} {part}"}],
    )


def parse_relative_to(raw: str | None) -> RelativeTo:
    """'client, tag:fintech,company:42' -> RelativeTo; nothing (or blanks) means our whole
    market (client, vendor, competitor). Names ignore case and blanks; an unknown one is a
    422 naming it."""
    out = RelativeTo()
    parts = [p.strip() for p in (raw or "").split(",") if p.strip()]
    if len(parts) > MAX_PARTS:
        raise _unknown(parts[MAX_PARTS], f"more than {MAX_PARTS} items, from")
    for part in parts:
        kind, colon, value = part.partition(":")
        kind, value = kind.strip().lower(), value.strip()
        if colon and kind in ("tag", "company"):
            if not value:
                raise _unknown(part, f"{kind}: needs a value in")
            chosen = out.tags if kind == "tag" else out.companies
            if value not in chosen:
                chosen.append(value)
        elif colon:
            raise _unknown(part, "unknown item")
        elif kind == PROSPECT:
            out.prospect = True
        else:
            try:
                out.relations.add(Relation(kind))
            except ValueError:
                raise _unknown(part, "unknown item") from None
    if not parts:
        out.relations = set(Relation)
    return out


async def resolve(repo: EventRepository, wanted: RelativeTo) -> dict[str, Target]:
    """Every company that counts, by id. A company:<id> that does not exist is a 404."""
    targets: dict[str, Target] = {}

    def add(cid: str, name: str | None, relation: str, basis: str) -> None:
        targets.setdefault(cid, Target(cid, name)).relations.setdefault(relation, basis)

    if wanted.relations:
        market = market_of(await repo.market())
        for cid, company in market.with_relation(wanted.relations).items():
            for relation, basis in company.relations.items():
                if relation in wanted.relations:
                    add(cid, company.name, relation.value, basis)
    tags = ([PROSPECT] if wanted.prospect else []) + wanted.tags
    if tags:
        for row in await repo.tagged_companies(tags):
            for tag in row["tags"]:
                if wanted.prospect and tag == PROSPECT:
                    add(row["id"], row["name"], PROSPECT, "tagged prospect")
                if tag in wanted.tags:
                    add(row["id"], row["name"], f"tag:{tag}", f"tagged {tag}")
    if wanted.companies:
        found = {r["id"]: r for r in await repo.companies(wanted.companies)}
        missing = [c for c in wanted.companies if c not in found]
        if missing:
            raise NotFound(f"no company with id {', '.join(missing[:5])}", missing=missing)
        for cid in wanted.companies:
            add(cid, found[cid]["name"], f"company:{cid}", "named in relative_to")
    return targets
