"""Property-based tests of json_problem (app/common/schemas.py), no database: every request
body and every imported row goes through it, first through a quick check (_fine) that builds
no paths, then, only when that finds something, through the walk that names the first problem.

The oracle is the rule in json_problem's docstring, recomputed here recursively from scratch:
a value is fine when no container is nested deeper than max_depth (the top container is at
depth 1), no number (key or value) is NaN or infinite and no text (key or value) holds a lone
surrogate. The quick check must agree with it, and json_problem must answer exactly what the
walk alone answers: the same first problem, at the same path.
"""

import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.common.schemas import _walk, json_problem

FAST = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

texts = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=6)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | texts
keys = texts | st.floats(allow_nan=True)
trees = st.recursive(
    scalars,
    lambda kids: (
        st.lists(kids, max_size=4)
        | st.lists(kids, max_size=3).map(tuple)
        | st.dictionaries(keys, kids, max_size=4)
    ),
    max_leaves=24,
)
depths = st.none() | st.integers(min_value=0, max_value=6)


def bad_scalar(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    return False


def fine(value: Any, max_depth: int | None, depth: int = 0) -> bool:
    if isinstance(value, dict | list | tuple):
        depth += 1
        if max_depth is not None and depth > max_depth:
            return False
        children = list(value.values()) if isinstance(value, dict) else list(value)
        if isinstance(value, dict) and any(bad_scalar(k) for k in value):
            return False
        return all(fine(child, max_depth, depth) for child in children)
    return not bad_scalar(value)


def walked(value: Any, max_depth: int | None) -> tuple[list[str | int], str] | None:
    """The first problem as the walk alone finds it (json_problem before its quick check)."""
    for path, node, depth in _walk(value):
        if max_depth is not None and depth > max_depth:
            return path, f"JSON nested deeper than {max_depth} levels"
        if isinstance(node, float) and not math.isfinite(node):
            return path, "numbers must be finite (no NaN or Infinity)"
        if isinstance(node, str) and bad_scalar(node):
            return path, "text must be valid Unicode (a lone surrogate is not)"
    return None


@FAST
@given(trees, depths)
def test_json_problem_is_the_walks_answer(value: Any, max_depth: int | None) -> None:
    found = json_problem(value, max_depth)
    assert (found is None) == fine(value, max_depth)
    assert found == walked(value, max_depth)


def test_deep_nesting_is_checked_without_recursion() -> None:
    deep: Any = "x"
    for _ in range(100_000):
        deep = [deep]
    assert json_problem(deep) is None
    found = json_problem(deep, 16)
    assert found is not None and found[1] == "JSON nested deeper than 16 levels"
    assert found[0] == [0] * 16
