from hypothesis import given
from hypothesis import strategies as st

from sxsh.calc.money import format_number, format_vnd
from sxsh.calc.text import fold, slugify_vi


def test_fold_strips_vietnamese_diacritics_and_case() -> None:
    assert fold("Sản xuất sạch hơn") == "san xuat sach hon"
    assert fold("ĐỒNG XUÂN") == "dong xuan"
    assert fold("  Hàng   Đào ") == "hang dao"


def test_fold_matches_composed_and_decomposed_input() -> None:
    import unicodedata

    text = "Phường Hàng Bạc"
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_strips_exactly_the_combining_marks(text: str) -> None:
    """The fast path (a translation table for the common block) equals the per-character rule everywhere."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert fold(text) == " ".join(stripped.lower().split())


def test_fold_keeps_the_grapheme_joiner_and_strips_marks_of_other_blocks() -> None:
    assert fold("a\u034fb") == "a\u034fb"  # U+034F sits in the diacritics block but is not a mark
    assert fold("a\u20d7 Bạc") == "a bac"  # a combining mark outside U+0300–U+036F


def test_slugify_vi() -> None:
    assert slugify_vi("Hàng Bạc") == "hang-bac"
    assert slugify_vi("Lý Thái Tổ") == "ly-thai-to"


def test_money_and_numbers_use_vietnamese_separators() -> None:
    assert format_vnd(1234567) == "1.234.567 ₫"
    assert format_vnd(-78500000) == "-78.500.000 ₫"
    assert format_number(1234.5, 2) == "1.234,50"
    assert format_number(0) == "0"
