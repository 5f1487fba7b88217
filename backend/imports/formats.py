"""The formats an earlier consultation comes in, each declared once: the columns that identify
it, and the columns it suggests for each field of a proposal.

Column names were taken from the formats' own sources: e-Gov results as ministries publish them
(「御意見の概要」, 「該当箇所」…, and ``id,label,label_name,text`` as the kouchou-ai pubcom data
set has them); Pol.is's open data export (``comments.csv``: ``comment-id``, ``author-id``,
``agrees``, ``disagrees``, ``moderated``, ``comment-body``; ``votes.csv``: ``comment-id``,
``voter-id``, ``vote`` with 1 agree, -1 disagree, 0 pass); Decidim's proposals export
(``Decidim::Proposals::ProposalSerializer``, flattened with ``/``: ``title/ja``, ``body/ja``,
``category/name/ja``, ``published_at``); 広聴AI's input CSV (``comment-id``, ``comment-body``).
"""

from __future__ import annotations

import unicodedata
from typing import Literal

import msgspec

FormatKey = Literal["pubcom", "generic", "polis", "decidim", "kouchou"]
Field = Literal["text", "title", "original_id", "label", "received_on"]
FIELDS: tuple[Field, ...] = ("text", "title", "original_id", "label", "received_on")


class SourceFormat(msgspec.Struct, frozen=True):
    """One format: ``markers`` (any one set of column names, all present, identifies it) and,
    per field, the column names to suggest, best first (``name/*``: any column under ``name/``)."""

    key: FormatKey
    name_ja: str
    markers: tuple[frozenset[str], ...]
    candidates: dict[str, tuple[str, ...]]
    html_body: bool = False  # Decidim keeps rich text: tags are taken out
    hidden_column: str | None = None  # a row whose value here is "-1" was hidden there
    takes_votes: bool = False


_OPINION = (
    "御意見",
    "ご意見",
    "意見",
    "御意見の概要",
    "ご意見の概要",
    "意見の概要",
    "提出意見",
    "意見内容",
    "意見の内容",
)
FORMATS: dict[str, SourceFormat] = {
    f.key: f
    for f in (
        SourceFormat(
            "polis",
            "Pol.is（comments.csv・votes.csv）",
            markers=(
                frozenset({"comment-id", "comment-body", "moderated"}),
                frozenset({"comment-id", "comment-body", "author-id"}),
            ),
            candidates={
                "text": ("comment-body",),
                "original_id": ("comment-id",),
                "received_on": ("timestamp",),
            },
            hidden_column="moderated",
            takes_votes=True,
        ),
        SourceFormat(
            "kouchou",
            "広聴AIの入力CSV",
            markers=(frozenset({"comment-id", "comment-body"}),),
            candidates={
                "text": ("comment-body",),
                "original_id": ("comment-id",),
                "label": ("category", "attribute_category", "source"),
            },
        ),
        SourceFormat(
            "decidim",
            "Decidim（提案のオープンデータCSV）",
            markers=(
                frozenset({"id", "reference", "state", "body/*"}),
                frozenset({"id", "reference", "state", "body"}),
            ),
            candidates={
                "text": ("body/ja", "body", "body/*"),
                "title": ("title/ja", "title", "title/*"),
                "original_id": ("id",),
                "label": ("category/name/ja", "category/name/*"),
                "received_on": ("published_at",),
            },
            html_body=True,
        ),
        SourceFormat(
            "pubcom",
            "e-Govパブリックコメント（意見の一覧）",
            markers=(frozenset({"label_name", "text"}), *(frozenset({n}) for n in _OPINION)),
            candidates={
                "text": (*_OPINION, "text"),
                "title": ("件名", "題名"),
                "original_id": ("id", "番号", "no", "no.", "意見番号", "通し番号"),
                "label": ("label_name", "該当箇所", "意見の対象", "項目", "論点", "区分"),
                "received_on": ("受付日", "提出日", "提出日時", "受付日時"),
            },
        ),
        SourceFormat(
            "generic",
            "CSV・Excel（自由記述のある表）",
            markers=(),
            candidates={
                "text": (
                    "本文",
                    "内容",
                    "自由記述",
                    "text",
                    "body",
                    "comment",
                    "comments",
                    "answer",
                    "回答",
                    "opinion",
                ),
                "title": ("題名", "件名", "タイトル", "title", "subject"),
                "original_id": ("id", "番号", "no", "no.", "回答番号", "回答id"),
                "label": ("分類", "カテゴリ", "カテゴリー", "category", "テーマ", "項目", "label"),
                "received_on": (
                    "受付日",
                    "日付",
                    "回答日時",
                    "タイムスタンプ",
                    "timestamp",
                    "date",
                    "created_at",
                ),
            },
        ),
    )
}
DETECTION_ORDER = ("polis", "kouchou", "decidim", "pubcom")
# every plain column name some format knows (how a header row is told from a title above it)
KNOWN_COLUMNS = frozenset(
    name
    for f in FORMATS.values()
    for names in (*f.candidates.values(), *f.markers)
    for name in names
    if not name.endswith("/*")
)


def column_key(name: str) -> str:
    """How column names are compared: width-normalised, trimmed, lower case."""
    return unicodedata.normalize("NFKC", name).strip().lower()


def find_column(columns: list[str], wanted: str) -> str | None:
    """The column ``wanted`` names (``name/*``: the first column under ``name/``)."""
    keys = {column_key(c): c for c in reversed(columns)}
    if wanted.endswith("/*"):
        prefix = wanted[:-1]
        return next((c for c in columns if column_key(c).startswith(prefix)), None)
    return keys.get(wanted)


def detect_format(columns: list[str]) -> SourceFormat:
    """The first format whose markers the columns carry; else the generic table."""
    for key in DETECTION_ORDER:
        found = FORMATS[key]
        if any(all(find_column(columns, m) for m in marker) for marker in found.markers):
            return found
    return FORMATS["generic"]


def suggested_columns(source: SourceFormat, columns: list[str]) -> dict[str, str | None]:
    """For each field, the column the format suggests (None: none of its names is there)."""
    suggested: dict[str, str | None] = {}
    for field in FIELDS:
        names = source.candidates.get(field, ())
        suggested[field] = next((c for n in names if (c := find_column(columns, n))), None)
    return suggested
