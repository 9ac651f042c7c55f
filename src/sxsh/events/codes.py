"""Registration codes: random, unguessable, easy to read aloud and to type; and the QR code for them."""

import io
import re
import secrets

#: No 0/O, 1/I/L: a code read from paper or a screen is typed right the first time.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
_VALID = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def parse_code(raw: str | None) -> str | None:
    """The code in what was typed or scanned (a bare code, or the confirmation URL in the QR code).

    Returns ``None`` when the text cannot be a registration code.
    """
    text = (raw or "").strip()[:500]
    if "/" in text:
        parts = [p for p in text.split("?")[0].split("/") if p]
        text = parts[-1] if parts else ""
    text = re.sub(r"[\s-]", "", text).upper()
    return text if _VALID.match(text) else None


def qr_svg(data: str) -> bytes:
    """An SVG QR code (served by a view as ``image/svg+xml``, so the strict CSP holds)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
