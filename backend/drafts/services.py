"""Generating, editing (optimistic concurrency), versioning, publishing and discussing drafts."""

from __future__ import annotations

import msgspec
from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.services import succeeded_run
from backend.analysis.themes import load_edited_themes
from backend.audit.service import record_audit
from backend.core.database import in_ids, utcnow
from backend.core.errors import Conflict, InvalidInput, NotFound
from backend.drafts.compare import DraftComparison, compare_contents
from backend.drafts.generate import generate_content
from backend.drafts.items import plan_items
from backend.drafts.kpi_check import require_publishable_kpis
from backend.drafts.models import Draft, DraftComment, DraftVersion
from backend.drafts.schemas import (
    CommentAnswer,
    DraftContent,
    DraftEdit,
    DraftGenerate,
    DraftOut,
    ItemLevel,
    LineageItem,
    SectionCommentOut,
    ThemeRef,
    VersionOut,
    plan_label,
)
from backend.drafts.tracing import draft_coverage, without_proposals
from backend.notifications.services import notify_proposal_authors
from backend.processes.phases import ensure_phase_allows
from backend.processes.services import get_process
from backend.proposals.models import Proposal
from backend.proposals.withheld import withheld_proposals
from backend.responses.models import CityResponse
from backend.responses.schemas import STATUS_LABELS_JA
from backend.users.auth import CurrentUser
from backend.users.models import User, author_shown_publicly
from backend.users.public_view import is_staff, shown_text
from backend.votes.models import Vote


def _keys(content: DraftContent) -> list[str]:
    return [
        k
        for g in content.sections
        for k in [
            g.key,
            *[m.key for m in g.measures],
            *[a.key for m in g.measures for a in m.actions],
        ]
    ]


def _validate(content: DraftContent) -> None:
    keys = _keys(content)
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise InvalidInput(f"Each plan item needs its own key; repeated: {', '.join(duplicates)}.")
    for goal in content.sections:
        for measure in goal.measures:
            if not measure.key.startswith(goal.key + "-"):
                raise InvalidInput(f"Measure {measure.key} must sit under its goal {goal.key}.")


async def get_draft(session: AsyncSession, draft_id: int) -> Draft:
    draft = await session.get(Draft, draft_id)
    if draft is None:
        raise NotFound(f"There is no draft {draft_id}.")
    return draft


async def version_content(session: AsyncSession, draft: Draft, number: int) -> DraftContent:
    row = (
        await session.execute(
            select(DraftVersion).where(
                DraftVersion.draft_id == draft.id, DraftVersion.number == number
            )
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"Draft {draft.id} has no version {number}.")
    return msgspec.convert(row.content, DraftContent)


async def shown_content(
    session: AsyncSession, draft: Draft, number: int, public: bool
) -> DraftContent:
    """A version's content; for the public without hidden or withdrawn proposals."""
    content = await version_content(session, draft, number)
    if public:
        withheld = await withheld_proposals(session, draft.process_id)
        content = without_proposals(content, withheld.keys())
    return content


async def draft_out(
    session: AsyncSession, draft: Draft, number: int | None = None, *, public: bool = False
) -> DraftOut:
    number = number or draft.current_version
    content = await shown_content(session, draft, number, public)
    return DraftOut(
        draft.id,
        draft.process_id,
        draft.run_id,
        draft.current_version,
        draft.published_version,
        number,
        content,
        draft.created_at,
        draft.published_at,
        draft_coverage(content),
    )


async def generate_draft(
    session: AsyncSession, actor_id: int, process_id: int, data: DraftGenerate
) -> Draft:
    await get_process(session, process_id)
    run = await succeeded_run(session, data.run_id)
    if run.process_id != process_id:
        raise InvalidInput(f"Run {run.id} belongs to another process.")
    content, advice = await generate_content(session, run.id, data.title)
    draft = Draft(process_id=process_id, run_id=run.id, current_version=1, created_by_id=actor_id)
    session.add(draft)
    await session.flush()
    # the generator's advice to planners goes in the version note, not in the residents' text
    session.add(
        DraftVersion(
            draft_id=draft.id,
            number=1,
            content=msgspec.to_builtins(content),
            note=advice[:500],
            author_id=actor_id,
        )
    )
    record_audit(session, actor_id, "draft.generated", "draft", draft.id, run_id=run.id)
    return draft


async def _locked_draft(session: AsyncSession, draft_id: int) -> Draft:
    draft = (
        await session.execute(select(Draft).where(Draft.id == draft_id).with_for_update())
    ).scalar_one_or_none()
    if draft is None:
        raise NotFound(f"There is no draft {draft_id}.")
    return draft


async def edit_draft(session: AsyncSession, actor_id: int, draft_id: int, data: DraftEdit) -> Draft:
    """Add a version. An edit based on an older version gets 409 with the current one."""
    _validate(data.content)
    draft = await _locked_draft(session, draft_id)
    if data.base_version != draft.current_version:
        current = await draft_out(session, draft)
        raise Conflict(
            f"Someone saved version {draft.current_version} while you edited version "
            f"{data.base_version}. Review the current version and apply your changes to it.",
            current_version=draft.current_version,
            current=msgspec.to_builtins(current),
        )
    draft.current_version += 1
    session.add(
        DraftVersion(
            draft_id=draft.id,
            number=draft.current_version,
            content=msgspec.to_builtins(data.content),
            note=data.note,
            author_id=actor_id,
        )
    )
    record_audit(
        session, actor_id, "draft.edited", "draft", draft.id, version=draft.current_version
    )
    return draft


async def list_versions(session: AsyncSession, draft_id: int) -> list[VersionOut]:
    await get_draft(session, draft_id)
    rows = (
        await session.execute(
            select(DraftVersion)
            .where(DraftVersion.draft_id == draft_id)
            .order_by(DraftVersion.number)
        )
    ).scalars()
    return [VersionOut(v.number, v.note, v.author_id, v.created_at) for v in rows]


async def compare_versions(
    session: AsyncSession, draft_id: int, old: int, new: int
) -> DraftComparison:
    """新旧対照表 of two versions (``new`` on the left, ``old`` on the right)."""
    if old == new:
        raise InvalidInput("Choose two different versions to compare.")
    draft = await get_draft(session, draft_id)
    before = await version_content(session, draft, old)
    after = await version_content(session, draft, new)
    return DraftComparison(draft.id, after.title, old, new, compare_contents(before, after))


async def publish_draft(session: AsyncSession, actor_id: int, draft_id: int, version: int) -> Draft:
    draft = await get_draft(session, draft_id)
    require_publishable_kpis(await version_content(session, draft, version), version)
    process = await get_process(session, draft.process_id)
    if process.phase not in ("draft", "feedback"):
        raise Conflict(
            f"The process is in the '{process.phase}' phase; a draft is published in "
            "the 'draft' or 'feedback' phase."
        )
    draft.published_version, draft.published_at = version, utcnow()
    record_audit(session, actor_id, "draft.published", "draft", draft.id, version=version)
    await notify_proposal_authors(
        session, process.id, "plan_published", process.title_ja, f"/processes/{process.id}"
    )
    return draft


async def published_draft(session: AsyncSession, process_id: int) -> Draft | None:
    return (
        (
            await session.execute(
                select(Draft)
                .where(Draft.process_id == process_id, Draft.published_version.is_not(None))
                .order_by(Draft.published_at.desc())
            )
        )
        .scalars()
        .first()
    )


async def list_drafts(session: AsyncSession, process_id: int) -> list[DraftOut]:
    drafts = (
        await session.execute(
            select(Draft).where(Draft.process_id == process_id).order_by(Draft.id.desc())
        )
    ).scalars()
    return [await draft_out(session, d) for d in drafts]


async def add_section_comment(
    session: AsyncSession, user: CurrentUser, draft_id: int, section_key: str, body: str
) -> DraftComment:
    draft = await get_draft(session, draft_id)
    if draft.published_version is None:
        raise NotFound(f"There is no published draft {draft_id}.")
    process = await get_process(session, draft.process_id)
    ensure_phase_allows(process.acting_phase, "comment_draft")
    content = await shown_content(session, draft, draft.published_version, public=True)
    if section_key not in plan_items(content):
        raise InvalidInput(
            f"The published draft has no item '{section_key}'. Comment on a goal (g1), a measure "
            "(g1-m1), an action (g1-m1-a1) or a KPI (g1-m1-k1) of the published version."
        )
    comment = DraftComment(
        draft_id=draft.id,
        version_number=draft.published_version,
        section_key=section_key,
        author_id=user.id,
        body=body.strip(),
    )
    if not comment.body:
        raise InvalidInput("The comment must not be empty.")
    session.add(comment)
    await session.flush()
    return comment


async def section_comments(
    session: AsyncSession, draft_id: int, section_key: str | None, viewer: CurrentUser | None
) -> list[SectionCommentOut]:
    """Comments on the draft (on one item, or all), each with the city's approved answer; the
    public does not see those of deactivated accounts."""
    draft = await get_draft(session, draft_id)
    query = (
        select(DraftComment, User.display_name)
        .join(User, User.id == DraftComment.author_id)
        .where(DraftComment.draft_id == draft_id)
        .order_by(DraftComment.id)
    )
    if section_key:
        query = query.where(DraftComment.section_key == section_key)
    if not is_staff(viewer):
        query = query.where(author_shown_publicly())
    rows = (await session.execute(query)).all()
    answers = await published_answers(session, draft.process_id, [c.id for c, _ in rows])
    return [
        SectionCommentOut(
            c.id,
            c.section_key,
            c.version_number,
            name,
            shown_text(c.body, viewer, c.author_id),
            c.created_at,
            answers.get(c.id),
        )
        for c, name in rows
    ]


async def published_answers(
    session: AsyncSession, process_id: int, comment_ids: list[int]
) -> dict[int, CommentAnswer]:
    """市の考え方 per comment: only the copy approved last (see ``backend/responses``)."""
    if not comment_ids:
        return {}
    rows = (
        await session.execute(
            select(CityResponse).where(
                CityResponse.process_id == process_id,
                CityResponse.target_type == "comment",
                CityResponse.published_at.is_not(None),
            )
        )
    ).scalars()
    wanted = set(comment_ids)
    return {
        int(r.target_key): CommentAnswer(
            str(r.published_status),
            STATUS_LABELS_JA[str(r.published_status)],
            str(r.published_response),
            r.published_at,
        )
        for r in rows
        if r.published_at is not None and int(r.target_key) in wanted
    }


async def lineage(
    session: AsyncSession,
    draft: Draft,
    number: int,
    *,
    public: bool = False,
    approved_themes: bool | None = None,
) -> list[LineageItem]:
    """Every goal, measure and action ← its themes ← proposal ids, and the residents behind it
    (distinct authors and residents who agreed, plus each paper/meeting/phone submission);
    for the public without hidden or withdrawn proposals, and with the themes as approved
    (``approved_themes``, by default when ``public``; a staff export reads every edit)."""
    content = await shown_content(session, draft, number, public)
    approved = public if approved_themes is None else approved_themes
    state = (
        await load_edited_themes(session, draft.run_id, public=approved) if draft.run_id else None
    )
    if state is not None and public:
        state.withhold(await withheld_proposals(session, draft.process_id))

    def proposals_of(theme_keys: list[str], explicit: list[int]) -> list[int]:
        ids = set(explicit)
        if state is not None:
            for key in theme_keys:
                if key in state.themes:
                    ids.update(state.members(key))
        return sorted(ids)

    items: list[tuple[str, ItemLevel, str, list[str], list[int]]] = []
    for goal in content.sections:
        items.append(
            (
                goal.key,
                "goal",
                goal.title,
                goal.theme_keys,
                proposals_of(goal.theme_keys, goal.proposal_ids),
            )
        )
        for measure in goal.measures:
            items.append(
                (
                    measure.key,
                    "measure",
                    measure.title,
                    measure.theme_keys,
                    proposals_of(measure.theme_keys, measure.proposal_ids),
                )
            )
            items += [
                (a.key, "action", a.title, a.theme_keys, proposals_of(a.theme_keys, a.proposal_ids))
                for a in measure.actions
            ]

    def named(keys: list[str]) -> list[ThemeRef]:
        known = state.themes if state is not None else {}
        return [
            ThemeRef(k, known[k].title, known[k].title_en) if k in known else ThemeRef(k, k)
            for k in keys
        ]

    return [
        LineageItem(
            key,
            plan_label(key),
            level,
            title,
            themes,
            ids,
            await residents_behind(session, ids),
            named(themes),
        )
        for key, level, title, themes, ids in items
    ]


async def residents_behind(session: AsyncSession, proposal_ids: list[int]) -> int:
    if not proposal_ids:
        return 0
    people = (
        select(Proposal.author_id.label("uid"))
        .where(in_ids(session, Proposal.id, proposal_ids), Proposal.author_id.is_not(None))
        .union(
            select(Vote.user_id.label("uid")).where(
                in_ids(session, Vote.proposal_id, proposal_ids), Vote.value == 1
            )
        )
        .subquery()
    )
    online = (await session.execute(select(func.count(distinct(people.c.uid))))).scalar_one()
    offline = (
        await session.execute(
            select(func.count()).where(
                in_ids(session, Proposal.id, proposal_ids), Proposal.author_id.is_(None)
            )
        )
    ).scalar_one()
    return int(online) + int(offline)
