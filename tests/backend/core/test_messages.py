"""Server messages in the reader's language: every message the source writes has a Japanese
translation, the language follows the user's setting or ``Accept-Language``, validation errors
name their field in Japanese, and no English detail reaches a Japanese reader."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest

from backend.core.database import Database
from backend.core.messages import negotiate, translate
from backend.core.messages.__main__ import problems
from backend.core.messages.catalogue import Catalogue
from backend.core.messages.extract import extract
from backend.core.messages.po import Entry
from support import Api, make_process, make_user

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
WRONG_PASSWORD_JA = "メールアドレスまたはパスワードが正しくありません。"
WRONG_PASSWORD_EN = "The e-mail address or password is wrong."


def test_every_message_the_source_writes_has_a_japanese_translation() -> None:
    missing = problems()
    assert not missing, "run `python -m backend.core.messages update`, translate:\n" + "\n".join(
        missing
    )


def test_the_scan_finds_a_new_f_string_detail_and_reports_it_untranslated(tmp_path: Path) -> None:
    (tmp_path / "widgets.py").write_text(
        "from backend.core.errors import NotFound\n"
        "class WidgetGone(NotFound):\n    title = 'Widget gone'\n"
        "MISSING = 'The widget is missing.'\n"
        "def find(widget_id):\n"
        "    raise NotFound(f'There is no widget {widget_id}.')\n"
        "def gone():\n    raise WidgetGone(MISSING)\n",
        encoding="utf-8",
    )
    messages, unresolved = extract(tmp_path)
    assert {"There is no widget {widget_id}.", "Widget gone", "The widget is missing."} <= set(
        messages
    )
    assert not unresolved
    assert "untranslated: 'There is no widget {widget_id}.'  (widgets.py:6)" in [
        line.replace(f"{tmp_path.name}/", "") for line in problems(tmp_path)
    ]


def test_a_template_translates_with_its_values_and_known_words() -> None:
    catalogue = Catalogue(
        [
            Entry("There is no user {user_id}.", "利用者 {user_id} は見つかりません。"),
            Entry(
                "A {proposal.status} proposal cannot be edited.",
                "{proposal.status}の提案は編集できません。",
            ),
            Entry("withdrawn", "取り下げ済み", context="term"),
        ]
    )
    assert catalogue.message("There is no user 42.") == "利用者 42 は見つかりません。"
    assert catalogue.message("A withdrawn proposal cannot be edited.") == (
        "取り下げ済みの提案は編集できません。"
    )
    assert catalogue.message("Something else.") is None


def test_msgspec_validation_messages_name_the_field_in_japanese() -> None:
    detail = translate(
        "The request was not accepted (title): Expected `str` of length <= 200", "ja"
    )
    assert detail == "「題名」の入力内容を受け付けられませんでした。200文字以内で入力してください。"
    nested = translate(
        "The request was not accepted (phases[1].ends_on): Expected `str`, got `int`", "ja"
    )
    assert nested is not None and "終了日（phases[1].ends_on）" in nested


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("ja-JP,ja;q=0.9,en;q=0.8", "ja"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR, en;q=0.5", "en"),
        ("ja;q=0, en", "en"),
        ("en;q=0.4, ja;q=0.8", "ja"),
        ("fr", "ja"),
        (None, "ja"),
        ("*", "ja"),
    ],
)
def test_accept_language_picks_ours_by_preference_and_japanese_otherwise(
    header: str | None, language: str
) -> None:
    assert negotiate(header) == language


async def _wrong_password(app: Any, language: str | None) -> Any:
    api = Api(app, language=language or "")
    if language is None:
        api.client.headers.pop("accept-language")
    return await api.post(
        "/api/v1/auth/login", json={"email": "nobody@example.jp", "password": "wrong password"}
    )


@pytest.mark.parametrize(
    ("language", "detail", "title"),
    [
        ("ja", WRONG_PASSWORD_JA, "ログインが必要です"),
        ("en", WRONG_PASSWORD_EN, "Sign-in required"),
        (None, WRONG_PASSWORD_JA, "ログインが必要です"),
    ],
)
async def test_the_same_bad_request_is_answered_in_the_language_asked_for(
    app: Any, language: str | None, detail: str, title: str
) -> None:
    response = await _wrong_password(app, language)
    assert response.status_code == 401
    assert response.headers["content-language"] == (language or "ja")
    assert response.json()["detail"] == detail
    assert response.json()["title"] == title
    assert response.json()["type"] == "/problems/unauthenticated"  # machine parts stay


async def test_a_signed_in_users_language_setting_wins_over_the_browsers(
    app: Any, database: Database
) -> None:
    process_id = await make_process(database, "voting")
    for email, setting, header in (("ja@example.jp", "ja", "en"), ("en@example.jp", "en", "ja")):
        await make_user(database, email, language=setting)
        api = Api(app, language=header)
        await api.login(email)
        response = await api.post(
            f"/api/v1/processes/{process_id}/proposals",
            json={"title": "バス停", "body": "屋根がほしい", "district_code": "chuo"},
        )
        assert response.status_code == 409
        assert response.headers["content-language"] == setting
        if setting == "ja":
            assert response.json()["detail"] == (
                "この取り組みはいま「投票」の段階のため、新しい提案を投稿することはできません。"
            )
        else:
            assert response.json()["detail"].startswith("This process is in the 'voting' phase")


async def test_a_validation_error_in_japanese_names_the_field_and_keeps_its_key(
    app: Any, database: Database
) -> None:
    process_id = await make_process(database)
    await make_user(database, "hanako@example.jp", language="ja")
    api = Api(app, language="ja")
    await api.login("hanako@example.jp")
    response = await api.post(
        f"/api/v1/processes/{process_id}/proposals",
        json={"title": "長" * 121, "body": "本文", "district_code": "chuo"},
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["detail"] == (
        "「題名」の入力内容を受け付けられませんでした。120文字以内で入力してください。"
    )
    assert problem["errors"] == [{"field": "title", "message": "120文字以内で入力してください。"}]
    english = await Api(app, language="en").get(
        f"/api/v1/processes/{process_id}/proposals", params={"limit": 0}
    )
    assert english.json()["detail"].startswith("The request was not accepted (limit): Expected")


def _path(template: str, process_id: int) -> str:
    return re.sub(
        r"\{(\w+)(?::\w+)?\}",
        lambda m: str(process_id) if m.group(1) == "process_id" else "1",
        template,
    )


async def test_no_english_detail_reaches_a_japanese_reader(
    app: Any, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """Every operation, as a Japanese anonymous visitor, resident and planner, with ids that
    exist and a body that does not fit: each problem's title, detail and field errors are
    Japanese, and none is the general sentence that stands in for a missing translation (the
    server logs each of those)."""
    caplog.set_level(logging.WARNING, logger="kyoso")
    process_id = await make_process(database)
    readers = [Api(app, language="ja")]
    for email, role in (
        ("ja-resident@example.jp", "resident"),
        ("ja-planner@example.jp", "planner"),
    ):
        await make_user(database, email, role, language="ja")
        reader = Api(app, language="en")  # the account's setting decides, not the header
        await reader.login(email)
        readers.append(reader)
    schema = app.openapi_schema.to_schema()
    english: list[str] = []
    problems_seen = 0
    for reader in readers:
        for template, item in schema["paths"].items():
            for method in ("get", "post", "put", "patch", "delete"):
                if method not in item or template.endswith("/logout"):
                    continue
                body = {"unexpected": True} if method in ("post", "put", "patch") else None
                response = await reader.request(
                    method.upper(), _path(template, process_id), json=body
                )
                if not response.headers.get("content-type", "").startswith(
                    "application/problem+json"
                ):
                    continue
                problems_seen += 1
                problem = response.json()
                texts = [
                    problem["title"],
                    problem["detail"],
                    *(e["message"] for e in problem.get("errors") or []),
                ]
                if (
                    not all(JAPANESE.search(t) for t in texts)
                    or response.headers.get("content-language") != "ja"
                ):
                    english.append(f"{method.upper()} {template}: {problem}")
    untranslated = [r.getMessage() for r in caplog.records if "without a" in r.getMessage()]
    assert problems_seen > 200
    assert not english, "\n".join(english)
    assert not untranslated, "\n".join(untranslated)
