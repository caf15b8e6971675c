"""Page tests: every view as a pair (one who may, one who may not), escaping, query counts."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from luoshi.lib.text import to_simplified
from tests.factories import HOSTILE_MARK


def shown(text: str) -> str:
    """How stored text appears on a page for the personas (Simplified readers), escaped."""
    return escape(to_simplified(str(text)))


def body(response) -> str:
    return response.content.decode()


def assert_escaped(response) -> str:
    """The page holds hostile text only in its escaped form; returns the body."""
    html = body(response)
    assert HOSTILE_MARK not in html
    assert escape(HOSTILE_MARK) in html
    return html


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)
