"""Response headers every page carries: the Content-Security-Policy and no caching.

Django 5.2 has no CSP of its own (6.0 adds ``django.middleware.csp``); the policy is kept in
``settings.SECURE_CSP`` in the shape Django 6.0 reads (directive → list of sources), so the
upgrade swaps this middleware for the built-in one without touching the policy.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def csp_header(policy: dict[str, list[str]]) -> str:
    """``{"default-src": ["'self'"], …}`` → ``default-src 'self'; …`` (directives in the order given)."""
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Sets ``Content-Security-Policy`` from ``SECURE_CSP`` on every response that lacks one.

    The policy forbids inline script and style: a page whose scripts or styles are not static
    files served by the app loses them, which the browser tests (tests/web/test_csp_browser.py)
    catch as console violations."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = csp_header(settings.SECURE_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Content-Security-Policy", self.header)
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every page and download the application renders.

    A shared intranet PC or a proxy must not keep a copy of a report, a list of units or an
    export after the session ends. Anonymous pages (the login page) carry it too: they hold a
    CSRF token. Static files never reach this middleware: WhiteNoise, listed before it, answers
    them with its own long cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
