"""Reading the review page the way a browser would post it."""

from __future__ import annotations

import html
import re


def form_data(page: str) -> dict:
    """The review form as a browser would post it (inputs, textareas, selected options, checked boxes)."""
    data: dict = {}
    for m in re.finditer(r"<input([^>]*)>", page):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" not in attrs or attrs.get("type") in ("submit",):
            continue
        if attrs.get("type") in ("checkbox", "radio") and "checked" not in m.group(1):
            continue
        default = "on" if attrs.get("type") in ("checkbox", "radio") else ""  # what a browser posts
        data.setdefault(attrs["name"], []).append(html.unescape(attrs.get("value", default)))
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[m.group(1)] = [html.unescape(m.group(2).lstrip("\n"))]
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', m.group(2))
        if chosen:
            data[m.group(1)] = [html.unescape(c) for c in chosen]
    return data


def options(page: str, name: str) -> list[tuple[str, bool]]:
    """The options of a select: (value, selected)."""
    m = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    assert m, f"no select {name}"
    return [(html.unescape(v), bool(sel)) for v, sel in
            re.findall(r'<option value="([^"]*)"[^>]*?( selected)?>', m.group(1))]
