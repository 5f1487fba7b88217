"""Collecting the co-creation summary (共創の記録) of a process from the database.

Everything here is already anonymised: no names or e-mails, people counted only in breakdown
cells of five or more (see ``privacy``), and every free text PII-masked.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import msgspec
from sqlalchemy import func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.models import AnalysisResult, AnalysisRun
from backend.analysis.themes import EditedThemes, load_edited_themes
from backend.comments.models import Comment
from backend.drafts.models import Draft
from backend.drafts.schemas import DraftContent
from backend.drafts.services import lineage, version_content
from backend.exports import document as doc
from backend.exports.privacy import CountRow, excerpt, masked, people_cell, suppress_small_cells
from backend.processes.models import District, Process
from backend.proposals.models import Proposal
from backend.responses.schemas import STATUS_LABELS_JA
from backend.responses.services import response_table
from backend.users.models import User
from backend.votes.models import Vote

JST = timezone(timedelta(hours=9))
PHASE_LABELS = {"ideas": "意見募集", "voting": "投票", "themes": "テーマ整理", "draft": "素案",
                "feedback": "素案への意見", "closed": "終了"}
CHANNEL_LABELS = {"online": "オンライン", "paper": "紙（意見箱）", "meeting": "意見交換会",
                  "phone": "電話"}
AGE_LABELS = {"under_20": "20歳未満", "20s": "20代", "30s": "30代", "40s": "40代", "50s": "50代",
              "60s": "60代", "70_plus": "70歳以上"}
UNKNOWN = "不明"
VOICES_PER_THEME = 3
STATEMENTS_PER_LIST = 5


@dataclass
class Selection:
    """Which analysis run and which draft version a summary is made of."""

    run: AnalysisRun | None
    draft: Draft | None
    version: int | None


def _overview(process: Process, channels: Counter[str]) -> doc.Overview:
    phases = [doc.PhaseRow(p.phase, PHASE_LABELS.get(p.phase, p.phase), p.starts_on, p.ends_on,
                           p.phase == process.phase) for p in process.phases]
    starts = [p.starts_on for p in phases if p.starts_on]
    ends = [p.ends_on for p in phases if p.ends_on]
    return doc.Overview(
        process.id, process.slug, masked(process.title_ja), masked(process.description_ja),
        (min(starts) if starts else None, max(ends) if ends else None), phases,
        [(CHANNEL_LABELS[c], channels[c]) for c in CHANNEL_LABELS if channels[c]])


class _Person(msgspec.Struct):
    district: str | None
    age: str | None
    proposals: int = 0
    votes: int = 0
    comments: int = 0


async def _people(session: AsyncSession, process_id: int) -> dict[int, _Person]:
    """Every resident who took part online, with what they did (counts, no content)."""
    published = (Proposal.process_id == process_id, Proposal.status == "published")
    proposals = select(Proposal.author_id.label("uid"), func.count().label("n")).where(
        *published, Proposal.author_id.is_not(None)).group_by(Proposal.author_id)
    votes = select(Vote.user_id.label("uid"), func.count().label("n")).join(
        Proposal, Proposal.id == Vote.proposal_id).where(*published).group_by(Vote.user_id)
    comments = select(Comment.author_id.label("uid"), func.count().label("n")).join(
        Proposal, Proposal.id == Comment.proposal_id).where(
        *published, Comment.status == "published").group_by(Comment.author_id)
    ids = union(*(select(q.subquery().c.uid) for q in (proposals, votes, comments))).subquery()
    people = {uid: _Person(district, age) for uid, district, age in (await session.execute(
        select(User.id, User.district_code, User.age_band).where(User.id.in_(select(ids.c.uid)))
    )).all()}
    for query, field in ((proposals, "proposals"), (votes, "votes"), (comments, "comments")):
        for uid, n in (await session.execute(query)).all():
            if uid in people:
                setattr(people[uid], field, int(n))
    return people


def _breakdown(title: str, dimension: str, labels: dict[str | None, str],
               people: dict[int, _Person], offline: list[Any], key: str) -> doc.Breakdown:
    """Rows per district or age band; an offline submission counts as one person."""
    rows: dict[str | None, list[int]] = {k: [0, 0, 0, 0] for k in labels}

    def row(value: str | None) -> list[int]:
        return rows[value if value in rows else None]

    for person in people.values():
        cells = row(getattr(person, key))
        cells[0] += 1
        cells[1] += person.proposals
        cells[2] += person.votes
        cells[3] += person.comments
    for proposal in offline:
        cells = row(proposal.district_code if key == "district" else proposal.submitter_age_band)
        cells[0] += 1
        cells[1] += 1
    counts = [CountRow(labels[k], v[0], v[1:]) for k, v in rows.items()]
    return doc.Breakdown(title, dimension, suppress_small_cells(counts))


def _channel_breakdown(people: dict[int, _Person], channels: Counter[str]) -> doc.Breakdown:
    rows = [CountRow(CHANNEL_LABELS["online"], len(people), [
        channels["online"], sum(p.votes for p in people.values()),
        sum(p.comments for p in people.values())])]
    rows += [CountRow(CHANNEL_LABELS[c], channels[c], [channels[c], 0, 0])
             for c in ("paper", "meeting", "phone")]
    return doc.Breakdown("参加経路別", "参加経路", suppress_small_cells(rows))


def _week(moment: datetime) -> date:
    day = moment.astimezone(JST).date()
    return day - timedelta(days=day.weekday())


async def _participation(session: AsyncSession, process_id: int
                         ) -> tuple[doc.Participation, Counter[str]]:
    proposals = (await session.execute(select(
        Proposal.id, Proposal.author_id, Proposal.channel, Proposal.district_code,
        Proposal.submitter_age_band, Proposal.created_at).where(
        Proposal.process_id == process_id, Proposal.status == "published"))).all()
    comment_times = (await session.execute(select(Comment.created_at).join(
        Proposal, Proposal.id == Comment.proposal_id).where(
        Proposal.process_id == process_id, Proposal.status == "published",
        Comment.status == "published"))).scalars().all()
    people = await _people(session, process_id)
    offline = [p for p in proposals if p.author_id is None]
    channels = Counter(p.channel if p.author_id is None else "online" for p in proposals)
    districts: dict[str | None, str] = {code: name for code, name in (await session.execute(
        select(District.code, District.name_ja).order_by(District.position))).all()}
    districts[None] = UNKNOWN
    ages: dict[str | None, str] = {**AGE_LABELS, None: UNKNOWN}
    weeks: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for p in proposals:
        weeks[_week(p.created_at)][0] += 1
    for moment in comment_times:
        weeks[_week(moment)][1] += 1
    if weeks:  # every week between the first and the last, so the chart has no gaps
        week, last = min(weeks), max(weeks)
        while week <= last:
            weeks.setdefault(week, [0, 0])
            week += timedelta(days=7)
    return doc.Participation(
        len(people) + len(offline), len(proposals), sum(p.votes for p in people.values()),
        len(comment_times),
        [_channel_breakdown(people, channels),
         _breakdown("地区別", "地区", districts, people, offline, "district"),
         _breakdown("年代別", "年代", ages, people, offline, "age")],
        [doc.WeekCount(w, *weeks[w]) for w in sorted(weeks)]), channels


async def _texts(session: AsyncSession, ids: list[int]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = await session.execute(select(
        Proposal.id, Proposal.title, Proposal.body, Proposal.agree_count,
        Proposal.disagree_count, Proposal.pass_count).where(Proposal.id.in_(ids)))
    return {r.id: r for r in rows}


async def _themes(session: AsyncSession, state: EditedThemes) -> list[doc.ThemeSummary]:
    rows = await _texts(session, list(state.assignment))
    out = []
    for theme in state.top_level():
        members = state.members(theme.key)
        if not members:
            continue
        voices = [doc.Voice(pid, excerpt(f"{rows[pid].title}：{rows[pid].body}"))
                  for pid in theme.representative_ids if pid in set(members) and pid in rows]
        out.append(doc.ThemeSummary(
            theme.key, masked(theme.title), masked(theme.summary),
            [masked(k["word"]) for k in theme.keywords[:8]], len(members),
            *(sum(getattr(rows[p], f) for p in members if p in rows)
              for f in ("agree_count", "disagree_count", "pass_count")),
            voices[:VOICES_PER_THEME],
            [(c.key, masked(c.title), len(state.members(c.key)))
             for c in state.children(theme.key) if state.members(c.key)],
            theme.is_other))
    return sorted(out, key=lambda t: (t.is_other, -t.size, t.key))


def _statement(stat: dict[str, Any], titles: dict[int, Any]) -> doc.Statement:
    pid = int(stat["proposal_id"])
    title = excerpt(titles[pid].title, 80) if pid in titles else ""
    return doc.Statement(pid, title, round(100 * float(stat.get("p_agree", 0))),
                         round(100 * float(stat.get("p_disagree", 0))))


async def _opinions(session: AsyncSession, run: AnalysisRun) -> doc.Opinions | None:
    result = await session.get(AnalysisResult, run.id)
    payload = (result.payload if result else {}).get("opinions")
    if not payload:
        return None
    groups = payload.get("groups", [])
    stats = [s for key in ("consensus", "divisive") for s in payload.get(key, [])]
    stats += [s for g in groups for s in g.get("representative", [])]
    titles = await _texts(session, sorted({int(s["proposal_id"]) for s in stats}))
    members = {int(u) for g in groups for u in g["participants"] if str(u).isdigit()}
    ages = dict((await session.execute(select(User.id, User.age_band).where(
        User.id.in_(members)))).all()) if members else {}
    total = max(int(payload.get("n_participants", 0)), 1)
    out = []
    for g in groups:
        people = [int(u) for u in g["participants"] if str(u).isdigit()]
        by_age = Counter(ages.get(u) for u in people)
        age_rows = suppress_small_cells([CountRow(label, by_age[key], [])
                                         for key, label in {**AGE_LABELS, None: UNKNOWN}.items()])
        reps = g.get("representative", [])
        out.append(doc.GroupSummary(
            int(g["id"]) + 1, people_cell(len(g["participants"])),
            round(100 * len(g["participants"]) / total), age_rows,
            [_statement(s, titles) for s in reps if s.get("repful") == "agree"][
                :STATEMENTS_PER_LIST],
            [_statement(s, titles) for s in reps if s.get("repful") == "disagree"][
                :STATEMENTS_PER_LIST]))
    return doc.Opinions(
        int(payload.get("n_participants", 0)), out,
        [_statement(s, titles) for s in payload.get("consensus", [])[:STATEMENTS_PER_LIST * 2]],
        [_statement(s, titles) for s in payload.get("divisive", [])[:STATEMENTS_PER_LIST * 2]])


def _content_items(content: DraftContent) -> dict[str, tuple[str, list[doc.Kpi]]]:
    items: dict[str, tuple[str, list[doc.Kpi]]] = {}
    for goal in content.sections:
        items[goal.key] = (goal.body, [])
        for measure in goal.measures:
            items[measure.key] = (measure.body, [
                doc.Kpi(masked(k.name), masked(k.baseline), masked(k.target),
                        masked(k.target_year)) for k in measure.kpis])
            items.update({a.key: (a.body, []) for a in measure.actions})
    return items


async def _draft(session: AsyncSession, draft: Draft, version: int) -> doc.DraftSummary:
    content = await version_content(session, draft, version)
    bodies = _content_items(content)
    theme_titles: dict[str, str] = {}
    if draft.run_id:
        state = await load_edited_themes(session, draft.run_id)
        theme_titles = {k: masked(t.title) for k, t in state.themes.items()}
    items = [doc.PlanItem(
        i.key, i.label, i.level, masked(i.title), masked(bodies.get(i.key, ("", []))[0]),
        list(i.theme_keys), [theme_titles.get(k, k) for k in i.theme_keys],
        list(i.proposal_ids), i.residents, bodies.get(i.key, ("", []))[1])
        for i in await lineage(session, draft, version)]
    return doc.DraftSummary(draft.id, version, draft.published_version == version,
                            masked(content.title), masked(content.preamble), items)


async def collect_public_comment(session: AsyncSession, process: Process) -> doc.PublicComment:
    """意見の概要と市の考え方: the table on its own (also printed as section 6)."""
    table = await response_table(session, process.id)
    rows = [doc.ResponseRow(n, masked(item.target_title) or (
        f"提案 {item.proposal_id}" if item.proposal_id else item.theme_key or ""),
        masked(item.summary), masked(item.response), item.status_ja)
        for n, item in enumerate(table.items, start=1)]
    return doc.PublicComment(masked(process.title_ja), rows, [
        (label, table.counts.get(status, 0)) for status, label in STATUS_LABELS_JA.items()])


def _method(run: AnalysisRun | None, draft: doc.DraftSummary | None) -> doc.Method:
    draft_text = (f"素案 {draft.draft_id} 第{draft.version}版"
                  f"{'（公開版）' if draft.published else '（未公開）'}" if draft else "なし")
    if run is None:
        return doc.Method(None, "", "", {}, None, "", 0, draft_text)
    return doc.Method(run.id, run.backend or "", run.model or "", dict(run.params or {}),
                      run.finished_at, run.input_hash or "",
                      int((run.metrics or {}).get("n_proposals", 0)), draft_text)


async def collect_summary(session: AsyncSession, process: Process,
                          selection: Selection) -> doc.CoCreationSummary:
    participation, channels = await _participation(session, process.id)
    run = selection.run
    themes = await _themes(session, await load_edited_themes(session, run.id)) if run else []
    draft = (await _draft(session, selection.draft, selection.version)
             if selection.draft is not None and selection.version is not None else None)
    return doc.CoCreationSummary(
        f"共創の記録　{masked(process.title_ja)}", datetime.now(UTC),
        _overview(process, channels), participation, themes,
        await _opinions(session, run) if run else None, draft,
        await collect_public_comment(session, process), _method(run, draft))
