"""Voting from the list and card by card (つぎの提案へ): keyboard only, focus kept on the button,
and every state of the vote buttons readable (text contrast measured in the browser)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed")

from playwright.sync_api import BrowserContext, Locator, Page, expect

from .conftest import csrf_token, new_context, run_axe, screenshot, wait_until_settled

KEYS = [
    ("1", "agree"),
    ("2", "disagree"),
    ("3", "pass"),
    ("ArrowRight", "agree"),
    ("ArrowLeft", "disagree"),
]


def sign_up_and_in(context: BrowserContext) -> None:
    """A new resident with no votes yet, signed in for the whole context."""
    email, password = f"cards-{uuid.uuid4().hex[:10]}@example.jp", "kyoso-cards-test-1"
    context.request.get("/api/v1/districts")
    headers = {"X-CSRFToken": csrf_token(context)}
    registered = context.request.post(
        "/api/v1/auth/register",
        headers=headers,
        data={
            "email": email,
            "password": password,
            "display_name": "カード投票テスト",
            "accept_terms": True,
        },
    )
    assert registered.status == 202, registered.text()
    login = context.request.post(
        "/api/v1/auth/login", headers=headers, data={"email": email, "password": password}
    )
    assert login.ok, login.text()


def unvoted(context: BrowserContext, process_id: int, limit: int) -> dict[str, Any]:
    response = context.request.get(
        f"/api/v1/processes/{process_id}/proposals/unvoted", params={"limit": limit}
    )
    assert response.ok, response.text()
    return response.json()


# --- WCAG 2.1 contrast from computed colours -------------------------------------------------


def _rgba(css: str) -> tuple[float, float, float, float]:
    red, green, blue, *alpha = (float(n) for n in re.findall(r"[\d.]+", css))
    return red, green, blue, alpha[0] if alpha else 1.0


def _luminance(rgb: Sequence[float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS colours; a translucent text colour over its background."""
    *fg, alpha = _rgba(foreground)
    bg = _rgba(background)[:3]
    text = tuple(alpha * f + (1 - alpha) * b for f, b in zip(fg, bg, strict=True))
    lighter, darker = sorted((_luminance(text), _luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_contrast(button: Locator) -> float:
    """The button's text colour against the first opaque background at or above it."""
    color, background = button.evaluate("""(el) => {
        const color = getComputedStyle(el).color;
        for (let node = el; node; node = node.parentElement) {
            const bg = getComputedStyle(node).backgroundColor;
            if (!/^rgba\\(.*,\\s*0\\)$/.test(bg) && bg !== 'transparent') return [color, bg];
        }
        return [color, 'rgb(255, 255, 255)'];
    }""")
    return contrast(color, background)


def test_the_contrast_helper_knows_the_reported_failure() -> None:
    # the measurement: white text on #f2f2f2
    assert contrast("rgb(255, 255, 255)", "rgb(242, 242, 242)") == pytest.approx(1.11, abs=0.01)
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21.0)


# --- the card flow ---------------------------------------------------------------------------


def test_ten_proposals_voted_in_the_card_flow_with_the_keyboard_only(
    browser: Any, server: str, voting_process: dict[str, Any]
) -> None:
    context = new_context(browser, server, "ja")
    try:
        sign_up_and_in(context)
        process_id = voting_process["id"]
        queue = unvoted(context, process_id, 10)
        total = queue["remaining"]
        assert total >= 10, "the demo city's voting process has enough proposals"
        page = context.new_page()
        page.goto(f"/processes/{process_id}/vote")
        wait_until_settled(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("つぎの提案へ")
        screenshot(page, "vote-cards-ja")

        card_title = page.locator("#vote-card-title")
        for index, proposal in enumerate(queue["items"]):
            # least-voted first, in the server's order, with the count left
            expect(card_title).to_have_text(proposal["title"])
            expect(page.get_by_text(f"あと{total - index}件")).to_be_visible()
            key, _ = KEYS[index % len(KEYS)]
            page.keyboard.press(key)
        expect(page.get_by_text(f"あと{total - 10}件")).to_be_visible()
        expect(card_title).not_to_have_text(queue["items"][-1]["title"])

        for index, proposal in enumerate(queue["items"]):
            detail = context.request.get(f"/api/v1/proposals/{proposal['id']}").json()
            assert detail["my_vote"] == KEYS[index % len(KEYS)][1], proposal["title"]
        assert unvoted(context, process_id, 1)["remaining"] == total - 10

        # a press of the button by keyboard leaves focus on it for the next card
        agree = page.locator(".vote-cards .vote-button--agree")
        agree.focus()
        title_before = card_title.inner_text()
        page.keyboard.press("Enter")
        expect(card_title).not_to_have_text(title_before)
        expect(agree).to_be_focused()
        expect(page.get_by_text(f"あと{total - 11}件")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_card_flow_ends_with_a_finished_state(
    browser: Any, server: str, ideas_process: dict[str, Any], language: str
) -> None:
    context = new_context(browser, server, language)
    try:
        sign_up_and_in(context)
        total = unvoted(context, ideas_process["id"], 1)["remaining"]
        page = context.new_page()
        page.goto(f"/processes/{ideas_process['id']}/vote")
        wait_until_settled(page)
        for _ in range(total):
            title = page.locator("#vote-card-title").inner_text()
            page.keyboard.press("3")
            page.wait_for_function(
                "t => document.querySelector('#vote-card-title')?.textContent !== t", arg=title
            )
        done = page.get_by_role(
            "heading",
            level=2,
            name=re.compile(
                "すべての提案に投票しました" if language == "ja" else "voted on every proposal"
            ),
        )
        expect(done).to_be_focused()
        screenshot(page, f"vote-cards-finished-{language}")
        assert run_axe(page) == []
        assert unvoted(context, ideas_process["id"], 1) == {"items": [], "remaining": 0}
    finally:
        context.close()


# --- the list: buttons on every item, readable in every state, focus kept -----------------


def _first_item_votes(page: Page) -> Locator:
    item = page.locator(".card-list .proposal-card").first
    return item.get_by_role("group")


def test_list_items_vote_keep_focus_and_stay_readable_when_hovered_and_pressed(
    browser: Any, server: str, voting_process: dict[str, Any]
) -> None:
    context = new_context(browser, server, "ja")
    try:
        sign_up_and_in(context)
        page = context.new_page()
        page.goto(f"/processes/{voting_process['id']}")
        wait_until_settled(page)
        votes = _first_item_votes(page)
        expect(votes).to_have_accessible_name(re.compile("^「.+」への投票$"))
        agree = votes.get_by_role("button", name=re.compile("賛成"))
        disagree = votes.get_by_role("button", name=re.compile("反対"))

        measured = {"unpressed": text_contrast(agree)}
        disagree.hover()
        measured["hover, not pressed"] = text_contrast(disagree)
        agree.click()  # the pointer stays on the button: pressed and hovered
        expect(agree).to_have_attribute("aria-pressed", "true")
        expect(votes.get_by_text("「賛成」で受け付けました。")).to_be_visible()
        expect(agree).to_be_focused()
        measured["pressed and hovered"] = text_contrast(agree)
        page.mouse.down()
        measured["pressed and active"] = text_contrast(agree)
        page.mouse.up()
        page.mouse.move(0, 0)
        measured["pressed"] = text_contrast(agree)
        screenshot(page, "vote-list-pressed-ja")

        # keyboard: Tab to the next button, vote with the space bar, focus stays there
        page.keyboard.press("Tab")
        expect(disagree).to_be_focused()
        page.keyboard.press("Space")
        expect(disagree).to_have_attribute("aria-pressed", "true")
        expect(agree).to_have_attribute("aria-pressed", "false")
        expect(votes.get_by_text("「反対」で受け付けました。")).to_be_visible()
        expect(disagree).to_be_focused()
        measured["pressed and focused"] = text_contrast(disagree)
        low = {state: round(ratio, 2) for state, ratio in measured.items() if ratio < 4.5}
        assert not low, f"vote button text below 4.5:1: {low}"
        assert run_axe(page) == []
    finally:
        context.close()


def test_a_tapped_vote_button_stays_readable_on_a_phone(
    browser: Any, server: str, voting_process: dict[str, Any]
) -> None:
    context = new_context(
        browser,
        server,
        "ja",
        viewport={"width": 360, "height": 780},
        has_touch=True,
        is_mobile=True,
    )
    try:
        sign_up_and_in(context)
        page = context.new_page()
        page.goto(f"/processes/{voting_process['id']}")
        wait_until_settled(page)
        votes = _first_item_votes(page)
        for name in ("どちらでもない", "賛成", "反対"):
            button = votes.get_by_role("button", name=re.compile(name))
            button.tap()
            expect(button).to_have_attribute("aria-pressed", "true")
            expect(votes.get_by_text(f"「{name}」で受け付けました。")).to_be_visible()
            ratio = text_contrast(button)
            assert ratio >= 4.5, f"{name} after a tap: {ratio:.2f}:1"
        screenshot(page, "vote-list-tapped-360px")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_disabled_vote_buttons_stay_readable(
    browser: Any, server: str, processes: list[dict[str, Any]]
) -> None:
    closed = next(p for p in processes if "vote" not in p["allowed_actions"])
    context = new_context(browser, server, "ja")
    try:
        sign_up_and_in(context)
        listed = context.request.get(f"/api/v1/processes/{closed['id']}/proposals?limit=1")
        page = context.new_page()
        page.goto(f"/proposals/{listed.json()['items'][0]['id']}")
        wait_until_settled(page)
        for button in page.locator(".vote-button").all():
            expect(button).to_be_disabled()
            button.hover(force=True)
            ratio = text_contrast(button)
            assert ratio >= 4.5, f"{button.inner_text()} disabled: {ratio:.2f}:1"
    finally:
        context.close()


def test_signed_out_visitors_get_a_sign_in_link_instead_of_buttons(
    page: Page, voting_process: dict[str, Any]
) -> None:
    page.goto(f"/processes/{voting_process['id']}")
    wait_until_settled(page)
    item = page.locator(".card-list .proposal-card").first
    expect(item.get_by_role("button")).to_have_count(0)
    item.get_by_role("link", name="ログインして投票する").click()
    expect(page).to_have_url(re.compile("/signin$"))
