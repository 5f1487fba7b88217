"""Personal data never reaches labels, summaries, representative quotes or drafts."""

import msgspec

from ml import analyse, build_draft, draft_to_markdown
from ml.embed import TfidfEmbedder

SECRETS = [
    "yamada.taro@example.jp",
    "090-1234-5678",
    "1234-5678",
    "123-4567",
    "1234 5678 9012",
    "2丁目3番4号",
    "5-6-7",
]


def test_pii_never_appears_in_any_output(pubcom_slice):
    pii = [
        (
            "p1",
            "連絡先は yamada.taro@example.jp です。除去土壌の再生利用の説明会を開いて。",
        ),
        ("p2", "電話 090-1234-5678 まで。除去土壌の再生利用に反対します。"),
        ("p3", "〒123-4567 中央区霞町2丁目3番4号に住んでいます。除去土壌の説明が足りません。"),
        ("p4", "個人番号 1234 5678 9012 を書いてしまいました。再生利用の安全性が心配です。"),
        ("p5", "桜町5-6-7在住。除去土壌の再生利用の基準が不明確です。"),
    ]
    items = pii * 1 + pubcom_slice[:40]
    result = analyse(items, [("u1", "p1", 1), ("u2", "p2", 1)], embedder=TfidfEmbedder())
    texts = {pid: t for pid, t in items}
    draft = build_draft(result, texts, support={"p1": 5, "p2": 5, "p3": 5})
    rendered = [
        msgspec.json.encode(result.themes + result.subthemes).decode(),
        msgspec.json.encode(draft).decode(),
        draft_to_markdown(draft),
    ]
    for blob in rendered:
        for secret in SECRETS:
            assert secret not in blob, f"{secret!r} leaked"
    quoted = [r.text for t in result.themes + result.subthemes for r in t.representatives]
    assert quoted


def test_draft_has_goals_measures_actions_voices_and_catalogue_kpis(pubcom_slice):
    result = analyse(pubcom_slice, embedder=TfidfEmbedder(), other_bucket=False)
    draft = build_draft(result, dict(pubcom_slice))
    assert draft.goals
    goal = draft.goals[0]
    assert goal.number == 1 and not goal.title.startswith("基本目標")  # the heading numbers it
    assert goal.theme_ids and goal.proposal_ids
    measure = goal.measures[0]
    assert measure.theme_ids and set(measure.proposal_ids) <= set(goal.proposal_ids)
    assert measure.actions and measure.voices
    assert set(measure.actions[0].proposal_ids) <= set(measure.proposal_ids)
    assert measure.kpis and all(k.source and not k.baseline for k in measure.kpis)
    markdown = draft_to_markdown(draft)
    assert "**成果指標**" in markdown and f"## 基本目標1　{goal.title}\n" in markdown
    assert "［" not in markdown  # no placeholder: values are the planner's to enter
