"""Staff land on their dashboard; the phone header stays small and folds its menu; a first
visit follows the browser's language; the web app manifest and its icons load."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed")

from playwright.sync_api import Browser, expect

from .conftest import ACCOUNTS, new_context, run_axe, screenshot, wait_until_settled


@pytest.mark.parametrize(
    ("role", "path", "heading"),
    [
        ("planner", "/planner", "職員ダッシュボード"),
        ("council", "/council", "議員ダッシュボード"),
    ],
)
def test_staff_land_on_their_dashboard_after_signing_in(
    browser: Browser, server: str, role: str, path: str, heading: str
) -> None:
    context = new_context(browser, server)
    try:
        page = context.new_page()
        page.goto("/")
        wait_until_settled(page)
        page.get_by_role("link", name="ログイン", exact=True).click()
        email, password = ACCOUNTS[role]
        page.get_by_label("メールアドレス").fill(email)
        page.get_by_label("パスワード").fill(password)
        page.get_by_role("button", name="ログインする").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert page.url == f"{server}{path}"
        if role == "planner":
            wait_until_settled(page)
            activity = page.get_by_role("region", name="活動の状況")
            expect(activity.get_by_text("市の考え方をまだ返していない提案")).to_be_visible()
            days = activity.get_by_role("table", name="新しい提案（この14日間、新しい日から）")
            expect(days.locator("tbody tr")).to_have_count(14)
            screenshot(page, "planner-dashboard-activity")
    finally:
        context.close()


def test_the_phone_header_takes_under_15_percent_and_folds_the_menu(
    browser: Browser, server: str
) -> None:
    for language, menu, home in (("ja", "メニュー", "ホーム"), ("en", "Menu", "Home")):
        context = new_context(browser, server, language, viewport={"width": 360, "height": 740})
        try:
            page = context.new_page()
            page.goto("/")
            wait_until_settled(page)
            header = page.locator("header.site-header").bounding_box()
            assert header is not None
            assert header["height"] <= 0.15 * 740, f"header is {header['height']} px tall"
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            screenshot(page, f"header-360-{language}")

            button = page.get_by_role("button", name=menu)
            expect(button).to_have_attribute("aria-expanded", "false")
            nav = page.get_by_role("navigation")
            expect(nav).to_be_hidden()
            button.click()
            expect(button).to_have_attribute("aria-expanded", "true")
            expect(nav.get_by_role("link", name=home)).to_be_visible()
            assert run_axe(page) == []
            screenshot(page, f"header-360-menu-{language}")
            page.keyboard.press("Escape")
            expect(nav).to_be_hidden()
            expect(button).to_be_focused()
        finally:
            context.close()


def test_the_desktop_header_shows_the_navigation_without_a_menu_button(page) -> None:
    page.goto("/")
    wait_until_settled(page)
    expect(page.get_by_role("navigation", name="メインメニュー")).to_be_visible()
    expect(page.get_by_role("button", name="メニュー")).to_be_hidden()


@pytest.mark.parametrize(
    ("locale", "lang", "heading"),
    [
        ("en-US", "en", "Let's shape Midori City together"),
        ("ja-JP", "ja", "みんなでつくる、みどり市"),
    ],
)
def test_a_first_visit_follows_the_browser_language(
    browser: Browser, server: str, locale: str, lang: str, heading: str
) -> None:
    context = browser.new_context(base_url=server, locale=locale)  # nothing saved yet
    try:
        page = context.new_page()
        page.goto("/")
        wait_until_settled(page)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    finally:
        context.close()


def test_the_web_app_manifest_is_served_with_icons_that_load(page, server: str) -> None:
    page.goto("/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    assert href == "/manifest.webmanifest"
    response = page.request.get(href)
    assert response.ok
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.text())
    assert manifest["name"].startswith("みどり市") and manifest["short_name"] == "Kyoso 共創"
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert manifest["theme_color"].startswith("#")
    sizes = set()
    for icon in manifest["icons"]:
        image = page.request.get(icon["src"])
        assert image.ok and image.headers["content-type"] == "image/png", icon["src"]
        assert image.body()[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(image.body()[16:20], "big")
        assert f"{width}x{width}" == icon["sizes"]
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
