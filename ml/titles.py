"""Theme titles and summaries a planner can publish (テーマ名・要約).

Keyword triples such as 「作る・なん・遊ぶ」 or 「子ども・支援・場所」 had to be renamed before any
theme could be shown. A title now names the municipal policy field (施策分野) that the theme's
proposals belong to, then what residents ask for: 「公共交通：路線バスと待合所」.

- The field comes from a vocabulary written for this project (``data/policy_fields.toml``: ~80
  fields, each with the words residents use for it). A theme takes the field whose words its
  proposals use distinctly more than the other proposals do (share inside minus share outside),
  so proposals in any language that mention バス, bus or ônibus point to 公共交通, and a theme of
  foreign-language proposals still gets a Japanese title.
- The rest of the title is the theme's most distinctive nouns from class-based TF-IDF
  (``label.class_tfidf_keywords``): nouns and noun compounds only (MeCab), never filler verbs or
  adjectives, generic nouns (``data/title_generic_nouns.txt``) or the city's place names; a
  compound wins over its parts (路線バス over バス).
- The summary is extractive: from each representative proposal (most central first) the
  sentence that carries most of the theme's keywords, two or three sentences in all, taken from
  the PII-masked text. A proposal's title is a sentence of its own (the pipeline keeps the line
  break after it), so 「Disaster drills for foreign residents As an English teacher …」 is never
  read as one sentence.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ml.text import is_cjk_text, is_noun_phrase

DATA = Path(__file__).parent / "data"
SUMMARY_SENTENCES = 3
MIXED_TITLE, MIXED_TITLE_EN = "複数の分野にまたがる提案", "Proposals across several fields"
_ENDS = "。！？!?."
# sentence ends, and the space that normalising left between a proposal's title and its body
_CJK = "\u3000-\u9fff\uf900-\ufaff\uff00-\uffef"
_SENTENCE_END = re.compile(rf"(?<=[。！？])\s*|(?<=[.!?])\s+|\n+|(?<=[{_CJK}]) (?=[{_CJK}0-9])")
# a sentence shorter or longer than this is not summary material (Latin script: twice as long)
_SUMMARY_CHARS = (8, 110)
# MeCab joins a pronoun to the noun after it (「みんな隣」, 「自分たち用」): never a title's start
_NOT_A_START = ("みんな", "皆", "自分", "私", "僕", "うち")


@dataclass(frozen=True)
class PolicyField:
    """One municipal policy field (施策分野)."""

    id: str
    ja: str
    en: str
    description: str
    words: frozenset[str]
    measure: str = ""  # a measure's title: 「公共交通の利便性向上」
    action: str = "検討"  # the verb noun of a main action: 「乗合タクシーの検討」


@functools.cache
def policy_fields(path: Path = DATA / "policy_fields.toml") -> tuple[PolicyField, ...]:
    """The vocabulary of policy fields, in file order."""
    with path.open("rb") as f:
        rows = tomllib.load(f)["field"]
    return tuple(
        PolicyField(
            r["id"],
            r["ja"],
            r["en"],
            r["description"],
            frozenset([*r["words"], *(w.lower() for w in r.get("words_en", []))]),
            r.get("measure", f"{r['ja']}の推進"),
            r.get("action", "検討"),
        )
        for r in rows
    )


@functools.cache
def generic_nouns(path: Path = DATA / "title_generic_nouns.txt") -> frozenset[str]:
    """Nouns that never go into a title."""
    lines = (line.partition("#")[0].strip() for line in path.read_text("utf-8").splitlines())
    return frozenset(line for line in lines if line)


@dataclass(frozen=True)
class ThemeName:
    """What a person reads about a theme."""

    title: str
    title_en: str
    field: PolicyField | None


class ThemeNamer:
    """Names the themes of one labelling: ``fit(docs_words, labels)`` picks each label's policy
    field; ``name(label, keywords)`` writes its titles.

    ``min_share``: the least share of a theme's proposals that must use the field's words;
    ``min_lift``: by how much that share must exceed the share among the other proposals.
    """

    def __init__(
        self,
        fields: Sequence[PolicyField] | None = None,
        *,
        place_names: Iterable[str] = (),
        min_share: float = 0.25,
        min_lift: float = 0.15,
        min_cooccurrence: float = 0.5,
    ) -> None:
        self.fields = fields
        self.place_names = tuple(p for p in place_names if p)
        self.min_share = min_share
        self.min_lift = min_lift
        self.min_cooccurrence = min_cooccurrence

    def fit(self, docs_words: Sequence[Sequence[str]], labels: np.ndarray) -> ThemeNamer:
        fields = list(self.fields if self.fields is not None else policy_fields())
        self.labels_ = np.asarray(labels)
        self.docs_ = [set(words) for words in docs_words]
        self.hits_ = _field_hits(docs_words, fields)
        self.fields_: dict[int, PolicyField | None] = {}
        self.field_column_: dict[str, int] = {f.id: j for j, f in enumerate(fields)}
        for label in np.unique(self.labels_).tolist():
            inside = self.labels_ == label
            share_in = self.hits_[inside].mean(axis=0)
            share_out = (
                self.hits_[~inside].mean(axis=0) if (~inside).any() else np.zeros(len(fields))
            )
            lift = np.where(share_in >= self.min_share, share_in - share_out, -np.inf)
            best = int(np.argmax(lift)) if len(fields) else -1
            ok = best >= 0 and lift[best] >= self.min_lift
            self.fields_[int(label)] = fields[best] if ok else None
        chosen = [f.id for f in self.fields_.values() if f is not None]
        self.shared_fields_ = {i for i in chosen if chosen.count(i) > 1}
        self.issued_: set[str] = set()
        return self

    def name(
        self, label: int, keywords: Sequence[str], parent_field: str | None = None
    ) -> ThemeName:
        """Titles of ``label`` from its keywords (best first). A sub-theme passes its parent's
        field: when it is the same, the title leaves the field out (it heads the parent)."""
        field = self.fields_.get(int(label))
        words = self._unused_pair(self.title_words(keywords, field, label), field, parent_field)
        if field is not None and field.id == parent_field and words:
            return self._issue(ThemeName("と".join(words), field.en, field))
        if field is not None:
            ja = f"{field.ja}：{'と'.join(words)}" if words else field.ja
            en = (
                f"{field.en} ({'・'.join(words[:1])})"
                if (words and field.id in self.shared_fields_)
                else field.en
            )
            return self._issue(ThemeName(ja, en, field))
        latin = [w for w in keywords if not is_cjk_text(w)][:3]
        if words:  # English words of a mixed theme made titles like "seen": keep the Japanese
            ja = "と".join(words)
            return self._issue(ThemeName(ja, ja, None))
        if latin:  # no Japanese noun and no field: name it by its words all the same
            return self._issue(ThemeName("・".join(latin), " / ".join(latin), None))
        # nothing but generic words: a catch-all a planner should split, and the title says so
        return self._issue(ThemeName(MIXED_TITLE, MIXED_TITLE_EN, None))

    def _unused_pair(
        self, words: list[str], field: PolicyField | None, parent_field: str | None
    ) -> list[str]:
        """The first two title words, or the next pair when a sibling already has that title
        (two sub-themes both called 「復興と再生」 tell a planner nothing)."""
        prefix = f"{field.ja}：" if field is not None and field.id != parent_field else ""
        pairs = [words[:2]] + [[a, b] for i, a in enumerate(words) for b in words[i + 1 :]]
        for pair in pairs:
            if prefix + "と".join(pair) not in self.issued_:
                return pair
        return words[:2]

    def _issue(self, name: ThemeName) -> ThemeName:
        self.issued_.add(name.title)
        return name

    def title_words(
        self, keywords: Sequence[str], field: PolicyField | None, label: int
    ) -> list[str]:
        """The theme's keywords that may stand in a title, best first; a compound replaces a
        part of it that ranked higher (路線バス rather than バス). Under a field, a word must
        belong to it: most members using the word also use the field's words (避難所 in a
        子育て theme came from its few disaster proposals)."""
        generic = generic_nouns()
        chosen: list[str] = []
        for word in keywords:
            if (
                word in generic
                or word.startswith(_NOT_A_START)
                or not is_noun_phrase(word)
                or any(p in word for p in self.place_names)
                or (field is not None and (word in field.ja or field.ja in word))
                or (field is not None and not self._belongs(word, field, label))
            ):
                continue
            word = self._whole_compound(word, label)
            if word in chosen:
                continue
            part = next((c for c in chosen if c in word or word in c), None)
            if part is None:
                chosen.append(word)
            elif len(word) > len(part):
                chosen[chosen.index(part)] = word
        return chosen

    def chip_words(
        self, label: int, keywords: Sequence[tuple[str, float]]
    ) -> list[tuple[str, float]]:
        """The keywords a planner reads as chips under a theme, best first: Japanese ones only
        when they are nouns or compounds (no 使う, 多い, こと), each as the compound its members
        write (公民 → 公民館), none twice; words in other scripts as they are."""
        generic = generic_nouns()
        chips: list[tuple[str, float]] = []
        for word, score in keywords:
            if is_cjk_text(word):
                if word in generic or word.startswith(_NOT_A_START) or not is_noun_phrase(word):
                    continue
                word = self._whole_compound(word, label)
            if all(word != shown for shown, _ in chips):
                chips.append((word, score))
        return chips

    def _whole_compound(self, word: str, label: int) -> str:
        """The compound most members write ``word`` in, when at least half of those that use
        it do (公民 → 公民館, 図書 → 図書館: c-TF-IDF ranks a part and its compound alike)."""
        using = [
            self.docs_[i] for i in np.flatnonzero(self.labels_ == label) if word in self.docs_[i]
        ]
        longer = Counter(w for words in using for w in words if word in w and w != word)
        # ties broken by the word itself: the members' words are sets, whose order varies
        for compound, count in sorted(longer.items(), key=lambda c: (-c[1], c[0]))[:3]:
            if count < 0.5 * len(using):
                break
            if (
                is_noun_phrase(compound)
                and compound not in generic_nouns()
                and not compound.startswith(_NOT_A_START)
            ):
                return compound
        return word

    def _belongs(self, word: str, field: PolicyField, label: int) -> bool:
        members = np.flatnonzero(self.labels_ == label)
        using = [i for i in members if word in self.docs_[i]]
        if not using:
            return False
        in_field = self.hits_[using, self.field_column_[field.id]].mean()
        return bool(in_field >= self.min_cooccurrence)


def _field_hits(docs_words: Sequence[Sequence[str]], fields: Sequence[PolicyField]) -> np.ndarray:
    """Documents × fields: 1 where the document uses one of the field's words (Latin words
    compared in lower case). One dictionary look-up per word: 100,000 proposals take about a
    second."""
    fields_of_word: dict[str, list[int]] = {}
    for j, f in enumerate(fields):
        for word in f.words:
            fields_of_word.setdefault(word, []).append(j)
    hits = np.zeros((len(docs_words), len(fields)))
    for i, words in enumerate(docs_words):
        for word in words:
            for j in fields_of_word.get(word, ()) or fields_of_word.get(word.lower(), ()):
                hits[i, j] = 1.0
    return hits


def extractive_summary(
    texts: Sequence[str], keywords: Sequence[tuple[str, float]], n: int = SUMMARY_SENTENCES
) -> str:
    """Up to ``n`` sentences, one from each text in order (most representative first): the
    sentence carrying the most keyword weight, of readable length, none repeated."""
    picked: list[str] = []
    for text in texts:
        sentences = readable_sentences(text)
        scored = [
            (sum(w for k, w in keywords if k in s.lower()), s[-1] in _ENDS, -i, s)
            for i, s in enumerate(sentences)
        ]
        if not scored:
            continue
        weight, _, _, best = max(scored, key=lambda c: (c[1], c[0], c[2]))
        if weight > 0 and best not in picked:
            picked.append(best)
        if len(picked) == n:
            break
    return "".join(_as_sentence(s) for s in picked).strip()


def readable_sentences(text: str) -> list[str]:
    """The sentences of ``text`` of readable length (Latin script: up to twice as long)."""
    longest = _SUMMARY_CHARS[1] * (1 if is_cjk_text(text) else 2)
    stripped = (s.strip() for s in _SENTENCE_END.split(text))
    return [s for s in stripped if _SUMMARY_CHARS[0] <= len(s) <= longest]


def as_sentence(text: str) -> str:
    """``text`` ended with a full stop when it has none."""
    return _as_sentence(text).strip()


def _as_sentence(text: str) -> str:
    ended = text if text[-1] in _ENDS else text + ("。" if is_cjk_text(text) else ".")
    return ended if ended[-1] in "。！？" else ended + " "
