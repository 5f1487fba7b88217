"""The offline part of a proposal's tallies (紙・説明会などの票).

Tally sheets and paper ballots move a proposal's displayed counts (``agree_count`` …, what every
list and detail read already shows) and their offline share (``offline_agree_count`` …) in the
same ``UPDATE … SET x = x + :n``: the database adds, so entries that several staff make at once
are all counted (PostgreSQL queues them on the row lock, SQLite's writer lock serialises them).
Rows are updated in id order, as the online vote writer does (``votes/services.py``), so
concurrent transactions queue rather than deadlock. The lists stay one statement per page: the
breakdown is three more columns of the row they already read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.database import in_ids, table_of
from backend.core.errors import InvalidInput
from backend.processes.models import Process
from backend.processes.phases import ensure_phase_allows
from backend.processes.services import get_process
from backend.proposals.models import Proposal

Counts = tuple[int, int, int]  # (agree, disagree, pass)
_POSITION = {1: 0, -1: 1, 0: 2}  # vote value -> position in Counts

PROPOSALS = table_of(Proposal)
_ADD = (
    update(PROPOSALS)
    .where(PROPOSALS.c.id == bindparam("pid"))
    .values(
        agree_count=PROPOSALS.c.agree_count + bindparam("a"),
        disagree_count=PROPOSALS.c.disagree_count + bindparam("d"),
        pass_count=PROPOSALS.c.pass_count + bindparam("p"),
        offline_agree_count=PROPOSALS.c.offline_agree_count + bindparam("a"),
        offline_disagree_count=PROPOSALS.c.offline_disagree_count + bindparam("d"),
        offline_pass_count=PROPOSALS.c.offline_pass_count + bindparam("p"),
    )
)


def vote_deltas(
    removed: Iterable[tuple[int, int]], added: Iterable[tuple[int, int]]
) -> dict[int, Counts]:
    """Net change per proposal of taking ``removed`` (proposal id, value) votes away and
    adding ``added`` ones."""
    deltas: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for proposal_id, value in removed:
        deltas[proposal_id][_POSITION[value]] -= 1
    for proposal_id, value in added:
        deltas[proposal_id][_POSITION[value]] += 1
    return {pid: (d[0], d[1], d[2]) for pid, d in deltas.items() if any(d)}


async def add_offline_counts(session: AsyncSession, deltas: Mapping[int, Counts]) -> None:
    """Move each proposal's displayed and offline counts by ``deltas`` (negative to take back)."""
    rows = [
        {"pid": pid, "a": a, "d": d, "p": p}
        for pid, (a, d, p) in sorted(deltas.items())
        if a or d or p
    ]
    if rows:
        await session.execute(_ADD, rows)


async def open_for_offline_votes(session: AsyncSession, process_id: int) -> Process:
    """The process, when staff may still enter offline votes: in every phase before it closes
    (as for proxy entry, 受付 never stops early: slips collected on the last day arrive later)."""
    process = await get_process(session, process_id)
    ensure_phase_allows(process.acting_phase, "proxy_entry")
    return process


async def ensure_votable_proposals(
    session: AsyncSession, process_id: int, proposal_ids: Iterable[int], field: str
) -> None:
    """Every id is a published proposal of the process; otherwise a 422 naming the others."""
    wanted = set(proposal_ids)
    if not wanted:
        return
    found = set(
        (
            await session.execute(
                select(Proposal.id).where(
                    Proposal.process_id == process_id,
                    Proposal.status == "published",
                    in_ids(session, Proposal.id, sorted(wanted)),
                )
            )
        ).scalars()
    )
    missing = sorted(wanted - found)
    if missing:
        listed = ", ".join(str(m) for m in missing[:10])
        raise InvalidInput(
            f"Proposal {listed} is not a published proposal of process {process_id}. Votes "
            "can only be entered for the published proposals of the process they belong to.",
            errors=[{"field": field, "message": f"not in this process: {listed}"}],
        )
