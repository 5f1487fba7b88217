"""A second city sets itself up on a fresh install, through the CLI and the admin screen only,
and every screen and the PDF export name it — nothing of the demo city appears. Consent to its
terms at sign-up and again after a change."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from .conftest import (
    backend_env,
    csrf_token,
    kyoso,
    new_context,
    run_axe,
    screenshot,
    serving,
    wait_until_settled,
)

ADMIN = ("kanri@city.kawase.example.jp", "kawase-admin-password")
TERMS = "# かわせ市 共創サイト 利用規約\n\n投稿は、かわせ市の計画づくりに使います。\n"
PRIVACY = "# 個人情報の取扱い\n\nかわせ市は、お預かりした個人情報を大切に扱います。\n"


@pytest.fixture(scope="module")
def kawase(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database without the demo (no `kyoso seed`), set up as かわせ市 by the CLI."""
    data_dir = tmp_path_factory.mktemp("kawase")
    env = backend_env(data_dir)
    kyoso(env, "migrate")
    kyoso(
        env,
        "site",
        "set",
        "--name-ja",
        "かわせ市",
        "--name-en",
        "Kawase City",
        "--department-ja",
        "政策企画部 企画課",
        "--department-en",
        "Planning Division",
        "--contact-phone",
        "0120-000-111",
        "--contact-email",
        "kikaku@city.kawase.example.jp",
    )
    for kind, text in (("terms", TERMS), ("privacy", PRIVACY)):
        path = data_dir / f"{kind}.md"
        path.write_text(text, encoding="utf-8")
        assert "version 1" in kyoso(env, "site", "page", kind, "--file", str(path))
    kyoso(
        env,
        "create-user",
        ADMIN[0],
        "--name",
        "かわせ市 管理者",
        "--role",
        "admin",
        "--password",
        ADMIN[1],
    )
    with serving(env, data_dir) as base_url:
        yield base_url


def _sign_in(context: BrowserContext, email: str, password: str) -> None:
    context.request.get("/api/v1/site")
    response = context.request.post(
        "/api/v1/auth/login",
        data={"email": email, "password": password},
        headers={"X-CSRFToken": csrf_token(context)},
    )
    assert response.ok, response.text()


def _no_demo_city(text: str) -> None:
    assert "みどり" not in text and "Midori" not in text and "企画政策課" not in text, text


def test_the_second_city_is_named_everywhere_and_in_its_pdf(browser: Browser, kawase: str) -> None:
    context = new_context(browser, kawase, accept_downloads=True)
    try:
        _sign_in(context, *ADMIN)
        page = context.new_page()
        # the admin screen: the accessibility statement, written and published in the browser
        page.goto("/admin/site")
        wait_until_settled(page)
        expect(page.get_by_label(re.compile("自治体名（日本語）"))).to_have_value("かわせ市")
        page.get_by_label("アクセシビリティ方針（日本語）").fill(
            "# ウェブアクセシビリティ方針\n\nかわせ市は JIS X 8341-3 の AA を目指します。"
        )
        page.get_by_role("button", name="アクセシビリティ方針を新しい版として公開する").click()
        expect(page.get_by_role("status").filter(has_text="公開しました")).to_have_text(
            "アクセシビリティ方針の第1版を公開しました。"
        )
        screenshot(page, "site-settings-kawase")
        assert run_axe(page) == []
        # a process of its own, created through the API a planner's screen uses
        created = context.request.post(
            "/api/v1/processes",
            data={"slug": "kawase-vision", "title_ja": "かわせ市 まちづくり計画"},
            headers={"X-CSRFToken": csrf_token(context)},
        )
        assert created.ok, created.text()

        page.goto("/")
        wait_until_settled(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("みんなでつくる、かわせ市")
        assert page.title() == "かわせ市 共創プラットフォーム"
        expect(page.locator(".site-header__city")).to_have_text("かわせ市")
        footer = page.locator("footer")
        expect(footer).to_contain_text("かわせ市 政策企画部 企画課")
        expect(footer).to_contain_text("0120-000-111")
        screenshot(page, "home-kawase")
        _no_demo_city(page.locator("body").inner_text())

        for title, words in (
            ("利用規約", "かわせ市の計画づくり"),
            ("プライバシーポリシー", "大切に扱います"),
            ("アクセシビリティ方針", "JIS X 8341-3"),
        ):
            footer.get_by_role("link", name=title).click()
            expect(page.get_by_role("heading", level=1)).to_have_text(title)
            expect(page.locator("main")).to_contain_text(words)
            expect(page.locator("main")).to_contain_text("第1版")
            assert page.title() == f"{title} | かわせ市 共創プラットフォーム"
            _no_demo_city(page.locator("body").inner_text())
        screenshot(page, "accessibility-page-kawase")

        page.goto("/council/exports")
        wait_until_settled(page)
        page.get_by_label("取り組み").select_option(label="かわせ市 まちづくり計画")
        page.get_by_label(re.compile(r"共創の経過と結果（PDF）")).check()
        page.get_by_role("button", name="作成を始める").click()
        link = page.get_by_role("link", name="共創の経過と結果（PDF） をダウンロード")
        expect(link).to_be_visible(timeout=60_000)
        with page.expect_download() as info:
            link.click()
        pdf = Path(info.value.path())
        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext (poppler-utils) is not installed")
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert "かわせ市 政策企画部 企画課" in text, text[:500]
        _no_demo_city(text)
    finally:
        context.close()


def test_sign_up_needs_consent_and_new_terms_are_accepted_before_posting(
    browser: Browser, kawase: str
) -> None:
    context = new_context(browser, kawase)
    try:
        page = context.new_page()
        page.goto("/signup")
        wait_until_settled(page)
        page.get_by_label(re.compile("メールアドレス")).fill("sakura@example.jp")
        page.get_by_label(re.compile("パスワード")).fill("a long enough password")
        page.get_by_label(re.compile("表示名")).fill("さくら")
        page.get_by_role("button", name="登録する").click()
        consent = page.get_by_label(re.compile("利用規約とプライバシーポリシーに同意します"))
        expect(consent).to_be_focused()
        expect(
            page.get_by_text("登録するには、利用規約とプライバシーポリシーへの同意が必要です。")
        ).to_be_visible()
        screenshot(page, "sign-up-consent-required")
        violations = run_axe(page)
        assert violations == [], violations
        consent.check()
        page.get_by_role("button", name="登録する").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("みんなでつくる、かわせ市")

        # the city publishes new terms: the resident is asked before anything else
        admin = new_context(browser, kawase)
        _sign_in(admin, *ADMIN)
        published = admin.request.post(
            "/api/v1/admin/site/pages/terms",
            data={"body_ja": TERMS + "\n## 改定\n\n第2版です。\n"},
            headers={"X-CSRFToken": csrf_token(admin)},
        )
        assert published.ok, published.text()
        admin.close()
        page.reload()
        wait_until_settled(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "更新された利用規約などへの同意のお願い"
        )
        expect(page.get_by_role("link", name="利用規約（第2版）")).to_be_visible()
        screenshot(page, "consent-after-change")
        assert run_axe(page) == []
        page.get_by_role("button", name="内容を確認し、同意します").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("みんなでつくる、かわせ市")
        me = context.request.get("/api/v1/auth/me").json()
        assert (me["terms_version"], me["privacy_version"]) == (2, 1)
    finally:
        context.close()
