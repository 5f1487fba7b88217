"""Quality on the reference data: pubcom_ja, sib200, Pol.is, and the demo proposals.

.venv/bin/python bench/quality.py            # prints Markdown tables
.venv/bin/python bench/quality.py polis      # only the named sections (pubcom polis demo sib200)
"""

from __future__ import annotations

import csv
import sys
import time

import numpy as np
from common import CACHE_PATH, DATA, ROOT, embedders, read_csv, read_sib, table
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from ml.embed import SqliteEmbeddingCache
from ml.opinion import analyse_opinions
from ml.pipeline import analyse
from ml.schema import Vote

SIB_LANGS = ["jpn_Jpan", "eng_Latn", "por_Latn", "vie_Latn", "zho_Hans"]


def scores(truth, result) -> tuple[float, float]:
    pred = {a.proposal_id: a.theme_id for a in result.assignments}
    ids = list(truth)
    y, p = [truth[i] for i in ids], [pred[i] for i in ids]
    return normalized_mutual_info_score(y, p), adjusted_rand_score(y, p)


def pubcom(cache) -> None:
    base = read_csv(DATA / "pubcom_ja" / "moe_soil_pubcom_kouchou_baseline.csv")
    labels = {r["id"]: r["label"] for r in base}
    ref_nmi = normalized_mutual_info_score(
        [r["label"] for r in base], [r["kouchou_level1"] for r in base]
    )
    ref_ari = adjusted_rand_score([r["label"] for r in base], [r["kouchou_level1"] for r in base])
    rows_in = read_csv(DATA / "pubcom_ja" / "moe_soil_pubcom_labeled.csv")
    items = [(r["id"], r["text"]) for r in rows_in]
    rows = [["kouchou-ai level 1 (reference file)", "-", ref_nmi, ref_ari, "-"]]
    for name, emb in embedders():
        weights = [0.0] if emb.fitted_on_corpus else [0.0, 0.3]
        for w in weights:
            for other in (False, True):
                t = time.perf_counter()
                res = analyse(
                    items,
                    embedder=emb,
                    cache=cache,
                    n_themes=77,
                    other_bucket=other,
                    lexical_weight=w,
                )
                nmi, ari = scores(labels, res)
                rows.append(
                    [
                        name,
                        f"lexical {w}" + (", other bucket" if other else ""),
                        nmi,
                        ari,
                        f"{time.perf_counter() - t:.1f}s",
                    ]
                )
    print("### pubcom_ja: 337 comments, 77 ministry labels, 77 themes\n")
    print(table(["backend", "variant", "NMI", "ARI", "time"], rows), "\n")


def sib200(cache) -> None:
    data = {lang: read_sib(lang) for lang in SIB_LANGS}
    rows = []
    for name, emb in embedders():
        items, truth = [], {}
        for lang, rs in data.items():
            for r in rs:
                pid = f"{lang}:{r['index_id']}"
                items.append((pid, r["text"]))
                truth[pid] = r["category"]
        res = analyse(
            items, embedder=emb, cache=cache, n_themes=7, other_bucket=False, lexical_weight=0.0
        )
        nmi, _ = scores(truth, res)
        theme = {a.proposal_id: a.theme_id for a in res.assignments}
        per_lang = []
        for lang in SIB_LANGS[1:]:
            same = [
                theme[f"{lang}:{r['index_id']}"] == theme[f"jpn_Jpan:{r['index_id']}"]
                for r in data[lang]
            ]
            per_lang.append(float(np.mean(same)))
        ja_only = analyse(
            [(f"j{r['index_id']}", r["text"]) for r in data["jpn_Jpan"]],
            embedder=emb,
            cache=cache,
            n_themes=7,
            other_bucket=False,
            lexical_weight=0.0,
        )
        nmi_ja, _ = scores({f"j{r['index_id']}": r["category"] for r in data["jpn_Jpan"]}, ja_only)
        rows.append([name, nmi_ja, nmi, *per_lang])
    print("### sib200 test split (204 sentences × 5 languages, 7 topics, 7 themes)\n")
    print(
        table(
            ["backend", "NMI ja only", "NMI all 5 langs", "same theme as ja: en", "pt", "vi", "zh"],
            rows,
        ),
        "\n",
    )


def polis() -> None:
    rows = []
    for conv in ("15-per-hour-seattle", "vtaiwan.uberx"):
        d = DATA / "polis" / conv
        with open(d / "comments.csv", newline="") as f:
            out = {r["comment-id"] for r in csv.DictReader(f) if r["moderated"] == "-1"}
        # every vote, latest per voter and comment; moderated-out comments stay in the matrix
        # as zeroed columns, as in Pol.is. Votes in Pol.is's read order (conv-poll: ORDER BY
        # tid, pid, created), which fixes the row order and so the cold-start initial centres.
        votes = [
            Vote(r["voter-id"], r["comment-id"], int(r["vote"]))
            for r in sorted(
                read_csv(d / "votes.csv"),
                key=lambda r: (int(r["comment-id"]), int(r["voter-id"]), int(r["timestamp"])),
            )
        ]
        ref = {
            r["participant"]: r["group-id"]
            for r in read_csv(d / "participants-votes.csv")
            if r["group-id"]
        }
        for restarts in (0, 9):
            t = time.perf_counter()
            res = analyse_opinions(votes, moderated_out=out, kmeans_restarts=restarts)
            took = time.perf_counter() - t
            ours = {str(p): g.id for g in res.groups for p in g.participants}
            common = [p for p in ref if p in ours]
            ari = adjusted_rand_score([ref[p] for p in common], [ours[p] for p in common])
            rows.append(
                [
                    conv,
                    "Pol.is cold start" if restarts == 0 else f"best of 1 + {restarts} inits",
                    len(ref),
                    len(ours),
                    len(set(ref.values())),
                    len(res.groups),
                    ari,
                    f"{took:.2f}s",
                ]
            )
    print("### Pol.is opinion groups vs Pol.is's own group-id (votes in Pol.is's read order)\n")
    print(
        table(
            [
                "conversation",
                "k-means initialisation",
                "Pol.is clustered",
                "ours clustered",
                "Pol.is groups",
                "our groups",
                "ARI",
                "time",
            ],
            rows,
        ),
        "\n",
    )


def demo(cache) -> None:
    path = ROOT / "seed_data" / "proposals.csv"
    if not path.exists():
        print("### seed_data/proposals.csv: absent, skipped\n")
        return
    rs = [
        r
        for r in read_csv(path)
        if r.get("theme_label") and r.get("process") == "midori-vision-2035"
    ]
    if not rs:
        print("### seed_data/proposals.csv: no labelled midori-vision-2035 rows, skipped\n")
        return
    id_col = "key"
    for r in rs:
        r["text"] = f"{r['title']}\n{r['body']}"
    truth = {r[id_col]: r["theme_label"] for r in rs}
    k = len(set(truth.values()))
    rows = []
    for name, emb in embedders():
        for auto in (False, True):
            res = analyse(
                [(r[id_col], r["text"]) for r in rs],
                embedder=emb,
                cache=cache,
                n_themes=None if auto else k,
                other_bucket=auto,
            )
            nmi, ari = scores(truth, res)
            rows.append([name, "automatic k" if auto else f"k={k}", res.metrics.n_themes, nmi, ari])
    print(f"### seed_data demo proposals, midori-vision-2035 ({len(rs)} rows, {k} labels)\n")
    print(table(["backend", "themes", "n themes", "NMI", "ARI"], rows), "\n")


if __name__ == "__main__":
    # optional section names select what runs: pubcom polis demo sib200 (default: all)
    wanted = set(sys.argv[1:]) or {"pubcom", "polis", "demo", "sib200"}
    cache = SqliteEmbeddingCache(CACHE_PATH)
    if "pubcom" in wanted:
        pubcom(cache)
    if "polis" in wanted:
        polis()
    if "demo" in wanted:
        demo(cache)
    if "sib200" in wanted:
        sib200(cache)
