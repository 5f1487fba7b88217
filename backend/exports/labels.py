"""The words the screens use, for every export (PDF, Word, Markdown, CSV) to print the same.

Kept equal to the frontend's Japanese texts: ``channels`` and ``ageBands`` in
frontend/src/i18n/ja.ts, ``opinions.group`` (「グループ A」…) in frontend/src/features/i18n/ja.ts.
"""

from __future__ import annotations

from backend.users.roles import AgeBand

CHANNEL_LABELS = {
    "online": "オンライン",
    "paper": "紙（郵送・窓口）",
    "meeting": "説明会・ワークショップ",
    "phone": "電話",
    "imported": "過去の意見募集から取り込み",
}
# the same channels as column headings, where several stand side by side
CHANNEL_SHORT_LABELS = {
    "online": "オンライン",
    "paper": "紙",
    "meeting": "説明会",
    "phone": "電話",
    "imported": "取り込み",
}
AGE_LABELS: dict[AgeBand, str] = {
    "under_20": "20歳未満",
    "20s": "20代",
    "30s": "30代",
    "40s": "40代",
    "50s": "50代",
    "60s": "60代",
    "70_plus": "70歳以上",
}
PHASE_LABELS = {
    "ideas": "意見募集",
    "voting": "投票",
    "themes": "テーマ整理",
    "draft": "素案",
    "feedback": "素案への意見",
    "closed": "終了",
}
UNKNOWN = "不明"
PHASE_LABELS = {
    "ideas": "意見募集",
    "voting": "投票",
    "themes": "テーマ整理",
    "draft": "素案",
    "feedback": "素案への意見",
    "closed": "終了",
}


def group_label(index: int) -> str:
    """An opinion group (0, 1, 2…) as the opinions screen names it: 「グループA」, 「グループB」…"""
    return f"グループ{chr(ord('A') + index)}"
