"""A draft as Markdown: what diffs compare and what exports print."""

from __future__ import annotations

from backend.drafts.kpi_check import kpi_value
from backend.drafts.schemas import DraftContent, plan_label
from backend.drafts.tracing import draft_coverage
from ml.draft import kpi_label


def content_to_markdown(content: DraftContent) -> str:
    lines = [f"# {content.title}", ""]
    if content.preamble:
        lines += [content.preamble, ""]
    if (coverage := draft_coverage(content)) is not None:
        lines += [f"**{coverage.text_ja}**", ""]
    for goal in content.sections:
        lines += [f"## 基本目標 {plan_label(goal.key)}　{goal.title}", ""]
        if goal.body:
            lines += [goal.body, ""]
        for measure in goal.measures:
            lines += [f"### 施策 {plan_label(measure.key)}　{measure.title}", ""]
            if measure.body:
                lines += [measure.body, ""]
            if measure.actions:
                lines += ["**主な取組**", ""]
                for action in measure.actions:
                    lines.append(f"- {plan_label(action.key)} {action.title}")
                    lines += [f"  {line}" for line in action.body.splitlines()]
                lines.append("")
            if measure.voices:
                lines += ["**市民の声**", ""]
                lines += [f"- 「{v.text}」（提案 {v.proposal_id}）" for v in measure.voices]
                lines.append("")
            if measure.kpis:
                lines += ["| 成果指標 | 現状値 | 目標値 | 目標年度 | 把握方法 |",
                          "| --- | --- | --- | --- | --- |"]
                lines += [f"| {kpi_label(k.name, k.unit)} | {kpi_value(k, k.baseline)} | "
                          f"{kpi_value(k, k.target)} | {kpi_value(k, k.target_year)} | "
                          f"{k.source} |" for k in measure.kpis]
                lines.append("")
    if content.not_reflected:
        lines += ["## 計画に反映しなかった意見", "", "| 意見のまとまり | 件数 | 理由 | 提案 |",
                  "| --- | --- | --- | --- |"]
        lines += [f"| {i.title} | {len(i.proposal_ids)} | {i.reason} | "
                  f"{'、'.join(str(p) for p in i.proposal_ids)} |" for i in content.not_reflected]
    return "\n".join(lines).rstrip() + "\n"
