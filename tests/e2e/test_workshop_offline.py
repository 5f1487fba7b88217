"""The workshop screen (付箋入力) keeps notes typed while the server is down and sends each once
when it is back: a real server is stopped and restarted on the same port and database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import (
    api_sign_in,
    backend_env,
    csrf_token,
    free_port,
    kyoso,
    new_context,
    run_axe,
    screenshot,
    serving,
    wait_until_settled,
)

BEFORE = ["駅前に駐輪場を増やしてほしい", "ベンチが少ない\n高齢者が休める場所を"]
WHILE_DOWN = [
    ("2班", "バスの本数を増やして"),
    ("3班", "街灯が暗い通りがある"),
    ("3班", "子どもの遊び場"),
]


class Restartable:
    """One data directory served on one port, stopped and started at will."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir, self.env, self.port = data_dir, backend_env(data_dir), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._running: ExitStack | None = None

    def start(self) -> None:
        self._running = ExitStack()
        self._running.enter_context(serving(self.env, self.data_dir, self.port))

    def stop(self) -> None:
        assert self._running is not None
        self._running.close()
        self._running = None


@pytest.fixture
def restartable(tmp_path: Path) -> Iterator[Restartable]:
    server = Restartable(tmp_path)
    for command in ("migrate", "seed"):
        kyoso(server.env, command)
    server.start()
    yield server
    if server._running is not None:
        server.stop()


def _workshop(page: Page) -> dict[str, Any]:
    processes = page.context.request.get("/api/v1/processes").json()
    process = next(
        p for p in processes if "proxy_entry" in p["allowed_actions"] and "meeting" in p["channels"]
    )
    created = page.context.request.post(
        f"/api/v1/processes/{process['id']}/workshops",
        headers={"X-CSRFToken": csrf_token(page.context)},
        data={
            "title": "駅前再整備ワークショップ",
            "held_on": date.today().isoformat(),
            "place": "中央公民館",
            "tables": ["1班", "2班", "3班"],
        },
    )
    assert created.ok, created.text()
    return dict(created.json())


def _type_note(page: Page, text: str) -> None:
    """Keyboard only: lines joined by Shift+Enter, then Enter saves."""
    for i, line in enumerate(text.split("\n")):
        if i:
            page.keyboard.press("Shift+Enter")
        page.keyboard.type(line)
    page.keyboard.press("Enter")


def _stored_notes(data_dir: Path, workshop_id: int) -> list[tuple[str, str, str]]:
    with sqlite3.connect(data_dir / "kyoso.db") as db:
        return list(
            db.execute(
                "SELECT n.table_name, p.body, p.channel FROM workshop_notes n "
                "JOIN proposals p ON p.id = n.proposal_id WHERE n.workshop_id = ?",
                (workshop_id,),
            )
        )


def test_notes_typed_while_the_server_is_down_are_sent_once_when_it_is_back(
    browser: Browser, restartable: Restartable
) -> None:
    context = new_context(browser, restartable.url)
    try:
        api_sign_in(context, "planner")
        page = context.new_page()
        workshop = _workshop(page)
        page.goto(f"/planner/workshop?process={workshop['process_id']}&workshop={workshop['id']}")
        wait_until_settled(page)
        box = page.get_by_label("付箋の内容")
        expect(box).to_be_focused()
        for text in BEFORE:
            _type_note(page, text)
        expect(box).to_have_value("")
        sent = page.locator("li[data-state='sent']")
        expect(sent).to_have_count(2)
        expect(page.locator("#workshop-status")).to_contain_text("すべて送信済み")

        restartable.stop()
        for table, text in WHILE_DOWN:
            page.keyboard.press(f"Alt+{table[0]}")
            expect(page.get_by_label("入力先の班")).to_have_value(table)
            _type_note(page, text)
        pending = page.locator("li[data-state='pending']")
        expect(pending).to_have_count(3)
        expect(pending.first).to_contain_text("送信待ち")
        status = page.locator("#workshop-status")
        expect(status).to_have_attribute("data-connection", "offline", timeout=10_000)
        expect(status).to_contain_text("送信待ち 3 件")
        expect(page.get_by_role("heading", name="3班（2 件）")).to_be_visible()
        screenshot(page, "workshop-offline")
        # the notes are on the device: a reload would find them (the server is down, so the
        # page itself cannot be reloaded here; tests of noteQueue.ts reload the outbox)
        kept = page.evaluate("() => JSON.parse(localStorage.getItem('kyoso.workshop.notes'))")
        assert sorted(n["text"] for n in kept if n["state"] == "pending") == sorted(
            t for _, t in WHILE_DOWN
        )

        restartable.start()
        # no `online` event (the network never went away): the back-off retry sends them
        expect(sent).to_have_count(5, timeout=40_000)
        expect(status).to_have_attribute("data-connection", "online")
        expect(status).to_contain_text("すべて送信済み")
        expect(page.locator("li[data-state='sent']", has_text="受付番号 P")).to_have_count(5)
        violations = run_axe(page)
        assert violations == [], violations

        stored = _stored_notes(restartable.data_dir, workshop["id"])
        expected = [("1班", t) for t in BEFORE] + list(WHILE_DOWN)
        assert sorted((table, body) for table, body, _ in stored) == sorted(expected)
        assert {channel for _, _, channel in stored} == {"meeting"}
    finally:
        context.close()
