"""Reading proposals: one Core select per request, rows mapped straight into ``ProposalOut``.

Profiled under wrk (signed-in list, 64 connections, PostgreSQL, 10,000 proposals) the ORM path
served 237 req/s with the API process at 100 % CPU: identity map and attribute instrumentation,
a selectin load of the tags, and five statements per request (process, page, tags, authors, my
votes; the ``IN`` lists of varying length prepared anew) inside a BEGIN/COMMIT. Here one
statement returns the page with each row's author and proxy-entry names, its tags and the
viewer's own vote (a search for a rare word takes a second: ``_window_statement``). On
PostgreSQL it runs as fixed SQL on an asyncpg pool of its own (``core/fastpath``: compiled
once, prepared once per connection, no transaction, no result processing); on SQLite, and
inside a write transaction (the answer to a create, edit or withdraw), the same statement runs
through SQLAlchemy.

``proposal_item`` is the one place where a row becomes what a viewer sees: every rule about who
sees which field (staff-only fields, the reason of a hidden proposal, masking) belongs there.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple, Protocol, TypeAlias

import asyncpg
import msgspec
from sqlalchemy import (
    ColumnElement,
    Label,
    Select,
    String,
    and_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from backend.core.app_state import StateKey
from backend.core.database import Database
from backend.core.errors import Forbidden, InvalidInput, NotFound
from backend.core.fastpath import DirectPool, fetch
from backend.core.pagination import Page, decode_cursor, encode_cursor
from backend.processes.models import Process
from backend.proposals.image_services import image_url
from backend.proposals.models import Proposal, ProposalImage, ProposalTag
from backend.proposals.schemas import (
    ProposalImageOut,
    ProposalOut,
    ProposalSort,
    Tally,
    UnvotedPage,
)
from backend.proposals.search import by_pattern, like_patterns, search_strings
from backend.proposals.sql_functions import Contains, ImageList, TagList, occurs
from backend.users.auth import CurrentUser
from backend.users.models import User
from backend.users.public_view import (
    hidden_from,
    images_hidden_from,
    is_staff,
    listed_author,
    masked,
    sees_as_written,
    shows_author,
)
from backend.users.schemas import PublicUser
from backend.votes.models import Vote
from backend.votes.schemas import VOTE_NAMES

AnySelect: TypeAlias = Select[*tuple[Any, ...]]  # a SELECT of any columns


class Row(Protocol):
    """A result row read by position: SQLAlchemy's ``Row`` or asyncpg's ``Record``."""

    def __getitem__(self, index: int, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...


def _display_name(user_id: ColumnElement[int | None], label: str) -> Label[str | None]:
    """A user's name as a per-row lookup by primary key: PostgreSQL plans these faster than
    the two outer joins of the users table they replace (0.16 against 0.21 ms of its CPU per
    list page; a search page, planned afresh, half as much)."""
    return select(User.display_name).where(User.id == user_id).scalar_subquery().label(label)


def _row_select(p: Any) -> AnySelect:
    """The columns of every proposal row, in the order ``proposal_item`` reads them, of the
    proposals table or of ``p``, an alias of a subquery of it."""
    return select(
        p.id,
        p.process_id,
        p.title,
        p.body,
        p.district_code,
        p.language,
        p.channel,
        p.status,
        p.author_id,
        _display_name(p.author_id, "author_name"),
        p.submitter_name,
        p.agree_count,
        p.disagree_count,
        p.pass_count,
        p.comment_count,
        p.content_hash,
        p.created_at,
        p.updated_at,
        p.entered_by_id,
        _display_name(p.entered_by_id, "enterer_name"),
        p.status_reason,
        select(TagList(ProposalTag.tag))
        .where(ProposalTag.proposal_id == p.id)
        .scalar_subquery()
        .label("tags"),
        # the viewer's own vote; viewer_id 0 (nobody) for anonymous readers
        select(Vote.value)
        .where(Vote.proposal_id == p.id, Vote.user_id == bindparam("viewer_id"))
        .scalar_subquery()
        .label("my_vote"),
        select(
            ImageList(
                ProposalImage.position,
                ProposalImage.id,
                ProposalImage.alt,
                ProposalImage.width,
                ProposalImage.height,
            )
        )
        .where(ProposalImage.proposal_id == p.id)
        .scalar_subquery()
        .label("images"),
        p.received_on,
        p.reference_number,
        p.offline_agree_count,
        p.offline_disagree_count,
        p.offline_pass_count,
    ).select_from(p)


_ROW = _row_select(Proposal)
# position of each column in a row (asyncpg's and SQLAlchemy's rows are both tuples)
_AT = {column.key: i for i, column in enumerate(_ROW.selected_columns)}


def _tags(value: str | list[str]) -> list[str]:
    return sorted(msgspec.json.decode(value) if isinstance(value, str) else value)


def _images(proposal_id: int, value: str) -> list[ProposalImageOut]:
    listed = sorted(msgspec.json.decode(value))
    return [
        ProposalImageOut(
            id_,
            alt,
            width,
            height,
            image_url(proposal_id, id_),
            image_url(proposal_id, id_, thumb=True),
        )
        for _, id_, alt, width, height in listed
    ]


def proposal_item(row: Row, viewer: CurrentUser | None) -> ProposalOut:
    """What ``viewer`` sees of one proposal row (the single place for per-viewer rules).

    Each rule is asked once per row and the struct is built from positional arguments: 20 of
    these per page cost 90 µs before, 30 µs so (bench/profile_requests.py)."""
    (
        id_,
        process_id,
        title,
        body,
        district_code,
        language,
        channel,
        status,
        author_id,
        author_name,
        submitter_name,
        agree,
        disagree,
        pass_,
        comment_count,
        content_hash,
        created_at,
        updated_at,
        entered_by_id,
        enterer_name,
        status_reason,
        tags,
        my_vote,
        images,
        received_on,
        reference_number,
        off_agree,
        off_disagree,
        off_pass,
    ) = row
    staff = is_staff(viewer)
    as_written = sees_as_written(viewer, author_id)
    return ProposalOut(
        id_,
        process_id,
        title if as_written else masked(title),
        body if as_written else masked(body),
        district_code,
        _tags(tags) if tags else [],
        language,
        channel,
        status,
        # author
        PublicUser(author_id, author_name)
        if author_id and shows_author(viewer, status, author_id)
        else None,
        submitter_name if staff else None,
        Tally(agree, disagree, pass_),
        comment_count,
        content_hash,
        created_at,
        updated_at,
        # my_vote
        None if my_vote is None else VOTE_NAMES.get(my_vote),
        # entered_by
        PublicUser(entered_by_id, enterer_name) if staff and entered_by_id else None,
        # status_reason: a moderator's (hidden) or the author's (withdrawn), for them and staff
        status_reason if status != "published" and as_written else None,
        # images
        [] if not images or images_hidden_from(viewer, status, author_id) else _images(id_, images),
        received_on,
        reference_number,
        Tally(off_agree, off_disagree, off_pass) if off_agree or off_disagree or off_pass else None,
    )


_ONE = _ROW.where(Proposal.id == bindparam("proposal_id"))
_PROCESS_EXISTS = select(Process.id).where(Process.id == bindparam("process_id"))
_SORT_COLUMNS: dict[ProposalSort, InstrumentedAttribute[int] | None] = {
    "newest": None,
    "most_agreed": Proposal.agree_count,
    "most_discussed": Proposal.comment_count,
}


Terms: TypeAlias = tuple[tuple[bool, ...], ...]
"""Per search word, per alternative (as written, reading): whether it is matched with ``LIKE``
(``term_<i>_<j>``) or as written (``word_<i>_<j>``); see ``search.by_pattern``."""


def _filter_conditions(
    district: bool, tag: bool, author: bool, terms: Terms
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a list or count; of each search word's alternatives one must
    match."""
    conditions: list[ColumnElement[bool]] = [
        Proposal.process_id == bindparam("process_id"),
        Proposal.status == bindparam("status"),
    ]
    if district:
        conditions.append(Proposal.district_code == bindparam("district"))
    if tag:
        conditions.append(
            select(ProposalTag.proposal_id)
            .where(ProposalTag.proposal_id == Proposal.id, ProposalTag.tag == bindparam("tag"))
            .exists()
        )
    if author:
        conditions.append(Proposal.author_id == bindparam("author_id"))
    conditions += [
        or_(
            *[
                occurs(
                    Proposal.search_text,
                    bindparam(f"word_{i}_{j}", type_=String),
                    bindparam(f"term_{i}_{j}"),
                    by_like=by_like,
                )
                for j, by_like in enumerate(alternatives)
            ]
        )
        for i, alternatives in enumerate(terms)
    ]
    return conditions


def _keyset(sort: ProposalSort, after: bool) -> list[ColumnElement[bool]]:
    """The condition of the pages after a cursor: past its (value, id) in the page's order."""
    column = _SORT_COLUMNS[sort]
    if not after:
        return []
    if column is None:
        return [Proposal.id < bindparam("last_id")]
    return [
        or_(
            column < bindparam("value"),
            and_(column == bindparam("value"), Proposal.id < bindparam("last_id")),
        )
    ]


class _PageShape(NamedTuple):
    """What a page statement's SQL depends on (its parameters aside): the order, whether it
    continues after a cursor, which filters it has, how each search word is matched, and the
    number of rows it fetches."""

    sort: ProposalSort
    after: bool
    district: bool
    tag: bool
    author: bool
    terms: Terms
    limit: int


def _terms(q: str | None) -> Terms:
    """How each alternative of each content word of the search is matched over all proposals."""
    if not q:
        return ()
    return tuple(tuple(by_pattern(s) for s in strings) for strings in search_strings(q))


@lru_cache(maxsize=256)
def _list_statement(shape: _PageShape) -> AnySelect:
    """The page query for one combination of filters and page size (built once, so that its
    SQL text, and on PostgreSQL its prepared statement, is reused).

    The page size is written into the SQL: with ``LIMIT $n`` PostgreSQL's generic plan assumes
    a large limit, so it kept planning each execution afresh (2.0 ms per page against 0.5 ms
    with a reused plan, measured on the 10,000-proposal bench).

    With search words, PostgreSQL plans each execution afresh (0.17 ms of its CPU): the words
    decide the plan, the trigram index or a scan for a rare word, the newest-first index for
    a common one. A search runs this only when ``_window_statement`` found too few rows. A word
    shorter than the trigram index can serve is matched as written, not with ``LIKE``
    (``search.by_pattern``): 公園 among 10,000 proposals of demo-length text cost PostgreSQL
    0.5 ms of CPU for a page and 13 ms for its count, against 1.3 and 43 ms with ``LIKE``."""
    sort, after, district, tag, author, terms, limit = shape
    conditions = [*_filter_conditions(district, tag, author, terms), *_keyset(sort, after)]
    return _ROW.where(*conditions).order_by(*_order(sort)).limit(literal_column(str(int(limit))))


SEARCH_WINDOW_PAGES = 10
"""A search first looks for its page among this many pages' worth of the next proposals."""


@lru_cache(maxsize=256)
def _window_statement(shape: _PageShape) -> AnySelect:
    """A search page looked for only among the next ``SEARCH_WINDOW_PAGES`` × ``limit``
    proposals in the page's order; exact whenever it finds ``limit`` rows, since any match
    outside the window comes later in that order.

    Its words are matched with ``Contains`` (the ``word_<i>_<j>`` parameters) inside a window
    that no index on the text can serve, so PostgreSQL keeps one plan for it and never plans
    a search afresh. PostgreSQL's CPU per first page, 10,000 proposals with the demo city's
    texts (740 bytes of search text on average), against ``_list_statement``: バス (in 11 %
    of them) 0.46 against 1.97 ms, 子ども (14 %) 0.26 / 0.93, 公園 (10 %) 0.42 / 1.04. A word
    too rare to fill the page there is left to ``_list_statement``, which may use the
    trigram index: 図書館 (2.5 %) then costs 0.30 + 1.99 ms, 自転車 (0.5 %) 0.24 + 0.30."""
    sort, after, district, tag, author, terms, limit = shape
    window = (
        select(Proposal)
        .where(*_filter_conditions(district, tag, author, ()), *_keyset(sort, after))
        .order_by(*_order(sort))
        .limit(literal_column(str(int(limit * SEARCH_WINDOW_PAGES))))
        .subquery("candidates")
    )
    candidate = aliased(Proposal, window)
    words = [
        or_(
            *[
                Contains(candidate.search_text, bindparam(f"word_{i}_{j}", type_=String))
                for j in range(len(alternatives))
            ]
        )
        for i, alternatives in enumerate(terms)
    ]
    return (
        _row_select(candidate)
        .where(*words)
        .order_by(*_order(sort, candidate))
        .limit(literal_column(str(int(limit))))
    )


@lru_cache(maxsize=64)
def _count_statement(district: bool, tag: bool, author: bool, terms: Terms) -> AnySelect:
    return (
        select(func.count())
        .select_from(Proposal)
        .where(*_filter_conditions(district, tag, author, terms))
    )


def _filter_params(
    viewer: CurrentUser | None,
    process_id: int,
    district: str | None,
    tag: str | None,
    status: str,
    author_id: int | None,
    q: str | None,
) -> dict[str, Any]:
    """The parameters of the list, window and count statements; a search's words both as
    LIKE patterns (``term_<i>_<j>``) and as written (``word_<i>_<j>``)."""
    patterns = like_patterns(q) if q else []
    strings = search_strings(q) if q else ()
    return {
        "process_id": process_id,
        "status": status,
        "district": district,
        "tag": tag.strip() if tag else None,
        "author_id": author_id,
        "viewer_id": viewer.id if viewer else 0,
        **{
            f"term_{i}_{j}": pattern
            for i, alternatives in enumerate(patterns)
            for j, pattern in enumerate(alternatives)
        },
        **{
            f"word_{i}_{j}": string
            for i, alternatives in enumerate(strings)
            for j, string in enumerate(alternatives)
        },
    }


def _order(sort: ProposalSort, p: Any = Proposal) -> list[ColumnElement[Any]]:
    """The page's order, of the proposals table or of ``p``, an alias of a subquery of it."""
    column = _SORT_COLUMNS[sort]
    if column is None:
        return [p.id.desc()]
    return [getattr(p, column.key).desc(), p.id.desc()]


# The card flow's proposals (つぎの提案へ): published, not written by the viewer, not yet voted
# on by them (a pass is a vote too).
_UNVOTED: list[ColumnElement[bool]] = [
    Proposal.process_id == bindparam("process_id"),
    Proposal.status == bindparam("status"),
    Proposal.author_id.is_distinct_from(bindparam("viewer_id")),
    ~select(Vote.proposal_id)
    .where(Vote.proposal_id == Proposal.id, Vote.user_id == bindparam("viewer_id"))
    .exists(),
]
_UNVOTED_COUNT = select(func.count()).select_from(Proposal).where(*_UNVOTED)


@lru_cache(maxsize=64)
def _unvoted_statement(limit: int) -> AnySelect:
    """Least-seen first, as Pol.is deals statements: fewest votes of any kind, then the oldest,
    so that every proposal gets its first votes before any gets many more."""
    seen = Proposal.agree_count + Proposal.disagree_count + Proposal.pass_count
    return (
        _ROW.where(*_UNVOTED)
        .order_by(seen, Proposal.created_at, Proposal.id)
        .limit(literal_column(str(int(limit))))
    )


def _unusable_value(error: asyncpg.DataError) -> InvalidInput:
    """A number the column cannot hold, a NUL character: the request's fault, not ours."""
    return InvalidInput(
        "A value in the request cannot be used: a number is too large or the text holds a "
        "character that cannot be stored. Check the filters and start again from the first "
        "page."
    )


class ProposalReads:
    """Runs the read statements: on PostgreSQL on a small asyncpg pool, else on the engine."""

    def __init__(self, database: Database) -> None:
        self._database = database
        settings = database.settings
        self._direct = (
            None
            if settings.is_sqlite
            else DirectPool(settings.database_url, size=settings.db_pool_size)
        )

    async def _rows(
        self, statement: AnySelect, params: Mapping[str, Any], session: AsyncSession | None
    ) -> Sequence[Row]:
        if session is not None:  # inside the request's write transaction: see its changes
            return (await session.execute(statement, params)).all()
        if self._direct is None:
            async with self._database.autocommit.connect() as connection:
                return (await connection.execute(statement, params)).all()
        try:
            async with self._direct.connection() as connection:
                return await fetch(connection, statement, params)
        except asyncpg.DataError as error:
            raise _unusable_value(error) from error

    async def proposal(
        self, proposal_id: int, viewer: CurrentUser | None, session: AsyncSession | None = None
    ) -> ProposalOut:
        """One proposal as ``viewer`` sees it; 404 when it does not exist for them."""
        rows = await self._rows(
            _ONE, {"proposal_id": proposal_id, "viewer_id": viewer.id if viewer else 0}, session
        )
        if not rows or hidden_from(viewer, rows[0][_AT["status"]], rows[0][_AT["author_id"]]):
            raise NotFound(f"There is no proposal {proposal_id}.")
        return proposal_item(rows[0], viewer)

    async def _ensure_process(self, process_id: int) -> None:
        if not await self._rows(_PROCESS_EXISTS, {"process_id": process_id}, None):
            raise NotFound(f"There is no process {process_id}.")

    async def page(
        self,
        viewer: CurrentUser | None,
        process_id: int,
        *,
        district: str | None = None,
        tag: str | None = None,
        status: str = "published",
        sort: ProposalSort = "newest",
        q: str | None = None,
        author_id: int | None = None,
        cursor: str | None = None,
        limit: int = 20,
    ) -> Page[ProposalOut]:
        """A keyset page of a process's proposals, newest or most agreed/discussed first."""
        if status == "hidden" and not is_staff(viewer):
            await self._ensure_process(process_id)  # 404 before 403, as for any process
            raise Forbidden("Only city staff may list hidden proposals.")
        author_id = listed_author(viewer, status, author_id)
        params = _filter_params(viewer, process_id, district, tag, status, author_id, q)
        if cursor:
            params["value"], params["last_id"] = decode_cursor(cursor)
        shape = _PageShape(
            sort,
            bool(cursor),
            bool(district),
            bool(tag),
            author_id is not None,
            _terms(q),
            limit + 1,
        )
        rows = await self._rows(_window_statement(shape), params, None) if q else []
        if len(rows) <= limit:  # no search, or too few matches among the next proposals
            rows = await self._rows(_list_statement(shape), params, None)
        if not rows:  # the one case where "no such process" must be told apart
            await self._ensure_process(process_id)
        next_cursor = None
        if len(rows) > limit:
            last = rows[limit - 1]
            column = _SORT_COLUMNS[sort]
            next_cursor = encode_cursor(
                last[_AT[column.key]] if column is not None else 0, last[_AT["id"]]
            )
        return Page([proposal_item(row, viewer) for row in rows[:limit]], next_cursor)

    async def unvoted(self, viewer: CurrentUser, process_id: int, limit: int) -> UnvotedPage:
        """The next ``limit`` proposals ``viewer`` has not voted on, least-voted first, and
        how many are left in all."""
        params = {"process_id": process_id, "status": "published", "viewer_id": viewer.id}
        rows = await self._rows(_unvoted_statement(limit), params, None)
        if not rows:
            await self._ensure_process(process_id)
            return UnvotedPage([], 0)
        remaining = (await self._rows(_UNVOTED_COUNT, params, None))[0][0]
        return UnvotedPage([proposal_item(row, viewer) for row in rows], remaining)

    async def count(
        self,
        viewer: CurrentUser | None,
        process_id: int,
        *,
        district: str | None = None,
        tag: str | None = None,
        status: str = "published",
        q: str | None = None,
        author_id: int | None = None,
    ) -> int:
        """How many proposals ``page`` would list, over all its pages, for the same filters."""
        if status == "hidden" and not is_staff(viewer):
            await self._ensure_process(process_id)
            raise Forbidden("Only city staff may count hidden proposals.")
        author_id = listed_author(viewer, status, author_id)
        params = _filter_params(viewer, process_id, district, tag, status, author_id, q)
        statement = _count_statement(bool(district), bool(tag), author_id is not None, _terms(q))
        rows = await self._rows(statement, params, None)
        if not rows[0][0]:
            await self._ensure_process(process_id)
        return int(rows[0][0])

    async def close(self) -> None:
        if self._direct is not None:
            await self._direct.close()


PROPOSAL_READS: StateKey[ProposalReads] = StateKey("proposal_reads")
