"""A planner imports the ministry's public-comment file as a process, in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed")

from playwright.sync_api import Page, expect

from .conftest import api_sign_in, run_axe, screenshot, wait_until_settled

PUBCOM = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "pubcom_ja"
    / "moe_soil_pubcom_labeled.csv"
)


@pytest.mark.skipif(not PUBCOM.exists(), reason="the shared reference data is not here")
def test_planner_imports_a_pubcom_file_after_checking_its_columns(page: Page, context) -> None:
    api_sign_in(context, "planner")
    page.goto("/planner/processes")
    wait_until_settled(page)
    page.get_by_role("link", name="過去の意見募集を取り込む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("過去の意見募集を取り込む")
    page.get_by_label("意見のファイル（CSV または Excel .xlsx）").set_input_files(str(PUBCOM))
    page.get_by_role("button", name="ファイルを読み込む").click()
    expect(
        page.get_by_text(
            "moe_soil_pubcom_labeled.csv を「e-Govパブリックコメント（意見の一覧）」"
            "として読みました"
            "（337件、文字コード：utf-8）。"
        )
    ).to_be_visible()
    expect(page.get_by_label("意見の本文の列")).to_have_value("text")
    expect(page.get_by_label("元の分類・該当箇所の列")).to_have_value("label_name")
    expect(
        page.get_by_role("table", name="最初の20行（取り込む前の確認）").locator("tbody tr")
    ).to_have_count(20)
    violations = run_axe(page)
    assert violations == [], "\n".join(
        f"{v['id']}: {v['help']} at {v['nodes']}" for v in violations
    )
    screenshot(page, "planner-import-preview")

    page.get_by_label("プロセスの名前（日本語）").fill("除去土壌の再生利用（パブコメ）")
    page.get_by_role("button", name="取り込んでプロセスを作成").click()
    expect(
        page.get_by_role("status").filter(
            has_text="337件の意見を取り込み、プロセスを作成しました。"
        )
    ).to_be_visible(timeout=30_000)
    screenshot(page, "planner-import-done")
    page.get_by_role("link", name="作成したプロセスを開く").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("除去土壌の再生利用（パブコメ）")
