"""The co-creation summary as Markdown (charts are left out; their figures are in tables)."""

from __future__ import annotations

from backend.exports import document as doc
from backend.exports import tables
from backend.exports.dates import japanese_datetime
from backend.exports.tables import Table


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split()) or " "


def md_table(table: Table) -> list[str]:
    header, rows = table
    return [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
        *["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows],
        "",
    ]


def _overview(s: doc.CoCreationSummary) -> list[str]:
    o = s.overview
    return [
        f"## {doc.SECTION_TITLES[0]}",
        "",
        f"**目的**　{o.purpose}",
        "",
        f"**期間**　{tables.period_text(o, s.era)}",
        "",
        *md_table(tables.phases_table(o, s.era)),
        *md_table(tables.channels_table(o)),
    ]


def _participation(s: doc.CoCreationSummary) -> list[str]:
    p = s.participation
    lines = [f"## {doc.SECTION_TITLES[1]}", "", *md_table(tables.totals_table(p))]
    for breakdown in p.breakdowns:
        lines += [f"### {breakdown.title}", "", *md_table(tables.breakdown_table(breakdown))]
    lines += [
        doc.STATUS_NOTE,
        "",
        "### 週ごとの提案とコメント",
        "",
        *md_table(tables.timeline_table(p, s.era)),
    ]
    return lines


def _themes(s: doc.CoCreationSummary) -> list[str]:
    lines = [f"## {doc.SECTION_TITLES[2]}", ""]
    if not s.themes:
        return [*lines, "分析の結果はまだありません。", ""]
    lines += md_table(tables.themes_table(s.themes))
    for t in s.themes:
        lines += [
            f"### {t.title}",
            "",
            f"- キーワード：{'、'.join(t.keywords) or '—'}",
            f"- 提案 {t.size} 件　賛成 {t.agree}・反対 {t.disagree}・パス {t.passed}",
        ]
        if t.subthemes:
            names = "、".join(f"{title}（{n}件）" for _, title, n in t.subthemes)
            lines.append(f"- 小テーマ：{names}")
        if t.summary:
            lines += ["", t.summary]
        lines += ["", *[f"> 「{v.text}」（提案 {v.proposal_id}）" for v in t.voices], ""]
    return lines


def _opinions(s: doc.CoCreationSummary) -> list[str]:
    lines = [f"## {doc.SECTION_TITLES[3]}", ""]
    o = s.opinions
    if o is None or not o.groups:
        return [*lines, "投票が少なく、意見グループは求められませんでした。", ""]
    lines += [
        f"投票した {o.participants} 人を、投票の傾向で {len(o.groups)} つのグループに分けました。",
        "",
        *md_table(tables.groups_table(o)),
        tables.GROUP_CHANNELS_NOTE,
        "",
        *md_table(tables.group_channels_table(o)),
    ]
    for g in o.groups:
        lines += [
            f"### {g.label}が特に賛成する意見",
            "",
            *md_table(tables.statements_table(g.agrees_with)),
        ]
        if g.disagrees_with:
            lines += [
                f"### {g.label}が特に反対する意見",
                "",
                *md_table(tables.statements_table(g.disagrees_with)),
            ]
    lines += [
        "### どのグループも賛成する意見（合意点）",
        "",
        *md_table(tables.statements_table(o.consensus)),
        "### グループで意見が分かれる意見",
        "",
        *md_table(tables.statements_table(o.divisive)),
    ]
    return lines


def _draft(s: doc.CoCreationSummary) -> list[str]:
    lines = [f"## {doc.SECTION_TITLES[4]}", ""]
    d = s.draft
    if d is None:
        return [*lines, "計画素案はまだありません。", ""]
    state = "公開版" if d.published else "未公開の作業版"
    lines += [f"**{d.title}**（素案 {d.draft_id}・第{d.version}版・{state}）", ""]
    if d.preamble:
        lines += [d.preamble, ""]
    if d.coverage:
        lines += [d.coverage, ""]
    for item, actions in doc.plan_blocks(d.items):
        level = doc.LEVEL_LABELS.get(item.level, item.level)
        mark = "###" if item.level == "goal" else "####"
        lines += ["", f"{mark} {level} {item.label}　{item.title}", ""]
        if item.body:
            lines += [item.body, ""]
        if actions:
            lines += [f"**{doc.LEVEL_LABELS['action']}**", ""]
            lines += [f"- {a.label} {a.title}" for a in actions] + [""]
        if item.voices:
            lines += [f"**{doc.VOICES_TITLE}**", "", *(f"- {v}" for v in item.voices), ""]
        if item.kpis:
            lines += md_table(tables.kpi_table(item.kpis))
    if d.not_reflected:
        lines += [
            "",
            f"### {tables.NOT_REFLECTED_TITLE}",
            "",
            *md_table(tables.not_reflected_table(d)),
        ]
    lines += [
        "",
        "### トレーサビリティ表（計画の項目 ← テーマ ← 提案）",
        "",
        *md_table(tables.trace_table(d)),
    ]
    return lines


def _public_comment(s: doc.CoCreationSummary) -> list[str]:
    return [f"## {doc.SECTION_TITLES[5]}", "", *public_comment_lines(s.public_comment)]


def public_comment_lines(table: doc.PublicComment) -> list[str]:
    if not table.rows:
        return ["市の考え方はまだ登録されていません。", ""]
    return [*md_table(tables.responses_table(table)), *md_table(tables.status_counts_table(table))]


def _method(s: doc.CoCreationSummary) -> list[str]:
    lines = [f"## {doc.SECTION_TITLES[6]}", ""]
    for step in s.method.steps:
        lines += [step, ""]
    return lines


def _appendix(s: doc.CoCreationSummary) -> list[str]:
    return [f"## {doc.APPENDIX_TITLE}", "", *md_table(tables.record_table(s.method))]


def summary_markdown(s: doc.CoCreationSummary) -> str:
    lines = [
        f"# {s.title}",
        "",
        *([doc.issued_by(s.issuer), ""] if s.issuer else []),
        f"作成日時：{japanese_datetime(s.generated_at, s.era)}",
        "",
        "## 目次",
        "",
        *[f"- {title}" for title in (*doc.SECTION_TITLES, doc.APPENDIX_TITLE)],
        "",
    ]
    for part in (
        _overview,
        _participation,
        _themes,
        _opinions,
        _draft,
        _public_comment,
        _method,
        _appendix,
    ):
        lines += part(s)
    return "\n".join(lines).rstrip() + "\n"
