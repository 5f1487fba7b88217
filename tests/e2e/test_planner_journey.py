"""The planner's path from proposals to a published plan, in a real browser: start an analysis
and watch it run → review the theme map → merge two themes and rename one → submit the themes
for approval (決裁) and have the head of section approve them from the 決裁待ち inbox → move the
process to the feedback phase → generate, edit and publish a draft (including the "someone saved
first" conflict) → write the city's response → residents see the themes, the draft with section
comments, and what became of a proposal. Publishing always goes through an approval by a second
account. Also axe on every planning route."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .conftest import (
    api_sign_in,
    approve_via_api,
    csrf_token,
    new_context,
    post_as,
    run_axe,
    screenshot,
    wait_until_settled,
)

NEW_NAME = "防災と地域のつながり"


def _get(server: str, path: str) -> Any:
    with urllib.request.urlopen(f"{server}/api/v1{path}") as response:
        return json.load(response)


def _get_fresh(server: str, path: str) -> Any:
    """An anonymous read after a change: such reads are cached for up to a second
    (backend/core/read_cache.py)."""
    time.sleep(1.1)
    return _get(server, path)


@pytest.fixture(scope="module")
def journey(browser: Browser, server: str, voting_process: dict) -> Iterator[dict[str, Any]]:
    """Shared state of the journey; the process goes back to its phase afterwards so the
    resident tests that follow still find it open for voting."""
    state: dict[str, Any] = {"process": voting_process["id"]}
    yield state
    if _get(server, f"/processes/{voting_process['id']}")["phase"] != voting_process["phase"]:
        approve_via_api(
            browser,
            server,
            voting_process["id"],
            "phase",
            voting_process["id"],
            voting_process["phase"],
        )


@pytest.fixture
def planner(browser: Browser, server: str) -> Iterator[tuple[BrowserContext, Page]]:
    context = new_context(browser, server)
    api_sign_in(context, "planner")
    yield context, context.new_page()
    context.close()


def test_planner_starts_an_analysis_and_watches_it_run(planner, journey) -> None:
    _, page = planner
    page.goto("/planner")
    wait_until_settled(page)
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="計画づくり"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("計画づくり")
    page.get_by_role("link", name="1. 意見の分析").nth(0).wait_for()
    page.goto(f"/planner/plan/{journey['process']}/runs")
    wait_until_settled(page)

    # A wrong theme count is caught at the field before anything is sent.
    expect(page.get_by_label("標準（推奨）")).to_be_checked()
    expect(page.get_by_label("乱数の種（シード）")).to_be_hidden()  # behind 「詳細」
    page.get_by_text("詳細", exact=True).click()
    page.get_by_label("数を指定する").check()
    page.get_by_label("大テーマの数").fill("1")
    page.get_by_role("button", name="分析を始める").click()
    expect(page.get_by_text("大テーマの数は 2〜50 の整数で入力してください。")).to_be_visible()
    expect(page.get_by_label("大テーマの数")).to_be_focused()
    expect(page.get_by_label("大テーマの数")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("自動で決める（おすすめ）").check()

    page.get_by_label("高速・簡易").check()
    expect(page.get_by_label("使うモデル")).to_have_value("tfidf")
    page.get_by_role("button", name="分析を始める").click()
    panel = page.locator(".run-progress")
    expect(panel.get_by_role("heading")).to_have_text(re.compile(r"第 \d+ 回の分析"))
    # While it runs the page shows its stage and percent (polled), then the way on.
    seen = panel.inner_text()
    screenshot(page, "planner-analysis-running")
    expect(panel.get_by_role("link", name="テーマを確認する")).to_be_visible(timeout=90_000)
    assert re.search(r"順番待ち|分析中|完了", seen), seen
    expect(panel.get_by_text("完了")).to_be_visible()
    expect(page.locator("table").get_by_text("完了").first).to_be_visible()
    expect(page.locator("table").get_by_text("高速・簡易").first).to_be_visible()
    screenshot(page, "planner-analysis-done")

    # A second start while one runs answers 409: nothing runs now, so this one starts fine;
    # the history lists both runs.
    runs = page.evaluate(
        f"fetch('/api/v1/processes/{journey['process']}/analysis-runs').then(r => r.json())"
    )
    journey["run"] = max(r["id"] for r in runs if r["status"] == "succeeded")


def test_planner_reviews_the_map_merges_and_renames_themes(planner, journey, server) -> None:
    context, page = planner
    page.goto(f"/planner/plan/{journey['process']}/runs/{journey['run']}/themes")
    wait_until_settled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("テーマの確認・編集")
    board = context.request.get(f"/api/v1/analysis-runs/{journey['run']}/themes").json()
    themes = board["themes"]
    assert len(themes) >= 3
    first, second = themes[0], themes[1]

    # The map: zoom with the buttons, focus a marker from the keyboard, Enter filters the list.
    expect(page.get_by_text("倍率 1.0 倍")).to_be_visible()
    page.get_by_role("button", name="拡大").click()
    expect(page.get_by_text("倍率 1.5 倍")).to_be_visible()
    page.get_by_role("button", name="全体を表示").click()
    marker = page.locator(".theme-map__point[tabindex='0']")
    marker.focus()
    page.keyboard.press("ArrowRight")
    focused = page.locator(".theme-map__point:focus")
    label = focused.get_attribute("aria-label") or ""
    expect(page.locator(".theme-map__tooltip")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="の提案に絞り込みました")).to_be_visible()
    assert "テーマ" in label
    screenshot(page, "planner-theme-map-filtered")
    page.get_by_role("button", name="絞り込みを解除").click()

    # Merge the second theme into the first.
    card = page.locator("li.theme-card").filter(
        has=page.get_by_role("heading", name=re.compile(re.escape(first["title"])))
    )
    card.get_by_text(f"「{first['title']}」を編集する").click()
    card.get_by_role("button", name="選んだテーマを統合").click()
    expect(card.get_by_text("統合するテーマを 1 つ以上選んでください。")).to_be_visible()
    card.get_by_role("group", name=re.compile("に統合するテーマ")).get_by_label(
        re.compile(re.escape(second["title"]))
    ).check()
    card.get_by_role("button", name="選んだテーマを統合").click()
    expect(page.get_by_role("status").filter(has_text="1 件のテーマを")).to_be_visible()
    after = context.request.get(f"/api/v1/analysis-runs/{journey['run']}/themes").json()
    assert len(after["themes"]) == len(themes) - 1
    merged = next(t for t in after["themes"] if t["key"] == first["key"])
    assert merged["size"] == first["size"] + second["size"]

    # Rename it.
    card.get_by_label("テーマ名").fill(NEW_NAME)
    card.get_by_role("button", name="名前を変更").click()
    expect(
        page.get_by_role("status").filter(has_text=f"テーマ名を「{NEW_NAME}」に変更しました。")
    ).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(NEW_NAME)).first).to_be_visible()
    edits = context.request.get(f"/api/v1/analysis-runs/{journey['run']}/theme-edits").json()
    assert [e["kind"] for e in edits][-2:] == ["merge", "rename"]
    screenshot(page, "planner-theme-board")

    # Submit the themes for approval (決裁に回す): the dialog shows what residents will see.
    page.get_by_role("button", name="決裁に回す").click()
    dialog = page.get_by_role("dialog", name="決裁に回す内容の確認")
    expect(dialog.get_by_text(NEW_NAME)).to_be_visible()
    expect(
        dialog.get_by_text("承認されると、住民には次の内容がそのまま公開されます。")
    ).to_be_visible()
    screenshot(page, "planner-submit-for-approval")
    dialog.get_by_role("button", name="この内容で決裁に回す").click()
    expect(
        page.get_by_role("status").filter(has_text="「テーマの公開」を決裁に回しました。")
    ).to_be_visible()
    pending = page.locator(".approval-status .state-badge").filter(has_text="決裁待ち")
    expect(pending).to_be_visible()
    expect(page.get_by_role("button", name="決裁に回す")).to_be_focused()
    # Nothing is public yet, and the planner cannot approve their own submission.
    assert _get(server, f"/processes/{journey['process']}/themes")["themes"] == []
    page.goto("/planner/approvals")
    wait_until_settled(page)
    expect(page.get_by_text("ご自身が提出した案件のため承認できません。")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^承認して公開"))).to_be_disabled()
    journey["theme_key"] = first["key"]
    journey["proposal"] = merged["proposal_ids"][0]


def test_a_second_account_approves_and_the_themes_become_public(browser, server, journey) -> None:
    context = new_context(browser, server)
    try:
        api_sign_in(context, "kacho")
        page = context.new_page()
        page.goto("/planner")
        wait_until_settled(page)
        page.get_by_role("navigation", name="メインメニュー").get_by_role(
            "link", name="決裁待ち"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("決裁待ち")
        item = page.locator("article.approval-item").filter(has_text="テーマの公開")
        expect(item.get_by_text(NEW_NAME)).to_be_visible()
        expect(item.get_by_text(re.compile("企画政策課 森本（デモ）が.*に提出"))).to_be_visible()
        screenshot(page, "approver-inbox")
        item.get_by_role("button", name=re.compile("^承認して公開")).click()
        expect(
            page.get_by_role("status").filter(has_text="を承認し、住民に公開しました。")
        ).to_be_visible()
        expect(page.get_by_text("決裁待ちの案件はありません。")).to_be_visible()
        screenshot(page, "approver-approved")
    finally:
        context.close()
    public = _get_fresh(server, f"/processes/{journey['process']}/themes")
    assert NEW_NAME in [t["title"] for t in public["themes"]]


def _staff_get(context: BrowserContext, path: str) -> Any:
    response = context.request.get(f"/api/v1{path}")
    assert response.ok, response.text()
    return response.json()


def _approve(browser: Browser, server: str, approval_id: int) -> None:
    """The head of section (課長) approves a submission, as in the inbox above."""
    post_as(browser, server, "kacho", f"/api/v1/approvals/{approval_id}/approve")


def test_planner_generates_edits_and_publishes_a_draft(planner, journey, browser, server) -> None:
    context, page = planner
    page.goto(f"/planner/plan/{journey['process']}/drafts")
    wait_until_settled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("計画の素案")
    page.get_by_role(
        "button", name=re.compile("^決裁に回す.*「素案への意見」の段階に進める")
    ).click()
    page.get_by_role("dialog").get_by_role("button", name="この内容で決裁に回す").click()
    expect(
        page.get_by_role("status").filter(has_text="「段階の変更」を決裁に回しました。")
    ).to_be_visible()
    pending = _staff_get(context, "/approvals?status=submitted")
    assert [(a["object_type"], a["target"]) for a in pending] == [("phase", "feedback")]
    _approve(browser, server, pending[0]["id"])

    page.get_by_role("button", name="たたき台を作る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("素案の編集")
    wait_until_settled(page)
    journey["draft"] = int(page.url.rsplit("/", 1)[-1].split("?")[0])

    # The generated KPIs come from the catalogue without values: the approval preview refuses
    # the version with the list of what is missing, until each KPI has values or is 「設定中」.
    page.get_by_role("button", name="決裁に回す", exact=True).click()
    refused = (
        page.get_by_role("dialog")
        .get_by_role("alert")
        .filter(has_text="この版はまだ決裁に回せません。")
    )
    expect(refused).to_be_visible()
    expect(refused.get_by_role("listitem").first).to_contain_text("施策1-1 のKPI「")
    expect(refused.get_by_role("listitem").first).to_contain_text("が未入力です")
    screenshot(page, "planner-draft-kpis-refused")
    page.get_by_role("dialog").get_by_role("button", name="やめる").click()
    page.evaluate("document.querySelectorAll('.draft-tree details').forEach(d => d.open = true)")
    first_kpi = page.get_by_role("group", name="指標 1（施策 1-1）", exact=True)
    first_kpi.get_by_label("現状値").fill("42")
    first_kpi.get_by_label("目標値").fill("60")
    first_kpi.get_by_label("目標年度").fill("2030年度")
    pending = page.locator(".kpi-card").get_by_role("checkbox", name="設定中")
    for i in range(1, pending.count()):  # every other KPI of the plan: values still being set
        pending.nth(i).check()
    # only goal 1 and measure 1-1 open again: the whole plan is too long for one screenshot
    page.evaluate("""() => {
        document.querySelectorAll('.draft-tree details').forEach((d) => { d.open = false; });
        document.querySelector('.draft-goal').open = true;
        document.querySelector('.draft-measure').open = true;
    }""")
    expect(page.get_by_role("heading", name="市民の声（施策 1-1）")).to_be_visible()
    screenshot(page, "planner-draft-kpis")

    # Edit the first goal and save version 2.
    goal_title = page.get_by_label("基本目標 1 の名称")
    goal_title.fill("基本目標1　災害に強く、支え合うまち")
    page.get_by_label("この版のメモ").fill("基本目標1の名称を調整")
    page.get_by_role("button", name="新しい版として保存").click()
    expect(
        page.get_by_role("status").filter(has_text="第 2 版として保存しました。")
    ).to_be_visible()

    # Someone else saves version 3 meanwhile; my next save gets the conflict notice.
    draft = context.request.get(f"/api/v1/drafts/{journey['draft']}").json()
    other = dict(draft["content"], preamble="（別の職員が前文を修正しました）")
    response = context.request.put(
        f"/api/v1/drafts/{journey['draft']}",
        data={"base_version": 2, "content": other, "note": "前文の修正"},
        headers={"X-CSRFToken": csrf_token(context)},
    )
    assert response.ok, response.text()
    page.get_by_label("基本目標 1 の本文").fill(
        "だれもが安心して暮らせるよう、**地域の備え**を強めます。"
    )
    page.get_by_role("button", name="新しい版として保存").click()
    notice = page.get_by_role("alert").filter(
        has_text="ほかの人が新しい版（第 3 版）を先に保存しました。"
    )
    expect(notice).to_be_visible()
    screenshot(page, "planner-draft-conflict")
    notice.get_by_role("button", name="変更をまとめる").click()
    page.get_by_role("button", name="新しい版として保存").click()
    expect(
        page.get_by_role("status").filter(has_text="第 4 版として保存しました。")
    ).to_be_visible()
    saved = context.request.get(f"/api/v1/drafts/{journey['draft']}").json()["content"]
    assert saved["preamble"] == "（別の職員が前文を修正しました）"  # theirs kept
    assert "地域の備え" in saved["sections"][0]["body"]  # mine kept
    screenshot(page, "planner-draft-editor")

    # Submit version 4; it is public once the head of section approves it.
    page.get_by_role("button", name="決裁に回す", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("第 4 版")).to_be_visible()
    dialog.get_by_role("button", name="この内容で決裁に回す").click()
    expect(
        page.get_by_role("status").filter(has_text="「素案の公開」を決裁に回しました。")
    ).to_be_visible()
    with pytest.raises(urllib.error.HTTPError):
        _get(server, f"/processes/{journey['process']}/draft")
    pending = _staff_get(context, "/approvals?status=submitted")
    _approve(browser, server, pending[0]["id"])
    assert _get_fresh(server, f"/processes/{journey['process']}/draft")["version"] == 4

    # Versions and diff, lineage.
    page.get_by_role("link", name="版と変更点").click()
    expect(page.get_by_role("heading", name="版の一覧")).to_be_visible()
    comparison = page.get_by_role("table", name=re.compile("新旧対照表"))
    expect(comparison.get_by_role("columnheader")).to_have_text(
        ["項目", re.compile("^新"), re.compile("^旧")]
    )
    expect(comparison.locator("ins").filter(has_text="地域の備え").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="新旧対照表をWordで保存").click()
    assert download.value.suggested_filename.endswith("-comparison.docx")
    screenshot(page, "planner-draft-versions")
    page.get_by_role("link", name="意見とのつながり").click()
    lineage = page.locator("section[aria-labelledby=lineage-title] table")
    expect(lineage.get_by_text("基本目標1　災害に強く、支え合うまち")).to_be_visible()
    expect(lineage).not_to_contain_text(re.compile(r"\bt\d+(\.\d+)?\b"))  # titles, not keys
    screenshot(page, "planner-draft-lineage")


def test_planner_writes_the_city_response(planner, journey, browser, server) -> None:
    context, page = planner
    page.goto(f"/planner/plan/{journey['process']}/responses")
    wait_until_settled(page)
    # the worklist says in words how much is answered
    expect(page.get_by_text(re.compile(r"^全体 回答済み \d+ / \d+件（\d+%）$"))).to_be_visible()
    # a proposal is chosen by words from its text, with the keyboard, never by its id
    form = page.locator("form.response-form")
    form.get_by_role("radio", name="提案").check()
    picker = form.get_by_role("combobox", name="対象の提案")
    picker.fill("防災")
    first = page.get_by_role("listbox").get_by_role("option").first
    expect(first).to_be_visible()
    title = first.locator("span").first.inner_text()
    picker.press("ArrowDown")
    expect(picker).to_have_attribute("aria-activedescendant", re.compile(".+"))
    picker.press("Enter")
    expect(picker).to_have_value(title)
    form.get_by_role("button", name="入力を消す").click()
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("alert").filter(has_text="入力内容に")).to_be_visible()
    expect(page.get_by_label("対象のテーマ")).to_be_focused()
    page.get_by_label("対象のテーマ").select_option(journey["theme_key"])
    page.get_by_role("textbox", name="意見の概要").fill(
        "防災無線や避難所、自主防災組織についての意見が多く寄せられました。"
    )
    page.get_by_role("textbox", name="市の考え方").fill(
        "基本目標1に位置づけ、地域の防災力を高める取組を進めます。"
    )
    page.get_by_role("combobox", name="反映状況").select_option("reflected")
    page.get_by_role("button", name="保存する").click()
    expect(
        page.get_by_role("status").filter(has_text=f"「{NEW_NAME}」への市の考え方を保存しました。")
    ).to_be_visible()
    expect(page.locator("table").get_by_text("反映", exact=True)).to_be_visible()
    expect(page.locator("table").get_by_text("未公開")).to_be_visible()
    page.get_by_role("button", name=re.compile(f"^決裁に回す.*{NEW_NAME}")).click()
    page.get_by_role("dialog").get_by_role("button", name="この内容で決裁に回す").click()
    expect(page.locator("table").get_by_text("決裁待ち")).to_be_visible()
    screenshot(page, "planner-responses")
    assert _get(server, f"/processes/{journey['process']}/responses")["items"] == []
    pending = _staff_get(context, "/approvals?status=submitted")
    _approve(browser, server, pending[0]["id"])
    public = _get_fresh(server, f"/processes/{journey['process']}/responses")["items"]
    assert [r["target_title"] for r in public] == [NEW_NAME]


def test_residents_see_themes_draft_and_outcome(browser: Browser, server: str, journey) -> None:
    context = new_context(browser, server)
    try:
        api_sign_in(context, "resident")
        page = context.new_page()
        page.goto(f"/processes/{journey['process']}/themes")
        wait_until_settled(page)
        expect(page.get_by_role("heading", name=NEW_NAME)).to_be_visible()
        screenshot(page, "resident-themes")

        page.get_by_role("link", name="計画の素案を読む").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("総合計画 素案")
        section = page.locator("section.plan-goal").first
        section.get_by_role("button", name="この基本目標に意見を書く").click()
        section.get_by_role("button", name="意見を送る").click()
        expect(section.get_by_text("意見を入力してください。")).to_be_visible()
        section.get_by_role("textbox").fill("避難所の場所を地図で分かりやすく示してほしいです。")
        section.get_by_role("button", name="意見を送る").click()
        expect(page.get_by_role("status").filter(has_text="意見を送りました")).to_be_visible()
        expect(section.get_by_text("避難所の場所を地図で分かりやすく")).to_be_visible()
        # every measure, action and indicator takes comments too (one form open at a time)
        section.get_by_role("button", name="この施策に意見を書く").first.click()
        expect(section.get_by_role("textbox")).to_have_count(1)
        screenshot(page, "resident-draft")

        page.goto(f"/proposals/{journey['proposal']}")
        wait_until_settled(page)
        outcome = page.locator("section.outcome")
        expect(outcome.get_by_role("heading")).to_have_text("この提案のその後")
        expect(outcome.get_by_text(NEW_NAME).first).to_be_visible()
        # a measure of goal 1 (which one depends on how the analysis splits the theme)
        expect(outcome.get_by_text(re.compile(r"計画の項目 1-\d")).first).to_be_visible()
        expect(outcome.get_by_text("基本目標1に位置づけ")).to_be_visible()
        screenshot(page, "resident-proposal-outcome")
    finally:
        context.close()

    # The planner sees the section comment in the editor.
    planner = new_context(browser, server)
    try:
        api_sign_in(planner, "planner")
        page = planner.new_page()
        page.goto(f"/planner/plan/{journey['process']}/drafts/{journey['draft']}?view=comments")
        wait_until_settled(page)
        expect(page.get_by_text("避難所の場所を地図で分かりやすく")).to_be_visible()
    finally:
        planner.close()


PLANNER_ROUTES = [
    ("planning-index", "/planner/plan"),
    ("planning-runs", "/planner/plan/{process}/runs"),
    ("planning-themes", "/planner/plan/{process}/runs/{run}/themes"),
    ("planning-opinions", "/planner/plan/{process}/runs/{run}/opinions"),
    ("planning-drafts", "/planner/plan/{process}/drafts"),
    ("planning-editor", "/planner/plan/{process}/drafts/{draft}"),
    ("planning-versions", "/planner/plan/{process}/drafts/{draft}?view=versions"),
    ("planning-lineage", "/planner/plan/{process}/drafts/{draft}?view=lineage"),
    ("planning-comments", "/planner/plan/{process}/drafts/{draft}?view=comments"),
    ("planning-responses", "/planner/plan/{process}/responses"),
    ("approvals-inbox", "/planner/approvals"),
]
RESIDENT_ROUTES = [
    ("public-themes", "/processes/{process}/themes"),
    ("public-draft", "/processes/{process}/draft"),
    ("proposal-outcome", "/proposals/{proposal}"),
]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_planning_routes_have_no_axe_violations(
    browser: Browser, server: str, journey, language: str
) -> None:
    if "draft" not in journey:
        pytest.skip("the journey above did not get far enough")
    for role, routes in (("planner", PLANNER_ROUTES), ("resident", RESIDENT_ROUTES)):
        context = new_context(browser, server, language)
        try:
            api_sign_in(context, role)
            page = context.new_page()
            for name, path in routes:
                page.goto(path.format(**journey))
                wait_until_settled(page)
                assert page.evaluate("document.documentElement.lang") == language
                assert page.locator("h1").count() == 1, f"{name}: one h1"
                screenshot(page, f"{name}-{language}")
                violations = run_axe(page)
                assert violations == [], f"{name} ({language}): " + "\n".join(
                    f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations
                )
        finally:
            context.close()


def test_resident_plan_pages_fit_a_360px_screen(browser: Browser, server: str, journey) -> None:
    if "draft" not in journey:
        pytest.skip("the journey above did not get far enough")
    context = new_context(browser, server, "ja", viewport={"width": 360, "height": 780})
    try:
        api_sign_in(context, "resident")
        page = context.new_page()
        for name, path in RESIDENT_ROUTES:
            page.goto(path.format(**journey))
            wait_until_settled(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{name} scrolls sideways at 360 px ({width} px wide)"
            screenshot(page, f"{name}-360px")
    finally:
        context.close()
