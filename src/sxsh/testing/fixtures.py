"""Shared pytest fixtures: reference data, one user per role, clients, an API token, a browser."""

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from sxsh.accounts.models import User
from sxsh.accounts.services import issue_token
from sxsh.core.roles import Role
from sxsh.directory.demo import load_reference
from sxsh.directory.models import AdministrativeUnit, Facility

from .factories import FacilityFactory, UserFactory

CHROMIUM = next(
    (p for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if os.path.exists(p)), "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture
def reference(db: Any) -> None:
    """Hà Nội → Hoàn Kiếm → 18 wards, the VSIC divisions, and the reference rows that data migrations seed
    (a transactional test's flush removes those, so they are restored here, idempotently)."""
    from sxsh.assessments.analysis import seed_factors
    from sxsh.indicators.catalogue import load_catalogue

    load_reference()
    seed_factors()
    load_catalogue()


@pytest.fixture
def district(reference: None) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/")


@pytest.fixture
def hang_bac(reference: None) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-bac/")


@pytest.fixture
def hang_dao(reference: None) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-dao/")


@pytest.fixture
def facility(hang_bac: AdministrativeUnit) -> Facility:
    return FacilityFactory(ward=hang_bac, name="Công ty Dệt may Hàng Bạc")  # type: ignore[return-value]


@pytest.fixture
def other_facility(hang_dao: AdministrativeUnit) -> Facility:
    return FacilityFactory(ward=hang_dao, name="Xưởng cơ khí Hàng Đào")  # type: ignore[return-value]


@pytest.fixture
def make_user(reference: None) -> Callable[..., User]:
    def make(role: str, **kwargs: Any) -> User:
        if role in (Role.DISTRICT,) and "unit" not in kwargs:
            kwargs["unit"] = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/")
        if role == Role.WARD and "unit" not in kwargs:
            kwargs["unit"] = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-bac/")
        if role == Role.DOIT and "unit" not in kwargs:
            kwargs["unit"] = AdministrativeUnit.objects.get(path="/ha-noi/")
        if role == Role.ADMIN:
            kwargs.setdefault("is_superuser", True)
            kwargs.setdefault("is_staff", True)
        return UserFactory(role=role, **kwargs)  # type: ignore[return-value]

    return make


@pytest.fixture
def users(make_user: Callable[..., User], facility: Facility) -> dict[str, User]:
    """One user per role; the enterprise and the consultant hold ``facility`` (in Hàng Bạc)."""
    return {
        "admin": make_user(Role.ADMIN, username="admin"),
        "district": make_user(Role.DISTRICT, username="quan"),
        "ward": make_user(Role.WARD, username="phuong"),
        "doit": make_user(Role.DOIT, username="so"),
        "consultant": make_user(Role.CONSULTANT, username="chuyengia", with_facilities=[facility]),
        "enterprise": make_user(Role.ENTERPRISE, username="doanhnghiep", with_facilities=[facility]),
    }


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client_for() -> Callable[[User], Client]:
    """A client that sends ``Authorization: Bearer <token>`` (no session)."""

    def make(user: User) -> Client:
        return Client(headers={"Authorization": f"Bearer {issue_token(acting_user=user)[0]}"})

    return make


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)  # CI machines are small and shared

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def login(page: Any, live_server: Any) -> Callable[[str, str], None]:
    """Log ``page`` in through the real login form."""

    def do(username: str, password: str = "mat-khau-thu-nghiem") -> None:
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "dang-nhap" not in url)

    return do


@pytest.fixture
def smtp_inbox(settings: Any) -> Iterator[Any]:
    """A real SMTP server on loopback (aiosmtpd) that the application's mail goes to; ``.messages`` it received."""
    from .smtp import serve

    for inbox in serve():
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = inbox.host, inbox.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield inbox


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache (rate limits, cached figures do not leak between tests)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Each test starts in the site's language: a request in English (the language cookie) leaves English
    active in the thread, which would otherwise leak into the next test's services and mails."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
