"""A resident signs in, posts a proposal, votes on it and comments — by mouse, then by
keyboard alone."""

from __future__ import annotations

import re
import time

import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed")

from playwright.sync_api import Page, expect

from .conftest import ACCOUNTS, screenshot, wait_until_settled


def sign_in_by_form(page: Page, role: str = "resident") -> None:
    email, password = ACCOUNTS[role]
    page.goto("/signin")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログインする").click()
    expect(page.get_by_role("button", name="ログアウト")).to_be_visible()


def test_resident_signs_in_posts_votes_and_comments(page: Page, ideas_process: dict) -> None:
    sign_in_by_form(page)
    page.goto(f"/processes/{ideas_process['id']}")
    wait_until_settled(page)
    screenshot(page, "journey-process")
    page.get_by_role("link", name="提案を投稿する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("提案を投稿する")

    # Sending the empty form shows plain, field-bound messages and posts nothing.
    page.get_by_role("button", name="投稿する").click()
    title = page.get_by_label("タイトル")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_be_focused()
    expect(page.get_by_text("タイトルを入力してください。")).to_be_visible()
    expect(page.get_by_text("関係する地区を選んでください。")).to_be_visible()
    screenshot(page, "journey-new-proposal-errors")

    unique = f"駅前に屋根つきの待合所を {int(time.time())}"
    title.fill(unique)
    page.get_by_label("提案の内容").fill(
        "雨の日にバスを待つ人がぬれています。西口のバス乗り場に屋根とベンチをつくってください。"
    )
    page.get_by_label("関係する地区").select_option("chuo")
    page.get_by_label("タグ").fill("バス、駅前")
    page.get_by_role("button", name="投稿する").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(unique)
    expect(page).to_have_url(re.compile(r"/proposals/\d+$"))
    expect(page.get_by_role("status").filter(has_text="提案を投稿しました。")).to_be_visible()

    agree = page.get_by_role("button", name=re.compile("賛成"))
    expect(agree).to_have_attribute("aria-pressed", "false")
    agree.click()
    expect(agree).to_have_attribute("aria-pressed", "true")
    expect(agree).to_contain_text("1 人")
    expect(page.get_by_text("「賛成」で受け付けました。")).to_be_visible()

    # Changing the vote moves it; it is never counted twice.
    disagree = page.get_by_role("button", name=re.compile("反対"))
    disagree.click()
    expect(disagree).to_have_attribute("aria-pressed", "true")
    expect(agree).to_have_attribute("aria-pressed", "false")
    expect(agree).to_contain_text("0 人")
    agree.click()
    expect(agree).to_have_attribute("aria-pressed", "true")

    page.locator("#comment-new").fill("屋根があれば高齢の方も安心です。")
    page.get_by_role("button", name="送信する").click()
    expect(page.get_by_text("屋根があれば高齢の方も安心です。")).to_be_visible()
    expect(page.get_by_role("heading", name="コメント（1 件）")).to_be_visible()
    screenshot(page, "journey-proposal-after")

    # The proposal is listed on "my page".
    page.get_by_role("link", name="マイページ").click()
    expect(page.get_by_role("link", name=unique)).to_be_visible()


def _tab_to(page: Page, matches: str, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies the JS predicate `matches` (el => bool)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!el && ({matches})(el); }})()"
        ):
            return
    raise AssertionError(f"could not reach an element matching {matches} with Tab")


def _text_is(text: str) -> str:
    return f"el => el.textContent.trim() === {text!r}"


def _vote_button(value: str) -> str:
    return f"el => el.classList.contains('vote-button--{value}')"


def test_resident_journey_by_keyboard_alone(page: Page, ideas_process: dict) -> None:
    email, password = ACCOUNTS["resident"]
    page.goto("/")
    wait_until_settled(page)

    # The skip link is the first stop and moves focus to the main content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="本文へ移動")).to_be_focused()

    _tab_to(page, _text_is("ログイン"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("ログイン")
    _tab_to(page, "el => el.id === 'signin-email'")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="ログアウト")).to_be_visible()

    _tab_to(page, _text_is(ideas_process["title_ja"]))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(ideas_process["title_ja"])
    _tab_to(page, _text_is("提案を投稿する"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("提案を投稿する")

    unique = f"キーボードだけで投稿した提案 {int(time.time())}"
    _tab_to(page, "el => el.id === 'proposal-title'")
    page.keyboard.type(unique)
    page.keyboard.press("Tab")
    page.keyboard.type("駐輪場が足りません。西口に屋根つきの駐輪場を増やしてください。")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the first district
    expect(page.get_by_label("関係する地区")).not_to_have_value("")
    _tab_to(page, _text_is("投稿する"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(unique)

    _tab_to(page, _vote_button("agree"))
    page.keyboard.press("Space")
    agree = page.get_by_role("button", name=re.compile("賛成"))
    expect(agree).to_have_attribute("aria-pressed", "true")

    _tab_to(page, "el => el.id === 'comment-new'")
    page.keyboard.type("キーボードでもコメントできました。")
    _tab_to(page, _text_is("送信する"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("キーボードでもコメントできました。")).to_be_visible()
    screenshot(page, "journey-keyboard-done")


def fill_sign_up(page: Page, email: str, password: str) -> None:
    page.goto("/signup")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(password)
    page.get_by_label("表示名").fill("新しい住民")
    page.get_by_label("利用規約とプライバシーポリシーに同意します").check()  # the demo's terms
    page.get_by_role("button", name="登録する").click()


def test_signing_up_signs_a_new_resident_in_and_tells_a_known_address_nothing(
    page: Page, server: str
) -> None:
    fill_sign_up(page, f"newcomer-{time.time_ns()}@example.jp", "a long enough password")
    expect(page.get_by_role("button", name="ログアウト")).to_be_visible()
    welcome = "登録しました。ようこそ、新しい住民 さん。"
    expect(page.get_by_role("status").filter(has_text=welcome)).to_be_visible()
    screenshot(page, "signed-up-welcome")
    page.get_by_role("button", name="ログアウト").click()
    expect(page.get_by_role("link", name="ログイン").first).to_be_visible()
    # someone else's address: no "already registered", only that signing in did not work
    fill_sign_up(page, ACCOUNTS["resident"][0], "a stranger's password")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("このメールアドレスとパスワードではログインできませんでした。")
    expect(alert).not_to_contain_text("すでに登録されています")
