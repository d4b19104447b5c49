"""Relationship mapping: neighborhoods, shortest paths, warm intros and account maps.

One module per feature (neighborhood.py, paths.py, intros.py, account_map.py) over one
context (context.py: the repository, the strength clock, answer nodes and edges). The graph is
never walked in Cypher beyond one hop: each step fetches the edges of a frontier (bounded
statements, row caps in limits.py, the transaction timeout); the exact searches of
app/graph/search.py run on what was fetched.
"""

from datetime import datetime

from app.common.kinds import Label, RelType
from app.config import Settings
from app.db.database import Database
from app.graph.ball import TeamBallCache
from app.mapping import account_map, neighborhood, paths
from app.mapping.context import MappingContext
from app.mapping.intros import IntroSearch
from app.mapping.schemas import AccountMap, Graph, IntroAnswer, IntroRequest, ShortestPath


class MappingService:
    def __init__(
        self, db: Database, settings: Settings, balls: TeamBallCache | None = None
    ) -> None:
        self.ctx = MappingContext(db, settings)
        self.search = IntroSearch(self.ctx, balls)

    async def neighborhood(
        self,
        root_id: str,
        label: Label,
        *,
        depth: int,
        types: list[RelType] | None,
        min_strength: float,
        limit: int,
        as_of: datetime | None,
    ) -> Graph:
        return await neighborhood.neighborhood(
            self.ctx,
            root_id,
            label,
            depth=depth,
            types=types,
            min_strength=min_strength,
            limit=limit,
            as_of=as_of,
        )

    async def shortest(
        self,
        from_id: str,
        to_id: str,
        *,
        max_hops: int,
        types: list[RelType] | None,
        min_strength: float,
        as_of: datetime | None,
    ) -> ShortestPath:
        return await paths.shortest(
            self.ctx,
            from_id,
            to_id,
            max_hops=max_hops,
            types=types,
            min_strength=min_strength,
            as_of=as_of,
        )

    async def intros(self, body: IntroRequest) -> IntroAnswer:
        return await self.search.intros(body)

    async def account_map(self, company_id: str) -> AccountMap:
        return await account_map.account_map(self.search, company_id)
