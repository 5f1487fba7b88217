"""devset_kawase (fictional 川瀬市, 383 Japanese + 90 foreign-language proposals) and the
placement score: are foreign-language proposals in the theme of their topic?"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from common import DATA, read_csv

DEVSET = DATA / "devset_kawase"
FOREIGN = ["vi", "pt", "en", "tl", "zh", "ne", "ko"]

# The city's gazetteer as a planner would enter it: the district column of the data plus the
# places the README names (city, stations, university, "Recurring places"). Not derived from
# the labels. 道の駅 (a kind of facility) and ぐるりん (a bus service) are not place names;
# 川濑 and Kawase are the city's name as the zh and Latin-script rows write it.
README_PLACES = [
    "川瀬市",
    "川瀬",
    "川濑",
    "Kawase",
    "川瀬駅",
    "西川瀬駅",
    "川瀬大学",
    "大瀬川",
    "城山公園",
    "城山",
    "川瀬城跡",
    "市民病院",
    "大手町商店街",
    "本町通り",
    "中橋",
    "北山支所",
    "港町公民館",
    "川瀬台団地",
]


def rows(multi: bool = False) -> list[dict[str, str]]:
    """Japanese rows (lang "ja"), plus the multilingual rows when ``multi``."""
    out = read_csv(DEVSET / "proposals_ja.csv")
    for r in out:
        r["lang"] = "ja"
    if multi:
        out += read_csv(DEVSET / "proposals_multi.csv")
    for r in out:
        r["text"] = f"{r['title']}\n{r['body']}"
    return out


def gazetteer() -> list[str]:
    districts = {r["district"] for r in rows(multi=True) if r["district"]}
    return sorted(districts) + README_PLACES


def placement(
    rows: Iterable[Mapping[str, str]],
    theme_of: Mapping[str, str],
    *,
    topic: str = "theme",
    also: str | None = "theme2",
    lang: str = "lang",
    home: str = "ja",
) -> dict[str, float]:
    """Share of each foreign language's rows whose theme maps to their topic.

    Each theme maps to the topic most of its ``home``-language (Japanese) members carry, so
    the mapping is learnt on the Japanese rows only; a theme with no Japanese member maps to
    nothing (a theme of foreigners' proposals counts as a miss). ``also``: a second accepted
    topic column (devset's ``theme2`` on cross rows).
    """
    rows = list(rows)
    members: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        if r[lang] == home:
            members[theme_of[r["id"]]][r[topic]] += 1
    topic_of = {t: c.most_common(1)[0][0] for t, c in members.items()}
    hit: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for r in rows:
        if r[lang] == home:
            continue
        accepted = {r[topic], r.get(also, "") if also else ""} - {""}
        hit[r[lang]] += topic_of.get(theme_of[r["id"]]) in accepted
        total[r[lang]] += 1
    return {k: hit[k] / total[k] for k in total}
