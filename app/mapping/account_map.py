"""The account map: a company's current people with their roles and reporting lines, each
person's best warm intro from the team, and how well the team covers the account."""

from app.common.cpu import off_loop
from app.common.kinds import PERSON_TO_PERSON, Label, RelType, Role
from app.common.tasks import together
from app.graph.edge import Edge
from app.graph.search import FoundPath
from app.mapping import limits
from app.mapping.context import MappingContext, graph_edge, graph_node
from app.mapping.intros import EachSettled, IntroSearch, rank_each
from app.mapping.repository import Row
from app.mapping.schemas import AccountMap, Coverage, Employee, EmployeeNode
from app.people.cards import PersonCard, card_or_stub


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
    company, rows, team = await together(
        ctx.node(company_id, Label.COMPANY),
        ctx.repo.employees(company_id, limits.ACCOUNT_MAP_PEOPLE + 1),
        search.team_ids(),
    )
    truncated = len(rows) > limits.ACCOUNT_MAP_PEOPLE
    rows = rows[: limits.ACCOUNT_MAP_PEOPLE]
    staff = [row["person"]["id"] for row in rows]
    people: list[Employee] = []
    reachable_roles: set[Role] = set()
    held_roles: set[Role] = set()
    reached = dm = dm_reached = 0
    # One fetch for everybody: the region around the team and all the company's people
    # holds every path of at most limits.ACCOUNT_MAP_HOPS hops from the team to any of them, so
    # each person's exact best intro is ranked on it without reading the graph again.
    sources = team  # a team member working there is ours, and may introduce colleagues
    targets = set(staff) - team

    async def best_each() -> dict[str, FoundPath]:
        if not sources or not targets:
            return {}
        settled = EachSettled()
        region, _, ball = await search.region(
            sources,
            targets,
            limits.ACCOUNT_MAP_HOPS,
            [t.value for t in PERSON_TO_PERSON],
            0.0,
            through_targets=True,
            ranking="each",
            settled=settled,
        )
        return await off_loop(  # pure CPU: in a thread, a few at a time
            ctx.ranking_threads,
            rank_each,
            region,
            ball,
            sources,
            targets,
            limits.ACCOUNT_MAP_HOPS,
            settled,
        )

    # the reporting lines among the staff are read while the intros are searched
    best_found, lines = await together(best_each(), _lines(ctx, staff))
    # the cards of the company's people and of everybody on their best paths, with the
    # paths' nodes, in one round trip's time
    on_paths = {n for found in best_found.values() for n in found.nodes}
    cards, info = await search.path_reads(on_paths, more_cards=staff)
    found = list(best_found.values())
    intros = dict(zip(best_found, await search.answer_paths(found, {}, (cards, info)), strict=True))
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


async def _lines(ctx: MappingContext, staff: list[str]) -> list[Edge]:
    """The REPORTS_TO and INFLUENCES edges among the staff, by id."""
    if not staff:
        return []
    inside = set(staff)
    rows = await ctx.repo.person_edges(
        staff, [RelType.REPORTS_TO.value, RelType.INFLUENCES.value], 0.0, limits.STEP_ROWS
    )
    unique = {r["id"]: r for r in rows if r["source_id"] in inside and r["target_id"] in inside}
    return sorted([await ctx.edge(row) for row in unique.values()], key=lambda e: e.id)
