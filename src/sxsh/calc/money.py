"""Vietnamese number and money formatting (1.234.567 ₫, decimal comma)."""

from decimal import ROUND_HALF_UP, Decimal


def format_number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """``1234567.891`` -> ``"1.234.567,89"`` with ``decimals=2``."""
    if value is None:
        return ""
    quant = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = ".".join(groups)
    if decimals > 0:
        text += "," + fraction
    return sign + text


def format_vnd(value: float | int | Decimal | None) -> str:
    """``1234567`` -> ``"1.234.567 ₫"``."""
    if value is None:
        return ""
    return f"{format_number(value)} ₫"
