"""Switching the language changes the text and <html lang>, and survives a reload."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed")

from playwright.sync_api import Page, expect

from .conftest import screenshot, wait_until_settled


def test_language_switch_from_japanese_to_english_and_back(page: Page) -> None:
    page.goto("/")
    wait_until_settled(page)
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1)).to_have_text("みんなでつくる、みどり市")

    page.get_by_role("button", name="Switch to English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Let's shape Midori City together")
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    screenshot(page, "language-en")

    page.reload()
    wait_until_settled(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="日本語に切り替える").click()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("link", name="ログイン")).to_be_visible()
