import pytest

from sxsh.calc import taxcode


@pytest.mark.parametrize("code", ["0100109106", "0300588569", "0100109106-001", "001203012345", "0100 109 106"])
def test_valid_tax_codes(code: str) -> None:
    assert taxcode.is_valid(code)


@pytest.mark.parametrize("code", ["0100109107", "123", "01001091061", "abcdefghij", "", "0100109106-01"])
def test_invalid_tax_codes(code: str) -> None:
    assert not taxcode.is_valid(code)


def test_with_check_digit_round_trips() -> None:
    code = taxcode.with_check_digit("010010910")
    assert code == "0100109106"
    assert taxcode.is_valid(code)
