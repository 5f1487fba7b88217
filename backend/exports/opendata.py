"""Open data (オープンデータ): proposals, votes aggregated per proposal, themes and assignments,
and participation per channel.

No personal data: no names, e-mails, accounts or per-person votes; titles and bodies are
PII-masked. The columns are documented in ``docs/exports.md`` (``COLUMNS`` is the same list,
and a test checks that the two agree).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.models import AnalysisRun, ThemeAssignment
from backend.analysis.themes import load_edited_themes
from backend.core.privacy import masked
from backend.exports.csv_table import table_csv
from backend.exports.dates import JST
from backend.exports.participation import collect_participation
from backend.processes.channels import PROPOSAL_CHANNELS
from backend.processes.models import Process
from backend.proposals.models import Proposal
from backend.proposals.withheld import withheld_proposals

COLUMNS: dict[str, tuple[str, ...]] = {
    "proposals": (
        "proposal_id",
        "process_id",
        "title",
        "body",
        "district_code",
        "channel",
        "language",
        "tags",
        "created_date",
    ),
    "votes": (
        "proposal_id",
        "agree",
        "disagree",
        "pass",
        "total",
        "comments",
        "offline_agree",
        "offline_disagree",
        "offline_pass",
    ),
    "themes": (
        "run_id",
        "theme_key",
        "level",
        "parent_key",
        "title",
        "summary",
        "keywords",
        "size",
        "is_other",
        "agree",
        "disagree",
        "pass",
    ),
    "theme_assignments": ("run_id", "proposal_id", "theme_key", "subtheme_key", "theme_score"),
    "channels": ("channel", "label", "participants", "proposals", "votes", "comments"),
}
LICENSE = "CC BY 4.0"


async def collect_open_data(
    session: AsyncSession, process: Process, run: AnalysisRun | None, *, public: bool
) -> dict[str, Any]:
    """The four tables as lists of rows (dicts keyed by ``COLUMNS``), with a small header; the
    themes as approved for the ``public`` file, with every edit for a staff export."""
    proposals = (
        (
            await session.execute(
                select(Proposal)
                .where(Proposal.process_id == process.id, Proposal.status == "published")
                .order_by(Proposal.id)
            )
        )
        .scalars()
        .all()
    )
    tables: dict[str, list[dict[str, Any]]] = {
        "proposals": [
            {
                "proposal_id": p.id,
                "process_id": process.id,
                "title": masked(p.title),
                "body": masked(p.body),
                "district_code": p.district_code,
                "channel": p.channel,
                "language": p.language,
                "tags": ";".join(masked(t.tag) for t in p.tags),
                "created_date": p.created_at.astimezone(JST).date().isoformat(),
            }
            for p in proposals
        ],
        "votes": [
            {
                "proposal_id": p.id,
                "agree": p.agree_count,
                "disagree": p.disagree_count,
                "pass": p.pass_count,
                "total": p.agree_count + p.disagree_count + p.pass_count,
                "comments": p.comment_count,
                # the part of agree / disagree / pass from tally sheets and paper ballots
                "offline_agree": p.offline_agree_count,
                "offline_disagree": p.offline_disagree_count,
                "offline_pass": p.offline_pass_count,
            }
            for p in proposals
        ],
        "themes": [],
        "theme_assignments": [],
        "channels": await _channels(session, process.id),
    }
    if run is not None:
        state = await load_edited_themes(session, run.id, public=public)
        state.withhold(await withheld_proposals(session, process.id))
        tallies = {p.id: p for p in proposals}
        for theme in sorted(state.themes.values(), key=lambda t: (t.level, t.key)):
            members = state.members(theme.key)
            if not members:
                continue
            tables["themes"].append(
                {
                    "run_id": run.id,
                    "theme_key": theme.key,
                    "level": theme.level,
                    "parent_key": theme.parent_key,
                    "title": masked(theme.title),
                    "summary": masked(theme.summary),
                    "keywords": ";".join(masked(k["word"]) for k in theme.keywords),
                    "size": len(members),
                    "is_other": theme.is_other,
                    "agree": sum(tallies[m].agree_count for m in members),
                    "disagree": sum(tallies[m].disagree_count for m in members),
                    "pass": sum(tallies[m].pass_count for m in members),
                }
            )
        scores = dict(
            (
                await session.execute(
                    select(ThemeAssignment.proposal_id, ThemeAssignment.theme_score).where(
                        ThemeAssignment.run_id == run.id
                    )
                )
            ).all()
        )
        tables["theme_assignments"] = [
            {
                "run_id": run.id,
                "proposal_id": pid,
                "theme_key": theme,
                "subtheme_key": sub,
                "theme_score": round(float(scores.get(pid, 0.0)), 4),
            }
            for pid, (theme, sub) in sorted(state.assignment.items())
            if pid not in state.excluded
        ]
    return {
        "dataset": "kyoso-open-data",
        "process_id": process.id,
        "process_slug": process.slug,
        "process_title": masked(process.title_ja),
        "run_id": run.id if run else None,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "license": LICENSE,
        **tables,
    }


async def _channels(session: AsyncSession, process_id: int) -> list[dict[str, Any]]:
    """Every channel side by side, the same figures as the summary's 参加経路別 table (small
    cells 「<5」 and 「X」, so every count is text)."""
    participation, _ = await collect_participation(session, process_id)
    by_channel = participation.breakdowns[0]
    return [
        {
            "channel": channel,
            "label": row.label,
            "participants": row.people,
            **dict(zip(("proposals", "votes", "comments"), row.counts, strict=True)),
        }
        for channel, row in zip(PROPOSAL_CHANNELS, by_channel.rows, strict=True)
    ]


def open_data_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def open_data_zip(data: dict[str, Any]) -> bytes:
    """One CSV per table in a ZIP archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, columns in COLUMNS.items():
            archive.writestr(f"{name}.csv", table_csv(columns, data[name]))
    return buffer.getvalue()
