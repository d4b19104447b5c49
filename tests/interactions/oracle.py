"""An independent re-statement of the strength model of docs/strength.md, for the tests.

It sums every interaction's decayed contribution directly (no stored mass, no incremental
updates), so it agrees with the service only if the service's bookkeeping is exact.
"""

import math
from datetime import datetime

from app.config import DEFAULT_KIND_HALF_LIVES_DAYS, DEFAULT_KIND_WEIGHTS

Touch = tuple[str, datetime, int, float | None]  # kind, occurred_at, participants, sentiment


def strength(
    touches: list[Touch],
    at: datetime,
    base: float = 0.0,
    weights: dict[str, float] = DEFAULT_KIND_WEIGHTS,
    half_lives_days: dict[str, float] = DEFAULT_KIND_HALF_LIVES_DAYS,
) -> float:
    total = 0.0
    for kind, when, participants, sentiment in touches:
        if when > at:
            continue
        age_days = (at - when).total_seconds() / 86_400
        share = weights[kind] / (participants - 1) * (1 + 0.25 * (sentiment or 0.0))
        total += share * 0.5 ** (age_days / half_lives_days[kind])
    return 1 - (1 - base) * math.exp(-total)
