"""app/common/order.py: a stored order key sorts as its (sort key, id) pair, so a page that
starts after one key starts after that pair (hypothesis; no database)."""

import string

from hypothesis import given
from hypothesis import strategies as st

from app.common.order import bounds, order_key
from app.common.sorting import SortedPage

IDS = st.text(alphabet=string.hexdigits.lower() + "-", min_size=1, max_size=8)
NAMES = st.text(alphabet=st.sampled_from(["\0", "\1", "a", "b", "B", "é", "\uffff"]), max_size=6)
MICROS = st.integers(min_value=0, max_value=10**19 - 1)


@given(st.lists(st.tuples(NAMES, IDS), max_size=30))
def test_a_name_key_sorts_as_its_name_then_its_id(rows: list[tuple[str, str]]) -> None:
    by_key = sorted(rows, key=lambda r: order_key("name", r[0], r[1]))
    assert by_key == sorted(rows)


@given(st.lists(st.tuples(MICROS, IDS), max_size=30))
def test_a_timestamp_key_sorts_as_its_moment_then_its_id(rows: list[tuple[int, str]]) -> None:
    by_key = sorted(rows, key=lambda r: order_key("updated_at", r[0], r[1]))
    assert by_key == sorted(rows)


@given(st.sampled_from(["name", "created_at", "updated_at"]), st.booleans(), st.data())
def test_a_page_s_bounds_hold_exactly_the_rows_after_its_cursor(
    by: str, desc: bool, data: st.DataObject
) -> None:
    keys = NAMES if by == "name" else MICROS
    rows = data.draw(st.lists(st.tuples(keys, IDS), min_size=1, max_size=20, unique=True))
    last = data.draw(st.sampled_from(rows))
    for page in (SortedPage(by, desc), SortedPage(by, desc, last[0], last[1])):
        lo, hi = bounds(page)
        inside = {r for r in rows if lo < order_key(by, r[0], r[1]) < hi}
        if page.id is None:
            assert inside == set(rows)
        else:
            assert inside == {r for r in rows if (r < last if desc else r > last)}
