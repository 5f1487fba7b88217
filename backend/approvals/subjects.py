"""What can be submitted for approval (決裁), declared once: how each kind of object is shown to
the approver exactly as residents will see it, and how approving it publishes it.

| kind              | object id   | target        | publishing it                              |
| ----------------- | ----------- | ------------- | ------------------------------------------ |
| `themes`          | run id      | —             | the themes, as submitted, become public    |
| `phase`           | process id  | the new phase | the process moves to that phase            |
| `draft`           | draft id    | version number| that version is the published draft        |
| `response`        | response id | —             | residents read the response as it is       |
| `theme_responses` | run id      | theme key     | the same for each response to the theme's  |
|                   |             |               | proposals not yet public as it is (bulk.py)|

The hash covers what residents would read and the planner controls (not vote tallies, which
move all the time): an approval applies only while the object still hashes the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.services import board_of, publish_run, succeeded_run
from backend.analysis.themes import load_edited_themes
from backend.core.errors import Conflict, InvalidInput
from backend.drafts.kpi_check import require_publishable_kpis
from backend.drafts.services import get_draft, publish_draft, shown_content
from backend.drafts.tracing import draft_coverage
from backend.processes.phases import PHASES, Phase, allowed_actions, is_phase
from backend.processes.schemas import PhaseChange
from backend.processes.services import change_phase, get_process
from backend.responses.bulk import theme_responses_to_publish
from backend.responses.services import get_response, publish_response, titled_response


@dataclass(frozen=True)
class Preview:
    """What residents will see (``body``), a name for it, and the part the hash covers."""

    title: str
    body: dict[str, Any]
    hashed: Any

    @property
    def payload_hash(self) -> str:
        encoded = msgspec.json.encode(self.hashed, order="sorted")
        return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class Subject:
    preview: Callable[[AsyncSession, int, int, str], Awaitable[Preview]]
    # (session, approver, object id, target, the preview body as submitted)
    publish: Callable[[AsyncSession, int, int, str, dict[str, Any]], Awaitable[None]]
    audit_type: str  # the audit log's name for the object (backup/format.py AUDIT_TARGETS)


def _theme_content(theme: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": theme["key"],
        "title": theme["title"],
        "summary": theme["summary"],
        "representative_ids": theme["representative_ids"],
        "proposal_ids": theme["proposal_ids"],
        "subthemes": [_theme_content(s) for s in theme["subthemes"]],
    }


async def _themes_preview(
    session: AsyncSession, process_id: int, run_id: int, target: str
) -> Preview:
    run = await succeeded_run(session, run_id)
    if run.process_id != process_id:
        raise InvalidInput(f"Run {run_id} belongs to another process.")
    # every edit so far, shown as residents will read it; the last one is what approving
    # publishes, so an edit made after submitting waits for the next approval
    state = await load_edited_themes(session, run.id, public=False)
    themes = msgspec.to_builtins((await board_of(session, run, state, staff=False)).themes)
    return Preview(
        f"分析 #{run.id}",
        {"run_id": run.id, "themes": themes, "through_edit_id": state.last_edit_id},
        [_theme_content(t) for t in themes],
    )


async def _themes_publish(
    session: AsyncSession, actor_id: int, run_id: int, target: str, submitted: dict[str, Any]
) -> None:
    if "through_edit_id" in submitted:
        through = submitted["through_edit_id"]
    else:  # submitted before edits were published by approval: approve's check found the
        # current edits hash as submitted
        through = (await load_edited_themes(session, run_id, public=False)).last_edit_id
    await publish_run(session, actor_id, run_id, True, through)


async def _phase_preview(
    session: AsyncSession, process_id: int, object_id: int, target: str
) -> Preview:
    if object_id != process_id:
        raise InvalidInput("A phase change names its own process as the object.")
    _known_phase(target)
    process = await get_process(session, process_id)
    if process.phase == target:
        raise Conflict(f"The process is already in the '{target}' phase.")
    body = {"from": process.phase, "to": target, "allowed_actions": allowed_actions(target)}
    return Preview(process.title_ja, body, body)


async def _phase_publish(
    session: AsyncSession, actor_id: int, process_id: int, target: str, submitted: dict[str, Any]
) -> None:
    await change_phase(session, actor_id, process_id, PhaseChange(_known_phase(target)))


def _known_phase(target: str) -> Phase:
    if not is_phase(target):
        raise InvalidInput(f"Unknown phase '{target}'. Choose one of: {', '.join(PHASES)}.")
    return target


async def _draft_preview(
    session: AsyncSession, process_id: int, draft_id: int, target: str
) -> Preview:
    draft = await get_draft(session, draft_id)
    if draft.process_id != process_id:
        raise InvalidInput(f"Draft {draft_id} belongs to another process.")
    if not target.isdigit() or len(target) > 6:
        raise InvalidInput("Name the draft version to publish (its number) as the target.")
    content = await shown_content(session, draft, int(target), public=True)
    require_publishable_kpis(content, int(target))  # before a second person looks at it
    body = {
        "draft_id": draft.id,
        "version": int(target),
        "content": msgspec.to_builtins(content),
        "coverage": msgspec.to_builtins(draft_coverage(content)),
    }
    return Preview(f"{content.title}（第{target}版）", body, body["content"])


async def _draft_publish(
    session: AsyncSession, actor_id: int, draft_id: int, target: str, submitted: dict[str, Any]
) -> None:
    await publish_draft(session, actor_id, draft_id, int(target))


async def _response_preview(
    session: AsyncSession, process_id: int, response_id: int, target: str
) -> Preview:
    row = await get_response(session, response_id)
    if row.process_id != process_id:
        raise InvalidInput(f"Response {response_id} belongs to another process.")
    shown = await titled_response(session, row, public=True)
    body = {
        "target_type": shown.target_type,
        "proposal_id": shown.proposal_id,
        "theme_key": shown.theme_key,
        "target_title": shown.target_title,
        "summary": shown.summary,
        "response": shown.response,
        "status": shown.status,
        "status_ja": shown.status_ja,
    }
    if shown.comment_id is not None:  # only then: earlier submissions keep their hash
        body["comment_id"] = shown.comment_id
    return Preview(shown.target_title, body, body)


async def _response_publish(
    session: AsyncSession, actor_id: int, response_id: int, target: str, submitted: dict[str, Any]
) -> None:
    await publish_response(session, actor_id, response_id)


async def _theme_responses_preview(
    session: AsyncSession, process_id: int, run_id: int, target: str
) -> Preview:
    title, responses = await theme_responses_to_publish(session, process_id, run_id, target)
    if not responses:
        raise InvalidInput(
            "Residents already read every response to this theme's proposals as "
            "it stands: there is nothing new to submit."
        )
    body = {"run_id": run_id, "theme_key": target, "theme_title": title, "responses": responses}
    return Preview(f"{title}（{len(responses)}件の回答）", body, body)


async def _theme_responses_publish(
    session: AsyncSession, actor_id: int, run_id: int, target: str, submitted: dict[str, Any]
) -> None:
    run = await succeeded_run(session, run_id)
    _, responses = await theme_responses_to_publish(session, run.process_id, run_id, target)
    for shown in responses:
        await publish_response(session, actor_id, shown["id"])


SUBJECTS: dict[str, Subject] = {
    "themes": Subject(_themes_preview, _themes_publish, "analysis_run"),
    "phase": Subject(_phase_preview, _phase_publish, "process"),
    "draft": Subject(_draft_preview, _draft_publish, "draft"),
    "response": Subject(_response_preview, _response_publish, "response"),
    "theme_responses": Subject(_theme_responses_preview, _theme_responses_publish, "analysis_run"),
}
