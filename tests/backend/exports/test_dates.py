"""Dates as the council document prints them: Japan time, Japanese style, 西暦 or 和暦."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backend.exports.dates import japanese_date, japanese_datetime


def test_a_stored_utc_moment_is_printed_in_japan_time() -> None:
    moment = datetime(2026, 12, 6, 13, 30, tzinfo=UTC)
    assert japanese_datetime(moment) == "2026年12月6日 22時30分"
    assert japanese_datetime(datetime(2026, 12, 31, 15, 5, tzinfo=UTC)) == "2027年1月1日 0時05分"


def test_the_japanese_era_counts_from_the_day_it_began() -> None:
    moment = datetime(2026, 12, 6, 13, 30, tzinfo=UTC)
    assert japanese_datetime(moment, "japanese") == "令和8年12月6日 22時30分"


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
    ],
)
def test_era_boundaries_and_the_first_year_written_gannen(day: date, shown: str) -> None:
    assert japanese_date(day, "japanese") == shown
    assert japanese_date(day) == f"{day.year}年{day.month}月{day.day}日"


def test_no_date_is_a_dash() -> None:
    assert japanese_date(None) == "—"
    assert japanese_datetime(None, "japanese") == "—"
