"""The city's place names are taken out before themes form, but the generic head stays."""

from ml.pipeline import analyse
from ml.places import PlaceNames


def test_landmarks_lose_their_name_and_keep_what_kind_of_place_they_are():
    places = PlaceNames(["川瀬駅", "城山公園", "港町", "大瀬川"])
    assert places.remove("川瀬駅前の駐輪場を増やして") == "駅前の駐輪場を増やして"
    assert places.remove("城山公園の桜を守って") == "公園の桜を守って"
    assert places.remove("港町の大瀬川が氾濫しそう") == "の川が氾濫しそう"


def test_a_district_matches_without_its_suffix_and_latin_names_only_as_words():
    places = PlaceNames(["桜ケ丘地区", "Aoba"])
    assert places.remove("桜ケ丘に公園を") == "に公園を"
    assert places.remove("桜ケ丘地区の道路") == "の道路"
    assert places.remove("A park in Aoba, not Aobadai") == "A park in , not Aobadai"


def test_a_text_that_is_only_a_place_name_is_kept():
    assert PlaceNames(["港町"]).remove("港町") == "港町"


def test_place_names_never_become_theme_keywords():
    topics = [
        "港町の路線バスを増やしてほしい",
        "港町のバス停に屋根を付けて",
        "城下の保育園の待機児童をなくして",
        "城下に子育て支援センターを作って",
    ]
    items = [
        (f"p{i}", f"{t}。{n}回目のお願いです。") for i in range(6) for n, t in enumerate(topics)
    ]
    items = [(f"{pid}-{n}", text) for n, (pid, text) in enumerate(items)]
    plain = analyse(items, embedder="tfidf", n_themes=2)
    gazetteer = analyse(items, embedder="tfidf", n_themes=2, place_names=["港町", "城下"])
    words = lambda a: {k.word for t in a.themes for k in t.keywords}  # noqa: E731
    assert {"港町", "城下"} & words(plain)
    assert not {"港町", "城下"} & words(gazetteer)
