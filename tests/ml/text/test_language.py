"""Language detection of a proposal, short Japanese texts included."""

import pytest

from ml.text import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("バス停を増やしてください", "ja"),
        ("バス", "ja"),
        ("Please add more bus stops near the station", "en"),
        ("Quero mais ônibus no bairro, por favor", "pt"),
        ("Tôi muốn có thêm xe buýt ở khu phố", "vi"),
        ("我们需要更多的公交车和公园", "zh"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang
