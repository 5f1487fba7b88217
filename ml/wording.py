"""Wording of a plan draft as a city writes it (行政文書の表現): measure titles, main actions and
the residents' voices quoted beside them.

Drafts used to read 「西部・地区・バスに関する施策の推進」 (a keyword triple) and give 主な取組 as
residents' sentences cut at 60 characters (「自主防災組織の高齢化。川辺地区…中高…」). Now:

- a measure (施策) is titled after its policy field, as plans title it (``measure`` in
  ``data/policy_fields.toml``: 「公共交通の利便性向上」, 「地域防災力の強化」);
- a main action (主な取組) is a key phrase of its themes with a verb noun: the field's own
  (``action``: 整備, 拡充, …) when the phrase is one of the field's words (「遊具の整備」), else
  「検討」 (「全面禁煙の検討」). Key phrases are the theme titles' nouns and the theme's
  keywords that are compounds or field words, never place names or generic nouns;
- residents' voices (市民の声) are whole sentences quoted from the best-supported proposals
  (as in ``titles.extractive_summary``), never cut mid-word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ml.places import place_stems
from ml.schema import Theme
from ml.text import is_cjk_text, is_noun_phrase, segment_words
from ml.titles import (
    MIXED_TITLE,
    PolicyField,
    as_sentence,
    generic_nouns,
    readable_sentences,
)

CHECK = "検討"
# a word in hiragana only is a child's spelling (がっこう) or a fragment, not a plan's term
_HIRAGANA = re.compile(r"[\u3041-\u309f]+")
ON_TOPIC = 2.0  # the weight of a key phrase or field word in a quote (keywords weigh < 1)
# a shorter sentence says too little to quote (「川辺公民館での意見交換会より。」)
_QUOTE_CHARS = 20
# what a phrase ends with decides its verb noun: people are supported, facilities built
_PEOPLE = ("人", "者", "先生", "員", "世帯", "家庭", "家族", "住民", "児童", "生徒")
_FACILITIES = (
    "停",
    "所",
    "場",
    "館",
    "園",
    "施設",
    "トイレ",
    "屋根",
    "ベンチ",
    "遊具",
    "照明",
    "歩道",
    "道路",
    "駐輪場",
    "設備",
    "倉庫",
)
_SERVICES = (
    "訓練",
    "補助",
    "助成",
    "運行",
    "収集",
    "相談",
    "教室",
    "講座",
    "診療",
    "検診",
    "健診",
    "サービス",
    "案内",
)
FOREIGN_MEASURE = "外国語で寄せられた意見への対応"
FOREIGN_ACTION = "外国語で寄せられた意見の翻訳と内容の検討"
CROSS_MEASURE = "分野を横断する課題への対応"
CROSS_ACTION = "寄せられた意見を踏まえた具体策の検討"
# pronouns MeCab joins to the next noun (「みんな隣」) never start a phrase (as in titles)
_NOT_A_START = ("みんな", "皆", "自分", "私", "僕", "うち")


def measure_title(
    fields: Sequence[PolicyField | None], parts: Sequence[Theme], foreign: bool
) -> str:
    """「公共交通の利便性向上」 for one field; 「地域医療、スポーツなどの推進」 for a measure that
    joins several; for themes of no field, the title's nouns (「AとBに関する課題への対応」).
    ``fields``: the field of each of ``parts``."""
    named = list(dict.fromkeys(f for f in fields if f is not None))
    fieldless = len(named) < len(set(fields)) or not named
    if len(named) == 1 and not fieldless:
        return named[0].measure
    if named:
        more = "など" if len(named) > 2 or fieldless else ""
        return f"{'、'.join(f.ja for f in named[:2])}{more}の推進"
    words = title_nouns(parts[0])
    if words:
        return f"{'と'.join(words[:2])}{'など' if len(parts) > 1 else ''}に関する課題への対応"
    return FOREIGN_MEASURE if foreign else CROSS_MEASURE


def title_nouns(theme: Theme) -> list[str]:
    """The nouns a theme title names after its field: 「公共交通：路線バスと待合所」 → 路線バス,
    待合所. Titles join two nouns with 「と」; the split is the one whose halves are nouns
    (ひとり暮らし高齢者と孤独死 holds two 「と」)."""
    if theme.title == MIXED_TITLE or not is_cjk_text(theme.title):
        return []
    topic = theme.title.partition("：")[2] or theme.title
    for i, char in enumerate(topic):
        if char == "と" and 2 <= i <= len(topic) - 3:
            left, right = topic[:i], topic[i + 1 :]
            if is_noun_phrase(left) and is_noun_phrase(right):
                return [left, right]
    return [topic] if is_noun_phrase(topic) else []


def _ends(phrase: str, endings: tuple[str, ...]) -> bool:
    """``phrase`` is a word of that kind: 避難所, 高齢者, 遊具; not 近所 or 入園 (a kanji that
    ends a word of two says nothing of its kind), nor 世帯 alone (whose households?)."""
    whole = endings is not _PEOPLE  # 遊具 is a facility; 世帯 alone is nobody in particular
    return any(
        phrase.endswith(e) and (len(phrase) >= len(e) + 2 or (whole and phrase == e))
        for e in endings
    )


def _field_word(phrase: str, field: PolicyField | None) -> bool:
    return field is not None and any(len(w) > 1 and w in phrase for w in field.words)


def _usable(phrase: str, field: PolicyField | None, place_names: Iterable[str]) -> bool:
    """A noun phrase that can head an action: a compound of two content words (全面禁煙,
    路線バス) or a facility, people or a service (避難所, 高齢者, 避難訓練); not a field's own
    name, a generic noun or a place other than a facility there."""
    if (
        len(phrase) < 2
        or phrase in generic_nouns()
        or phrase.startswith(_NOT_A_START)
        or _HIRAGANA.fullmatch(phrase)
        or not is_noun_phrase(phrase)
        # a place names where, not what (桜ケ丘ニュータウン, みどり交通), unless the phrase is
        # one of its facilities (中央図書館, 青葉中央公園)
        or (any(p and p in phrase for p in place_names) and not _ends(phrase, _FACILITIES))
        or (field is not None and phrase in field.ja)
    ):
        return False
    # a lone abstract noun makes no action (「災害の整備」, 「備蓄の整備」): a compound does
    # (全面禁煙, 備蓄倉庫), or a noun that says what it is (避難所, 高齢者, 避難訓練)
    parts = segment_words(phrase, compounds=False)
    compound = len(parts) > 1 and not any(p in generic_nouns() for p in parts)
    return compound or any(_ends(phrase, kind) for kind in (_PEOPLE, _FACILITIES, _SERVICES))


def key_phrases(
    parts: Sequence[Theme],
    texts: Sequence[str],
    field: PolicyField | None,
    place_names: Iterable[str] = (),
) -> list[str]:
    """A measure's key phrases, best first: the nouns of its theme titles and keywords and the
    noun compounds its proposals (``texts``) share (バス停, 乗合タクシー, 避難所運営), ranked
    by how many proposals use them, a field's words and a title's nouns first; none inside
    another (路線バス, not also バス)."""
    places = tuple(place_stems(place_names))  # 桜ケ丘ニュータウン is a place of 桜ケ丘地区
    titled = [w for t in parts for w in title_nouns(t)]
    words = [set(segment_words(text)) for text in texts]
    used = Counter(w for ws in words for w in ws)
    least = 2 if len(texts) >= 4 else 1
    candidates = [
        *titled,
        *(k.word for t in parts for k in t.keywords[:12]),
        *(w for w, n in used.most_common() if n >= least),
    ]
    scored = [
        (used[w] * (3 if _field_word(w, field) else 1) + (3 if w in titled else 0), -i, w)
        for i, w in enumerate(dict.fromkeys(candidates))
        if used[w] >= least and _usable(w, field, places)
    ]
    chosen: list[str] = []
    for _, _, phrase in sorted(scored, reverse=True):
        part = next((c for c in chosen if c in phrase or phrase in c), None)
        if part is None:
            chosen.append(phrase)
        elif part in phrase and used[phrase] * 2 >= used[part]:
            # the compound most users write (避難所 over 避難, 路線バス over バス)
            chosen[chosen.index(part)] = phrase
    return list(dict.fromkeys(chosen))


def action_title(phrase: str, field: PolicyField | None) -> str:
    """「外国人住民への支援」 (people), 「バス停の整備」 (a facility), 「避難訓練の充実」 (a
    service), 「保育の拡充」 (one of the field's words takes its verb noun), else 「…の検討」."""
    if _ends(phrase, _PEOPLE):
        return f"{phrase}への支援"
    if _ends(phrase, _FACILITIES):
        return f"{phrase}の整備"
    if _ends(phrase, _SERVICES):
        return f"{phrase}の充実"
    return f"{phrase}の{field.action if field is not None and phrase in field.words else CHECK}"


def fallback_action(foreign: bool) -> str:
    """The action of a measure with no usable phrase (a theme written in other languages)."""
    return FOREIGN_ACTION if foreign else CROSS_ACTION


def quote(
    text: str, phrases: Sequence[str], parts: Sequence[Theme], field: PolicyField | None
) -> tuple[int, str]:
    """One whole sentence of a (PII-masked) proposal that carries the measure's key phrases,
    its field's words or its themes' keywords, and how surely it is on the measure's topic:
    2 when it names one of the field's words (空き家 under 空き家対策), 1 a key phrase only,
    0 neither (a theme's members are not all on its topic: under 空き家対策 the demo's theme
    also held 「人工呼吸器…停電」, which must not be quoted first); "" when none is of
    quotable length."""
    field_words = [w for w in (field.words if field else ()) if len(w) > 1]
    weights = [(p, ON_TOPIC) for p in [*phrases, *field_words]]
    weights += [(k.word, k.score) for t in parts for k in t.keywords[:12]]
    scored = [
        (sum(w for k, w in weights if k in s.lower()), -i, s)
        for i, s in enumerate(readable_sentences(text))
        # a sentence that held personal data (now 「［電話番号］」) is not one to print
        if len(s) >= _QUOTE_CHARS and "［" not in s
    ]
    weight, _, best = max(scored, default=(0.0, 0, ""))
    if weight <= 0:
        return 0, ""
    sentence = best.lower()
    tier = 2 if any(w in sentence for w in field_words) else int(weight >= ON_TOPIC)
    return tier, as_sentence(best)
