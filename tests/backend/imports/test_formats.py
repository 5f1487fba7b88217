"""Which format a file's columns name, and what each suggests (no database needed)."""

from __future__ import annotations

from datetime import date

from backend.imports.formats import detect_format, suggested_columns
from backend.imports.rows import parse_day, plain_text, title_from

DECIDIM = [
    "id",
    "category/id",
    "category/name/ja",
    "category/name/en",
    "scope/id",
    "participatory_space/id",
    "component/id",
    "title/ja",
    "title/en",
    "body/ja",
    "body/en",
    "state",
    "reference",
    "answer/ja",
    "supports",
    "endorsements/total_count",
    "comments",
    "published_at",
    "url",
]


def test_decidims_open_data_is_recognised_and_its_japanese_columns_suggested() -> None:
    source = detect_format(DECIDIM)
    assert source.key == "decidim" and source.html_body
    assert suggested_columns(source, DECIDIM) == {
        "text": "body/ja",
        "title": "title/ja",
        "original_id": "id",
        "label": "category/name/ja",
        "received_on": "published_at",
    }
    english = ["id", "title/en", "body/en", "state", "reference", "category/name/en"]
    assert suggested_columns(detect_format(english), english)["text"] == "body/en"


def test_kouchou_input_and_polis_comments_are_told_apart() -> None:
    assert detect_format(["comment-id", "comment-body", "source"]).key == "kouchou"
    polis = [
        "timestamp",
        "datetime",
        "comment-id",
        "author-id",
        "agrees",
        "disagrees",
        "moderated",
        "comment-body",
    ]
    assert detect_format(polis).key == "polis"
    assert detect_format(["ID", "御意見の概要", "御意見に対する考え方"]).key == "pubcom"
    assert suggested_columns(
        detect_format(["No.", "該当箇所", "御意見の概要", "御意見に対する考え方"]),
        ["No.", "該当箇所", "御意見の概要", "御意見に対する考え方"],
    ) == {
        "text": "御意見の概要",
        "title": None,
        "original_id": "No.",
        "label": "該当箇所",
        "received_on": None,
    }
    assert detect_format(["回答", "年代"]).key == "generic"


def test_days_titles_and_rich_text_are_read_as_exports_write_them() -> None:
    assert parse_day("1403054214196") == date(2014, 6, 18)  # Pol.is: ms since 1970, JST day
    assert parse_day("2025-03-01 10:00:00 UTC") == date(2025, 3, 1)
    assert parse_day("２０２５年３月１日") == date(2025, 3, 1)
    assert parse_day("2025/02/30") is None and parse_day("昨日") is None
    assert title_from("公園に日陰がほしいです。夏は暑い。") == "公園に日陰がほしいです"
    assert title_from("A" * 50) == "A" * 39 + "…"
    assert (
        plain_text("<p>Raise it&amp;keep it</p><p>now<br/>please</p>")
        == "Raise it&keep it\nnow\nplease"
    )
