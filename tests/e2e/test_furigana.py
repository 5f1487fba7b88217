"""ふりがな view and search by reading, as a resident uses them in the browser."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from typing import Any

from playwright.sync_api import Page, expect

from .conftest import screenshot, wait_until_settled

HIRAGANA = re.compile(r"^[\u3041-\u309f・ー]+$")


def _get(server: str, path: str, **query: Any) -> Any:
    url = f"{server}{path}?{urllib.parse.urlencode(query)}" if query else f"{server}{path}"
    with urllib.request.urlopen(url) as response:
        return json.load(response)


def test_searching_in_hiragana_finds_katakana_and_the_count_follows(
    page: Page, server: str, processes: list[dict[str, Any]]
) -> None:
    process = next(
        p
        for p in processes
        if _get(server, f"/api/v1/processes/{p['id']}/proposals/count", q="ばす")["count"] > 0
    )
    found = _get(server, f"/api/v1/processes/{process['id']}/proposals/count", q="ばす")["count"]
    # now, not when the session's fixture was read: other tests post proposals meanwhile
    total = _get(server, f"/api/v1/processes/{process['id']}")["proposal_count"]
    page.goto(f"/processes/{process['id']}")
    wait_until_settled(page)
    page.get_by_label("キーワード").fill("ばす")
    page.get_by_role("button", name="この条件で表示").click()
    wait_until_settled(page)
    cards = page.locator(".proposal-card")
    expect(cards.first).to_contain_text("バス")
    heading = page.locator("#proposals-title")
    expect(heading).to_contain_text(f"（{found}件 / 全{total}件）")
    assert found < total
    screenshot(page, "search-by-reading-ja")


def test_the_ruby_view_shows_readings_over_a_proposals_kanji(
    page: Page, server: str, ideas_process: dict
) -> None:
    proposal = next(
        p
        for p in _get(server, f"/api/v1/processes/{ideas_process['id']}/proposals", limit=50)[
            "items"
        ]
        if re.search(r"[\u4e00-\u9fff]", p["title"])
    )
    page.goto(f"/proposals/{proposal['id']}")
    wait_until_settled(page)
    toggle = page.get_by_role("button", name="ふりがな")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert page.locator("ruby").count() == 0  # off by default

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    readings = page.locator("h1 ruby rt")
    expect(readings.first).to_be_visible()
    assert all(HIRAGANA.match(r) for r in readings.all_inner_texts()), readings.all_inner_texts()
    expect(page.locator(".proposal__body ruby").first).to_be_visible()
    # screen readers get the title once, without the readings
    expect(page.get_by_role("heading", level=1, name=proposal["title"], exact=True)).to_be_visible()
    screenshot(page, "proposal-furigana-ja")

    page.goto(f"/processes/{ideas_process['id']}")  # remembered; list and headings too
    wait_until_settled(page)
    expect(page.locator(".proposal-card ruby rt").first).to_be_visible()
    expect(page.locator("#now-title")).to_have_text(re.compile(r"^いま\s*できること$"))
    expect(page.locator("h1 ruby").first).to_be_visible()
    screenshot(page, "process-furigana-ja")

    page.get_by_role("button", name="ふりがな").click()
    expect(page.locator("ruby")).to_have_count(0)
    expect(page.locator("#now-title")).to_have_text("いまできること")
