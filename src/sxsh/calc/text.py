"""Vietnamese text folding for diacritic- and case-insensitive search."""

import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})
#: the combining diacritics block (U+0300–U+036F) but the grapheme joiner, which is not a combining mark
_MARKS = str.maketrans({code: None for code in range(0x300, 0x370) if code != 0x34F})


def fold(text: str | None) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics ("Đồng Xuân" -> "dong xuan")."""
    if not text:
        return ""
    stripped = unicodedata.normalize("NFD", text.translate(_SPECIAL)).translate(_MARKS)
    if not stripped.isascii():  # marks outside the common block (rare): the general rule
        stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def slugify_vi(text: str) -> str:
    """An ASCII slug for Vietnamese text ("Hàng Bạc" -> "hang-bac")."""
    folded = fold(text)
    out = []
    for ch in folded:
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)
