"""Assertions shared by the mapping tests: what makes an intro answer valid."""

import itertools
import math

import networkx as nx
import pytest


def check_intro_paths(
    paths: list[dict],
    graph: nx.Graph,
    ids: dict,
    sources: set,
    target,
    max_hops: int,
    company: str | None = None,
) -> list[float]:
    """Every path simple, valid on the graph, within bounds, and the list sorted. Returns the
    scores. `sources` and `target` are graph nodes; paths come in relmap ids. With `company`
    (a relmap id), `target` is the set of its current people: a path ends at one of them, then
    at the company by that person's WORKS_AT (no hop, no factor of the score)."""
    ends = set(target) if company is not None else {target}
    node_of = {v: k for k, v in ids.items()}
    order = []
    for path in paths:
        people, edges = path["nodes"], path["edges"]
        if company is not None:
            closing = edges[-1]
            assert people[-1]["id"] == company and closing["type"] == "WORKS_AT"
            assert (closing["source"], closing["target"]) == (people[-2]["id"], company)
            people, edges = people[:-1], edges[:-1]
        nodes = [node_of[n["id"]] for n in people]
        assert len(set(nodes)) == len(nodes), "not simple"
        assert nodes[0] in sources and nodes[-1] in ends
        assert not set(nodes[1:-1]) & (set(sources) | ends), "touches the ends inside"
        assert path["hops"] == len(nodes) - 1 == len(edges) <= max_hops
        product = 1.0
        for (u, v), edge in zip(itertools.pairwise(nodes), edges, strict=True):
            assert {node_of[edge["source"]], node_of[edge["target"]]} == {u, v}
            assert edge["strength"] == pytest.approx(graph[u][v]["strength"], abs=1e-12)
            product *= graph[u][v]["strength"]
        assert path["score"] == pytest.approx(product, rel=1e-9)
        weakest = min(graph[u][v]["strength"] for u, v in itertools.pairwise(nodes))
        assert path["weakest_link"]["strength"] == pytest.approx(weakest, abs=1e-12)
        if path["hops"] >= 2:
            assert path["introducer"]["id"] == ids[nodes[1]]
        else:
            assert path["introducer"] is None
        order.append((-path["score"], path["hops"]))
    for a, b in itertools.pairwise(order):
        assert a[0] <= b[0] + 1e-12 and (a[0] < b[0] - 1e-12 or a[1] <= b[1]), "not sorted"
    return [p["score"] for p in paths]


def same_scores(got: list[float], want: list[float]) -> None:
    assert len(got) == len(want), (got, want)
    for g, w in zip(got, want, strict=False):
        assert math.isclose(g, w, rel_tol=0, abs_tol=1e-9), (got, want)
