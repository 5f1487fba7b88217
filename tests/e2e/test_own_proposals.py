"""A resident edits and withdraws their own proposal, with a spoken confirmation after each;
signed out, the proposal page offers a sign-in link that comes back to it."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed")

from playwright.sync_api import BrowserContext, Page, expect

from .conftest import (
    ACCOUNTS,
    api_sign_in,
    csrf_token,
    new_context,
    run_axe,
    screenshot,
    wait_until_settled,
)


def _post_own_proposal(context: BrowserContext, process_id: int) -> dict[str, Any]:
    api_sign_in(context, "resident")
    response = context.request.post(
        f"/api/v1/processes/{process_id}/proposals",
        data={
            "title": f"公民館の開館時間を延ばしてほしい {time.time_ns()}",
            "body": "仕事帰りに使えるよう、平日は夜9時まで開けてください。",
            "district_code": "chuo",
        },
        headers={"X-CSRFToken": csrf_token(context)},
    )
    assert response.ok, response.text()
    return dict(response.json())


def test_the_author_edits_their_proposal_and_hears_it_was_saved(
    page: Page, context: BrowserContext, ideas_process: dict
) -> None:
    proposal = _post_own_proposal(context, ideas_process["id"])
    page.goto(f"/proposals/{proposal['id']}")
    wait_until_settled(page)
    own = page.get_by_role("region", name="あなたの提案")
    own.get_by_role("link", name="提案を直す").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("提案を直す")
    title = page.get_by_label("タイトル")
    expect(title).to_have_value(proposal["title"])
    new_title = f"公民館を平日夜9時まで開けてほしい {time.time_ns()}"
    title.fill(new_title)
    screenshot(page, "own-proposal-edit")
    page.get_by_role("button", name="直した内容を保存する").click()

    expect(page).to_have_url(re.compile(rf"/proposals/{proposal['id']}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(new_title)
    expect(page.get_by_role("status").filter(has_text="提案を直しました。")).to_be_visible()
    screenshot(page, "own-proposal-edited")


def test_the_author_withdraws_with_a_reason_that_staff_then_read(
    page: Page, context: BrowserContext, browser, server: str, ideas_process: dict
) -> None:
    proposal = _post_own_proposal(context, ideas_process["id"])
    page.goto(f"/proposals/{proposal['id']}")
    wait_until_settled(page)
    opener = page.get_by_role("button", name="提案を取り下げる")
    opener.click()
    dialog = page.get_by_role("dialog", name="この提案を取り下げますか？")
    expect(dialog).to_be_visible()
    # no reason: nothing is sent and the field says what is missing
    dialog.get_by_role("button", name="取り下げる", exact=True).click()
    reason = dialog.get_by_label("取り下げる理由")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_be_focused()
    reason.fill("同じ内容の提案がすでにあったため")
    assert run_axe(page) == []
    screenshot(page, "own-proposal-withdraw-dialog")
    dialog.get_by_role("button", name="取り下げる", exact=True).click()

    expect(dialog).to_be_hidden()
    expect(page.get_by_role("status").filter(has_text="提案を取り下げました。")).to_be_visible()
    expect(page.get_by_text("この提案は取り下げられました。")).to_be_visible()
    expect(page.get_by_text("理由: 同じ内容の提案がすでにあったため")).to_be_visible()
    expect(page.get_by_role("button", name="提案を取り下げる")).to_have_count(0)
    screenshot(page, "own-proposal-withdrawn")

    staff = new_context(browser, server)
    try:
        api_sign_in(staff, "planner")
        staff_page = staff.new_page()
        staff_page.goto(f"/proposals/{proposal['id']}")
        wait_until_settled(staff_page)
        expect(staff_page.get_by_text("理由: 同じ内容の提案がすでにあったため")).to_be_visible()
    finally:
        staff.close()


def test_signed_out_the_page_links_to_sign_in_and_back(page: Page, voting_process: dict) -> None:
    page.goto(f"/processes/{voting_process['id']}")
    wait_until_settled(page)
    page.locator(".card a").first.click()
    wait_until_settled(page)
    proposal_url = page.url
    page.get_by_role("link", name="ログインしてコメントする").wait_for()
    page.get_by_role("link", name="ログインして投票する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ログイン")
    email, password = ACCOUNTS["resident"]
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログインする").click()
    expect(page).to_have_url(proposal_url)
    expect(page.get_by_role("button", name=re.compile("賛成"))).to_be_enabled()
