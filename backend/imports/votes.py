"""A Pol.is conversation's votes (``votes.csv``: ``comment-id``, ``voter-id``, ``vote`` with
1 agree, -1 disagree, 0 pass, checked against the export's own agree/disagree counts), so that
the imported process's opinion groups form as they did there.

The file keeps each participant's vote history: the latest vote per participant and comment
counts (by ``timestamp``; by line where there is none), as in Pol.is.
"""

from __future__ import annotations

import msgspec

from backend.core.errors import InvalidInput
from backend.imports.formats import find_column
from backend.imports.reading import MAX_VOTES_BYTES, Table, read_upload
from backend.proposals.offline_import import RowProblems
from backend.proposals.schemas import OfflineRowError

MAX_VOTE_ROWS = 1_000_000
VOTE_VALUES = {"1": 1, "-1": -1, "0": 0}
REQUIRED = ("comment-id", "voter-id", "vote")


class SourceVotes(msgspec.Struct):
    """The latest vote of each participant on each comment: (voter-id, comment-id) → value."""

    filename: str
    latest: dict[tuple[str, str], int]


def read_votes(content: bytes, filename: str) -> Table:
    table = read_upload(content, filename, limit=MAX_VOTES_BYTES, max_rows=MAX_VOTE_ROWS)
    missing = [name for name in REQUIRED if find_column(table.columns, name) is None]
    if missing:
        raise InvalidInput(
            f"{filename} is not a Pol.is votes file: it lacks the column(s) "
            + ", ".join(f"「{m}」" for m in missing)
            + " (its columns: "
            + ", ".join(table.columns[:12])
            + "). Upload the conversation's votes.csv, or "
            "leave the votes file out.",
            missing_columns=missing,
        )
    return table


def check_votes(
    table: Table, comment_ids: set[str], problems: list[OfflineRowError]
) -> SourceVotes:
    """The votes on the comments imported; each unreadable row goes into ``problems``."""
    comment_col, voter_col, vote_col = (find_column(table.columns, n) for n in REQUIRED)
    time_col = find_column(table.columns, "timestamp")
    latest: dict[tuple[str, str], tuple[float, int]] = {}
    for line, values in table.rows:
        row = RowProblems(line, problems, table.filename)
        comment = table.cell(values, comment_col).strip()
        voter = table.cell(values, voter_col).strip()
        vote = table.cell(values, vote_col).strip()
        value = VOTE_VALUES.get(vote)
        if comment not in comment_ids:
            row.problem("comment-id", f"意見の一覧にないID（{comment}）への票です")
        elif not voter or len(voter) > 64:
            row.problem("voter-id", "投票者のIDが空欄か、64文字を超えています")
        elif value is None:
            row.problem("vote", f"「{vote}」は票として読めません（1＝賛成、-1＝反対、0＝パス）")
        else:
            when = _number(table.cell(values, time_col)) if time_col else float(line)
            key = (voter, comment)
            if key not in latest or latest[key][0] <= when:
                latest[key] = (when, value)
    return SourceVotes(table.filename, {key: value for key, (_, value) in latest.items()})


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0
