"""The preview of a file and the import itself: a new process in the テーマ整理 phase (ready for
an analysis run), its proposals with channel ``imported``, the source's ids and headings kept,
and a Pol.is conversation's participants as anonymous offline participants with their ballots
(``votes/ballots.py``), so that opinion groups form. All rows or none."""

from __future__ import annotations

import secrets
from collections import Counter

import anyio.to_thread
import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record_audit
from backend.core.errors import InvalidInput
from backend.imports.formats import FORMATS, SourceFormat, detect_format, suggested_columns
from backend.imports.models import ConsultationImport, ImportedProposal
from backend.imports.reading import PREVIEW_ROWS, Table
from backend.imports.rows import ImportedRow, check_rows
from backend.imports.schemas import (
    ImportPreview,
    ImportResult,
    ImportSettings,
    SuggestedMapping,
    VotesPreview,
)
from backend.imports.votes import SourceVotes, check_votes
from backend.processes.channels import IMPORTED
from backend.processes.phases import PHASES, Phase
from backend.processes.schemas import PhaseDates, ProcessCreate
from backend.processes.services import create_process
from backend.proposals.models import Proposal
from backend.proposals.offline_import import refuse_if_problems
from backend.proposals.proxy import today_jst
from backend.proposals.schemas import OfflineRowError
from backend.proposals.services import proposal_row
from backend.users.auth import CurrentUser
from backend.votes.ballots import BallotParticipant, record_ballot_batch

ANALYSIS_PHASE: Phase = "themes"  # テーマ整理: where a planner runs the analysis and reviews themes
HIDDEN_REASON = "取り込み元の意見募集で非表示にされていた意見です。"


class _Entry(msgspec.Struct):
    """What ``proposal_row`` reads of a new proposal."""

    title: str
    body: str
    district_code: str | None = None
    language: str | None = None


def preview(table: Table, votes: Table | None, format_key: str | None) -> ImportPreview:
    """What the importer makes of the file: its format (detected unless named), columns, the
    first rows and the columns it suggests for each field."""
    source = FORMATS[format_key] if format_key else detect_format(table.columns)
    suggested = suggested_columns(source, table.columns)
    if suggested["text"] is None:
        suggested["text"] = _longest_text_column(table)
    return ImportPreview(
        format=source.key,
        format_name=source.name_ja,
        encoding=table.encoding,
        filename=table.filename,
        columns=table.columns,
        rows=[
            (values + [""] * len(table.columns))[: len(table.columns)]
            for _, values in table.rows[:PREVIEW_ROWS]
        ],
        row_count=len(table.rows),
        mapping=msgspec.convert(suggested, SuggestedMapping),
        takes_votes=source.takes_votes,
        votes=VotesPreview(votes.filename, len(votes.rows), votes.columns) if votes else None,
    )


def _longest_text_column(table: Table) -> str:
    """The column most likely to hold free text: the longest cells on average, among those
    that are not numbers. None at all: 422, naming the columns."""
    sample = table.rows[:200]
    lengths: Counter[str] = Counter()
    for _, values in sample:
        for column, value in zip(table.columns, values, strict=False):
            if value and not value.replace(".", "", 1).replace("-", "", 1).isdigit():
                lengths[column] += len(value)
    if not lengths:
        raise InvalidInput(
            f"No column of {table.filename} holds text to import (its columns: "
            + ", ".join(table.columns[:30])
            + "). Upload the file whose column holds the "
            "opinions' text (free answers, comments)."
        )
    return lengths.most_common(1)[0][0]


def checked_import(
    table: Table, votes: Table | None, settings: ImportSettings
) -> tuple[SourceFormat, list[ImportedRow], SourceVotes | None]:
    """Every row checked (and the votes, for Pol.is); any problem refuses the import (422)."""
    source = FORMATS[settings.format]
    if votes is not None and not source.takes_votes:
        raise InvalidInput(
            f"A votes file goes only with a Pol.is export; {source.name_ja} has "
            "none. Leave the votes file out or choose the Pol.is format.",
            errors=[{"field": "votes", "message": "only for Pol.is"}],
        )
    problems: list[OfflineRowError] = []
    rows = check_rows(table, source, settings.mapping, problems)
    source_votes = None
    if votes is not None:
        source_votes = check_votes(votes, {r.original_id for r in rows}, problems)
    refuse_if_problems(problems)
    return source, rows, source_votes


def _timeline(rows: list[ImportedRow]) -> list[PhaseDates]:
    days = [r.received_on for r in rows if r.received_on]
    ideas = PhaseDates("ideas", min(days), max(days)) if days else PhaseDates("ideas")
    return [ideas, *(PhaseDates(p) for p in PHASES[1:])]


async def import_consultation(
    session: AsyncSession,
    staff: CurrentUser,
    settings: ImportSettings,
    source: SourceFormat,
    rows: list[ImportedRow],
    votes: SourceVotes | None,
    filenames: tuple[str, str],
) -> ImportResult:
    """The new process with every row as a proposal (and the votes), audited as one entry."""
    today = today_jst().strftime("%Y%m%d")
    process = await create_process(
        session,
        staff.id,
        ProcessCreate(
            slug=f"import-{today}-{secrets.token_hex(3)}",
            title_ja=settings.title_ja,
            title_en=settings.title_en,
            description_ja=settings.description_ja,
            phases=_timeline(rows),
        ),
    )
    process.phase = ANALYSIS_PHASE
    record = ConsultationImport(
        process_id=process.id,
        format=source.key,
        filename=filenames[0][:255],
        votes_filename=filenames[1][:255],
        source=settings.source,
        mapping=msgspec.to_builtins(settings.mapping),
        proposal_count=len(rows),
        vote_count=0,
        participant_count=0,
        created_by_id=staff.id,
    )
    session.add(record)

    def build() -> list[Proposal]:
        return [
            proposal_row(
                process.id,
                _Entry(row.title, row.body),
                [],
                author_id=None,
                entered_by_id=staff.id,
                channel=IMPORTED,
                received_on=row.received_on,
                status="hidden" if row.hidden else "published",
                status_reason=HIDDEN_REASON if row.hidden else None,
            )
            for row in rows
        ]

    # segmenting each text for search (~1.5 ms) and detecting its language: seconds for a
    # large consultation, done in a worker thread so the event loop keeps answering meanwhile
    proposals = await anyio.to_thread.run_sync(build)
    session.add_all(proposals)
    await session.flush()
    session.add_all(
        ImportedProposal(
            proposal_id=p.id,
            import_id=record.id,
            line=row.line,
            original_id=row.original_id,
            original_label=row.label,
        )
        for p, row in zip(proposals, rows, strict=True)
    )
    if votes is not None:
        # the participants and their votes as paper ballots are stored: numbered, counted in
        # each proposal's tallies and in the analysis's vote matrix (votes/ballots.py)
        ballots = _ballots(
            votes,
            {
                row.original_id: p.id
                for p, row in zip(proposals, rows, strict=True)
                if not row.hidden
            },
        )
        await record_ballot_batch(session, process.id, ballots, entered_by_id=staff.id)
        record.participant_count = len(ballots)
        record.vote_count = sum(len(ballot) for _, ballot in ballots)
    await session.flush()
    hidden = sum(row.hidden for row in rows)
    record_audit(
        session,
        staff.id,
        "process.imported",
        "process",
        process.id,
        format=source.key,
        filename=filenames[0],
        proposals=len(rows),
        hidden=hidden,
        votes=record.vote_count,
        participants=record.participant_count,
    )
    return ImportResult(
        record.id, process.id, len(rows), hidden, record.vote_count, record.participant_count
    )


def _ballots(
    votes: SourceVotes, proposal_ids: dict[str, int]
) -> list[tuple[BallotParticipant, dict[int, int]]]:
    """Each participant of the source with their votes on the imported proposals that are
    shown (a comment hidden there takes no votes here), as an anonymous offline participant
    whose ``external_ref`` is their id there (「polis:42」)."""
    by_voter: dict[str, dict[int, int]] = {}
    for (voter, comment), value in votes.latest.items():
        if (proposal_id := proposal_ids.get(comment)) is not None:
            by_voter.setdefault(voter, {})[proposal_id] = value
    return [
        (
            BallotParticipant(
                channel=IMPORTED, external_ref=f"polis:{voter}", label=f"Pol.is-{voter}"[:40]
            ),
            ballot,
        )
        for voter, ballot in by_voter.items()
    ]
