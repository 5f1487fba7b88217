"""回答の作業一覧: what the city still has to answer, for planners working through hundreds of
items: the visible proposals, the themes of the analysis run residents see (or the latest
one) and residents' comments on the drafts, each with its response if it has one, and the
progress per kind (「回答済み 42 / 173件」).

"Answered" means a ``CityResponse`` exists for the item (``target_type`` proposal / theme /
comment; published or not: the approval is a separate step). Hidden and withdrawn proposals
are neither listed nor counted (``proposals/withheld.py``).
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec
from sqlalchemy import String, and_, cast, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.models import AnalysisRun
from backend.analysis.services import published_run
from backend.analysis.themes import EditedThemes, load_edited_themes
from backend.core.database import in_ids
from backend.core.errors import InvalidInput, NotFound
from backend.core.pagination import decode_cursor, encode_cursor
from backend.drafts.models import Draft, DraftComment
from backend.processes.services import get_process
from backend.proposals.models import Proposal
from backend.proposals.search import by_pattern, like_patterns, query_terms, search_strings
from backend.proposals.sql_functions import occurs
from backend.responses.models import CityResponse
from backend.responses.schemas import STATUS_LABELS_JA, ReflectionStatus, ResponseTarget
from backend.responses.services import theme_target
from ml.text import normalize_text

WorkKind = ResponseTarget  # an item is what a response answers
WorkState = Literal["unanswered", "answered", "all"]
COMMENT_TITLE_CHARS = 80


class ItemResponse(msgspec.Struct):
    """The response an item has (as planners wrote it; ``published``: approved and public)."""

    id: int
    status: ReflectionStatus
    status_ja: str
    summary: str
    response: str
    published: bool


class WorklistItem(msgspec.Struct):
    kind: WorkKind
    target_key: str  # the response's key: proposal id, "<run id>:<theme key>", comment id
    title: str  # the proposal's or theme's title, the comment's first words
    id: int | None = None  # proposal or comment id
    run_id: int | None = None
    theme_key: str | None = None
    theme_title: str | None = None  # a proposal's theme, a subtheme's parent, a comment's section
    agree: int | None = None
    disagree: int | None = None
    response: ItemResponse | None = None


class KindProgress(msgspec.Struct):
    answered: int
    total: int


class Progress(msgspec.Struct):
    """Answered / total per kind and overall, for the whole process (not the filters)."""

    proposal: KindProgress
    theme: KindProgress
    comment: KindProgress
    overall: KindProgress


class Worklist(msgspec.Struct):
    items: list[WorklistItem]
    progress: Progress
    run_id: int | None  # the analysis run whose themes are listed and filtered by
    matching: int  # items of this kind that match the filters, on every page
    next_cursor: str | None = None


async def worklist_run(session: AsyncSession, process_id: int) -> AnalysisRun | None:
    """The run residents see themes of, else the latest that succeeded."""
    run = await published_run(session, process_id)
    if run is not None and run.status == "succeeded":
        return run
    return (
        await session.execute(
            select(AnalysisRun)
            .where(AnalysisRun.process_id == process_id, AnalysisRun.status == "succeeded")
            .order_by(AnalysisRun.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


def _answered(process_id: int, target_type: str, key: Any) -> Any:
    return exists().where(
        CityResponse.process_id == process_id,
        CityResponse.target_type == target_type,
        CityResponse.target_key == key,
    )


def _state_filter(state: WorkState, answered: Any) -> list[Any]:
    return [answered] if state == "answered" else [~answered] if state == "unanswered" else []


def _search(column: Any, q: str | None) -> list[Any]:
    """The proposal search's rule (``proposals/search.py``): every content word must occur,
    as written or, for kana, as a whole reading; with ``LIKE`` (wildcards in the words
    escaped) where the trigram index can serve it, else as written (``by_pattern``)."""
    words = zip(search_strings(q or ""), like_patterns(q or ""), strict=True)
    return [
        or_(
            *[
                occurs(column, text, pattern, by_like=by_pattern(text))
                for text, pattern in zip(strings, patterns, strict=True)
            ]
        )
        for strings, patterns in words
    ]


async def _responses(
    session: AsyncSession, process_id: int, target_type: str, keys: list[str]
) -> dict[str, ItemResponse]:
    if not keys:
        return {}
    rows = (
        await session.execute(
            select(CityResponse).where(
                CityResponse.process_id == process_id,
                CityResponse.target_type == target_type,
                CityResponse.target_key.in_(keys),
            )
        )
    ).scalars()
    return {
        r.target_key: ItemResponse(
            r.id,
            r.status,
            STATUS_LABELS_JA.get(r.status, r.status),
            r.summary,
            r.response,
            r.published_at is not None,
        )
        for r in rows
    }


def _visible(process_id: int) -> list[Any]:
    return [Proposal.process_id == process_id, Proposal.status == "published"]


def _of_process_drafts(process_id: int) -> Any:
    return DraftComment.draft_id.in_(select(Draft.id).where(Draft.process_id == process_id))


async def _count(session: AsyncSession, statement: Any) -> int:
    return int((await session.execute(statement)).scalar_one())


async def progress(session: AsyncSession, process_id: int, themes: EditedThemes | None) -> Progress:
    proposal_answered = _answered(process_id, "proposal", cast(Proposal.id, String))
    proposals = select(func.count()).select_from(Proposal).where(*_visible(process_id))
    comment_answered = _answered(process_id, "comment", cast(DraftComment.id, String))
    comments = select(func.count()).select_from(DraftComment).where(_of_process_drafts(process_id))
    proposal = KindProgress(
        await _count(session, proposals.where(proposal_answered)), await _count(session, proposals)
    )
    comment = KindProgress(
        await _count(session, comments.where(comment_answered)), await _count(session, comments)
    )
    theme = KindProgress(0, 0)
    if themes is not None:
        keys = [theme_target(themes.run_id, k) for k in themes.themes]
        answered = await _responses(session, process_id, "theme", keys)
        theme = KindProgress(len(answered), len(keys))
    overall = KindProgress(
        proposal.answered + theme.answered + comment.answered,
        proposal.total + theme.total + comment.total,
    )
    return Progress(proposal, theme, comment, overall)


def _proposal_conditions(
    session: AsyncSession,
    process_id: int,
    themes: EditedThemes | None,
    theme: str | None,
    state: WorkState,
    q: str | None,
) -> list[Any]:
    conditions = [
        *_visible(process_id),
        *_state_filter(state, _answered(process_id, "proposal", cast(Proposal.id, String))),
        *_search(Proposal.search_text, q),
    ]
    if theme is not None and themes is not None:
        conditions.append(in_ids(session, Proposal.id, themes.members(theme) or [0]))
    return conditions


async def _proposal_items(
    session: AsyncSession,
    process_id: int,
    themes: EditedThemes | None,
    conditions: list[Any],
    after: int,
    limit: int,
) -> list[WorklistItem]:
    rows = (
        await session.execute(
            select(Proposal.id, Proposal.title, Proposal.agree_count, Proposal.disagree_count)
            .where(and_(*conditions, Proposal.id > after))
            .order_by(Proposal.id)
            .limit(limit)
        )
    ).all()
    answers = await _responses(session, process_id, "proposal", [str(r.id) for r in rows])

    def theme_of(pid: int) -> tuple[str | None, str | None]:
        key = themes.theme_of(pid) if themes else None
        return (key, themes.themes[key].title) if themes and key else (None, None)

    return [
        WorklistItem(
            "proposal",
            str(r.id),
            r.title,
            r.id,
            themes.run_id if themes else None,
            *theme_of(r.id),
            agree=r.agree_count,
            disagree=r.disagree_count,
            response=answers.get(str(r.id)),
        )
        for r in rows
    ]


def _ordered_themes(themes: EditedThemes) -> list[tuple[str, str | None]]:
    """(key, parent title) of every theme: each major theme followed by its subthemes."""
    out: list[tuple[str, str | None]] = []
    for top in themes.top_level():
        out.append((top.key, None))
        out += [(sub.key, top.title) for sub in themes.children(top.key)]
    return out


def _matches(text: str, q: str | None) -> bool:
    normalised = normalize_text(text).lower()
    return all(term in normalised for term in query_terms(q or ""))


async def _theme_items(
    session: AsyncSession,
    process_id: int,
    themes: EditedThemes,
    theme: str | None,
    state: WorkState,
    q: str | None,
) -> list[WorklistItem]:
    keys = [
        (k, parent)
        for k, parent in _ordered_themes(themes)
        if (theme is None or k == theme or themes.themes[k].parent_key == theme)
        and _matches(f"{themes.themes[k].title}\n{themes.themes[k].summary}", q)
    ]
    answers = await _responses(
        session, process_id, "theme", [theme_target(themes.run_id, k) for k, _ in keys]
    )
    items = [
        WorklistItem(
            "theme",
            theme_target(themes.run_id, k),
            themes.themes[k].title,
            None,
            themes.run_id,
            k,
            parent,
            response=answers.get(theme_target(themes.run_id, k)),
        )
        for k, parent in keys
    ]
    if state == "all":
        return items
    return [i for i in items if (i.response is not None) == (state == "answered")]


def _comment_conditions(process_id: int, state: WorkState, q: str | None) -> list[Any]:
    answered = _answered(process_id, "comment", cast(DraftComment.id, String))
    return [
        _of_process_drafts(process_id),
        *_state_filter(state, answered),
        *_search(func.lower(DraftComment.body), q),
    ]


async def _comment_items(
    session: AsyncSession, process_id: int, conditions: list[Any], after: int, limit: int
) -> list[WorklistItem]:
    rows = (
        await session.execute(
            select(DraftComment.id, DraftComment.body, DraftComment.section_key)
            .where(*conditions, DraftComment.id > after)
            .order_by(DraftComment.id)
            .limit(limit)
        )
    ).all()
    answers = await _responses(session, process_id, "comment", [str(r.id) for r in rows])
    return [
        WorklistItem(
            "comment",
            str(r.id),
            r.body[:COMMENT_TITLE_CHARS],
            r.id,
            theme_title=r.section_key,
            response=answers.get(str(r.id)),
        )
        for r in rows
    ]


async def worklist(
    session: AsyncSession,
    process_id: int,
    kind: WorkKind,
    state: WorkState,
    theme: str | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> Worklist:
    """One page of the items of a kind, oldest first, with the process's progress."""
    await get_process(session, process_id)
    run = await worklist_run(session, process_id)
    themes = await load_edited_themes(session, run.id, public=False) if run is not None else None
    if theme is not None:
        if themes is None:
            raise InvalidInput(
                "This process has no analysis run with themes yet, so there is "
                "no theme to filter by. Leave the theme out."
            )
        if theme not in themes.themes:
            raise NotFound(
                f"There is no theme '{theme}' in analysis run {themes.run_id}. "
                "Reload the list and choose one of its themes."
            )
    position, after = decode_cursor(cursor) if cursor else (0, 0)
    if kind == "theme":
        found = await _theme_items(session, process_id, themes, theme, state, q) if themes else []
        items, matching = found[position : position + limit], len(found)
        next_cursor = encode_cursor(position + limit, 0) if matching > position + limit else None
    else:
        if kind == "proposal":
            conditions = _proposal_conditions(session, process_id, themes, theme, state, q)
            items = await _proposal_items(session, process_id, themes, conditions, after, limit + 1)
            counted = select(func.count()).select_from(Proposal).where(*conditions)
        else:
            conditions = _comment_conditions(process_id, state, q)
            items = await _comment_items(session, process_id, conditions, after, limit + 1)
            counted = select(func.count()).select_from(DraftComment).where(*conditions)
        matching = await _count(session, counted)
        next_cursor = (
            encode_cursor(0, int(items[limit - 1].id or 0)) if len(items) > limit else None
        )
        items = items[:limit]
    return Worklist(
        items,
        await progress(session, process_id, themes),
        themes.run_id if themes else None,
        matching,
        next_cursor,
    )
