"""Planner moderation and proxy entry, and the admin's users screen, in a real browser."""

from __future__ import annotations

import json
import re
import time
import urllib.request

import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed")

from playwright.sync_api import Browser, Page, expect

from .conftest import api_sign_in, csrf_token, new_context, screenshot, wait_until_settled


def _report_a_proposal(browser: Browser, server: str, proposal_id: int) -> None:
    context = new_context(browser, server)
    try:
        api_sign_in(context, "resident")
        response = context.request.post(
            f"/api/v1/proposals/{proposal_id}/reports",
            data={"reason": "personal_info", "note": "電話番号が書かれています"},
            headers={"X-CSRFToken": csrf_token(context)},
        )
        assert response.status in (201, 409), response.text()
    finally:
        context.close()


def test_planner_hides_a_reported_proposal_with_a_reason(
    browser: Browser, server: str, voting_process: dict
) -> None:
    url = f"{server}/api/v1/processes/{voting_process['id']}/proposals?limit=1"
    with urllib.request.urlopen(url) as response:
        proposal = json.load(response)["items"][0]
    _report_a_proposal(browser, server, proposal["id"])

    context = new_context(browser, server)
    try:
        api_sign_in(context, "planner")
        page = context.new_page()
        page.goto("/planner")
        wait_until_settled(page)
        expect(page.get_by_role("link", name="通報の確認").first).to_be_visible()
        screenshot(page, "planner-dashboard")
        page.get_by_role("navigation").get_by_role("link", name="通報の確認").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("通報の確認")
        wait_until_settled(page)

        item = page.locator("li.card").filter(has_text=proposal["title"][:20]).first
        expect(item).to_be_visible()
        # Hiding needs a reason; without one the field says so.
        item.get_by_role("button", name="非表示にする").click()
        expect(item.get_by_text("非表示・再表示の理由を入力してください。")).to_be_visible()
        item.get_by_label("非表示・再表示の理由").fill("個人の電話番号が含まれているため")
        item.get_by_role("button", name="非表示にする").click()
        expect(page.get_by_role("status").filter(has_text="非表示にしました。")).to_be_visible()
        screenshot(page, "planner-moderation")

        api = context.request.get(f"/api/v1/proposals/{proposal['id']}").json()
        assert api["status"] == "hidden"
        assert api["status_reason"] == "個人の電話番号が含まれているため"
    finally:
        context.close()


def test_planner_enters_a_paper_submission(page: Page, context, ideas_process: dict) -> None:
    api_sign_in(context, "planner")
    page.goto("/planner/proxy")
    wait_until_settled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("代理入力（紙・説明会・電話）")
    page.get_by_label("取り組み").select_option(str(ideas_process["id"]))
    page.get_by_label("紙（郵送・窓口）").check()
    page.get_by_label("提出者のお名前（任意）").fill("山田 花子")
    page.get_by_label("提出者の年代（任意）").select_option("70_plus")
    title = f"バス停にベンチを（はがき） {int(time.time())}"
    page.get_by_label("タイトル").fill(title)
    page.get_by_label("提案の内容").fill("足が悪いので、バスを待つ間に座れるベンチがほしいです。")
    page.get_by_label("関係する地区").select_option("kita")
    page.get_by_role("button", name="登録する").click()
    expect(
        page.get_by_role("status").filter(has_text=f"「{title}」を登録しました。")
    ).to_be_visible()
    expect(
        page.get_by_role("status").filter(
            has_text=re.compile(r"受付番号 P\d+-\d{4}-\d{5} で登録しました")
        )
    ).to_be_visible()
    screenshot(page, "planner-proxy-entry-done")

    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text("紙（郵送・窓口）で受け付け、職員が代理入力しました。")).to_be_visible()
    expect(page.get_by_text("提出: 山田 花子")).to_be_visible()


def test_admin_changes_a_role_and_it_is_audited(page: Page, context) -> None:
    api_sign_in(context, "admin")
    page.goto("/admin/users")
    wait_until_settled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("利用者と権限")
    page.get_by_label("権限で絞り込む").select_option("resident")
    wait_until_settled(page)
    row = page.locator("tbody tr").filter(has_text="@example.jp").first
    expect(row).to_be_visible()
    name = row.locator("th").inner_text().strip()
    row.get_by_label(re.compile("の権限$")).select_option("council")
    row.get_by_role("button", name=re.compile("の変更を保存$")).click()
    expect(
        page.get_by_role("status").filter(has_text=f"{name} さんの設定を保存しました。")
    ).to_be_visible()
    screenshot(page, "admin-users-changed")

    page.get_by_role("link", name="操作記録").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("操作記録")
    wait_until_settled(page)
    expect(page.locator("tbody tr").first).to_contain_text("利用者の役割を変更")
    expect(page.locator("tbody tr").first).to_contain_text("役割：住民 → 議員")
    screenshot(page, "admin-audit-log")


def test_navigation_shows_only_what_the_role_may_use(page: Page, context) -> None:
    api_sign_in(context, "council")
    page.goto("/")
    wait_until_settled(page)
    nav = page.get_by_role("navigation", name="メインメニュー")
    expect(nav.get_by_role("link", name="議員ダッシュボード")).to_be_visible()
    expect(nav.get_by_role("link", name="通報の確認")).to_have_count(0)
    expect(nav.get_by_role("link", name="利用者と権限")).to_have_count(0)
    nav.get_by_role("link", name="議員ダッシュボード").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("議員ダッシュボード")
    wait_until_settled(page)
    screenshot(page, "council-dashboard")
