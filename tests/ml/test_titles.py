"""Theme titles and summaries: policy field plus distinctive nouns, extractive summaries."""

import csv
import re

import numpy as np
import pytest

from ml import analyse
from ml.embed import TfidfEmbedder
from ml.label import words_of
from ml.text import is_noun_phrase, mask_pii
from ml.titles import (
    MIXED_TITLE,
    ThemeNamer,
    extractive_summary,
    generic_nouns,
    policy_fields,
)

KAWASE_PLACES = [
    "川瀬",
    "城下",
    "駅南",
    "川瀬台",
    "北山",
    "工業団地周辺",
    "港町",
    "大瀬川",
    "城山",
    "大手町",
    "本町",
    "中橋",
]  # the devset's gazetteer (its README)

BUS = [
    "路線バスの本数を増やしてほしい。朝の通勤時間に1本しかありません。",
    "北山から駅までの路線バスが減便され、通院に困っています。",
    "バス停に屋根のある待合所をつくってください。雨の日に濡れます。",
    "コミュニティバスの路線バスへの乗り換えが不便です。",
]
PARKS = [
    "公園の遊具が古くなって危ないので新しくしてほしい。",
    "子どもが遊べる公園をつくる計画を作ってほしい。",
    "公園のトイレを洋式にして、遊具の周りに木陰をつくってほしい。",
]


def _name(groups, **kwargs):
    texts = [t for g in groups for t in g]
    labels = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    words = words_of(texts)
    namer = ThemeNamer(**kwargs).fit(words, labels)
    keywords = {
        0: ["バス", "路線バス", "作る", "北山", "待合所", "本数"],
        1: ["作る", "遊具", "公園", "多い", "トイレ"],
    }
    return [namer.name(label, keywords[label]) for label in range(len(groups))]


def _name_beside_parks(texts, keywords):
    """The name of a theme made of ``texts``, with the park proposals as the other theme."""
    labels = np.array([0] * len(texts) + [1] * len(PARKS))
    return ThemeNamer().fit(words_of(texts + PARKS), labels).name(0, keywords)


def test_a_title_names_the_policy_field_then_what_residents_ask_for():
    bus, parks = _name([BUS, PARKS], place_names=["北山"])
    assert bus.title == "公共交通：路線バスと待合所"  # compound over its part, no place, no verb
    assert bus.title_en == "Public transport"
    assert parks.title == "子どもの遊び場：遊具と公園"
    assert "作る" not in parks.title and "多い" not in parks.title


def test_foreign_language_proposals_get_a_japanese_title():
    english = [
        "Please run more buses to the station in the evening.",
        "The bus timetable is only in Japanese; an English one would help.",
        "We need a bus stop with a roof near the factory.",
    ]
    name = _name_beside_parks(english, ["bus", "station", "timetable"])
    assert name.title == "公共交通"
    assert name.title_en == "Public transport"


def test_sibling_themes_never_share_a_title():
    namer = ThemeNamer().fit(words_of(BUS + BUS), np.array([0] * 4 + [1] * 4))
    first = namer.name(0, ["路線バス", "待合所", "本数"])
    second = namer.name(1, ["路線バス", "待合所", "本数"])
    assert first.title != second.title


def test_the_summary_takes_whole_sentences_from_the_representatives():
    texts = [mask_pii(t + " 連絡は090-1234-5678まで。") for t in BUS[:3]]
    summary = extractive_summary(texts, [("路線バス", 1.0), ("待合所", 0.8), ("本数", 0.5)])
    sentences = re.findall(r"[^。]+。", summary)
    assert 2 <= len(sentences) <= 3
    assert "090" not in summary and summary.endswith("。")
    assert all(s in "".join(texts) for s in sentences)


def test_the_vocabulary_has_about_eighty_described_fields():
    fields = policy_fields()
    assert len(fields) >= 75
    assert len({f.id for f in fields}) == len(fields)
    assert all(f.ja and f.en and f.description and len(f.words) >= 3 for f in fields)


@pytest.fixture(scope="module")
def kawase_result(data_dir):
    with open(data_dir / "devset_kawase" / "proposals_ja.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    items = [(r["id"], f"{r['title']}\n{r['body']}") for r in rows]
    return analyse(
        items, embedder=TfidfEmbedder(random_state=0), n_themes=16, place_names=KAWASE_PLACES
    )


def _joined_words(asked: str) -> list[str]:
    """The words a title joins with と, read so that a word containing と (一人ひとり) stays
    whole: the first split at a と whose parts are all noun phrases, else the plain split."""
    if is_noun_phrase(asked):
        return [asked]
    for i in [i for i, ch in enumerate(asked) if ch == "と"]:
        parts = [asked[:i], asked[i + 1 :]]
        if all(p and is_noun_phrase(p) for p in parts):
            return parts
    return asked.split("と")


def test_devset_titles_are_policy_fields_and_nouns_never_places_or_filler(kawase_result):
    themes = [t for t in kawase_result.themes if not t.is_other]
    named = [t for t in themes if t.policy_field]
    assert len(named) >= 0.6 * len(themes), [t.title for t in themes]
    generic = generic_nouns()
    everything = themes + [s for s in kawase_result.subthemes if not s.is_other]
    assert sum(t.title == MIXED_TITLE for t in everything) <= 2  # TF-IDF's catch-all theme
    for theme in everything:
        if theme.title == MIXED_TITLE:
            continue
        field, _, asked = theme.title.rpartition("：")
        if not field and any(f.ja == asked for f in policy_fields()):
            continue  # the field alone
        for word in _joined_words(asked) if asked else []:
            assert is_noun_phrase(word) and word not in generic, theme.title
            assert not any(p in word for p in KAWASE_PLACES), theme.title
    assert len({t.title for t in themes}) == len(themes)


def test_devset_themes_have_summaries_from_their_own_proposals(kawase_result):
    for theme in kawase_result.themes:
        if theme.is_other:
            continue
        assert theme.summary, theme.title
        first = re.split(r"(?<=[。！？])", theme.summary)[0]
        assert any(first.rstrip("。") in r.text for r in theme.representatives), theme.title


def test_a_part_of_a_compound_is_shown_as_the_compound_its_proposals_write():
    library = [
        "図書館の開館時間を夜まで延長してほしい。",
        "公民館と図書館に無料Wi-Fiを整備してください。",
        "図書館の自習席が足りません。公民館の部屋も使わせて。",
    ]
    name = _name_beside_parks(library, ["図書", "公民", "自習席"])
    assert name.title == "図書館：公民館と自習席"


def test_a_pronoun_never_starts_a_title_word():
    namer = ThemeNamer().fit(words_of(BUS + PARKS), np.array([0] * 4 + [1] * 3))
    assert "みんな" not in namer.name(1, ["みんな遊具", "遊具", "トイレ"]).title


def test_a_latin_script_summary_never_runs_a_title_into_the_body():
    """Normalising turns "title\\nbody" into one line; in Latin script no sentence end was
    left between them, so a summary read 「Disaster drills for foreign residents As an English
    teacher …」 as one sentence."""
    rows = [
        (
            "Disaster drills for foreign residents",
            "As an English teacher, I see many students "
            "who do not know where to go in an earthquake. Please hold drills in English.",
        ),
        (
            "Evacuation signs in English",
            "Evacuation signs near the station are only in Japanese. "
            "Please add English to the evacuation signs.",
        ),
        (
            "Earthquake drills in easy Japanese",
            "Many foreign workers miss the earthquake drills. "
            "Please explain the drills in easy Japanese and English.",
        ),
        (
            "More buses to the hospital",
            "The bus to the hospital runs once an hour. Please run "
            "more buses in the morning for patients.",
        ),
        (
            "Bus stop benches",
            "Old people wait for the bus standing. Please put benches at the "
            "bus stops near the hospital.",
        ),
        (
            "A night bus from the station",
            "The last bus leaves the station too early. Please run a night bus for workers.",
        ),
    ]
    items = [(f"e{i}", f"{title}\n{body}", "en") for i, (title, body) in enumerate(rows)]
    result = analyse(items, embedder=TfidfEmbedder(), n_themes=2, lexical_weight=0.0)
    summaries = [t.summary for t in result.themes if not t.is_other]
    assert all(summaries), summaries
    for title, body in rows:
        joined = f"{title} {body.split()[0]} "
        assert not any(joined in s for s in summaries), summaries


def test_keyword_chips_are_nouns_shown_as_the_compounds_residents_write():
    """The chips under a theme read 「公民館」, not 「公民」, and never a verb or adjective
    (使う, 多い) or a formal noun: c-TF-IDF ranks those beside the nouns."""
    library = [
        "図書館の開館時間を夜まで延長してほしい。",
        "公民館と図書館に無料Wi-Fiを整備してください。",
        "図書館の自習席が足りません。公民館の部屋も使わせて。",
    ]
    namer = ThemeNamer().fit(words_of(library + PARKS), np.array([0] * 3 + [1] * len(PARKS)))
    chips = namer.chip_words(
        0,
        [("使う", 3.0), ("公民", 2.5), ("多い", 2.0), ("こと", 1.8), ("図書", 1.5), ("Wi-Fi", 1.0)],
    )
    assert chips == [("公民館", 2.5), ("図書館", 1.5), ("Wi-Fi", 1.0)]
