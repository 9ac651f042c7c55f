"""Password rules beyond Django's: common Vietnamese passwords are refused too; the length rule in Vietnamese."""

import re
from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import CommonPasswordValidator, MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sxsh.calc.text import fold

VIETNAMESE_LIST = Path(__file__).resolve().parent / "data" / "common-passwords-vi.txt"


def _plain(password: str) -> str:
    return re.sub(r"[\W_]+", "", fold(password))


class VietnameseCommonPasswordValidator(CommonPasswordValidator):
    """Refuse the passwords of ``data/common-passwords-vi.txt``, compared without diacritics, case, spaces or
    punctuation ("Mật khẩu @123" is "matkhau123").

    Django's own list (English-language leaks) is checked by ``CommonPasswordValidator`` beside it.
    """

    def __init__(self, password_list_path: Path | str = VIETNAMESE_LIST) -> None:
        super().__init__(password_list_path)
        self.passwords = {_plain(p) for p in self.passwords}

    def validate(self, password: str, user: Any = None) -> None:
        if _plain(password) in self.passwords:
            raise ValidationError(_("Mật khẩu này quá phổ biến ở Việt Nam, hãy chọn mật khẩu khác."),
                                  code="password_too_common")

    def get_help_text(self) -> str:
        return _("Mật khẩu không được là mật khẩu phổ biến (như “matkhau123”).")


class LengthValidator(MinimumLengthValidator):
    """Django's minimum length (10 in the settings) with its message in Vietnamese (Django's catalogue lacks it)."""

    def get_error_message(self) -> str:
        return _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("Mật khẩu cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}
