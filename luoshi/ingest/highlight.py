"""The document's clean text with its extracted parts marked, escaped piece by piece.

Spans come from the record (directives, commitments); people, posts and agenda
items carry no span in the record, so their first occurrences are looked up in
the text. Marks nest when one lies inside another (a name inside a directive);
a mark that crosses another's edge is left out rather than producing broken
markup. Every piece of document text goes through escape(): a document
containing <script> shows as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass
class Mark:
    start: int
    end: int
    kind: str  # directive, commitment, person, post, agenda
    target: str = ""  # id of the form the mark jumps to
    children: list[Mark] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"span-{self.start}-{self.end}"


def section_anchor(index: int) -> str:
    """Prefix of the ids of a meeting's rows on the review page: "" for the record's first meeting."""
    return "" if index == 0 else f"meeting{index}-"


def find_all(text: str, needle: str, limit: int = 20) -> list[tuple[int, int]]:
    spans, pos = [], 0
    while needle and len(spans) < limit:
        pos = text.find(needle, pos)
        if pos < 0:
            break
        spans.append((pos, pos + len(needle)))
        pos += len(needle)
    return spans


def _nest(marks: list[Mark], length: int) -> list[Mark]:
    roots: list[Mark] = []
    stack: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if not 0 <= mark.start < mark.end <= length:
            continue
        while stack and stack[-1].end <= mark.start:
            stack.pop()
        if stack and mark.end > stack[-1].end:
            continue  # crosses its container's edge
        (stack[-1].children if stack else roots).append(mark)
        stack.append(mark)
    return roots


def _render(text: str, start: int, end: int, marks: list[Mark], parts: list[str]) -> None:
    pos = start
    for mark in marks:
        parts.append(escape(text[pos:mark.start]))
        attrs = format_html(' id="{}" class="hl hl-{}"', mark.anchor, mark.kind)
        if mark.target:
            attrs += format_html(' data-target="{}" tabindex="0"', mark.target)
        parts.append(format_html("<mark{}>", attrs))
        _render(text, mark.start, mark.end, mark.children, parts)
        parts.append(mark_safe("</mark>"))
        pos = mark.end
    parts.append(escape(text[pos:end]))


def highlight(text: str, marks: list[Mark]) -> SafeString:
    parts: list[str] = []
    _render(text, 0, len(text), _nest(marks, len(text)), parts)
    return mark_safe("".join(str(p) for p in parts))  # every text piece was escaped above


def document_marks(document, with_targets: bool = True) -> list[Mark]:
    """Marks for a document's directives and commitments (stored rows) and the people and agenda of its record."""
    text = document.text or ""
    marks: list[Mark] = []
    for d in document.directives.all():
        if d.span_start is not None:
            marks.append(Mark(d.span_start, d.span_end, "directive", f"directive-{d.pk}" if with_targets else ""))
    for c in document.commitments.all():
        if c.span_start is not None:
            marks.append(Mark(c.span_start, c.span_end, "commitment", f"commitment-{c.pk}" if with_targets else ""))
    for m_index, meeting in enumerate((document.extraction or {}).get("meetings") or []):
        for p_index, person in enumerate(meeting.get("people") or []):
            target = f"{section_anchor(m_index)}participant-{p_index}" if with_targets else ""
            for s, e in find_all(text, person.get("name") or "", limit=5):
                marks.append(Mark(s, e, "person", target))
            for post in person.get("posts") or []:
                for s, e in find_all(text, post, limit=3):
                    marks.append(Mark(s, e, "post", target))
        for a_index, item in enumerate(meeting.get("agenda") or []):
            target = f"{section_anchor(m_index)}agenda-{a_index}" if with_targets else ""
            for s, e in find_all(text, item.get("text") or "", limit=1):
                marks.append(Mark(s, e, "agenda", target))
    return marks
