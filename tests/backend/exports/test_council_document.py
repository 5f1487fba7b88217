"""The co-creation summary as a council receives it: dates in Japan time and Japanese style
(or the Japanese era on request), the method told in sentences with the model, settings and
input hash in an appendix, the screens' own labels, and no note cut across two pages."""

from __future__ import annotations

import re
from typing import Any

from exports.outputs import docx_text, pdf_text, squeeze

from backend.exports.document import APPENDIX_TITLE, SECTION_TITLES, STATUS_NOTE
from backend.exports.labels import CHANNEL_LABELS
from support import export_file

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
HASH = re.compile(r"[0-9a-f]{64}")
JAPANESE_MOMENT = r"\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}時\d{2}分"


def _texts(exported: Any) -> dict[str, str]:
    return {
        "pdf": "\n".join(pdf_text(exported.files["summary-pdf"])),
        "docx": docx_text(exported.files["summary-docx"]),
        "md": exported.files["summary-md"].decode("utf-8"),
    }


def _method_body(text: str) -> str:
    """From the heading of 7. 分析の方法 to the appendix (the last of each: the table of
    contents names them first)."""
    flat = squeeze(text)
    start = flat.rindex(squeeze(SECTION_TITLES[6]))
    return flat[start : flat.rindex(squeeze(APPENDIX_TITLE))]


def test_dates_are_japanese_in_japan_time_never_utc_or_iso(exported: Any) -> None:
    for name, text in _texts(exported).items():
        assert "UTC" not in text, name
        assert not ISO_DATE.search(squeeze(text)), (name, ISO_DATE.findall(squeeze(text))[:3])
    markdown = _texts(exported)["md"]
    assert re.search(rf"作成日時：{JAPANESE_MOMENT}", markdown)
    assert "**期間**　2026年7月1日 〜 2028年3月31日" in markdown
    assert squeeze("作成日時") in squeeze(pdf_text(exported.files["summary-pdf"])[0])


async def test_the_japanese_era_is_an_option_of_the_export_job(exported: Any) -> None:
    data, seen = await export_file(
        exported.council, exported.process_id, "summary-md", era="japanese"
    )
    assert seen[0]["params"]["era"] == "japanese"
    text = data.decode("utf-8")
    assert re.search(r"作成日時：令和\d+年\d{1,2}月\d{1,2}日 \d{1,2}時\d{2}分", text)
    assert "**期間**　令和8年7月1日 〜 令和10年3月31日" in text
    overview = text.split("## 2.")[0]  # the cover lines, the period and the phases table
    assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", overview)


async def test_an_unknown_era_is_refused_with_a_message(exported: Any) -> None:
    answer = await exported.council.post(
        f"/api/v1/processes/{exported.process_id}/exports",
        json={"format": "summary-pdf", "era": "showa"},
    )
    assert answer.status_code in (400, 422)
    assert "era" in answer.text


def test_the_method_is_told_in_sentences_and_the_record_is_in_the_appendix(
    exported: Any,
) -> None:
    for name, text in _texts(exported).items():
        body = _method_body(text)
        for dump in ("backend=", "n_subthemes", "model=None", "seed="):
            assert dump not in body, (name, dump)
        assert not HASH.search(body), name
        assert squeeze("似た提案をまとめてテーマにしました") in body, name
        assert squeeze("テーマの数は自動で決めました（") in body, name
        assert squeeze("6割以上が賛成") in body, name
        appendix = squeeze(text)[squeeze(text).rindex(squeeze(APPENDIX_TITLE)) :]
        assert HASH.search(appendix), name  # the input's SHA-256, for whoever re-runs it


def test_the_exports_use_the_labels_of_the_screens(exported: Any) -> None:
    for name, text in _texts(exported).items():
        flat = squeeze(text)
        assert squeeze("グループAが特に賛成する意見") in flat, name
        assert "グループB" in flat, name
        assert not re.search(r"グループ\d+が", flat), name
        assert squeeze(CHANNEL_LABELS["paper"]) in flat, name
        assert squeeze("紙（意見箱）") not in flat, name  # the old label
    assert "| グループA |" in _texts(exported)["md"]  # the table of groups


def test_no_note_is_cut_across_two_pages(exported: Any) -> None:
    pages = pdf_text(exported.files["summary-pdf"])
    assert any(squeeze(STATUS_NOTE) in squeeze(page) for page in pages)


def test_the_plan_chapter_prints_unset_kpi_values_as_being_set_not_as_placeholders(
    exported: Any,
) -> None:
    for name, text in _texts(exported).items():
        flat = squeeze(text)
        for placeholder in ("［現状値］", "［目標値］", "［目標年度］"):
            assert squeeze(placeholder) not in flat, (name, placeholder)
        assert "設定中" in flat, name
        if name != "docx":  # Word's tables are read after its paragraphs
            plan = flat[flat.rindex(squeeze(SECTION_TITLES[4])) :]
            assert "［" not in plan[: plan.index(squeeze(SECTION_TITLES[5]))], name
