"""Small breakdown cells: a row of fewer than five people shows "<5", and enough other rows are
hidden that it cannot be worked out from the total."""

from __future__ import annotations

from backend.core.privacy import CountRow, suppress_small_cells


def test_one_small_row_hides_another_so_the_total_does_not_reveal_it() -> None:
    rows = suppress_small_cells(
        [
            CountRow("a", 20, [7]),
            CountRow("b", 3, [1]),
            CountRow("c", 9, [2]),
            CountRow("d", 0, [0]),
        ]
    )
    assert [(r.label, r.people, r.counts) for r in rows] == [
        ("a", "20", ["7"]),
        ("b", "<5", ["X"]),
        ("c", "X", ["X"]),
        ("d", "0", ["0"]),
    ]


def test_two_small_rows_that_sum_below_five_hide_a_third() -> None:
    rows = suppress_small_cells(
        [CountRow("a", 2, []), CountRow("b", 1, []), CountRow("c", 30, []), CountRow("d", 12, [])]
    )
    assert [r.people for r in rows] == ["<5", "<5", "30", "X"]


def test_nothing_is_hidden_when_every_row_has_five_or_more() -> None:
    rows = suppress_small_cells([CountRow("a", 5, [1]), CountRow("b", 6, [2])])
    assert [r.people for r in rows] == ["5", "6"] and not any(r.hidden for r in rows)
