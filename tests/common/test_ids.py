"""new_ids / uuid_texts: the text uuid.UUID writes for the same 16 bytes as a version 4 id."""

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.common.ids import new_ids, uuid_texts


@given(st.lists(st.binary(min_size=16, max_size=16), max_size=40))
def test_each_id_is_what_uuid_writes_for_its_bytes(chunks: list[bytes]) -> None:
    expected = [str(uuid.UUID(bytes=c, version=4)) for c in chunks]
    assert uuid_texts(b"".join(chunks)) == expected


@given(st.binary(min_size=1, max_size=15), st.integers(min_value=0, max_value=3))
def test_bytes_that_are_not_whole_ids_are_refused(tail: bytes, whole: int) -> None:
    with pytest.raises(ValueError):
        uuid_texts(bytes(16 * whole) + tail)


def test_new_ids_are_distinct_version_4_uuids() -> None:
    ids = new_ids(5_000)
    assert len(set(ids)) == 5_000
    parsed = [uuid.UUID(x) for x in ids]
    assert {u.version for u in parsed} == {4}
    assert {u.variant for u in parsed} == {uuid.RFC_4122}
    assert [str(u) for u in parsed] == ids
