"""The account map: a company's current people with their roles and reporting lines, each
person's best warm intro from the team, and how well the team covers the account."""

import asyncio

from app.common.kinds import PERSON_TO_PERSON, Label, RelType, Role
from app.graph.edge import Edge
from app.graph.search import FoundPath, Region, best_to_each
from app.mapping import limits
from app.mapping.context import graph_edge, graph_node
from app.mapping.intros import IntroSearch
from app.mapping.repository import Row
from app.mapping.schemas import AccountMap, Coverage, Employee, EmployeeNode
from app.people.cards import PersonCard, card_or_stub, person_cards


def employee_node(row: Row, card: PersonCard) -> EmployeeNode:
    """A current person's node with their card's current employer and role."""
    fields = {k: v for k, v in row.items() if v is not None}
    return EmployeeNode(
        **{
            **fields,
            "label": Label.PERSON.value,
            "is_team": card.is_team,
            "company": card.company,
            "role": card.role,
        }
    )


async def account_map(search: IntroSearch, company_id: str) -> AccountMap:
    ctx = search.ctx
    company = await ctx.node(company_id, Label.COMPANY)
    rows = await ctx.repo.employees(company_id, limits.ACCOUNT_MAP_PEOPLE + 1)
    truncated = len(rows) > limits.ACCOUNT_MAP_PEOPLE
    rows = rows[: limits.ACCOUNT_MAP_PEOPLE]
    team = await search.team_ids()
    people: list[Employee] = []
    reachable_roles: set[Role] = set()
    held_roles: set[Role] = set()
    reached = dm = dm_reached = 0
    # One fetch for everybody: the region around the team and all the company's people
    # holds every path of at most limits.ACCOUNT_MAP_HOPS hops from the team to any of them, so
    # each person's exact best intro is ranked on it without reading the graph again.
    sources = team  # a team member working there is ours, and may introduce colleagues
    targets = {row["person"]["id"] for row in rows} - team
    region, ball = Region(), None
    if sources and targets:
        region, _, ball = await search.region(
            sources,
            targets,
            limits.ACCOUNT_MAP_HOPS,
            [t.value for t in PERSON_TO_PERSON],
            0.0,
            through_targets=True,
            ranking="each",
        )

    def rank() -> dict[str, FoundPath]:  # pure CPU: run in a thread below
        if not sources or not targets:
            return {}
        return best_to_each(
            region,
            sources,
            targets,
            limits.ACCOUNT_MAP_HOPS,
            source_hops=ball.source_hops if ball else None,
            source_cost=ball.source_cost if ball else None,
        )

    best_found = await asyncio.to_thread(rank)
    # the cards of the company's people and of everybody on their best paths in one read
    on_paths = {n for found in best_found.values() for n in found.nodes}
    staff = [row["person"]["id"] for row in rows]
    cards = await person_cards(ctx.repo.db, staff + sorted(on_paths))
    intros = dict(
        zip(
            best_found,
            await search.answer_paths(list(best_found.values()), {}, cards),
            strict=True,
        )
    )
    for row in rows:
        pid = row["person"]["id"]
        best = intros.get(pid)
        role = Role(row["role"]) if row.get("role") in set(Role) else None
        ours = pid in team or best is not None
        reached += ours
        if role is not None:
            held_roles.add(role)
            if ours:
                reachable_roles.add(role)
        if role is Role.DECISION_MAKER:
            dm += 1
            dm_reached += ours
        people.append(
            Employee(
                person=employee_node(row["person"], card_or_stub(cards, pid)),
                title=row.get("title"),
                role=role,
                department=row.get("department"),
                works_at=graph_edge(await ctx.edge(row["edge"])),
                best_intro=best,
            )
        )
    ids = [e.person.id for e in people]
    lines: list[Edge] = []
    if ids:
        inside = set(ids)
        edge_rows = await ctx.repo.person_edges(
            ids, [RelType.REPORTS_TO.value, RelType.INFLUENCES.value], 0.0, limits.STEP_ROWS
        )
        unique = {r["id"]: r for r in edge_rows}
        for row in unique.values():
            if row["source_id"] in inside and row["target_id"] in inside:
                lines.append(await ctx.edge(row))
    lines.sort(key=lambda e: e.id)
    return AccountMap(
        company=graph_node(company),
        people=people,
        reports_to=[graph_edge(e) for e in lines if e.type == RelType.REPORTS_TO],
        influences=[graph_edge(e) for e in lines if e.type == RelType.INFLUENCES],
        coverage=Coverage(
            people=len(people),
            reachable=reached,
            decision_makers=dm,
            decision_makers_reachable=dm_reached,
        ),
        unreached_roles=sorted(held_roles - reachable_roles),
        truncated=truncated,
    )
