"""Helpers for the cross-cutting web tests: enumerate the site's pages from the URL conf and its forms.

Routes with ids (``<id:pk>``, ``<int:…>``) get real objects: :func:`walk` follows the links and form
actions of every page a client can open (breadth first, from the routes without parameters), and keeps
the first paths it meets for each route. Routes with string parameters also take values from the database.
"""

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import product
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter
from django.urls.resolvers import RegexPattern, RoutePattern

from sxsh.core.ids import IdConverter

#: Prefixes that are not server-rendered pages of the application.
SKIP_PREFIXES = ("quan-tri/", "api/", "captcha/", "^media", "media/", "static/")
#: Values tried for string parameters by name (formats of exports and documents).
STRING_VALUES = {"fmt": ["xlsx", "csv"], "format": ["xlsx", "csv"]}
PAYLOAD = '"><script>alert("xss-sxsh")</script><img src=x onerror=alert(1)>'
RAW_MARKERS = ('<script>alert("xss-sxsh")', "<img src=x onerror=alert(1)>")


@dataclass(frozen=True)
class Route:
    template: str  # e.g. "danh-muc/co-so/<int:pk>/" (regex parts kept as written)
    name: str | None  # "directory:facility_detail"
    params: tuple[tuple[str, bool], ...]  # (name, is_id): an integer or an ``<id:…>`` record id

    @property
    def has_ids(self) -> bool:
        return any(is_id for _name, is_id in self.params)


def routes() -> Iterator[Route]:
    """Every page pattern of the URL conf with its qualified name and parameters."""

    def params_of(pattern: Any) -> list[tuple[str, bool]]:
        if isinstance(pattern, RoutePattern):
            return [(name, isinstance(conv, IntConverter | IdConverter)) for name, conv in pattern.converters.items()]
        if isinstance(pattern, RegexPattern):
            return [(name, False) for name in pattern.regex.groupindex]
        return []

    def walk(patterns: list[Any], prefix: str, namespace: str, params: list[tuple[str, bool]]) -> Iterator[Route]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIP_PREFIXES):
                continue
            found = params + params_of(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, route, ns, found)
            elif isinstance(pattern, URLPattern):
                yield Route(route, f"{namespace}{pattern.name}" if pattern.name else None, tuple(found))

    yield from walk(get_resolver().url_patterns, "", "", [])


def _field_values(name: str) -> list[str]:
    """Values of any text field called ``name`` in the database (slugs, registration codes…)."""
    values: list[str] = []
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if isinstance(f, models.CharField) and f.name == name:
                values.extend(str(v) for v in model._default_manager.values_list(name, flat=True)[:2] if v)
    return values


def concrete_urls(route: Route) -> list[str]:
    """Concrete paths for a route without ids (reversed by name, so that regex routes get valid values);
    id routes get theirs from :func:`walk`."""
    if route.has_ids:
        return []
    if not route.params:
        if route.name:
            try:
                return [reverse(route.name)]
            except NoReverseMatch:
                return []
        return [] if "(" in route.template or "^" in route.template else ["/" + route.template]
    if route.name is None:
        return []
    options = []
    for name, _is_id in route.params:
        values = STRING_VALUES.get(name) or _field_values(name)
        if not values:
            return []
        options.append([(name, v) for v in values[:4]])
    urls = []
    for combination in product(*options):
        try:
            urls.append(reverse(route.name, kwargs=dict(combination)))
        except NoReverseMatch:
            continue
        if len(urls) >= 2:
            break
    return urls


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "action", "hx-get", "hx-post") and value:
                self.links.append(value)


def links_in(html: str, base: str) -> list[str]:
    """The site paths an HTML page links to or posts to (no query string, no other host, no skipped prefix)."""
    parser = _LinkParser()
    parser.feed(html)
    paths = []
    for link in parser.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            continue
        path = parts.path or base
        if path.startswith("/") and not path[1:].startswith(SKIP_PREFIXES):
            paths.append(path)
    return paths


def _words(kwargs: dict[str, Any]) -> set[str]:
    return {v for v in kwargs.values() if isinstance(v, str)}


def walk(client: Client, start: list[str], per_route: int = 2, on_response: Callable[[str, Any], None] | None = None,
         found: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Route template → the first ``per_route`` paths of it met by following every page the client opens
    (``on_response`` sees every response; ``found`` continues an earlier walk, by another user)."""
    found = {} if found is None else found
    queue = deque(start)
    seen: set[str] = set()
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        try:
            match = resolve(url)
        except Resolver404:
            continue
        paths = found.setdefault(match.route, [])
        # Up to ``per_route`` paths per route and value of its string parameters (each kind of part form…).
        words = _words(match.kwargs)
        if sum(1 for p in paths if _words(resolve(p).kwargs) == words) >= per_route:
            continue
        paths.append(url)
        response = client.get(url)
        if on_response is not None:
            on_response(url, response)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            queue.extend(links_in(response.content.decode(), url))
    return found


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> default value
    kinds: dict[str, str] = field(default_factory=dict)  # name -> input type / "textarea" / "select"
    options: dict[str, list[str]] = field(default_factory=dict)
    has_csrf_token: bool = False
    htmx: bool = False  # hx-post etc.: htmx sends the token in the X-CSRFToken header (base.html)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower(),
                              htmx=any(k.startswith("hx-") for k in a))
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if name == "csrfmiddlewaretoken":
                self._form.has_csrf_token = True
            if kind in ("checkbox", "radio") and "checked" not in a and name in self._form.fields:
                return
            if kind in ("submit", "button", "image", "reset"):
                return
            self._form.fields[name] = a.get("value", "on" if kind == "checkbox" else "")
            self._form.kinds[name] = kind
        elif tag == "textarea" and name:
            self._form.fields[name] = ""
            self._form.kinds[name] = "textarea"
        elif tag == "select" and name:
            self._select = name
            self._form.fields[name] = ""
            self._form.kinds[name] = "select"
            self._form.options[name] = []
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self._form.options[self._select].append(value)
            if value and (not self._form.fields[self._select] or "selected" in a):
                self._form.fields[self._select] = value

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def hostile_data(form: Form, payload: str = PAYLOAD) -> dict[str, str]:
    """The form's defaults with the payload in every free-text field (and plausible values elsewhere)."""
    data = dict(form.fields)
    for name, kind in form.kinds.items():
        if name in ("csrfmiddlewaretoken",) or kind == "hidden":
            continue
        lowered = name.lower()
        if kind == "email" or "email" in lowered:
            data[name] = "xss@example.vn"
        elif kind in ("number", "range"):
            data[name] = "1"
        elif kind == "date" or "date" in lowered or "ngay" in lowered:
            data[name] = "2024-05-06"
        elif kind == "datetime-local":
            data[name] = "2024-05-06T09:00"
        elif kind == "url":
            data[name] = "https://example.vn/"
        elif kind == "tel" or "phone" in lowered:
            data[name] = "0912345678"
        elif "captcha" in lowered:
            data[name] = "PASSED"
        elif kind in ("text", "search", "textarea", ""):
            data[name] = payload
        elif kind == "file":
            data.pop(name)
    return data


def unescaped(html: str) -> list[str]:
    return [marker for marker in RAW_MARKERS if marker in html]
