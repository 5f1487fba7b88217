"""A process that needs the postcard tier, in a real browser: the resident's vote is refused
with a Japanese message and a link to 「確認コードを入力」, the code from the printed postcard
is entered on the profile page, and the vote then counts."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
import uuid
from typing import Any

import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed")

from playwright.sync_api import Browser, BrowserContext, expect

from .conftest import api_sign_in, csrf_token, new_context, screenshot, wait_until_settled

REFUSAL = "この意見募集で投票するには、郵送の確認コードによる住所確認が必要です。"


def _sign_up(context: BrowserContext) -> None:
    email, password = f"postcard-{uuid.uuid4().hex[:10]}@example.jp", "kyoso-postcard-1"
    context.request.get("/api/v1/districts")
    headers = {"X-CSRFToken": csrf_token(context)}
    assert (
        context.request.post(
            "/api/v1/auth/register",
            headers=headers,
            data={
                "email": email,
                "password": password,
                "display_name": "はがき確認テスト",
                "accept_terms": True,
            },
        ).status
        == 202
    )
    assert context.request.post(
        "/api/v1/auth/login", headers=headers, data={"email": email, "password": password}
    ).ok


def _set_minimum(planner: BrowserContext, process_id: int, level: str) -> None:
    answer = planner.request.patch(
        f"/api/v1/processes/{process_id}",
        data={"min_level_to_vote": level},
        headers={"X-CSRFToken": csrf_token(planner)},
    )
    assert answer.ok, answer.text()


def test_a_postcard_process_takes_the_vote_after_the_code_is_entered(
    browser: Browser, server: str, voting_process: dict[str, Any]
) -> None:
    url = f"{server}/api/v1/processes/{voting_process['id']}/proposals?limit=1"
    with urllib.request.urlopen(url) as response:
        proposal = json.load(response)["items"][0]
    planner = new_context(browser, server)
    resident = new_context(browser, server)
    try:
        api_sign_in(planner, "planner")
        _set_minimum(planner, voting_process["id"], "postcard")
        printed = planner.request.post(
            "/api/v1/verification/postcard-batches",
            headers={"X-CSRFToken": csrf_token(planner)},
            data={
                "addresses": [
                    {"name": "緑川 みどり", "postal_code": "123-4567", "address": "緑市中央1-2-3"}
                ],
                "label": "e2e",
            },
        )
        assert printed.status == 201, printed.text()
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"],
            input=printed.body(),
            capture_output=True,
            check=True,
        ).stdout.decode()
        [code] = re.findall(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", text)

        _sign_up(resident)
        page = resident.new_page()
        # the process page says what voting needs before anyone tries
        page.goto(f"/processes/{voting_process['id']}")
        wait_until_settled(page)
        notice = page.locator("section[aria-labelledby=now-title] p").filter(has_text=REFUSAL)
        expect(notice).to_be_visible()
        expect(notice.get_by_role("link", name="確認コードを入力する")).to_be_visible()
        page.goto(f"/proposals/{proposal['id']}")
        wait_until_settled(page)
        page.locator(".vote-button--agree").first.click()
        alert = page.get_by_role("alert").filter(has_text=REFUSAL)
        expect(alert).to_be_visible()
        screenshot(page, "vote-refused-postcard")
        alert.get_by_role("link", name="確認コードを入力する").click()
        wait_until_settled(page)
        expect(page.get_by_text("いまの段階：確認なし")).to_be_visible()
        page.get_by_role("textbox", name=re.compile("確認コード")).fill(code.lower())
        page.get_by_role("button", name="確認する").click()
        expect(page.get_by_role("status").filter(has_text="住所を確認しました。")).to_be_visible()
        expect(page.get_by_text("いまの段階：郵送の確認コードで住所確認済み")).to_be_visible()
        screenshot(page, "profile-postcard-verified")

        page.goto(f"/proposals/{proposal['id']}")
        wait_until_settled(page)
        agree = page.locator(".vote-button--agree").first
        agree.click()
        expect(agree).to_have_attribute("aria-pressed", "true")
        mine = resident.request.get(f"/api/v1/proposals/{proposal['id']}").json()
        assert mine["my_vote"] == "agree"
    finally:
        _set_minimum(planner, voting_process["id"], "none")
        resident.close()
        planner.close()


def test_the_staff_screen_makes_postcards_and_verifies_a_resident_at_the_counter(
    browser: Browser, server: str
) -> None:
    context = new_context(browser, server)
    try:
        api_sign_in(context, "planner")
        page = context.new_page()
        page.goto("/planner/verification")
        wait_until_settled(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("本人確認")
        page.get_by_label("発行分の名前").fill("e2e 窓口テスト")
        page.get_by_label(re.compile("^宛先")).fill(
            "山田 太郎,123-4568,緑市北町4-5-6\n佐藤 花子,,緑市南町7-8"
        )
        page.get_by_role("button", name="はがきのPDFを作る").click()
        # the CJK font is loaded and subset for each PDF: seconds on a busy machine
        expect(
            page.get_by_role("status").filter(has_text="はがき 2 枚分のPDFを作りました。")
        ).to_be_visible(timeout=90_000)
        expect(page.get_by_role("link", name=re.compile("PDFを保存する"))).to_be_visible()
        expect(page.get_by_role("cell", name="e2e 窓口テスト")).to_be_visible()
        screenshot(page, "staff-verification")

        page.get_by_role("searchbox", name=re.compile("名前・メールアドレスで検索")).fill(
            "resident@example.jp"
        )
        page.get_by_role("button", name="検索").click()
        page.get_by_label(re.compile("^メモ")).fill("運転免許証で確認")
        page.get_by_role("button", name=re.compile("を窓口で確認済みにする$")).click()
        expect(
            page.get_by_role("status").filter(has_text="「窓口で確認済み」にしました。")
        ).to_be_visible()
        expect(page.get_by_text("いまの段階：窓口で確認済み")).to_be_visible()
        page.get_by_role("button", name=re.compile("の確認を取り消す$")).click()  # as it was
        expect(page.get_by_role("status").filter(has_text="確認を取り消しました。")).to_be_visible()
    finally:
        context.close()
