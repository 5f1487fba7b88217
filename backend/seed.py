"""Loading the demo city from ``seed_data/`` (idempotent: a second run creates nothing).

Districts and accounts are matched by code and e-mail; a process and everything in it
(proposals, comments, votes) is loaded only when its slug is not in the database yet. The site
settings and pages (``city.json`` "site", ``pages/*.md``) are loaded only where the site has
none of its own: the demo city lives here, never in code.
"""

from __future__ import annotations

import csv
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.comments.models import Comment
from backend.core.database import Database, table_of
from backend.core.security import hash_password
from backend.core.text import content_hash
from backend.processes.models import District, Process, ProcessPhase
from backend.processes.phases import PHASES
from backend.proposals.models import Proposal, ProposalTag
from backend.proposals.search import search_document
from backend.site import services as site
from backend.site.schemas import PAGE_KINDS, PageVersionCreate, SiteUpdate
from backend.users.models import User
from backend.votes.models import Vote
from backend.votes.schemas import VOTE_VALUES

RESIDENT_DEMO_PASSWORD = "kyoso-demo-resident"


@dataclass
class SeedReport:
    site: bool = False
    pages: int = 0
    districts: int = 0
    users: int = 0
    processes: int = 0
    proposals: int = 0
    comments: int = 0
    votes: int = 0
    demo_accounts: list[dict[str, str]] = field(default_factory=list)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _some_time_after(moment: datetime, key: str, days: int) -> datetime:
    """A spread-out, repeatable time within ``days`` after ``moment`` (never in the future),
    so that the demo's activity charts look like a real consultation."""
    later = moment + timedelta(minutes=zlib.crc32(key.encode()) % (days * 24 * 60))
    return min(later, datetime.now(UTC) - timedelta(minutes=1))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


async def _ids_by_email(session: AsyncSession) -> dict[str, int]:
    return {email: uid for email, uid in await session.execute(select(User.email, User.id))}


async def _seed_districts(session: AsyncSession, city: dict[str, Any], report: SeedReport) -> None:
    existing = set((await session.execute(select(District.code))).scalars())
    for position, d in enumerate(city["districts"]):
        if d["code"] not in existing:
            session.add(
                District(
                    code=d["code"], name_ja=d["name_ja"], name_en=d["name_en"], position=position
                )
            )
            report.districts += 1
    await session.flush()


async def _seed_site(
    session: AsyncSession, city: dict[str, Any], seed_dir: Path, report: SeedReport
) -> tuple[int, int]:
    """The demo city's site settings and pages, unless the site already has its own; returns
    the current (terms, privacy) versions, which the demo accounts have accepted."""
    spec = dict(city.get("site") or {})
    pages_dir = seed_dir / spec.pop("pages", "pages")
    if spec and not (await site.read_site(session)).configured:
        await site.update_site(session, None, msgspec.convert(spec, SiteUpdate))
        report.site = True
    present = (await site.read_site(session)).pages
    for kind in PAGE_KINDS:
        ja, en = pages_dir / f"{kind}.ja.md", pages_dir / f"{kind}.en.md"
        if getattr(present, kind) is None and ja.exists():
            text = {
                "body_ja": ja.read_text(encoding="utf-8"),
                "body_en": en.read_text(encoding="utf-8") if en.exists() else "",
            }
            await site.publish_page(session, None, kind, msgspec.convert(text, PageVersionCreate))
            report.pages += 1
    return await site.consent_versions(session)


async def _seed_users(
    session: AsyncSession,
    city: dict[str, Any],
    seed_dir: Path,
    report: SeedReport,
    consent: tuple[int, int],
) -> dict[str, int]:
    """Staff demo accounts and residents (who have accepted the demo's terms); returns
    resident handle → user id."""
    existing = await _ids_by_email(session)
    terms, privacy = consent
    accepted = {
        "terms_version": terms,
        "privacy_version": privacy,
        "consented_at": datetime.now(UTC) if any(consent) else None,
    }
    for account in city["staff"]:
        report.demo_accounts.append({k: account[k] for k in ("email", "password", "role")})
        if account["email"] not in existing:
            user = User(
                email=account["email"],
                display_name=account["display_name"],
                password_hash=hash_password(account["password"]),
                role=account["role"],
                district_code=account.get("district"),
                age_band=account.get("age_band"),
                **accepted,
            )
            session.add(user)
            report.users += 1
    shared_hash = hash_password(RESIDENT_DEMO_PASSWORD)  # one hash: argon2 is slow on purpose
    handles: dict[str, str] = {}
    for row in _rows(seed_dir / "residents.csv"):
        handles[row["handle"]] = row["email"]
        if row["email"] not in existing:
            session.add(
                User(
                    email=row["email"],
                    display_name=row["display_name"],
                    password_hash=shared_hash,
                    role="resident",
                    district_code=row["district"] or None,
                    age_band=row["age_band"] or None,
                    language=row["language"] or "ja",
                    **accepted,
                )
            )
            report.users += 1
    await session.flush()
    ids = await _ids_by_email(session)
    return {handle: ids[email] for handle, email in handles.items()}


async def _seed_process(
    session: AsyncSession,
    spec: dict[str, Any],
    seed_dir: Path,
    residents: dict[str, int],
    staff_id: int | None,
    report: SeedReport,
) -> None:
    process = Process(
        slug=spec["slug"],
        title_ja=spec["title_ja"],
        title_en=spec.get("title_en", ""),
        description_ja=spec.get("description_ja", ""),
        description_en=spec.get("description_en", ""),
        landmarks="\n".join(spec.get("landmarks", [])),
        phase=spec["phase"],
        phases=[
            ProcessPhase(
                phase=p["phase"],
                position=PHASES.index(p["phase"]),
                starts_on=_date(p.get("starts_on")),
                ends_on=_date(p.get("ends_on")),
            )
            for p in spec.get("phases", [])
        ],
    )
    session.add(process)
    await session.flush()
    report.processes += 1

    proposals: dict[str, Proposal] = {}
    for row in _rows(seed_dir / "proposals.csv"):
        if row["process"] != spec["slug"]:
            continue
        tags = [t.strip() for t in row.get("tags", "").split(";") if t.strip()]
        created = datetime.fromisoformat(row["created_at"])
        proxy = not row["author"]
        proposal = Proposal(
            process_id=process.id,
            author_id=None if proxy else residents[row["author"]],
            entered_by_id=staff_id if proxy else None,
            title=row["title"],
            body=row["body"],
            district_code=row["district"],
            language=row["language"],
            channel=row["channel"],
            content_hash=content_hash(row["title"], row["body"]),
            search_text=search_document(row["title"], row["body"], tags),
            tags=[ProposalTag(tag=t) for t in dict.fromkeys(tags)],
            created_at=created,
            updated_at=created,
        )
        session.add(proposal)
        proposals[row["key"]] = proposal
    await session.flush()
    report.proposals += len(proposals)

    comments: dict[str, Comment] = {}
    for row in _rows(seed_dir / "comments.csv"):
        if row["proposal"] not in proposals:
            continue
        parent = comments[row["parent"]] if row["parent"] else None
        after = parent.created_at if parent else proposals[row["proposal"]].created_at
        comment = Comment(
            proposal_id=proposals[row["proposal"]].id,
            parent_id=parent.id if parent else None,
            author_id=residents[row["author"]],
            body=row["body"],
            created_at=_some_time_after(after, row["key"], days=10),
        )
        session.add(comment)
        await session.flush()
        comments[row["key"]] = comment
    report.comments += len(comments)

    votes = []
    for row in _rows(seed_dir / "votes.csv"):
        if row["proposal"] in proposals:
            proposal = proposals[row["proposal"]]
            moment = _some_time_after(proposal.created_at, row["resident"] + row["proposal"], 30)
            votes.append(
                {
                    "proposal_id": proposal.id,
                    "user_id": residents[row["resident"]],
                    "value": VOTE_VALUES[row["value"]],
                    "created_at": moment,
                    "updated_at": moment,
                }
            )
    if votes:
        await session.execute(table_of(Vote).insert(), votes)
    report.votes += len(votes)
    await _recount(session, process.id)


async def _recount(session: AsyncSession, process_id: int) -> None:
    """Tallies and comment counts from the rows themselves."""

    def votes_with(value: int) -> Any:
        return (
            select(func.count())
            .where(Vote.proposal_id == Proposal.id, Vote.value == value)
            .scalar_subquery()
        )

    await session.execute(
        update(Proposal)
        .where(Proposal.process_id == process_id)
        .values(
            agree_count=votes_with(1),
            disagree_count=votes_with(-1),
            pass_count=votes_with(0),
            comment_count=select(func.count())
            .where(Comment.proposal_id == Proposal.id, Comment.status == "published")
            .scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )


async def load_seed(database: Database, seed_dir: Path) -> SeedReport:
    report = SeedReport()
    city = json.loads((seed_dir / "city.json").read_text(encoding="utf-8"))
    processes = json.loads((seed_dir / "processes.json").read_text(encoding="utf-8"))
    async with database.session(write=True) as session:
        consent = await _seed_site(session, city, seed_dir, report)
        await _seed_districts(session, city, report)
        residents = await _seed_users(session, city, seed_dir, report, consent)
        staff_id = (
            await session.execute(
                select(User.id).where(User.role == "planner").order_by(User.id).limit(1)
            )
        ).scalar_one_or_none()
        known = set((await session.execute(select(Process.slug))).scalars())
        for spec in processes:
            if spec["slug"] not in known:
                await _seed_process(session, spec, seed_dir, residents, staff_id, report)
    return report
