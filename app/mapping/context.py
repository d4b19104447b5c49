"""What every mapping feature reads with: the repository, the strength clock, and how stored
rows become the nodes and edges of an answer."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from app.common.kinds import Label, RelType
from app.config import Settings
from app.db.database import Database
from app.errors import NotFound
from app.graph.edge import Edge
from app.graph.strength import StrengthClock, strength_model
from app.mapping.repository import MappingRepository, Row
from app.mapping.schemas import Graph, GraphEdge, GraphNode, PathNode
from app.people.cards import PersonCard, card_or_stub
from app.relationships.repository import RelationshipRepository

E = TypeVar("E", bound=GraphEdge)


def graph_node(row: Row, depth: int | None = None) -> GraphNode:
    fields = {k: v for k, v in row.items() if v is not None}
    return GraphNode(**fields, depth=depth)


def path_node(row: Row, cards: dict[str, PersonCard]) -> PathNode:
    """A node of an intro path: a person's carries their card (from person_cards)."""
    fields = {k: v for k, v in row.items() if v is not None}
    card = card_or_stub(cards, row["id"]) if row["label"] == Label.PERSON else None
    return PathNode(**fields, person=card)


def _edge_fields(edge: Edge) -> dict[str, Any]:
    return {
        "id": edge.id,
        "type": RelType(edge.type),
        "source": edge.source,
        "target": edge.target,
        "strength": round(edge.strength, 12),
        "last_interaction_at": edge.row.get("last_interaction_at"),
    }


def graph_edge(edge: Edge, model: type[E] = GraphEdge) -> E:  # type: ignore[assignment]
    """The edge as an answer shows it (a GraphEdge, or a subclass of one such as IntroEdge)."""
    return model(**_edge_fields(edge))


def graph_of(nodes: Iterable[tuple[Row, int]], edges: Iterable[Edge], truncated: bool) -> Graph:
    """A Graph of (node row, depth) pairs and edges: graph_node's and graph_edge's models, but
    validated in one call (a neighborhood has hundreds of each, and one model at a time costs
    twice as much: bench/notes.md)."""
    return Graph.model_validate(
        {
            "nodes": [
                {**{k: v for k, v in row.items() if v is not None}, "depth": depth}
                for row, depth in nodes
            ],
            "edges": [_edge_fields(e) for e in edges],
            "truncated": truncated,
        }
    )


class MappingContext:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.repo = MappingRepository(db)
        self.ranking_threads = settings.relmap_ranking_threads
        self.clock = StrengthClock(strength_model(settings), RelationshipRepository(db))

    async def edge(self, row: Row, as_of: datetime | None = None) -> Edge:
        """A stored edge with its strength now, or as it was at `as_of`."""
        strength = await self.clock.at(row, as_of) if as_of else self.clock.current(row)
        return Edge.of(row, strength)

    async def edge_then(self, row: Row, as_of: datetime | None) -> Edge | None:
        """A stored edge as it was at `as_of` (default now): its strength, newest interaction
        and interaction count then; None when it did not exist yet then."""
        if as_of is None:
            return Edge.of(row, self.clock.current(row))
        state = await self.clock.state(row, as_of)
        if not state.existed:
            return None
        then = {
            **row,
            "last_interaction_at": state.last_interaction_at,
            "interaction_count": state.interaction_count,
        }
        return Edge.of(then, state.strength)

    def edge_at(self, row: Row, moment: float) -> Edge:
        """A stored edge with its strength at an epoch second (loops over many edges)."""
        return Edge.of(row, self.clock.at_epoch(row, moment))

    async def node(self, node_id: str, *labels: Label) -> Row:
        row = (await self.repo.nodes([node_id])).get(node_id)
        if row is None or row["label"] not in labels:
            kind = " or ".join(label.lower() for label in labels)
            raise NotFound(f"no {kind} with id {node_id}")
        return row
