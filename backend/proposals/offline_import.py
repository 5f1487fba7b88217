"""Bulk import of offline submissions (一括取り込み): all rows or none.

Every row is checked before anything is stored; one bad row refuses the whole file with a
422 listing each problem as staff read it, 「12行目「本文」：空欄です」. A row whose title and
body (normalised, ``content_hash``) match an existing proposal of the process or an earlier
row of the file is a problem too, unless the request says ``allow_duplicates``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import InvalidInput
from backend.core.input_hygiene import FORBIDDEN_CHARACTER
from backend.core.text import content_hash
from backend.exports.labels import AGE_LABELS
from backend.processes.districts import list_districts
from backend.processes.phases import ensure_phase_allows
from backend.processes.services import get_process
from backend.proposals.models import Proposal
from backend.proposals.offline_file import Cell, OfflineSheet
from backend.proposals.proxy import store_offline_rows, today_jst
from backend.proposals.schemas import (
    OfflineChannel,
    OfflineImportResult,
    OfflineRowError,
    ProxyProposalCreate,
)
from backend.users.auth import CurrentUser
from backend.users.roles import AgeBand

MAX_TITLE, MAX_BODY = 120, 4000
MAX_LISTED_ERRORS = 500
_CHANNELS: dict[str, OfflineChannel] = {
    "紙": "paper",
    "郵送": "paper",
    "窓口": "paper",
    "紙(郵送・窓口)": "paper",
    "paper": "paper",
    "説明会": "meeting",
    "ワークショップ": "meeting",
    "説明会・ワークショップ": "meeting",
    "meeting": "meeting",
    "電話": "phone",
    "phone": "phone",
}
_CHANNEL_NAMES = {"paper": "紙", "meeting": "説明会", "phone": "電話"}
_AGE_BANDS: dict[str, AgeBand] = {
    **{label: code for code, label in AGE_LABELS.items()},
    **{code: code for code in AGE_LABELS},
    "10代": "under_20",
    "70代": "70_plus",
    "80代": "70_plus",
    "90代": "70_plus",
    "70代以上": "70_plus",
    "80歳以上": "70_plus",
}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class RowProblems:
    """The problems found in one row, worded for staff: 「12行目「本文」：空欄です」, prefixed
    with the file's name where an import reads several files."""

    def __init__(self, line: int, problems: list[OfflineRowError], file: str = "") -> None:
        self.line, self.problems, self.file = line, problems, file

    def problem(self, column: str, reason: str) -> None:
        where = f"{self.file} " if self.file else ""
        self.problems.append(
            OfflineRowError(
                self.line,
                column,
                reason,
                f"{where}{self.line}行目「{column}」：{reason}",
                self.file,
            )
        )


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    return str(value).strip()


def _key(value: Cell) -> str:
    return unicodedata.normalize("NFKC", cell_text(value)).replace(" ", "")


def _received_on(row: RowProblems, value: Cell, today: date) -> date | None:
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif not cell_text(value):
        row.problem("受付日", "空欄です")
        return None
    elif match := _DATE.match(_key(value)):
        try:
            day = date(*(int(part) for part in match.groups()))
        except ValueError:
            row.problem("受付日", f"ありえない日付です（{cell_text(value)}）")
            return None
    else:
        row.problem("受付日", f"日付として読めません（{cell_text(value)}）。例：2026/12/01")
        return None
    if day > today:
        row.problem("受付日", f"未来の日付です（{day:%Y/%m/%d}）")
        return None
    return day


def written_text(row: RowProblems, column: str, value: Cell, limit: int) -> str:
    text = cell_text(value)
    if not text:
        row.problem(column, "空欄です")
    elif len(text) > limit:
        row.problem(column, f"{limit:,}文字を超えています（{len(text):,}文字）")
    elif FORBIDDEN_CHARACTER.search(text):
        row.problem(column, "使えない制御文字が含まれています")
    return text


def _channel(
    row: RowProblems, value: Cell, open_channels: Collection[str]
) -> OfflineChannel | None:
    channel = _CHANNELS.get(_key(value).lower())
    if not cell_text(value):
        row.problem("経路", "空欄です（紙・説明会・電話のいずれか）")
    elif channel is None:
        row.problem(
            "経路",
            f"「{cell_text(value)}」は使えません。紙・説明会・電話のいずれかを入力してください",
        )
    elif channel not in open_channels:
        row.problem("経路", f"この取り組みは「{_CHANNEL_NAMES[channel]}」での受付を止めています")
    return channel


def _district(row: RowProblems, value: Cell, districts: dict[str, str], names: str) -> str | None:
    if not cell_text(value):
        return None
    code = districts.get(_key(value))
    if code is None:
        row.problem(
            "地区",
            f"「{cell_text(value)}」という地区はありません（{names} のいずれか、または空欄）",
        )
    return code


def _age_band(row: RowProblems, value: Cell) -> AgeBand | None:
    if not cell_text(value):
        return None
    band = _AGE_BANDS.get(_key(value))
    if band is None:
        bands = "・".join(AGE_LABELS.values())
        row.problem("年代", f"「{cell_text(value)}」は使えません（{bands} のいずれか、または空欄）")
    return band


async def _existing(
    session: AsyncSession, process_id: int, hashes: set[str]
) -> dict[str, tuple[int, str | None]]:
    """The proposals of the process with one of these content hashes: hash → (id, 受付番号)."""
    found: dict[str, tuple[int, str | None]] = {}
    listed = sorted(hashes)
    for start in range(0, len(listed), 1000):
        rows = await session.execute(
            select(Proposal.content_hash, Proposal.id, Proposal.reference_number)
            .where(
                Proposal.process_id == process_id,
                Proposal.content_hash.in_(listed[start : start + 1000]),
            )
            .order_by(Proposal.id)
        )
        for digest, id_, number in rows:
            found.setdefault(digest, (id_, number))
    return found


async def import_offline_sheet(
    session: AsyncSession,
    staff: CurrentUser,
    process_id: int,
    sheet: OfflineSheet,
    *,
    allow_duplicates: bool = False,
    source: str = "",
) -> OfflineImportResult:
    process = await get_process(session, process_id)
    ensure_phase_allows(process.acting_phase, "proxy_entry")
    known = await list_districts(session)
    districts = {_key(d.code): d.code for d in known} | {_key(d.name_ja): d.code for d in known}
    district_names = "・".join(d.name_ja for d in known)
    today = today_jst()
    problems: list[OfflineRowError] = []
    checked: list[tuple[RowProblems, ProxyProposalCreate, str]] = []
    for line, cells in sheet.rows:
        row = RowProblems(line, problems)
        before = len(problems)
        received_on = _received_on(row, cells.get("受付日"), today)
        channel = _channel(row, cells.get("経路"), process.channel_list)
        title = written_text(row, "題名", cells.get("題名"), MAX_TITLE)
        body = written_text(row, "本文", cells.get("本文"), MAX_BODY)
        district = _district(row, cells.get("地区"), districts, district_names)
        age_band = _age_band(row, cells.get("年代"))
        if len(problems) == before and channel is not None:
            entry = ProxyProposalCreate(
                title=title,
                body=body,
                channel=channel,
                district_code=district,
                received_on=received_on,
                submitter_age_band=age_band,
            )
            checked.append((row, entry, content_hash(title, body)))
    if not allow_duplicates:
        _flag_duplicates(
            checked, await _existing(session, process_id, {digest for *_, digest in checked})
        )
    refuse_if_problems(problems)
    stored = await store_offline_rows(
        session, staff, process_id, [entry for _, entry, _ in checked], source
    )
    return OfflineImportResult(
        created=len(stored),
        first_reference=stored[0].reference_number or "",
        last_reference=stored[-1].reference_number or "",
        proposal_ids=[p.id for p in stored],
    )


def _flag_duplicates(
    checked: list[tuple[RowProblems, ProxyProposalCreate, str]],
    existing: dict[str, tuple[int, str | None]],
) -> None:
    first_line: dict[str, int] = {}
    for row, _, digest in checked:
        if digest in existing:
            id_, number = existing[digest]
            named = f"受付番号 {number}" if number else f"提案 #{id_}"
            row.problem("本文", f"すでに登録されている意見（{named}）と同じ題名・本文です")
        elif digest in first_line:
            row.problem("本文", f"{first_line[digest]}行目と同じ題名・本文です")
        else:
            first_line[digest] = row.line


def refuse_if_problems(problems: list[OfflineRowError]) -> None:
    """All or nothing: any problem refuses the whole file with each one listed (422)."""
    if not problems:
        return
    problems.sort(key=lambda p: (p.file, p.line))
    raise InvalidInput(
        f"{len(problems)} problem(s) in the file, so nothing was imported. Fix the rows "
        "listed and upload the whole file again.",
        row_errors=[plain_problem(p) for p in problems[:MAX_LISTED_ERRORS]],
        row_error_count=len(problems),
    )


def plain_problem(problem: OfflineRowError) -> dict[str, object]:
    """A row problem as the 422's ``row_errors`` lists it."""
    plain: dict[str, object] = {
        "line": problem.line,
        "column": problem.column,
        "reason": problem.reason,
        "message": problem.message,
    }
    if problem.file:
        plain["file"] = problem.file
    return plain
