"""受付番号 (reference numbers) of offline submissions: what staff write on the receipt slip.

Format: 「P{process id}-{year}-{sequence, 5 digits}」, e.g. 「P3-2026-00042」 — the process, the
year (Japan time) the number was issued, and a sequence per process that never restarts, so the
number alone stays unique within the process across years and is short enough to read out on
the phone. More than 99,999 entries simply widen the last part.

The sequence is drawn atomically by one ``UPDATE processes SET last_reference_seq =
last_reference_seq + n … RETURNING``: on PostgreSQL the row lock makes concurrent entries
queue for the counter (each transaction gets its own range; a rolled-back one leaves a gap,
which is fine for a receipt); on SQLite the writer transaction (``BEGIN IMMEDIATE``) already
serialises writers. The unique constraint (process, number) is the backstop.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import NotFound
from backend.exports.dates import JST
from backend.processes.models import Process


def reference_number(process_id: int, year: int, sequence: int) -> str:
    return f"P{process_id}-{year}-{sequence:05d}"


async def allocate_references(session: AsyncSession, process_id: int, count: int) -> list[str]:
    """``count`` new, consecutive 受付番号 for the process, in order."""
    result = await session.execute(
        update(Process)
        .where(Process.id == process_id)
        .values(last_reference_seq=Process.last_reference_seq + count)
        .returning(Process.last_reference_seq)
        .execution_options(synchronize_session=False)
    )
    last = result.scalar_one_or_none()
    if last is None:
        raise NotFound(f"There is no process {process_id}.")
    year = datetime.now(JST).year
    return [reference_number(process_id, year, seq) for seq in range(last - count + 1, last + 1)]
