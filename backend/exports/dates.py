"""Dates as a Japanese council document prints them: Japan time, 「2026年12月6日 22時30分」,
or with the Japanese era (和暦) 「令和8年12月6日」, the first year written 「令和元年」.

Why japanera: it keeps the table of eras with the day each began (令和 from 2019-05-01,
平成 from 1989-01-08), maintained as eras change; Python's standard library has none.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Literal

from japanera import EraDate

JST = timezone(timedelta(hours=9), "JST")  # Japan has no daylight saving time
EraStyle = Literal["western", "japanese"]  # 西暦 | 和暦
NO_DATE = "—"


def year_label(day: date, era: EraStyle = "western") -> str:
    """「2026年」 or 「令和8年」 / 「令和元年」."""
    if era == "western":
        return f"{day.year}年"
    dated = EraDate.from_date(day)
    year = dated.era.calc_relative_year(day)
    return f"{dated.era.kanji}{'元' if year == 1 else year}年"


def japanese_date(day: date | None, era: EraStyle = "western") -> str:
    """「2026年12月6日」 / 「令和8年12月6日」; 「—」 for no date."""
    if day is None:
        return NO_DATE
    if isinstance(day, datetime):
        day = day.astimezone(JST).date()
    return f"{year_label(day, era)}{day.month}月{day.day}日"


def japanese_datetime(moment: datetime | None, era: EraStyle = "western") -> str:
    """A stored (UTC) moment in Japan time: 「2026年12月6日 22時30分」."""
    if moment is None:
        return NO_DATE
    local = moment.astimezone(JST)
    return f"{japanese_date(local.date(), era)} {local.hour}時{local.minute:02d}分"
