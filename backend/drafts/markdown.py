"""A draft as Markdown: what diffs compare and what exports print."""

from __future__ import annotations

from backend.drafts.schemas import DraftContent


def plan_label(key: str) -> str:
    """g2-m3-a1 → 2-3-1 (the numbering Japanese plans use)."""
    return "-".join(part[1:] for part in key.split("-"))


def content_to_markdown(content: DraftContent) -> str:
    lines = [f"# {content.title}", ""]
    if content.preamble:
        lines += [content.preamble, ""]
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
            if measure.kpis:
                lines += ["| 成果指標 | 現状値 | 目標値 | 目標年度 |", "| --- | --- | --- | --- |"]
                lines += [f"| {k.name} | {k.baseline} | {k.target} | {k.target_year} |"
                          for k in measure.kpis]
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"
