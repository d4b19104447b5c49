"""A Python client generated from the OpenAPI document with openapi-python-client, used as a
developer would: against a real API process (uvicorn, API key on) it creates people and a
company, logs an interaction, asks for warm intros and an account map, and gets typed answers
back. What they should say is worked out with networkx from the data the test made."""

import importlib
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import networkx as nx
import pytest

from tests.clients.generate import (
    EXPECTED_PYTHON_WARNINGS,
    PACKAGE,
    python_client,
    python_warnings,
    write_spec,
)
from tests.neo4j_server import Server
from tests.processes import ApiProcess, start_api

pytestmark = pytest.mark.anyio

KEY = "clients-test-key"
MAX_HOPS = 4  # warm intros' default


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, str]]:
    """The generated package, imported, and what the generator printed."""
    out = tmp_path_factory.mktemp("python-client")
    run = python_client(write_spec(out), out)
    assert run.returncode == 0, run.output
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE), run.output
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.fixture
def api(client: httpx.AsyncClient, neo4j: Server, tmp_path: Path) -> Iterator[ApiProcess]:
    """A uvicorn process with one write key, on a database the client fixture just wiped."""
    process = start_api(neo4j, tmp_path, "clients", RELMAP_API_KEYS=f"{KEY}:write")
    try:
        yield process
    finally:
        process.stop()


def module(package: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{package.__name__}.{name}")


def test_the_client_generates_with_no_warning_about_a_relmap_schema(
    generated: tuple[ModuleType, str],
) -> None:
    package, output = generated
    assert python_warnings(output) - EXPECTED_PYTHON_WARNINGS == set()
    # every operation is there, under its operationId
    for tag, operation in [
        ("people", "create_person"),
        ("companies", "create_company"),
        ("relationships", "create_relationship"),
        ("interactions", "log_interaction"),
        ("mapping", "warm_intros"),
        ("mapping", "get_account_map"),
        ("import_and_export", "import_data"),
        ("events", "get_event_priorities"),
    ]:
        assert hasattr(module(package, f"api.{tag}.{operation}"), "asyncio_detailed")


async def test_a_generated_client_maps_an_account(
    generated: tuple[ModuleType, str], api: ApiProcess
) -> None:
    package, _ = generated
    models = module(package, "models")
    call = {
        name: module(package, f"api.{tag}.{name}")
        for tag, name in [
            ("people", "create_person"),
            ("companies", "create_company"),
            ("relationships", "create_relationship"),
            ("relationships", "list_relationships"),
            ("relationships", "get_relationship"),
            ("interactions", "log_interaction"),
            ("mapping", "warm_intros"),
            ("mapping", "get_account_map"),
        ]
    }
    relmap = package.AuthenticatedClient(
        base_url=api.url,
        token=KEY,
        prefix="",
        auth_header_name="X-API-Key",
        raise_on_unexpected_status=True,  # a status the document does not declare raises
        timeout=httpx.Timeout(30),
    )

    async def answer(operation: str, *args: Any, status: int = 200, **kwargs: Any) -> Any:
        response = await call[operation].asyncio_detailed(*args, client=relmap, **kwargs)
        assert response.status_code == status, response.content
        return response.parsed

    async with relmap:

        async def person(name: str, **fields: Any) -> str:
            created = await answer(
                "create_person", body=models.PersonCreate(name=name, **fields), status=201
            )
            assert isinstance(created, models.Person) and created.name == name
            return str(created.id)

        async def relate(kind: str, source: str, target: str, **fields: Any) -> str:
            body = models.RelationshipCreate(
                type_=models.RelType(kind), source_id=source, target_id=target, **fields
            )
            created = await answer("create_relationship", body=body, status=201)
            assert isinstance(created, models.Relationship), created
            return str(created.id)

        sam = await person("Sam", is_team=True)
        bea, ada, dan, eve = [await person(name) for name in ("Bea", "Ada", "Dan", "Eve")]
        acme = await answer("create_company", body=models.CompanyCreate(name="Acme"), status=201)
        assert isinstance(acme, models.Company)
        staff = {
            ada: ("CTO", models.Role.DECISION_MAKER),
            dan: ("VP Sales", models.Role.CHAMPION),
            eve: ("Engineer", models.Role.USER),
        }
        for employee, (title, role) in staff.items():
            properties = models.RelationshipCreateProperties.from_dict(
                {"title": title, "role": role.value}
            )
            await relate("WORKS_AT", employee, acme.id, properties=properties)

        # Sam met Bea: the interaction creates their KNOWS edge
        logged = await answer(
            "log_interaction",
            body=models.InteractionCreate(
                kind=models.InteractionKind.MEETING,
                occurred_at=datetime.now(UTC) - timedelta(days=1),
                participant_ids=[sam, bea],
                summary="coffee",
            ),
            status=201,
        )
        assert isinstance(logged, models.InteractionLogged)
        assert {p.id for p in logged.participants} == {sam, bea}
        knows = await answer("list_relationships", node_id=sam, type_="KNOWS")
        assert [(r.source_id, r.target_id) for r in knows.items] in ([(sam, bea)], [(bea, sam)])
        sam_bea = knows.items[0].id
        bea_ada = await relate("KNOWS", bea, ada, strength=0.6)
        await relate("KNOWS", sam, eve, strength=0.9)

        # what the data says, worked out apart from the API
        people = nx.Graph([(sam, bea), (bea, ada), (sam, eve)])
        team, employees = {sam}, set(staff)

        def only_path(target: str, avoid: set[str]) -> list[str] | None:
            graph = people.subgraph(set(people) - avoid)
            found = [
                path
                for start in team
                if start in graph and target in graph
                for path in nx.all_simple_paths(graph, start, target, cutoff=MAX_HOPS)
            ]
            assert len(found) <= 1, found  # the data was made to leave one way at most
            return found[0] if found else None

        # warm intros to Ada, the body naming only the target (every other field defaulted)
        intros = await answer("warm_intros", body=models.IntroRequest(target_id=ada))
        assert isinstance(intros, models.IntroAnswer)
        assert intros.target.id == ada and intros.target.name == "Ada"
        assert len(intros.paths) == 1
        path = intros.paths[0]
        assert isinstance(path, models.IntroPath)
        assert [n.id for n in path.nodes] == only_path(ada, set()) == [sam, bea, ada]
        assert [n.name for n in path.nodes] == ["Sam", "Bea", "Ada"]
        assert [e.id for e in path.edges] == [sam_bea, bea_ada]
        assert path.hops == 2
        assert path.introducer.id == bea
        strengths = [
            (await answer("get_relationship", edge)).strength for edge in (sam_bea, bea_ada)
        ]
        assert path.score == pytest.approx(strengths[0] * strengths[1], rel=1e-6)
        assert 0 < path.score <= 0.6
        assert path.weakest_link.strength == pytest.approx(min(strengths), rel=1e-6)

        # Acme's account map: its three people, who of them the team can reach, and how
        account = await answer("get_account_map", acme.id)
        assert isinstance(account, models.AccountMap)
        assert account.company.id == acme.id and account.company.name == "Acme"
        listed = {e.person.id: e for e in account.people}
        assert set(listed) == employees
        for employee, (title, role) in staff.items():
            assert (listed[employee].title, listed[employee].role) == (title, role)
            assert listed[employee].works_at.target == acme.id
            expected = only_path(employee, employees - {employee})
            intro = listed[employee].best_intro
            assert (intro and [n.id for n in intro.nodes]) == (expected or None), employee
        reachable = {e for e in employees if only_path(e, employees - {e})}
        assert reachable == {ada, eve}
        deciders = {e for e, (_, role) in staff.items() if role == models.Role.DECISION_MAKER}
        coverage = account.coverage
        assert isinstance(coverage, models.Coverage)
        assert (coverage.people, coverage.reachable) == (len(employees), len(reachable))
        assert (coverage.decision_makers, coverage.decision_makers_reachable) == (
            len(deciders),
            len(deciders & reachable),
        )
        assert account.unreached_roles == [staff[e][1] for e in employees - reachable]
        assert account.reports_to == [] and account.influences == []
