"""ふりがな readings through the real API: kanji words get hiragana, sizes are bounded."""

from __future__ import annotations

from support import Api

URL = "/api/v1/readings"


async def test_anyone_gets_readings_over_the_kanji_of_each_text(anonymous: Api) -> None:
    response = await anonymous.post(URL, json={"texts": ["公園のバスを増やして", "ばすです", ""]})
    assert response.status_code == 200, response.text
    park, kana, empty = response.json()["texts"]
    assert park == [
        {"text": "公園", "reading": "こうえん"},
        {"text": "のバスを", "reading": None},
        {"text": "増", "reading": "ふ"},
        {"text": "やして", "reading": None},
    ]
    assert kana == [{"text": "ばすです", "reading": None}]
    assert empty == []


async def test_oversized_requests_get_a_problem_that_says_how_to_split_them(anonymous: Api) -> None:
    too_many = await anonymous.post(URL, json={"texts": ["駅"] * 101})
    assert too_many.status_code == 422
    too_long = await anonymous.post(URL, json={"texts": ["駅" * 4001]})
    assert too_long.status_code == 422
    together = await anonymous.post(URL, json={"texts": ["駅" * 4000] * 6})
    assert together.status_code == 422
    assert together.headers["content-type"].startswith("application/problem+json")
    assert "24,000" in together.json()["detail"] and "20,000" in together.json()["detail"]
    for body in ({"texts": []}, {"texts": ["駅"], "ids": [1]}, {"text": "駅"}):
        assert (await anonymous.post(URL, json=body)).status_code == 422, body
