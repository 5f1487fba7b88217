"""Section 7 of the summary, 分析の方法, in sentences a council member reads, and the record
behind it (model, settings, input hash) for the appendix 付録：分析の記録.

The body says what was done; identifiers and parameters, which only someone re-running the
analysis needs, go to the appendix so the body holds no ``backend=…`` dump and no hash.
"""

from __future__ import annotations

from backend.analysis.models import AnalysisRun
from backend.exports import document as doc
from backend.exports.dates import EraStyle, japanese_datetime
from backend.exports.labels import group_label
from ml.opinion import CONSENSUS_SHARE

EMBEDDING_SENTENCES = {
    "tfidf": "提案の文章を単語に分け、提案ごとに特徴的な言葉の使われ方を数値に変換して、"
    "似た提案をまとめてテーマにしました。",
}
MODEL_EMBEDDING = (
    "提案の文章を多言語の文章埋め込みモデル（日本語・英語などの文の意味を数値にする AI の"
    "モデル）で数値に変換し、似た提案をまとめてテーマにしました。"
)
PARAMETER_NAMES = {
    "backend": "方式",
    "model": "モデル",
    "n_themes": "テーマ数",
    "n_subthemes": "小テーマ数",
    "seed": "乱数の種",
}


def _count_sentence(what: str, chosen: object, found: int) -> str:
    how = "自動で決めました" if chosen is None else "職員が指定しました"
    return f"{what}の数は{how}（{found}）。"


def _analysis_steps(run: AnalysisRun, groups: int) -> list[str]:
    metrics = run.metrics or {}
    params = run.params or {}
    steps = [
        f"意見募集で寄せられた提案 {int(metrics.get('n_proposals', 0))} 件を分析しました。"
        "分析の前に、文中の電話番号・メールアドレス・住所などの個人情報を伏せました。",
        EMBEDDING_SENTENCES.get(run.backend or "", MODEL_EMBEDDING)
        + _count_sentence("テーマ", params.get("n_themes"), int(metrics.get("n_themes", 0))),
    ]
    if metrics.get("n_subthemes"):
        steps.append(
            "各テーマの中を、さらに近い提案ごとの小テーマに分けました。"
            + _count_sentence("小テーマ", params.get("n_subthemes"), int(metrics["n_subthemes"]))
        )
    if metrics.get("n_other"):
        steps.append(
            f"どのテーマにも近くない提案 {int(metrics['n_other'])} 件は「その他」にまとめました。"
        )
    steps.append(
        "職員がテーマの名称を変えたり、テーマを統合・分割したりした場合は、分析の結果を"
        "書き換えずに、その上に記録として重ねています。"
    )
    if groups:
        names = "・".join(group_label(i) for i in range(groups))
        steps.append(
            f"投票（賛成・反対・パス）の傾向が似ている参加者を{groups}つの意見グループ"
            f"（{names}）に分けました。個人ごとの投票は公表していません。"
            f"どのグループでも投票した人の{round(CONSENSUS_SHARE * 10)}割以上が賛成"
            "（または反対）した提案を「合意点」としています。"
        )
    return steps


def _settings(params: dict[str, object]) -> str:
    order = [*PARAMETER_NAMES, *sorted(set(params) - set(PARAMETER_NAMES))]
    shown = [
        f"{PARAMETER_NAMES.get(k, k)}：{'自動' if params[k] is None else params[k]}"
        for k in order
        if k in params
    ]
    return "、".join(shown) or "—"


def collect_method(
    run: AnalysisRun | None,
    draft: doc.DraftSummary | None,
    opinions: doc.Opinions | None,
    era: EraStyle,
) -> doc.Method:
    """What section 7 and the appendix print for this run and draft version."""
    draft_text = (
        f"素案 {draft.draft_id} 第{draft.version}版"
        f"{'（公開版）' if draft.published else '（未公開）'}"
        if draft
        else "なし"
    )
    steps = [] if run is None else _analysis_steps(run, len(opinions.groups) if opinions else 0)
    if run is None:
        steps.append("この記録の作成時点では、提案の分析はまだ行っていません。")
    if draft is not None:
        steps.append(
            f"計画素案（第{draft.version}版）の基本目標と施策は、テーマをもとに職員がまとめました。"
            "各項目がどのテーマ・どの提案から来ているかは、5章のトレーサビリティ表に示しています。"
        )
    if run is not None:
        steps.append(
            "同じ提案と投票を同じ設定で分析し直すと、同じテーマが得られます。その確認に使う記録"
            "（モデルの名前・設定・入力データのハッシュ値）は、巻末の「付録：分析の記録」に"
            "載せています。"
        )
    record = [
        ("分析の番号", str(run.id) if run else "—"),
        ("分析の完了日時（日本時間）", japanese_datetime(run.finished_at if run else None, era)),
        ("分析した提案の数", str(int((run.metrics or {}).get("n_proposals", 0))) if run else "—"),
        ("文章を数値にする方式", (run.backend or "—") if run else "—"),
        ("モデル", (run.model or "—") if run else "—"),
        ("設定", _settings(dict(run.params or {})) if run else "—"),
        ("入力データのハッシュ値（SHA-256）", (run.input_hash or "—") if run else "—"),
        ("計画素案", draft_text),
    ]
    return doc.Method(steps, record)
