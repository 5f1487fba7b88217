"""PII masking: e-mail addresses, phone and postcode numbers, My Number and street addresses
become placeholders, ordinary numbers stay."""

import pytest

from ml.text import mask_pii


@pytest.mark.parametrize(
    ("text", "secret", "token"),
    [
        ("連絡は taro.yamada@example.co.jp まで", "taro.yamada@example.co.jp", "［メール］"),
        ("携帯 090-1234-5678 です", "1234-5678", "［電話番号］"),
        ("自宅 03-1234-5678", "1234-5678", "［電話番号］"),
        ("電話 +81-90-1234-5678", "1234-5678", "［電話番号］"),
        ("電話 +81 3 1234 5678", "1234 5678", "［電話番号］"),
        ("電話 09012345678", "09012345678", "［電話番号］"),
        ("全角 ０９０－１２３４－５６７８", "1234", "［電話番号］"),
        ("〒123-4567 東京都", "123-4567", "［郵便番号］"),
        ("郵便番号 123-4567", "123-4567", "［郵便番号］"),
        ("個人番号 1234 5678 9012", "5678", "［個人番号］"),
        ("個人番号123456789012", "123456789012", "［個人番号］"),
        ("霞が関1丁目2番3号に住んでいます", "1丁目2番3号", "［住所］"),
        ("中央町1-2-3に住んでいます", "1-2-3", "［住所］"),
        ("桜台12番地の5", "12番地", "［住所］"),
        ("霞が関三丁目に住んでいます", "三丁目", "［住所］"),  # no digit at all
        ("桜台十二番地", "十二番地", "［住所］"),
        # right after kanji, with no space: the look-behind once took 話 and 帯 for a word
        ("電話090-1234-5678", "1234-5678", "［電話番号］"),
        ("携帯09012345678", "09012345678", "［電話番号］"),
        ("自宅(03)1234-5678まで", "1234-5678", "［電話番号］"),
    ],
)
def test_mask_pii_replaces_personal_data(text, secret, token):
    masked = mask_pii(text)
    assert secret not in masked
    assert token in masked


def test_mask_pii_keeps_the_japanese_around_an_e_mail_address():
    assert mask_pii("詳しくはtaro@example.comへ連絡ください") == "詳しくは［メール］へ連絡ください"
    assert mask_pii("メールはhanako.s+kyoso@mail.example.jpです") == "メールは［メール］です"


def test_mask_pii_leaves_ordinary_numbers_alone():
    assert mask_pii("2025年度の予算は10%増、第3期計画") == "2025年度の予算は10%増、第3期計画"
