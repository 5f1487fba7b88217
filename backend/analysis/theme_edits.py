"""Planners' edits of a run's themes: validated against the current themes, stored, audited."""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.embedding_cache import DatabaseEmbeddingCache
from backend.analysis.models import AnalysisRun, ThemeEdit
from backend.analysis.runner import embedder_for, run_params
from backend.analysis.schemas import (
    SplitTheme,
    ThemeEditKind,
    ThemeEditOut,
    ThemeEditRequest,
)
from backend.analysis.themes import EditedThemes, apply_edit, load_edited_themes
from backend.audit.service import record_audit
from backend.core.database import Database, in_ids
from backend.core.errors import InvalidInput
from backend.proposals.models import Proposal
from ml.schema import Proposal as MlProposal


def _split_parts(
    run: AnalysisRun,
    edit_number: int,
    key: str,
    ids: list[int],
    texts: list[str],
    n: int,
    cache: Any,
) -> list[dict[str, Any]]:
    """Re-cluster one theme's proposals into ``n`` themes with the run's own embedder."""
    from ml.pipeline import analyse

    params = run_params(run.params)
    result = analyse(
        [MlProposal(i, t) for i, t in zip(ids, texts, strict=True)],
        embedder=embedder_for(params.backend, params.model, params.seed),
        cache=cache,
        n_themes=n,
        other_bucket=False,
        random_state=params.seed,
    )
    return [
        {
            "key": f"{key}-s{edit_number}-{index}",
            "title": theme.title,
            "title_en": theme.title_en,
            "summary": theme.summary,
            "keywords": [{"word": k.word, "score": round(k.score, 4)} for k in theme.keywords],
            "representative_ids": [int(r.proposal_id) for r in theme.representatives],
            "proposal_ids": [int(p) for p in theme.proposal_ids],
            "x": theme.x,
            "y": theme.y,
        }
        for index, theme in enumerate(result.themes, start=1)
    ]


async def _split_payload(
    session: AsyncSession,
    database: Database,
    run: AnalysisRun,
    state: EditedThemes,
    edit: SplitTheme,
) -> dict[str, Any]:
    state.require(edit.theme_key, level=1)
    ids = state.members(edit.theme_key)
    if len(ids) < edit.n:
        raise InvalidInput(
            f"Theme '{edit.theme_key}' has {len(ids)} proposals; it cannot be split into {edit.n}."
        )
    rows = dict(
        (
            await session.execute(
                select(Proposal.id, Proposal.title + "\n" + Proposal.body).where(
                    in_ids(session, Proposal.id, ids)
                )
            )
        ).all()
    )
    number = len(state.themes) + len(
        (await session.execute(select(ThemeEdit.id).where(ThemeEdit.run_id == run.id))).all()
    )
    cache = DatabaseEmbeddingCache(database, asyncio.get_running_loop())
    parts = await asyncio.to_thread(
        _split_parts, run, number, edit.theme_key, ids, [rows[i] for i in ids], edit.n, cache
    )
    return {"theme_key": edit.theme_key, "n": edit.n, "parts": parts}


async def edit_themes(
    session: AsyncSession,
    database: Database,
    actor_id: int,
    run: AnalysisRun,
    edit: ThemeEditRequest,
) -> ThemeEdit:
    # one edit of a run at a time: each is checked against the one before, and an approval
    # that publishes "up to edit n" must never meet an edit below n committed after it
    await session.execute(select(AnalysisRun.id).where(AnalysisRun.id == run.id).with_for_update())
    state = await load_edited_themes(session, run.id, public=False)
    # each ThemeEditRequest member is a Struct tagged with its ThemeEditKind (typed str | int)
    kind: ThemeEditKind = type(edit).__struct_config__.tag  # type: ignore[assignment]
    payload = (
        await _split_payload(session, database, run, state, edit)
        if isinstance(edit, SplitTheme)
        else msgspec.to_builtins(edit)
    )
    payload.pop("type", None)
    apply_edit(state, str(kind), payload)  # validates against the current themes
    row = ThemeEdit(run_id=run.id, kind=str(kind), payload=payload, actor_id=actor_id)
    session.add(row)
    await session.flush()
    record_audit(
        session,
        actor_id,
        f"theme.{kind}",
        "analysis_run",
        run.id,
        edit_id=row.id,
        **{k: v for k, v in payload.items() if k != "parts"},
    )
    return row


async def list_edits(session: AsyncSession, run_id: int) -> list[ThemeEditOut]:
    rows = (
        await session.execute(
            select(ThemeEdit).where(ThemeEdit.run_id == run_id).order_by(ThemeEdit.id)
        )
    ).scalars()
    return msgspec.convert(  # each edit as the variant of its kind
        [
            {
                "kind": e.kind,
                "id": e.id,
                "payload": e.payload,
                "actor_id": e.actor_id,
                "created_at": e.created_at,
            }
            for e in rows
        ],
        list[ThemeEditOut],
    )
