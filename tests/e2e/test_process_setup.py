"""A planner sets up a consultation through the 「プロセス」 screen: a process with two phases
and their dates (a date typed the wrong way round is caught at its field), residents see it on
the home page, and archiving it takes it off again."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed")

from playwright.sync_api import Browser, Page, expect

from .conftest import api_sign_in, new_context, run_axe, screenshot, wait_until_settled


def test_a_planner_creates_a_process_with_two_phases_and_residents_see_it(
    browser: Browser, server: str, page: Page, context
) -> None:
    title = f"公園の未来を考える {int(time.time())}"
    api_sign_in(context, "planner")
    page.goto("/planner")
    wait_until_settled(page)
    nav = page.get_by_role("navigation", name="メインメニュー")
    nav.get_by_role("link", name="プロセス", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("プロセス")
    page.get_by_role("link", name="新しいプロセスを作る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("新しいプロセス")

    page.get_by_label("URL用の名前（英字）").fill(f"parks-{int(time.time())}")
    page.get_by_label("タイトル（日本語）").fill(title)
    page.get_by_label("タイトル（英語）").fill("The future of our parks")
    page.get_by_label("説明（日本語）").fill("公園の使い方について、みなさんの意見を募集します。")
    page.get_by_label("電話", exact=True).uncheck()
    page.get_by_label("意見募集の開始日").fill("2027-01-10")
    page.get_by_label("意見募集の終了日").fill("2027-02-10")
    page.get_by_role("button", name="段階を追加する").click()
    expect(page.get_by_label("段階 2")).to_be_focused()
    expect(page.get_by_label("段階 2")).to_have_value("voting")
    page.get_by_label("投票の開始日").fill("2027-03-01")
    page.get_by_label("投票の終了日").fill("2027-02-11")  # before its start: refused
    assert run_axe(page) == []
    page.get_by_role("button", name="プロセスを作成する").click()
    expect(page.get_by_text("終了日が開始日より前になっています。")).to_be_visible()
    expect(page.get_by_label("投票の終了日")).to_be_focused()
    expect(page.get_by_label("投票の終了日")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("投票の開始日").fill("2027-02-11")
    page.get_by_label("投票の終了日").fill("2027-03-01")
    page.get_by_role("button", name="プロセスを作成する").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("プロセス")
    expect(
        page.get_by_role("status").filter(has_text=f"プロセス「{title}」を作成しました。")
    ).to_be_visible()
    row = page.get_by_role("row").filter(has_text=title)
    expect(row).to_contain_text("意見募集")
    expect(row).to_contain_text("オンライン、紙（郵送・窓口）、説明会・ワークショップ")
    wait_until_settled(page)
    assert run_axe(page) == []
    screenshot(page, "planner-processes")

    resident = new_context(browser, server)
    try:
        api_sign_in(resident, "resident")
        home = resident.new_page()
        home.goto("/")
        wait_until_settled(home)
        expect(home.get_by_role("link", name=title)).to_be_visible()
        home.get_by_role("link", name=title).click()
        expect(home.get_by_role("heading", level=1)).to_have_text(title)

        # the planner archives it again (the demo server is shared): residents no longer see it
        row.get_by_role("button", name=f"「{title}」をアーカイブする").click()
        dialog = page.get_by_role("dialog")
        expect(dialog.get_by_role("heading")).to_have_text(f"「{title}」をアーカイブしますか？")
        dialog.get_by_role("button", name="アーカイブする").click()
        expect(
            page.get_by_role("status").filter(has_text=f"「{title}」をアーカイブしました。")
        ).to_be_visible()
        expect(row).to_contain_text("アーカイブ済み")
        home.goto("/")
        wait_until_settled(home)
        expect(home.get_by_role("link", name=title)).to_have_count(0)
    finally:
        resident.close()


def test_a_planner_adds_a_district_and_is_offered_a_merge_for_one_in_use(
    page: Page, context
) -> None:
    code = f"e2e-{int(time.time())}"
    api_sign_in(context, "planner")
    page.goto("/planner/districts")
    wait_until_settled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("地区")
    page.get_by_role("button", name="地区を追加する").click()
    expect(page.get_by_label("地区コード")).to_be_focused()
    expect(page.get_by_text("地区名（日本語）を入力してください。")).to_be_visible()
    page.get_by_label("地区コード").fill(code)
    page.get_by_label("地区名（日本語）").fill("検査地区")
    page.get_by_label("地区名（英語）").fill("Test district")
    page.get_by_role("button", name="地区を追加する").click()
    expect(
        page.get_by_role("status").filter(has_text="地区「検査地区」を追加しました。")
    ).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=code)).to_be_visible()

    # 中央 is named by the demo's proposals and accounts: deleting it offers a merge instead
    page.get_by_role("button", name="「中央地区」を削除する").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="削除する").click()
    expect(dialog.get_by_role("heading")).to_have_text("地区「中央地区」を統合しますか？")
    expect(dialog).to_contain_text("使われているため、削除できません")
    expect(dialog.get_by_label("統合先の地区")).to_be_focused()
    assert run_axe(page) == []
    dialog.get_by_role("button", name="やめる").click()
    expect(dialog).to_be_hidden()

    page.get_by_role("button", name="「検査地区」を削除する").click()
    page.get_by_role("dialog").get_by_role("button", name="削除する").click()
    expect(
        page.get_by_role("status").filter(has_text="地区「検査地区」を削除しました。")
    ).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=code)).to_have_count(0)
