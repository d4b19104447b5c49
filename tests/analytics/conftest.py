"""Each analytics test starts with an empty analytics cache.

The session's app outlives the per-test wipe of the database, which goes around the API (so the
write counter does not see it) and often leaves the same counts behind (the same network loaded
again): without this reset a test could be served the previous test's projection.
"""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI


@pytest.fixture(autouse=True)
def fresh_analytics(app: FastAPI) -> Iterator[None]:
    app.state.analytics_engine = None
    yield
    app.state.analytics_engine = None
