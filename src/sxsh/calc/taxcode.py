"""Vietnamese tax identification numbers (mã số thuế)."""

import re

_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_FORMAT = re.compile(r"^(\d{10})(-\d{3})?$|^(\d{12})$")


def normalise(raw: str) -> str:
    return re.sub(r"[\s.]", "", raw or "")


def is_valid(raw: str) -> bool:
    """10 digits with a valid check digit, optionally followed by a branch suffix ``-NNN``;
    or a 12-digit personal identification number (household businesses since 2025)."""
    code = normalise(raw)
    match = _FORMAT.match(code)
    if not match:
        return False
    if match.group(3):
        return True
    digits = [int(c) for c in match.group(1)]
    check = 10 - sum(d * w for d, w in zip(digits[:9], _WEIGHTS, strict=True)) % 11
    return check == digits[9]


def with_check_digit(first_nine: str) -> str | None:
    """The 10-digit code for nine digits, or None when no check digit exists (remainder 0)."""
    digits = [int(c) for c in first_nine]
    check = 10 - sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11
    return None if check == 10 else first_nine + str(check)
