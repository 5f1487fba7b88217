"""A resident posts a proposal with a photo: it shows in the list and on the page with its
description, without the phone's location; a photo that is too large is refused before sending."""

from __future__ import annotations

import io
import re
import time

import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed")

from playwright.sync_api import Page, expect

from .conftest import api_sign_in, phone_photo, run_axe, screenshot, wait_until_settled

ALT = "駅の東口の階段。いちばん下の段の角が欠けている"


def test_a_resident_posts_a_proposal_with_a_photo(page: Page, ideas_process: dict) -> None:
    from PIL import Image

    api_sign_in(page.context, "resident")
    page.goto(f"/processes/{ideas_process['id']}/new")
    wait_until_settled(page)
    title = f"東口の階段を直してほしい {int(time.time())}"
    page.get_by_label("タイトル").fill(title)
    page.get_by_label("提案の内容").fill("階段の角が欠けていて、つまずきそうになります。")
    page.get_by_label("関係する地区").select_option("chuo")

    # too large: refused in a sentence, before anything is sent
    chooser = page.get_by_label("写真を選ぶ")
    chooser.set_input_files(
        {
            "name": "big.jpg",
            "mimeType": "image/jpeg",
            "buffer": b"\xff\xd8" + b"\0" * (11 * 1024 * 1024),
        }
    )
    expect(page.get_by_text("画像は10MBまでです。")).to_be_visible()
    expect(chooser).to_have_attribute("aria-invalid", "true")

    chooser.set_input_files({"name": "step.jpg", "mimeType": "image/jpeg", "buffer": phone_photo()})
    alt = page.get_by_label("写真1の説明")
    expect(alt).to_be_focused()  # the description is asked for next
    page.get_by_role("button", name="投稿する").click()  # without one: stopped at the field
    expect(page.get_by_text("写真の説明を書いてください。")).to_be_visible()
    expect(alt).to_be_focused()
    alt.fill(ALT)
    screenshot(page, "photos-new-proposal")
    violations = run_axe(page)
    assert violations == [], violations
    page.get_by_role("button", name="投稿する").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    photo = page.get_by_role("img", name=ALT)
    expect(photo).to_be_visible()
    page.wait_for_function(
        "alt => [...document.images].some(i => i.alt === alt && i.complete && i.naturalWidth > 0)",
        arg=ALT,
    )
    assert photo.evaluate("i => i.naturalWidth") == 1600
    expect(page.get_by_role("button", name="写真1を削除する")).to_be_visible()
    screenshot(page, "photos-proposal-page")

    served = page.context.request.get(photo.get_attribute("src") or "")
    assert served.ok and served.headers["content-type"] == "image/webp"
    assert b"KyosoCam" not in served.body()
    assert not Image.open(io.BytesIO(served.body())).getexif()

    page.goto(f"/processes/{ideas_process['id']}")
    wait_until_settled(page)
    card = page.locator(".proposal-card", has_text=title)
    thumbnail = card.get_by_role("img", name=ALT)
    expect(thumbnail).to_be_visible()
    expect(thumbnail).to_have_attribute("src", re.compile(r"/images/\d+/thumb$"))
    card.scroll_into_view_if_needed()
    screenshot(page, "photos-proposal-list")
