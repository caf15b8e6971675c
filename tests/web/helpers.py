"""Fetching a page the way every test in tests/web does: status, then the escaping check."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import HOSTILE_MARK


def page(client, url: str, status: int = 200) -> str:
    """GET `url`, assert its status and that no hostile markup got through unescaped."""
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    html = response.content.decode()
    assert HOSTILE_MARK not in html
    return html


def queries(client, url: str) -> int:
    """How many queries one GET of `url` issues (the page must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        page(client, url)
    return len(ctx.captured_queries)


def section(html: str, element_id: str) -> str:
    """The markup of the element with `element_id`, up to the end of its <section>."""
    start = html.index(f'id="{element_id}"')
    return html[start:html.index("</section>", start)]


def label(text: str) -> str:
    """The unique, script-neutral head of a factory's hostile text ("单位12（"), as any page shows it."""
    return text.split("（")[0] + "（"
