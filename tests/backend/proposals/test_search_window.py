"""A search page is looked for among the next proposals first and then with the whole table:
every page, in either order, is what one search over all the proposals gives, whether the
matches are among the newest, only far back, or both (``SEARCH_WINDOW_PAGES``); and the count
agrees. A word of two characters is matched as written over the table, one of three or more
with ``LIKE`` (``search.by_pattern``): both are searched for."""

from __future__ import annotations

from typing import Any

import pytest

from backend.core.database import Database
from backend.proposals.models import Proposal
from backend.proposals.reads import SEARCH_WINDOW_PAGES
from backend.proposals.search import search_document
from support import Api

PAGE = 2
WINDOW = (PAGE + 1) * SEARCH_WINDOW_PAGES  # the rows the first look covers


async def _add_proposals(database: Database, process_id: int, matching: set[int]) -> None:
    """WINDOW + 10 proposals, oldest first; those numbered in ``matching`` are about buses.
    Agreement counts are shuffled (i × 7 mod n) so that the two orders differ."""
    count = WINDOW + 10
    async with database.session(write=True) as session:
        for i in range(count):
            title = f"提案{i} " + ("路線バスの本数" if i in matching else "公園の遊具")
            session.add(
                Proposal(
                    process_id=process_id,
                    title=title,
                    body="本文",
                    content_hash=f"{i:064d}",
                    search_text=search_document(title, "本文", []),
                    agree_count=i * 7 % count,
                )
            )
            await session.flush()  # ids in insertion order: the newest has the highest id


async def _walk(api: Api, process_id: int, sort: str, word: str) -> list[str]:
    """The titles of every page of a search for ``word``, following the cursors."""
    titles: list[str] = []
    params: dict[str, Any] = {"q": word, "limit": PAGE, "sort": sort}
    for _ in range(WINDOW):
        response = await api.get(f"/api/v1/processes/{process_id}/proposals", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) == PAGE or page["next_cursor"] is None
        titles += [p["title"] for p in page["items"]]
        if page["next_cursor"] is None:
            return titles
        params["cursor"] = page["next_cursor"]
    raise AssertionError("the cursors never ended")


@pytest.mark.parametrize("word", ["バス", "路線バス"])
@pytest.mark.parametrize("sort", ["newest", "most_agreed"])
@pytest.mark.parametrize(
    "where",
    [
        "newest and far back",  # the first page from the window, later ones from the table
        "only far back",  # nothing in the window: every page from the table
        "everywhere",  # every page but the last from the window
    ],
)
async def test_every_page_of_a_search_is_the_search_over_all_proposals(
    resident: Api, database: Database, process_id: int, sort: str, where: str, word: str
) -> None:
    newest = WINDOW + 9
    matching = {
        "newest and far back": {0, 1, 2, newest - 2, newest - 1, newest},
        "only far back": {0, 1, 2},
        "everywhere": set(range(0, newest + 1, 3)),
    }[where]
    await _add_proposals(database, process_id, matching)
    count = WINDOW + 10

    def rank(i: int) -> tuple[int, int]:
        return (-i, 0) if sort == "newest" else (-(i * 7 % count), -i)

    expected = [f"提案{i} 路線バスの本数" for i in sorted(matching, key=rank)]
    assert await _walk(resident, process_id, sort, word) == expected
    counted = await resident.get(
        f"/api/v1/processes/{process_id}/proposals/count", params={"q": word}
    )
    assert counted.json()["count"] == len(expected)
