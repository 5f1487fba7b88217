"""Importing an earlier consultation (過去の意見募集の取り込み) as a process, and analysing it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select

from backend.core.database import Database
from backend.imports.models import ConsultationImport, ImportedProposal
from backend.votes.models import OfflineParticipant
from support import Api, wait_for_run

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
PUBCOM = DATA / "pubcom_ja" / "moe_soil_pubcom_labeled.csv"
POLIS = DATA / "polis" / "15-per-hour-seattle"


def _files(
    name: str, content: bytes, votes: bytes | None = None, **settings: Any
) -> dict[str, Any]:
    files: dict[str, Any] = {
        "file": (name, content, "application/octet-stream"),
        "settings": (None, json.dumps(settings, ensure_ascii=False)),
    }
    if votes is not None:
        files["votes"] = ("votes.csv", votes, "text/csv")
    return files


async def _preview(
    api: Api, name: str, content: bytes, votes: bytes | None = None, **settings: Any
) -> Any:
    return await api.post("/api/v1/imports/preview", files=_files(name, content, votes, **settings))


async def _import(
    api: Api, name: str, content: bytes, votes: bytes | None = None, **settings: Any
) -> Any:
    return await api.post("/api/v1/imports", files=_files(name, content, votes, **settings))


async def _analysed(planner: Api, process_id: int) -> dict[str, Any]:
    started = await planner.post(
        f"/api/v1/processes/{process_id}/analysis-runs", json={"backend": "tfidf", "seed": 1}
    )
    assert started.status_code == 201, started.text
    run, _ = await wait_for_run(planner, started.json()["id"], timeout=300)
    assert run["status"] == "succeeded", run["error"]
    return run


async def test_the_ministrys_pubcom_file_becomes_a_process_whose_analysis_finds_themes(
    planner: Api, admin: Api, database: Database, worker: None
) -> None:
    content = PUBCOM.read_bytes()
    shown = await _preview(planner, PUBCOM.name, content)
    assert shown.status_code == 200, shown.text
    preview = shown.json()
    assert preview["format"] == "pubcom" and preview["row_count"] == 337
    assert preview["columns"] == ["id", "label", "label_name", "text"]
    assert preview["mapping"] == {
        "text": "text",
        "title": None,
        "original_id": "id",
        "label": "label_name",
        "received_on": None,
    }
    assert len(preview["rows"]) == 20 and preview["rows"][0][0] == "0"

    imported = await _import(
        planner,
        PUBCOM.name,
        content,
        format="pubcom",
        mapping=preview["mapping"],
        title_ja="除去土壌の再生利用（パブコメ）",
        title_en="Reuse of removed soil (public comment)",
        source="https://public-comment.e-gov.go.jp/",
    )
    assert imported.status_code == 201, imported.text
    result = imported.json()
    assert (result["proposals"], result["hidden"], result["votes"]) == (337, 0, 0)
    process = (await planner.get(f"/api/v1/processes/{result['process_id']}")).json()
    assert process["phase"] == "themes" and process["proposal_count"] == 337
    assert process["title_ja"] == "除去土壌の再生利用（パブコメ）"
    async with database.session(write=False) as session:
        origin = (
            await session.execute(
                select(ImportedProposal, ConsultationImport.source)
                .join(ConsultationImport, ConsultationImport.id == ImportedProposal.import_id)
                .order_by(ImportedProposal.proposal_id)
                .limit(1)
            )
        ).one()
    assert (origin[0].original_id, origin[0].line) == ("0", 2)
    assert origin[0].original_label == "福島の復興のため、復興再生利用等を推進すべき。"
    assert origin.source == "https://public-comment.e-gov.go.jp/"
    first = (await planner.get(f"/api/v1/proposals/{origin[0].proposal_id}")).json()
    assert first["channel"] == "imported" and first["language"] == "ja"
    assert first["title"] == "福島県外での除染土の処分や再利用に賛成です"
    assert first["body"].startswith(
        "福島県外での除染土の処分や再利用に賛成です。危険はありません。"
    )

    run = await _analysed(planner, result["process_id"])
    board = (await planner.get(f"/api/v1/analysis-runs/{run['id']}/themes")).json()
    assert len(board["themes"]) >= 3
    assert sum(t["size"] for t in board["themes"]) == 337
    audit = (await admin.get("/api/v1/admin/audit-events")).json()["items"]
    entry = next(e for e in audit if e["action"] == "process.imported")
    assert entry["details"]["proposals"] == 337 and entry["details"]["format"] == "pubcom"


def _latest_votes() -> dict[tuple[str, str], int]:
    latest: dict[tuple[str, str], tuple[float, int]] = {}
    with (POLIS / "votes.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["voter-id"], row["comment-id"])
            when = float(row["timestamp"])
            if key not in latest or latest[key][0] <= when:
                latest[key] = (when, int(row["vote"]))
    return {key: value for key, (_, value) in latest.items()}


async def test_a_polis_conversation_imports_with_its_votes_and_forms_opinion_groups(
    planner: Api, database: Database, worker: None
) -> None:
    comments, votes = (POLIS / "comments.csv").read_bytes(), (POLIS / "votes.csv").read_bytes()
    preview = (await _preview(planner, "comments.csv", comments, votes)).json()
    assert preview["format"] == "polis" and preview["takes_votes"]
    assert preview["mapping"]["text"] == "comment-body"
    assert preview["mapping"]["original_id"] == "comment-id"
    assert preview["votes"]["rows"] == sum(1 for _ in votes.splitlines()) - 1

    imported = await _import(
        planner,
        "comments.csv",
        comments,
        votes,
        format="polis",
        mapping=preview["mapping"],
        title_ja="時給15ドル（シアトル）",
    )
    assert imported.status_code == 201, imported.text
    result = imported.json()
    rows = list(csv.DictReader(io.StringIO(comments.decode())))
    hidden = {r["comment-id"] for r in rows if r["moderated"] == "-1"}
    latest = {key: v for key, v in _latest_votes().items() if key[1] not in hidden}
    assert (result["proposals"], result["hidden"]) == (54, len(hidden))
    assert result["votes"] == len(latest)
    assert result["participants"] == len({voter for voter, _ in latest})
    async with database.session(write=False) as session:
        people = (
            await session.execute(
                select(
                    OfflineParticipant.external_ref,
                    OfflineParticipant.channel,
                    OfflineParticipant.label,
                ).where(OfflineParticipant.process_id == result["process_id"])
            )
        ).all()
    assert len(people) == result["participants"]
    assert {channel for _, channel, _ in people} == {"imported"}
    voter = next(iter(latest))[0]
    assert (f"polis:{voter}", "imported", f"Pol.is-{voter}") in people
    # the ballots list shows them too, under their own channel (the SPA labels "imported")
    ballots = await planner.get(
        f"/api/v1/processes/{result['process_id']}/ballots", params={"limit": 1}
    )
    assert ballots.status_code == 200, ballots.text
    assert ballots.json()["total"] == result["participants"]
    assert ballots.json()["items"][0]["channel"] == "imported"

    listed = (
        await planner.get(
            f"/api/v1/processes/{result['process_id']}/proposals", params={"limit": 100}
        )
    ).json()["items"]
    by_text = {p["body"]: p for p in listed}
    shown = next(r for r in rows if r["moderated"] == "1")
    tally = by_text[shown["comment-body"]]["tally"]
    agree = sum(1 for (_, c), v in latest.items() if c == shown["comment-id"] and v == 1)
    assert tally["agree"] == agree and tally["agree"] > 0
    assert len(listed) == 54 - len(hidden)  # the comments Pol.is moderated out are not shown

    run = await _analysed(planner, result["process_id"])
    opinions = await planner.get(f"/api/v1/analysis-runs/{run['id']}/opinions")
    assert opinions.status_code == 200, opinions.text
    groups = opinions.json()
    assert len(groups["groups"]) >= 2
    assert groups["n_participants"] > 300


async def test_a_survey_csv_from_excel_in_shift_jis_imports_with_the_columns_chosen(
    planner: Api,
) -> None:
    text = (
        "回答番号,タイムスタンプ,年代,ご自由にお書きください\r\n"
        "1,2025/10/01 9:00,30代,公園に日陰がほしいです。夏は暑くて子どもが遊べません。\r\n"
        "2,2025/10/02 10:30,60代,バスの本数を増やしてください\r\n"
        ",,,\r\n"
        '3,2025/10/03 11:00,40代,"図書館の開館時間を延ばしてほしい。\r\n平日は夜まで。"\r\n'
    )
    content = text.encode("cp932")
    preview = (await _preview(planner, "survey.csv", content)).json()
    assert (preview["format"], preview["encoding"]) == ("generic", "cp932")
    assert preview["columns"][3] == "ご自由にお書きください"
    assert preview["mapping"]["text"] == "ご自由にお書きください"  # the longest text
    assert preview["mapping"]["original_id"] == "回答番号"
    assert preview["mapping"]["received_on"] == "タイムスタンプ"
    imported = await _import(
        planner,
        "survey.csv",
        content,
        format="generic",
        mapping=preview["mapping"],
        title_ja="市民アンケート 2025",
    )
    assert imported.status_code == 201, imported.text
    result = imported.json()
    assert result["proposals"] == 3
    process = (await planner.get(f"/api/v1/processes/{result['process_id']}")).json()
    ideas = next(p for p in process["phases"] if p["phase"] == "ideas")
    assert (ideas["starts_on"], ideas["ends_on"]) == ("2025-10-01", "2025-10-03")
    listed = (await planner.get(f"/api/v1/processes/{result['process_id']}/proposals")).json()
    titles = sorted(p["title"] for p in listed["items"])
    assert titles == [
        "バスの本数を増やしてください",
        "公園に日陰がほしいです",
        "図書館の開館時間を延ばしてほしい",
    ]


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_one_bad_row_imports_nothing_and_names_its_line_and_column(
    planner: Api, anonymous: Api
) -> None:
    content = _xlsx(
        [
            ["番号", "該当箇所", "御意見"],
            [1, "第1条", "賛成します。"],
            [2, "第2条", ""],
            [2, "第3条", "反対です。"],
        ]
    )
    preview = (await _preview(planner, "results.xlsx", content)).json()
    assert (preview["format"], preview["encoding"]) == ("pubcom", "xlsx")
    refused = await _import(
        planner,
        "results.xlsx",
        content,
        format="pubcom",
        mapping=preview["mapping"],
        title_ja="条例案への意見",
    )
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    problems = refused.json()["row_errors"]
    assert [(p["line"], p["column"]) for p in problems] == [(3, "御意見"), (4, "番号")]
    assert problems[0]["message"] == "3行目「御意見」：空欄です"
    assert problems[1]["message"] == "4行目「番号」：ID「2」は3行目と同じです"
    processes = (await anonymous.get("/api/v1/processes")).json()
    assert not [p for p in processes if p["title_ja"] == "条例案への意見"]


async def test_a_file_it_cannot_read_is_refused_in_words_a_planner_can_act_on(
    planner: Api, resident: Api
) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    cases = {
        "photo.png": (png, "not a CSV or Excel file"),
        "empty.csv": (b"", "is empty"),
        "results.pdf": (b"%PDF-1.7\n...", "is a PDF"),
        "numbers.csv": (
            "番号,点数\r\n1,5\r\n2,3\r\n".encode(),
            "No column of numbers.csv holds text",
        ),
        "header.csv": ("番号,御意見\r\n".encode(), "no rows of opinions"),
        "old.xls": (b"\xd0\xcf\x11\xe0" + bytes(64), "old Excel file (.xls)"),
    }
    for name, (content, words) in cases.items():
        response = await _preview(planner, name, content)
        assert response.status_code == 422, (name, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert words in response.json()["detail"], (name, response.json()["detail"])
    wrong = await _import(
        planner,
        "header.csv",
        "番号,御意見\r\n1,賛成\r\n".encode(),
        format="pubcom",
        mapping={"text": "意見"},
        title_ja="x",
    )
    assert wrong.status_code == 422 and "「意見」" in wrong.json()["detail"]
    assert wrong.json()["errors"][0]["field"] == "mapping.text"
    votes_elsewhere = await _import(
        planner,
        "a.csv",
        "番号,御意見\r\n1,賛成\r\n".encode(),
        b"comment-id,voter-id,vote\r\n1,1,1\r\n",
        format="pubcom",
        mapping={"text": "御意見"},
        title_ja="x",
    )
    assert votes_elsewhere.status_code == 422 and "Pol.is" in votes_elsewhere.json()["detail"]
    forbidden = await _preview(resident, "a.csv", "御意見\r\n賛成\r\n".encode())
    assert forbidden.status_code == 403


async def test_votes_on_comments_not_in_the_file_are_reported_by_line(planner: Api) -> None:
    comments = (
        b"timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,"
        b"comment-body\r\n1,x,0,5,1,0,1,Raise it\r\n2,x,1,6,0,1,0,Keep it\r\n"
    )
    votes = (
        b"timestamp,datetime,comment-id,voter-id,vote\r\n1,x,0,7,1\r\n2,x,9,7,1\r\n3,x,1,7,2\r\n"
    )
    refused = await _import(
        planner,
        "comments.csv",
        comments,
        votes,
        format="polis",
        mapping={"text": "comment-body", "original_id": "comment-id"},
        title_ja="x",
    )
    assert refused.status_code == 422, refused.text
    problems = refused.json()["row_errors"]
    assert [(p["file"], p["line"], p["column"]) for p in problems] == [
        ("votes.csv", 3, "comment-id"),
        ("votes.csv", 4, "vote"),
    ]
    assert problems[1]["message"].startswith("votes.csv 4行目「vote」：「2」は票として読めません")


async def test_a_form_field_where_a_file_belongs_is_refused(planner: Api) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    csv_file = ("a.csv", "御意見\n賛成".encode(), "text/csv")
    for files in (
        {"file": ("file.png", png, "image/png"), "votes": (None, png)},
        {"file": (None, "御意見\n賛成"), "settings": (None, "{}")},
        {"file": csv_file, "votes": (None, "1,2")},
        {"file": csv_file, "settings": (None, "[1]")},
    ):
        for url in ("/api/v1/imports/preview", "/api/v1/imports"):
            response = await planner.post(url, files=files)
            assert response.status_code in (400, 422), (url, files, response.text)


async def test_a_file_over_ten_megabytes_is_refused_with_413(planner: Api) -> None:
    content = ("御意見\r\n" + "公園に日陰がほしいです。\r\n" * 400_000).encode()
    assert len(content) > 10 * 1024 * 1024
    response = await _preview(planner, "big.csv", content)
    assert response.status_code == 413, response.text
    assert "larger than 10 MB" in response.json()["detail"]


async def test_a_title_row_above_the_header_is_skipped(planner: Api) -> None:
    content = _xlsx(
        [
            ["「除去土壌の再生利用に関する省令案」に関する意見募集の結果"],
            [],
            ["番号", "該当箇所", "御意見の概要", "御意見に対する考え方"],
            [1, "第1条", "賛成します。", "御意見として承ります。"],
        ]
    )
    preview = (await _preview(planner, "results.xlsx", content)).json()
    assert preview["columns"] == ["番号", "該当箇所", "御意見の概要", "御意見に対する考え方"]
    assert (preview["format"], preview["row_count"]) == ("pubcom", 1)
    assert preview["rows"] == [["1", "第1条", "賛成します。", "御意見として承ります。"]]
    assert preview["mapping"]["text"] == "御意見の概要"
    imported = await _import(
        planner,
        "results.xlsx",
        content,
        format="pubcom",
        mapping=preview["mapping"],
        title_ja="省令案への意見",
    )
    assert imported.status_code == 201, imported.text
