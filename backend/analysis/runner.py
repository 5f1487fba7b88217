"""Executing one analysis run: load the inputs, call ``ml.analyse``, store the immutable result.

The handler of the ``analysis`` job kind (``ANALYSIS``): the job runner (``backend/jobs/``)
claims the run, beats its heartbeat and records a failure; this module does the work. Safe to
run again for the same run after a crash: the result is written in one transaction at the end.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
from typing import Any

import msgspec
from sqlalchemy import delete, select, update

from backend.analysis.embedding_cache import DatabaseEmbeddingCache
from backend.analysis.embedding_models import require_allowed_model
from backend.analysis.models import (
    AnalysisResult,
    AnalysisRun,
    Theme,
    ThemeAssignment,
)
from backend.analysis.schemas import AnalysisParams
from backend.analysis.similar_index import build_after_run
from backend.core.database import Database, table_of, utcnow
from backend.core.jobs import JobCancelled, JobKind
from backend.processes.models import District, Process, landmark_names
from backend.proposals.models import Proposal
from backend.votes.models import BallotVote, OfflineParticipant, Vote
from ml.schema import Analysis
from ml.schema import Proposal as MlProposal
from ml.schema import Vote as MlVote
from ml.stages import Stage

logger = logging.getLogger("kyoso.analysis")

# Share of the progress bar each ml stage ends at (every ``Stage``: a test checks it).
STAGE_PROGRESS: dict[str, int] = {  # keyed by Stage, a StrEnum: a reported "embed" finds it
    Stage.PREPARE: 3,
    Stage.OPINIONS: 5,
    Stage.DUPLICATES: 8,
    Stage.SEGMENT: 10,
    Stage.EMBED: 55,
    Stage.CLUSTER: 70,
    Stage.LABEL: 85,
    Stage.MAP: 90,
    Stage.ASSEMBLE: 95,
}
_embedders: dict[tuple[str, str | None, int], Any] = {}
_embedders_lock = threading.Lock()


def embedder_for(name: str, model: str | None, seed: int) -> Any:
    """One embedder per worker process and configuration: models load once, lazily."""
    from ml.embed.auto import make_embedder

    key = (name, model, seed)
    with _embedders_lock:
        if key not in _embedders:
            _embedders[key] = make_embedder(name, model, random_state=seed)
        return _embedders[key]


def input_snapshot_hash(
    proposals: list[tuple[int, str]],
    votes: list[tuple[int, int, int]],
    ballots: list[tuple[int, int, int]] | None = None,
) -> str:
    """A hash of exactly what was analysed, so that a run can be reproduced and checked; paper
    ballots (participant, proposal, value) join it only when there are some, so the hash of a
    process without them is what it was before ballots existed."""
    digest = hashlib.sha256()
    digest.update(msgspec.json.encode(sorted(proposals)))
    digest.update(msgspec.json.encode(sorted(votes)))
    if ballots:
        digest.update(b"ballots")
        digest.update(msgspec.json.encode(sorted(ballots)))
    return digest.hexdigest()


def ballot_participant(channel: str, participant_id: int) -> str:
    """An anonymous offline participant in the analysis (``votes/ballots.py``): a string, so it
    never collides with a user id and ``str(p).isdigit()`` tells residents from them; written
    ``"<channel>:<id>"`` so an opinion group's members count by channel
    (``stats.channels.participant_channel``)."""
    return f"{channel}:{participant_id}"


class RunInputs(msgspec.Struct, frozen=True):
    """What one run analyses: the published proposals (title and body as one text), the votes
    on them, the city's gazetteer, and the hash of exactly these inputs."""

    proposals: list[MlProposal]
    votes: list[MlVote]
    place_names: list[str]
    input_hash: str


def run_params(stored: dict[str, Any]) -> AnalysisParams:
    """A run's stored parameters as ``AnalysisParams`` (keys it no longer knows are ignored)."""
    known = set(AnalysisParams.__struct_fields__)
    return msgspec.convert({k: v for k, v in stored.items() if k in known}, AnalysisParams)


async def _start(database: Database, run_id: int) -> tuple[int, AnalysisParams] | None:
    """The claimed run's process and parameters (None when its row is gone)."""
    async with database.session(write=True) as session:
        run = await session.get(AnalysisRun, run_id)
        if run is None:
            return None
        if run.cancel_requested:
            raise JobCancelled()
        run.stage, run.progress = "loading", 1
        return run.process_id, run_params(run.params)


async def _inputs(database: Database, process_id: int) -> RunInputs:
    async with database.session(write=False) as session:
        rows = (
            await session.execute(
                select(
                    Proposal.id,
                    Proposal.title,
                    Proposal.body,
                    Proposal.language,
                    Proposal.content_hash,
                )
                .where(Proposal.process_id == process_id, Proposal.status == "published")
                .order_by(Proposal.id)
            )
        ).all()
        votes = (
            await session.execute(
                select(Vote.user_id, Vote.proposal_id, Vote.value)
                .join(Proposal, Proposal.id == Vote.proposal_id)
                .where(Proposal.process_id == process_id, Proposal.status == "published")
            )
        ).all()
        # paper ballots: each anonymous participant votes as a participant of their own
        ballots = (
            await session.execute(
                select(
                    BallotVote.participant_id,
                    BallotVote.proposal_id,
                    BallotVote.value,
                    OfflineParticipant.channel,
                )
                .join(Proposal, Proposal.id == BallotVote.proposal_id)
                .join(OfflineParticipant, OfflineParticipant.id == BallotVote.participant_id)
                .where(Proposal.process_id == process_id, Proposal.status == "published")
                .order_by(BallotVote.participant_id, BallotVote.proposal_id)
            )
        ).all()
        districts = (await session.execute(select(District.name_ja, District.name_en))).all()
        landmarks = (
            await session.execute(select(Process.landmarks).where(Process.id == process_id))
        ).scalar_one_or_none()
    return RunInputs(
        proposals=[MlProposal(r.id, f"{r.title}\n{r.body}", r.language or None) for r in rows],
        votes=[MlVote(v.user_id, v.proposal_id, int(v.value)) for v in votes]
        + [
            MlVote(ballot_participant(b.channel, b.participant_id), b.proposal_id, int(b.value))
            for b in ballots
        ],
        # the city's gazetteer, districts and the process's landmarks: place names are taken
        # out before themes form (ml.places)
        place_names=[name for d in districts for name in d if name]
        + landmark_names(landmarks or ""),
        input_hash=input_snapshot_hash(
            [(r.id, r.content_hash) for r in rows],
            [(u, p, value) for u, p, value in votes],
            [(b.participant_id, b.proposal_id, b.value) for b in ballots],
        ),
    )


class _Reporter:
    """Progress from the analysis thread to the run row; raises ``JobCancelled`` when a planner
    cancelled the run."""

    def __init__(self, database: Database, run_id: int, loop: asyncio.AbstractEventLoop) -> None:
        self.database, self.run_id, self.loop = database, run_id, loop
        self.last = 0.0

    def __call__(self, stage: str, fraction: float) -> None:
        now = time.monotonic()
        if now - self.last < 0.3 and fraction < 1.0:
            return
        self.last = now
        progress = STAGE_PROGRESS.get(stage, 50)
        cancelled = asyncio.run_coroutine_threadsafe(
            _beat(self.database, self.run_id, stage, progress), self.loop
        ).result()
        if cancelled:
            raise JobCancelled()


async def _beat(database: Database, run_id: int, stage: str, progress: int) -> bool:
    """Write the stage; True when the run was cancelled (or deleted) meanwhile."""
    async with database.session(write=True) as session:
        await session.execute(
            update(AnalysisRun)
            .where(AnalysisRun.id == run_id, AnalysisRun.status == "running")
            .values(stage=stage, progress=progress, heartbeat_at=utcnow())
        )
        run = await session.get(AnalysisRun, run_id)
        return run is None or run.cancel_requested


def _analyse(
    inputs: RunInputs, params: AnalysisParams, cache: Any, progress: _Reporter
) -> Analysis:
    from ml.pipeline import analyse

    return analyse(
        inputs.proposals,
        inputs.votes,
        embedder=embedder_for(params.backend, params.model, params.seed),
        cache=cache,
        n_themes=params.n_themes,
        n_subthemes=params.n_subthemes,
        place_names=inputs.place_names,
        random_state=params.seed,
        progress=progress,
    )


def _theme_rows(run_id: int, analysis: Analysis) -> list[Theme]:
    top_keys = {t.id for t in analysis.themes}
    return [
        Theme(
            run_id=run_id,
            key=t.id,
            level=t.level,
            parent_key=t.parent_id,
            title=t.title[:200],
            title_en=t.title_en[:200],
            summary=t.summary,
            keywords=[{"word": k.word, "score": round(k.score, 4)} for k in t.keywords],
            representative_ids=[int(r.proposal_id) for r in t.representatives],
            size=t.size,
            is_other=t.is_other,
            x=t.x,
            y=t.y,
        )
        for t in [*analysis.themes, *analysis.subthemes]
        # the "other" bucket has no real sub-theme: its stand-in shares the theme's key
        if t.level == 1 or t.id not in top_keys
    ]


async def _store(database: Database, run_id: int, analysis: Analysis, input_hash: str) -> None:
    async with database.session(write=True) as session:
        run = await session.get(AnalysisRun, run_id)
        if run is None or run.status != "running":
            return
        for model in (ThemeAssignment, Theme, AnalysisResult):
            await session.execute(delete(model).where(model.run_id == run_id))
        session.add(AnalysisResult(run_id=run_id, payload=msgspec.to_builtins(analysis)))
        session.add_all(_theme_rows(run_id, analysis))
        await session.flush()
        rows = [
            {
                "run_id": run_id,
                "proposal_id": int(a.proposal_id),
                "theme_key": a.theme_id,
                "subtheme_key": a.subtheme_id,
                "theme_score": a.theme_score,
                "subtheme_score": a.subtheme_score,
                "x": a.x,
                "y": a.y,
                "duplicate_group": a.duplicate_group,
            }
            for a in analysis.assignments
        ]
        for start in range(0, len(rows), 1000):
            await session.execute(table_of(ThemeAssignment).insert(), rows[start : start + 1000])
        run.status, run.stage, run.progress = "succeeded", "done", 100
        run.backend, run.model = analysis.backend, analysis.model
        run.metrics = msgspec.to_builtins(analysis.metrics)
        run.input_hash = input_hash
        run.finished_at = run.heartbeat_at = utcnow()


async def run_analysis(database: Database, run_id: int) -> None:
    """Analyse the claimed run ``run_id`` and store its result (``succeeded``); raises on a
    failure and ``JobCancelled`` on a cancellation, which the job runner records."""
    started = await _start(database, run_id)
    if started is None:
        return
    process_id, params = started
    loop = asyncio.get_running_loop()
    # again here: a run queued before the allow-list, or retried, may name any model
    require_allowed_model(database.settings, params.model)
    # no model named: the configured one (KYOSO_EMBED_MODEL), else the library's default
    params = msgspec.structs.replace(
        params, model=params.model or database.settings.embed_model or None
    )
    inputs = await _inputs(database, process_id)
    if not inputs.proposals:
        raise ValueError("This process has no published proposals to analyse yet.")
    cache = DatabaseEmbeddingCache(database, loop)
    reporter = _Reporter(database, run_id, loop)
    analysis = await asyncio.to_thread(_analyse, inputs, params, cache, reporter)
    await _store(database, run_id, analysis, inputs.input_hash)
    logger.info("analysis run %s succeeded", run_id)
    await build_after_run(database, process_id, analysis.backend, analysis.model)


ANALYSIS = JobKind("analysis", run_analysis, AnalysisRun)
