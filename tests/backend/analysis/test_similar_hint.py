"""What the similar-proposal hint shows: only relevant proposals (0 to k, cut per score kind),
in the SimilarItem schema, with its model warmed up in the background when the app starts."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import Any

import msgspec
from corpus import CORPUS
from litestar.testing import AsyncTestClient

from backend.analysis import similar_index
from backend.analysis.similar_index import build_similar_index
from backend.app import create_app
from backend.core.database import Database
from backend.proposals.models import Proposal
from support import Api, post_proposal

# devset_kawase's paraphrase pair kw-0069 / kw-0280: the same idea in other words
NAPPIES = (
    "おむつの定期便を",
    "0歳から1歳の赤ちゃんがいる家庭に、紙おむつやミルクを毎月届ける事業をしてほしいです。"
    "届けるときに様子を聞いてもらえれば、孤立しがちな親の見守りにもなります。",
)
NAPPIES_IN_OTHER_WORDS = (
    "乳児のいる家に育児用品の配達を\n"
    "1歳未満の子どもがいる家に、月に一度おむつなどの育児用品を配ってもらえないでしょうか。"
    "配達の人が声をかけてくれれば、家にこもりがちな親にとって安心につながると思います。"
)
UNRELATED = "町内会の回覧板を電子化してほしい"


async def _hint(api: Api, process_id: int, text: str, k: int = 5) -> list[dict[str, Any]]:
    response = await api.get(
        f"/api/v1/processes/{process_id}/similar", params={"text": text, "k": k}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_indexed_hint_finds_a_paraphrase_and_nothing_for_an_unrelated_draft(
    resident: Api, anonymous: Api, process_id: int, database: Database
) -> None:
    for title, body in CORPUS:
        await post_proposal(resident, process_id, title=title, body=body)
    nappies = await post_proposal(resident, process_id, title=NAPPIES[0], body=NAPPIES[1])
    assert await build_similar_index(database, process_id, full=True) == len(CORPUS) + 1
    assert await _hint(anonymous, process_id, UNRELATED, k=20) == []  # was always 5 (or k)
    hits = await _hint(anonymous, process_id, NAPPIES_IN_OTHER_WORDS)
    assert hits[0]["id"] == nappies["id"]
    assert len(hits) < 5


async def test_without_an_index_only_drafts_that_share_most_of_their_words_are_shown(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    for title, body in CORPUS:
        await post_proposal(resident, process_id, title=title, body=body)
    assert await _hint(anonymous, process_id, UNRELATED) == []
    # 「図書館の本を増やして」 contains half of this draft's bigrams (本, 増やして): not shown
    hits = await _hint(anonymous, process_id, "バスの本数を増やしてほしい")
    assert [h["title"] for h in hits] == ["路線バスの本数を増やしてほしい"]


async def test_the_answer_has_exactly_the_fields_of_the_similar_item_schema(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    schema = (await anonymous.get("/api/docs/openapi.json")).json()
    item = schema["components"]["schemas"]["SimilarItem"]
    assert set(item["properties"]) == set(item["required"]) == {"id", "title", "score", "agree"}
    [hit] = await _hint(anonymous, process_id, proposal["title"])
    assert set(hit) == set(item["properties"])
    assert (hit["id"], hit["title"], hit["score"]) == (proposal["id"], proposal["title"], 1.0)
    assert isinstance(hit["agree"], int)
    # and the SPA's type is that schema, field for field (it once read the answer as a Proposal):
    # an alias of the type generated from the schema (npm run api:check keeps that in step)
    frontend = Path(__file__).parents[3] / "frontend/src"
    types = (frontend / "shared/api/types.ts").read_text()
    assert 'export type SimilarItem = Schemas["SimilarItem"];' in types
    generated = (frontend / "shared/api/schema.ts").read_text()
    body = re.search(r"\n {8}SimilarItem: \{(.*?)\n {8}\};", generated, re.S)
    assert body is not None
    fields = dict(re.findall(r"^ {12}(\w+): (\w+);", body.group(1), re.M))
    json_type = {"number": {"integer", "number"}, "string": {"string"}}
    assert set(fields) == set(item["properties"])
    assert all(item["properties"][f]["type"] in json_type[t] for f, t in fields.items())


async def test_the_app_warms_the_hint_up_in_the_background_and_answers_at_once_meanwhile(
    database: Database, process_id: int
) -> None:
    async with database.session(write=True) as session:
        session.add_all(
            Proposal(
                process_id=process_id,
                title=title,
                body=body,
                district_code="chuo",
                content_hash=f"corpus-{i}",
            )
            for i, (title, body) in enumerate(CORPUS)
        )
    await build_similar_index(database, process_id, full=True)
    similar_index._embedder.clear()  # a freshly started process: the model is not loaded yet
    # as `kyoso serve` starts it: the lifespan opens the database itself
    app = create_app(msgspec.structs.replace(database.settings, similar_warm_up=True))
    started = time.monotonic()
    async with AsyncTestClient(app) as client:
        assert (await client.get("/ready")).status_code == 200
        ready = time.monotonic()
        assert app.state.similar.warming or app.state.similar.warm  # started, not awaited
        hint = await client.get(
            f"/api/v1/processes/{process_id}/similar",
            params={"text": "路線バスの本数を増やしてほしい"},
        )
        first_hint = time.monotonic() - ready
        assert hint.json()[0]["title"] == "路線バスの本数を増やしてほしい"
        longest_pause = 0.0
        while not app.state.similar.warm:  # the event loop keeps answering meanwhile
            tick = time.monotonic()
            await asyncio.sleep(0.01)
            longest_pause = max(longest_pause, time.monotonic() - tick)
            assert time.monotonic() - started < 60, "the hint was never warmed up"
        assert similar_index._embedder
    assert ready - started < 1.0
    assert first_hint < 1.0  # lexical while the model loads; 2.1 s before (bench)
    assert longest_pause < 0.5
