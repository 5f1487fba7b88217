"""Council members in a real browser: the dashboard's accessible charts (participation over
time, by district / age band / channel, with cells under 5 people shown as "<5"), and an
export started, watched and downloaded. axe on both routes in ja and en."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from .conftest import api_sign_in, new_context, run_axe, screenshot, wait_until_settled


def test_council_dashboard_shows_charts_with_withheld_cells(browser: Browser, server: str) -> None:
    context = new_context(browser, server)
    try:
        api_sign_in(context, "council")
        page = context.new_page()
        page.goto("/council")
        wait_until_settled(page)
        expect(page.get_by_role("heading", name="参加の状況")).to_be_visible()
        # the demo city's plan (another test may have imported a larger consultation, which the
        # dashboard would show first)
        plan = "第3次みどり市総合計画 まちの未来ビジョン"
        page.locator("#council-process").select_option(label=plan)
        wait_until_settled(page)
        # Each chart is an image with a name and a text description, plus a data table.
        district = page.get_by_role("img", name="地区別の参加者数")
        expect(district).to_be_visible()
        description = page.evaluate(
            "id => document.getElementById(id).textContent",
            district.get_attribute("aria-describedby"),
        )
        assert "5 人未満" in description, description
        expect(district.locator("text", has_text="<5").first).to_be_attached()
        for name in ("日ごとの提案数", "年代別の参加者数", "受付方法別の参加者数"):
            expect(page.get_by_role("img", name=name)).to_be_visible()
        page.get_by_text("「地区別の参加者数」を表で見る").click()
        expect(
            page.locator("figure", has_text="地区別の参加者数").locator("abbr", has_text="<5").first
        ).to_be_visible()
        # every channel side by side: participants and proposals of each
        channels = page.get_by_role("table", name="受付経路別の参加者と提案", exact=False)
        expect(channels.locator("thead th")).to_have_text(
            [
                "オンライン",
                "紙（郵送・窓口）",
                "説明会・ワークショップ",
                "電話",
                "過去の意見募集から取り込み",
            ]
        )
        proposals = channels.locator("tbody tr").nth(1).locator("td")
        number = re.compile(r"^[1-9][\d,]*$")  # other tests may enter more meanwhile
        expect(proposals).to_have_text([number, number, number, number, "0"])
        screenshot(page, "council-dashboard-charts")
    finally:
        context.close()


def test_council_exports_a_summary_and_downloads_it(
    browser: Browser, server: str, voting_process: dict
) -> None:
    context = new_context(browser, server, accept_downloads=True)
    try:
        api_sign_in(context, "council")
        page = context.new_page()
        page.goto("/council")
        wait_until_settled(page)
        page.get_by_role("link", name="報告資料の出力").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("報告資料の出力")
        wait_until_settled(page)
        page.get_by_label("取り組み").select_option(str(voting_process["id"]))
        page.get_by_label(re.compile(r"共創の経過と結果（Markdown）")).check()
        page.get_by_role("group", name="日付の表記").get_by_label(re.compile("和暦")).check()
        page.get_by_role("button", name="作成を始める").click()
        link = page.get_by_role("link", name="共創の経過と結果（Markdown） をダウンロード")
        expect(link).to_be_visible(timeout=60_000)
        expect(page.get_by_role("status").filter(has_text="資料ができました")).to_be_visible()
        screenshot(page, "council-export-ready")
        with page.expect_download() as info:
            link.click()
        download = info.value
        assert download.suggested_filename.endswith(".md")
        text = Path(download.path()).read_text(encoding="utf-8")
        assert text.startswith("#") and len(text) > 200
        assert re.search(r"作成日時：令和(元|\d+)年\d+月\d+日 \d+時\d{2}分", text)
        # The finished export is listed with its file.
        expect(page.locator("table").get_by_role("link", name=re.compile(r"\.md"))).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_council_routes_have_no_axe_violations(
    browser: Browser, server: str, language: str
) -> None:
    context = new_context(browser, server, language)
    try:
        api_sign_in(context, "council")
        page = context.new_page()
        for name, path in (
            ("council-dashboard", "/council"),
            ("council-exports", "/council/exports"),
        ):
            page.goto(path)
            wait_until_settled(page)
            assert page.evaluate("document.documentElement.lang") == language
            assert page.locator("h1").count() == 1
            screenshot(page, f"{name}-{language}")
            violations = run_axe(page)
            assert violations == [], f"{name}: " + "\n".join(
                f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations
            )
    finally:
        context.close()
