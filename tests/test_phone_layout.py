"""Phone first: at 390 px no page is wider than the screen, for any role, and the menu sits behind a button.

Every page route of the URL conf (one concrete address each, as in the CSRF/XSS walk), on the demo data, as
the visitor and each demo account, in headless Chromium.
"""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse

from sxsh.accounts.models import User
from sxsh.events.selectors import staff_events

from . import webscan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
ROLES = (None, "admin", "quan", "phuong", "so", "chuyengia", "doanhnghiep")
#: Pages that end the session or change data on GET are not in the URL conf's GET pages; these are not pages.
NOT_PAGES = ("/ngon-ngu/", "/tai-khoan/dang-xuat/")
#: Pages an officer opens on a phone (the facility list, the dashboard, and check-in): must be in the walk.
DAY_PAGES = ("/danh-muc/co-so/", "/chi-tieu/", "/bang-dieu-khien/")
#: The elements that stick out of the screen (for the failure message).
WIDEST = """() => {
  const w = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    if (r.right <= w + 1 || r.width === 0) return false;
    for (let p = e.parentElement; p; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return false;  // inside its own scroll container
    }
    return true;
  }).slice(-3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')
                       + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
}"""


def _pages_for(client: Client, urls: list[str]) -> list[str]:
    """The addresses that answer this client with an HTML page."""
    found = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            found.append(url)
    return found


def _check_in_page() -> str:
    """The check-in page of the district officer's first event (the demo's ids are not known in advance)."""
    event = staff_events(User.objects.get(username="quan")).order_by("pk").first()
    assert event is not None
    return f"/su-kien/quan-ly/{event.pk}/diem-danh/"


def _one_url(route: webscan.Route) -> list[str]:
    """The route's concrete address; an id route gets the demo's first rows (id 1), as a clerk opens them."""
    if not route.has_ids:
        return webscan.concrete_urls(route)
    if route.name is None or not all(is_id for _name, is_id in route.params):
        return []
    try:
        return [reverse(route.name, kwargs={name: 1 for name, _is_id in route.params})]
    except NoReverseMatch:
        return []


@pytest.fixture
def demo_site(db: Any) -> list[str]:
    call_command("load_demo", stdout=StringIO())
    urls = {_check_in_page()}
    for route in webscan.routes():
        concrete = _one_url(route)
        if concrete and not concrete[0].startswith(NOT_PAGES):
            urls.add(concrete[0])
    return sorted(urls)


def _context_for(browser: Any, live_server: Any, username: str | None) -> tuple[Any, Client]:
    client = Client()
    context = browser.new_context(locale="vi-VN", viewport=PHONE, device_scale_factor=1, is_mobile=True,
                                  has_touch=True)
    if username:
        client.force_login(User.objects.get(username=username))
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                              "url": live_server.url}])
    return context, client


def test_no_page_is_wider_than_a_phone(browser: Any, live_server: Any, demo_site: list[str]) -> None:
    overflowing = []
    visited: dict[str, set[str]] = {}
    for username in ROLES:
        context, client = _context_for(browser, live_server, username)
        page = context.new_page()
        for url in _pages_for(client, demo_site):
            page.goto(live_server.url + url, wait_until="load")
            if not page.evaluate("!!document.querySelector('meta[name=viewport]')"):
                continue  # a fragment the pages load (a task's progress), not a page
            visited.setdefault(username or "visitor", set()).add(url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                overflowing.append(f"{username or 'visitor'} {url}: {width} px {page.evaluate(WIDEST)}")
        context.close()
    assert not overflowing, "\n".join(overflowing)
    # Every role saw its pages (the walk did not silently find nothing), the district officer the pages of the day.
    assert all(len(visited.get(role or "visitor", ())) >= 8 for role in ROLES), {k: len(v) for k, v in visited.items()}
    assert {*DAY_PAGES, _check_in_page()} <= visited["quan"]


def test_the_menu_opens_behind_a_button_on_a_phone(browser: Any, live_server: Any, demo_site: list[str]) -> None:
    context, _ = _context_for(browser, live_server, "quan")
    page = context.new_page()
    page.goto(live_server.url + "/bang-dieu-khien/")
    button = page.locator(".menu-button")
    menu = page.locator("#site-menu")
    heading_top = page.locator("main h1").bounding_box()["y"]
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert heading_top < PHONE["height"] / 2  # the work is on the first screen, not the menu

    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and menu.is_visible()
    link = menu.locator("a", has_text="Kế hoạch").first
    assert link.is_visible()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-button')")

    button.click()
    menu.locator("a", has_text="Kế hoạch").first.click()
    page.wait_for_url("**/ke-hoach/**")
    context.close()


def test_the_menu_is_plain_on_a_wide_screen(page: Any, live_server: Any, login: Any, users: Any) -> None:
    login("quan")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/bang-dieu-khien/")
    assert not page.locator(".menu-button").is_visible()
    assert page.locator("#site-menu").is_visible()


def test_without_javascript_the_phone_menu_stays_open(browser: Any, live_server: Any, demo_site: list[str]) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.locator("#site-menu").is_visible() and not page.locator(".menu-button").is_visible()
    context.close()


def test_check_in_at_the_door_works_with_one_thumb(browser: Any, live_server: Any, demo_site: list[str]) -> None:
    context, _ = _context_for(browser, live_server, "quan")
    page = context.new_page()
    page.goto(live_server.url + _check_in_page())
    field = page.locator("input.checkin-code").bounding_box()
    submit = page.locator("form.checkin-form button[type=submit]").bounding_box()
    assert field["height"] >= 44 and submit["height"] >= 44  # a finger's size (WCAG 2.5.5: 44 px)
    assert submit["width"] >= PHONE["width"] * 0.8  # across the screen: reached by either thumb
    assert submit["y"] + submit["height"] <= PHONE["height"]  # on the first screen, no scrolling at the door
    for button in page.locator("#people button").all()[:5]:
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    context.close()


def test_printing_keeps_the_content_not_the_menus(page: Any, live_server: Any, login: Any, users: Any) -> None:
    login("quan")
    page.goto(live_server.url + "/bang-dieu-khien/")
    page.emulate_media(media="print")
    assert not page.locator("#site-menu").is_visible() and not page.locator(".account").is_visible()
    assert page.locator("main h1").is_visible()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
