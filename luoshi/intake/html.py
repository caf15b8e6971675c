"""HTML → the article's lines.

Pages carry navigation, scripts, share bars and footers around the article. The article is the
container that holds the most paragraph text outside links (a Readability-style vote: every
paragraph credits its parent fully and its grandparent half). The headline (<h1>, else <title>)
is put first when the container does not hold it.
"""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

_REMOVE = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
           "form", "button", "select", "textarea", "input", "nav", "aside", "footer", "head")
_CHROME = re.compile(r"(^|[\s_-])(nav|navbar|menu|breadcrumb|crumb|footer|foot|share|sidebar|side|comment|"
                     r"copyright|related|toolbar|topbar|header-nav|ad|ads|advert|login|search)([\s_-]|$)", re.I)
_BLOCK = frozenset(("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
                    "main", "table", "tbody", "thead", "blockquote", "pre", "ul", "ol", "dl", "dd", "dt",
                    "figure", "figcaption", "center", "hr", "address", "header"))
_CELL = frozenset(("td", "th"))
_CANDIDATE_TEXT = frozenset(("p", "div", "td", "section", "article", "pre", "blockquote", "font", "span"))
_SPACE = re.compile(r"[ \t\r\n\f\u00a0]+")
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||–|—|-{1,2}|｜)\s*")


def _text_len(node) -> int:
    return len(_SPACE.sub("", node.text(deep=True) or ""))


def _own_text_len(node) -> int:
    """Length of text directly in node (text children and inline non-link children)."""
    n = 0
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            n += len(_SPACE.sub("", child.text_content or ""))
        elif child.tag in ("b", "strong", "span", "font", "em", "i", "u", "sub", "sup"):
            n += _text_len(child)
    return n


def _link_len(node) -> int:
    return sum(_text_len(a) for a in node.css("a"))


def _strip_chrome(tree: LexborHTMLParser) -> None:
    for node in tree.css("*"):
        attrs = node.attributes or {}
        marker = " ".join(v for k, v in attrs.items() if k in ("id", "class", "role") and v)
        if marker and node.tag not in ("html", "body") and _CHROME.search(marker):
            node.decompose()


def _headline(tree: LexborHTMLParser) -> str:
    h1 = tree.css_first("h1")
    if h1 is not None:
        text = _SPACE.sub(" ", h1.text(deep=True) or "").strip()
        if text:
            return text
    title = tree.css_first("title")
    if title is not None:
        text = _SPACE.sub(" ", title.text(deep=True) or "").strip()
        parts = [p for p in _TITLE_SPLIT.split(text) if p]
        # "headline_site name" or "headline - site - section": the headline is the longest part
        return max(parts, key=len) if parts else ""
    return ""


def _best_container(tree: LexborHTMLParser):
    body = tree.body
    if body is None:
        return tree.root
    scores: dict[int, float] = {}
    nodes: dict[int, object] = {}
    for node in body.css(",".join(sorted(_CANDIDATE_TEXT))):
        own = _own_text_len(node) if node.tag != "p" else _text_len(node) - _link_len(node)
        if own < 10:
            continue
        targets = [(node, 1.0), (node.parent, 1.0), (node.parent.parent if node.parent else None, 0.5)]
        if node.tag == "p":
            targets = targets[1:]  # a paragraph is not a container itself
        for target, weight in targets:
            if target is None:
                continue
            key = target.mem_id
            nodes[key] = target
            scores[key] = scores.get(key, 0.0) + weight * own
    if not scores:
        return body
    best_key = max(scores, key=lambda k: scores[k])
    return nodes[best_key]


def _render(node, out: list[str], pre: bool = False) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            text = child.text_content or ""
            out.append(text if pre else _SPACE.sub(" ", text))
        elif tag in ("-comment", "-doctype") or tag in _REMOVE:
            continue
        elif tag == "br" or tag == "hr":
            out.append("\n")
        elif tag in _CELL:
            _render(child, out, pre)
            out.append("\t")
        elif tag in _BLOCK:
            out.append("\n")
            _render(child, out, pre or tag == "pre")
            out.append("\n")
        else:
            _render(child, out, pre)


def html_lines(markup: str) -> list[str]:
    tree = LexborHTMLParser(markup)
    headline = _headline(tree)
    tree.strip_tags(list(_REMOVE))
    _strip_chrome(tree)
    container = _best_container(tree)
    parts: list[str] = []
    _render(container, parts)
    lines = [line.strip(" \t") for line in "".join(parts).split("\n")]
    lines = [line for line in lines if line]
    if headline and not any(_SPACE.sub("", headline) == _SPACE.sub("", line) for line in lines[:5]):
        lines.insert(0, headline)
    return lines
