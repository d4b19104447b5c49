"""Where a feed reader continues (app/changes/service.py next_position), without Neo4j."""

from app.changes.repository import END, Position
from app.changes.service import next_position


def row(seq: int, idx: int) -> dict[str, object]:
    return {"seq": seq, "idx": idx}


def test_a_full_page_continues_after_its_last_row() -> None:
    rows = [row(5, 0), row(6, 0), row(7, 1)]
    assert next_position(Position(4, END), 9, rows, 3) == Position(7, 1)


def test_the_changes_at_top_are_read_again_when_none_was_seen() -> None:
    """A reader can see the version at top before that transaction's Change nodes: it must
    not jump past top, or a change committed at top is never delivered."""
    assert next_position(Position(4, END), 9, [], 10) == Position(8, END)
    assert next_position(Position(4, END), 9, [row(6, 0)], 10) == Position(8, END)


def test_a_row_seen_at_top_is_not_read_twice() -> None:
    assert next_position(Position(4, END), 9, [row(9, 0)], 10) == Position(9, 0)


def test_a_reader_never_goes_back() -> None:
    assert next_position(Position(9, END), 9, [], 10) == Position(9, END)
    assert next_position(Position(9, 2), 9, [], 10) == Position(9, 2)
