"""axe-core reports no WCAG 2.1 A/AA violations on any route, in Japanese and in English."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import (
    api_sign_in,
    csrf_token,
    new_context,
    post_proposal_with_photo,
    run_axe,
    screenshot,
    wait_until_settled,
)

# (name, role signed in or None, path template)
ROUTES = [
    ("home", None, "/"),
    ("process-ideas", None, "/processes/{ideas}"),
    ("process-voting", "resident", "/processes/{voting}"),
    ("vote-cards", "resident", "/processes/{voting}/vote"),
    ("proposal", "resident", "/proposals/{proposal}"),
    ("proposal-anonymous", None, "/proposals/{proposal}"),
    # a proposal with a photo: its author (delete, add more) and anyone
    ("proposal-photo-author", "resident", "/proposals/{photo}"),
    ("proposal-photo", None, "/proposals/{photo}"),
    ("new-proposal", "resident", "/processes/{ideas}/new"),
    ("own-proposal", "resident", "/proposals/{own}"),
    ("edit-proposal", "resident", "/proposals/{own}/edit"),
    ("my-page", "resident", "/me"),
    ("sign-in", None, "/signin"),
    ("sign-up", None, "/signup"),
    ("set-password", None, "/set-password#token=not-a-real-token"),
    ("profile", "resident", "/profile"),
    ("planner-dashboard", "planner", "/planner"),
    ("moderation", "planner", "/planner/moderation"),
    ("proxy-entry", "planner", "/planner/proxy"),
    ("workshop", "planner", "/planner/workshop"),
    ("offline-votes", "planner", "/planner/offline-votes"),
    ("verification", "planner", "/planner/verification"),
    ("approvals-inbox", "kacho", "/planner/approvals"),
    ("processes", "planner", "/planner/processes"),
    ("process-edit", "planner", "/planner/processes/{ideas}/edit"),
    ("districts", "planner", "/planner/districts"),
    ("import", "planner", "/planner/import"),
    ("council", "council", "/council"),
    ("admin-users", "admin", "/admin/users"),
    ("audit-log", "admin", "/admin/audit"),
    ("admin-site", "admin", "/admin/site"),
    ("terms", None, "/terms"),
    ("privacy", "resident", "/privacy"),
    ("accessibility-statement", None, "/accessibility"),
    ("not-found", None, "/no-such-page"),
    ("staff-only", "resident", "/planner"),
]


@pytest.fixture(scope="module")
def route_ids(browser, server: str, ideas_process: dict, voting_process: dict) -> dict[str, Any]:
    import json
    import urllib.request

    url = f"{server}/api/v1/processes/{voting_process['id']}/proposals?sort=most_discussed&limit=1"
    with urllib.request.urlopen(url) as response:
        proposal = json.load(response)["items"][0]["id"]
    context = new_context(browser, server)
    try:  # the resident's own proposal, which they may edit and withdraw
        api_sign_in(context, "resident")
        own = context.request.post(
            f"/api/v1/processes/{ideas_process['id']}/proposals",
            data={
                "title": "図書館に自習席を増やしてほしい",
                "district_code": "chuo",
                "body": "試験の前は席が足りません。",
            },
            headers={"X-CSRFToken": csrf_token(context)},
        ).json()["id"]
        photo = post_proposal_with_photo(
            context,
            ideas_process["id"],
            "東口の階段の角が欠けている",
            "駅の東口の階段。いちばん下の段の角が欠けている",
        )["id"]
    finally:
        context.close()
    return {
        "ideas": ideas_process["id"],
        "voting": voting_process["id"],
        "proposal": proposal,
        "own": own,
        "photo": photo,
    }


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(("name", "role", "path"), ROUTES, ids=[r[0] for r in ROUTES])
def test_route_has_no_axe_violations(
    browser, server, route_ids, language: str, name: str, role: str | None, path: str
) -> None:
    context = new_context(browser, server, language)
    try:
        if role:
            api_sign_in(context, role)
        page = context.new_page()
        page.goto(path.format(**route_ids))
        wait_until_settled(page)
        assert page.evaluate("document.documentElement.lang") == language
        assert page.locator("h1").count() == 1, "each page has exactly one h1"
        screenshot(page, f"{name}-{language}")
        violations = run_axe(page)
        assert violations == [], "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations
        )
    finally:
        context.close()


def test_pages_are_usable_at_360px(browser, server, route_ids) -> None:
    context = new_context(browser, server, "ja", viewport={"width": 360, "height": 780})
    try:
        api_sign_in(context, "resident")
        page = context.new_page()
        for name, path in [
            ("home", "/"),
            ("proposal", "/proposals/{proposal}"),
            ("proposal-photo", "/proposals/{photo}"),
        ]:
            page.goto(path.format(**route_ids))
            wait_until_settled(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{name} scrolls sideways at 360 px ({width} px wide)"
            screenshot(page, f"{name}-360px")
    finally:
        context.close()


def test_report_dialog_is_accessible_and_returns_focus(browser, server, route_ids) -> None:
    from playwright.sync_api import expect

    context = new_context(browser, server, "ja")
    try:
        api_sign_in(context, "council")
        page = context.new_page()
        page.goto(f"/proposals/{route_ids['proposal']}")
        wait_until_settled(page)
        opener = page.get_by_role("button", name="通報する", exact=True)
        opener.click()
        dialog = page.get_by_role("dialog", name="不適切な内容を通報する")
        expect(dialog).to_be_visible()
        assert run_axe(page) == []
        dialog.get_by_label("テーマと関係がない").check()
        dialog.get_by_role("button", name="通報を送る").click()
        expect(dialog.get_by_text("通報を受け付けました。職員が確認します。")).to_be_visible()
        screenshot(page, "report-dialog-ja")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        expect(opener).to_be_focused()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    ("name", "path"),
    [("process", "/processes/{ideas}"), ("proposal", "/proposals/{proposal}"), ("home", "/")],
)
def test_the_furigana_view_has_no_axe_violations(
    browser, server, route_ids, language: str, name: str, path: str
) -> None:
    context = new_context(browser, server, language)
    context.add_init_script("window.localStorage.setItem('kyoso.furigana', 'on')")
    try:
        page = context.new_page()
        page.goto(path.format(**route_ids))
        wait_until_settled(page)
        if name != "home" or language == "ja":  # proposals are Japanese in both languages
            page.locator("rt").first.wait_for()
        assert page.get_by_role("button", pressed=True).count() >= 1
        screenshot(page, f"{name}-furigana-{language}")
        violations = run_axe(page)
        assert violations == [], "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations
        )
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_approval_dialog_and_inbox_with_a_submission(
    browser, server, route_ids, language: str
) -> None:
    """決裁に回す (the preview dialog) and 決裁待ち with an item in it; the submission is
    returned at the end, so nothing changes."""
    planner = new_context(browser, server, language)
    approver = new_context(browser, server, language)
    try:
        api_sign_in(planner, "planner")
        page = planner.new_page()
        page.goto("/planner")
        wait_until_settled(page)
        page.locator(f"#phase-{route_ids['ideas']}").select_option("voting")
        page.locator(f"#phase-{route_ids['ideas']}").locator("..").get_by_role("button").click()
        dialog = page.get_by_role("dialog")
        dialog.locator(".approval-preview").wait_for()
        screenshot(page, f"approval-dialog-{language}")
        violations = run_axe(page)
        assert violations == [], "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations
        )
        dialog.get_by_role("button").first.click()
        page.locator(".approval-status .state-badge").wait_for()

        api_sign_in(approver, "kacho")
        inbox = approver.new_page()
        inbox.goto("/planner/approvals")
        wait_until_settled(inbox)
        item = inbox.locator("article.approval-item").first
        item.wait_for()
        screenshot(inbox, f"approval-inbox-pending-{language}")
        violations = run_axe(inbox)
        assert violations == [], "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations
        )
        item.get_by_role("textbox").fill("a11y check / アクセシビリティ確認")
        item.locator("form").get_by_role("button").click()
        inbox.locator("article.approval-item").first.wait_for(state="detached")
    finally:
        planner.close()
        approver.close()
