"""Vietnamese text folding for diacritic- and case-insensitive search."""

import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics ("Đồng Xuân" -> "dong xuan")."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def slugify_vi(text: str) -> str:
    """An ASCII slug for Vietnamese text ("Hàng Bạc" -> "hang-bac")."""
    folded = fold(text)
    out = []
    for ch in folded:
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)
