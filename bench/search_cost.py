"""PostgreSQL's CPU per search statement: the first page and the count (「N件」) of a search, as
the app runs them, on 10,000 proposals with the demo city's texts (seed_data/proposals.csv
repeated; about 775 bytes of search text each), against every word matched with ``LIKE``.

A word of one or two characters cannot use the trigram index, so it is matched as written
(``strpos``; ``proposals/search.py``, ``by_pattern``); with ``LIKE`` such a word was a scan
three to four times as costly. Each statement runs ``--runs`` times on one asyncpg connection;
the figure is the server backend's own CPU time (from ``/proc``, so run it on the database's
machine), in ms per execution.

    PYTHONPATH=$PWD .venv/bin/python bench/search_cost.py [--runs 100] [--no-fill]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
from pathlib import Path
from typing import Any

import asyncpg
from load_common import REPO, dsn_for, fill, migrate, recreate_database

from backend.core.fastpath.compiled import postgres_sql
from backend.proposals.reads import (
    Terms,
    _count_statement,
    _filter_params,
    _list_statement,
    _PageShape,
    _terms,
    _window_statement,
)
from backend.proposals.search import search_document

DATABASE = "kyoso_bench_search"
PAGE = 20
WORDS = ["バス", "公園", "ばす", "子ども", "図書館", "自転車", "こうえん", "路線バス"]


async def fill_with_demo_texts(dsn: str, proposals: int) -> None:
    await fill(dsn, residents=200, proposals=proposals, votes=0)
    with open(REPO / "seed_data" / "proposals.csv", encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    texts = [
        (i, r["title"], r["body"], search_document(r["title"], r["body"], r["tags"].split(";")))
        for i, r in enumerate(rows)
    ]
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute("CREATE TEMP TABLE texts (i int, title text, body text, st text)")
        await connection.copy_records_to_table("texts", records=texts)
        await connection.execute(
            "UPDATE proposals SET title = t.title, body = t.body, search_text = t.st "
            f"FROM texts t WHERE t.i = proposals.id % {len(texts)}"
        )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


def all_like(terms: Terms) -> Terms:
    return tuple(tuple(True for _ in alternatives) for alternatives in terms)


async def cpu_ms(
    connection: asyncpg.Connection, statement: Any, params: dict[str, Any], runs: int
) -> tuple[float, Any]:
    """The backend's CPU ms per execution, and the statement's rows."""
    backend = await connection.fetchval("SELECT pg_backend_pid()")
    compiled = postgres_sql(statement)
    arguments = compiled.arguments(params)

    def used() -> float:
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    rows = await connection.fetch(compiled.sql, *arguments)
    for _ in range(3):
        await connection.fetch(compiled.sql, *arguments)
    before = used()
    for _ in range(runs):
        await connection.fetch(compiled.sql, *arguments)
    return 1000 * (used() - before) / runs, rows


async def measure(dsn: str, runs: int) -> None:
    connection = await asyncpg.connect(dsn)
    process_id = await connection.fetchval("SELECT min(id) FROM processes")
    print(f"PostgreSQL CPU ms per execution ({runs} runs); app = as the app runs it, LIKE = every")
    print("word with LIKE (before short words were matched as written)")
    heads = ("page app", "page LIKE", "count app", "count LIKE")
    print(f"{'word':10} {'matches':>7} " + " ".join(f"{h:>10}" for h in heads))
    try:
        for word in WORDS:
            params = _filter_params(None, process_id, None, None, "published", None, word)
            terms = _terms(word)
            shape = _PageShape("newest", False, False, False, False, terms, PAGE + 1)
            window_ms, window_rows = await cpu_ms(
                connection, _window_statement(shape), params, runs
            )
            page = {"app": window_ms, "LIKE": window_ms}
            if len(window_rows) <= PAGE:  # as the app: all proposals only when the first look
                for name, t in (("app", terms), ("LIKE", all_like(terms))):  # found too few
                    statement = _list_statement(shape._replace(terms=t))
                    page[name] += (await cpu_ms(connection, statement, params, runs))[0]
            app_count, rows = await cpu_ms(
                connection, _count_statement(False, False, False, terms), params, runs
            )
            like_count, like_rows = await cpu_ms(
                connection, _count_statement(False, False, False, all_like(terms)), params, runs
            )
            assert rows[0][0] == like_rows[0][0], (word, rows[0][0], like_rows[0][0])
            figures = (page["app"], page["LIKE"], app_count, like_count)
            print(f"{word:10} {rows[0][0]:7d} " + " ".join(f"{f:10.2f}" for f in figures))
    finally:
        await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--no-fill", action="store_true", help="reuse the earlier run's database")
    args = parser.parse_args()
    dsn = dsn_for(DATABASE)
    if not args.no_fill:
        dsn = asyncio.run(recreate_database(DATABASE))
        migrate(dsn)
        asyncio.run(fill_with_demo_texts(dsn, args.proposals))
    asyncio.run(measure(dsn, args.runs))


if __name__ == "__main__":
    main()
