"""Deployment checks: no demo accounts, no CAPTCHA test mode, no default key in production."""

from typing import Any

from django.conf import settings
from django.core import checks

from .roles import Role  # noqa: F401  (keeps the role vocabulary importable for checks)

DEMO_USERNAMES = ("admin", "quan", "phuong", "so", "chuyengia", "doanhnghiep")
DEMO_PASSWORD = "sxsh-demo-2019"  # noqa: S105 (published in README; refused in production)


@checks.register(checks.Tags.security, deploy=True)
def check_no_test_modes(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    if getattr(settings, "SXSH_CAPTCHA_TEST_MODE", False):
        errors.append(checks.Error("SXSH_CAPTCHA_TEST_MODE is on.", id="sxsh.E001"))
    if getattr(settings, "SXSH_DEMO", False):
        errors.append(checks.Error("Demo mode is on.", id="sxsh.E002"))
    return errors


def demo_accounts_present() -> list[str]:
    """Usernames of demo accounts that still accept the published demo password."""
    from django.contrib.auth import get_user_model

    found = []
    for user in get_user_model().objects.filter(username__in=DEMO_USERNAMES, is_active=True):
        if user.check_password(DEMO_PASSWORD):
            found.append(user.username)
    return found
